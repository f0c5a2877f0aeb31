/** One figure and its unit; null when it could not be measured here (said in the notes). */
export interface Measure {
  value: number | null;
  unit: string;
}

/** One of the targets for a row's figures, and whether this run met it; `met` is
 * null when the figure could not be measured. */
export interface Verdict {
  goal: string;
  met: boolean | null;
}

export interface Row {
  label: string;
  cells: Record<string, Measure>;
  /** Printed in a last `target` column; never asserted by a test. */
  targets?: Verdict[];
}

/** One benchmark's figures, printed as a table and saved as they are in the JSON file. */
export interface Table {
  title: string;
  /** The cells every row has, in print order. */
  columns: string[];
  rows: Row[];
  notes: string[];
}

export const measure = (value: number | null | undefined, unit: string): Measure => ({
  value: value === undefined || value === null || Number.isNaN(value) ? null : value,
  unit,
});

const digitsFor = (value: number, unit: string): number => {
  if (unit === '×') return 2;
  if (Number.isInteger(value) || ['count', 'requests', 'orders', 'tickets'].includes(unit)) {
    return 0;
  }
  return Math.abs(value) >= 100 ? 0 : 1;
};

export const formatMeasure = ({ value, unit }: Measure): string => {
  if (value === null) return 'n/a';
  const number = value.toFixed(digitsFor(value, unit));
  return unit === 'count' ? number : `${number} ${unit}`;
};

const formatVerdict = ({ goal, met }: Verdict): string =>
  `${met === null ? 'n/a' : met ? 'PASS' : 'FAIL'} ${goal}`;

/** The table as aligned text: a title, a header, one line per row (with a `target` column
 * when a row has targets), then the notes. */
export function formatTable(table: Table): string {
  const judged = table.rows.some((row) => row.targets?.length);
  const header = ['', ...table.columns, ...(judged ? ['target'] : [])];
  const lines = table.rows.map((row) => [
    row.label,
    ...table.columns.map((column) => {
      const cell = row.cells[column];
      return cell ? formatMeasure(cell) : '';
    }),
    ...(judged ? [(row.targets ?? []).map(formatVerdict).join(', ')] : []),
  ]);
  const widths = header.map((_, index) =>
    Math.max(...[header, ...lines].map((line) => (line[index] ?? '').length)),
  );
  const render = (line: string[]) =>
    line
      .map((text, index) =>
        index === 0 ? text.padEnd(widths[0] ?? 0) : text.padStart(widths[index] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    table.title,
    render(header),
    ...lines.map(render),
    ...table.notes.map((note) => `  · ${note}`),
  ].join('\n');
}
