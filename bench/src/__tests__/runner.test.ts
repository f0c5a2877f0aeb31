// The benchmark runner at a tiny size: it must write a JSON record holding every figure. The
// figures themselves are not judged here; timings are printed, never asserted.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseRunOptions, type RunOptions } from '../options';
import { BASELINE_LABEL, RATIO_LABEL } from '../report/baseline-rows';
import type { RunRecord } from '../report/results-file';
import { runBenchmarks } from '../run-benchmarks';

describe('the benchmark runner', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-results-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it(
    'writes every figure of every benchmark, with its unit, to a JSON file',
    async () => {
      // SQLite, as the rest of the suite runs FerretDB (the bench's own default is auto).
      const options = parseRunOptions([
        '--size',
        'tiny',
        '--mongo-backend',
        'sqlite',
        '--out',
        outDir,
      ]) as RunOptions;

      const { path } = await runBenchmarks(options, () => undefined);

      const record = JSON.parse(readFileSync(path, 'utf8')) as RunRecord;
      expect(Object.keys(record.benchmarks)).toEqual([
        'purchase',
        'contention',
        'propagation',
        'expiration',
        'footprint',
        'tracing',
      ]);
      const cells = Object.values(record.benchmarks).flatMap((table) =>
        table.rows.flatMap((row) =>
          Object.entries(row.cells).map(([column, cell]) => ({ row: row.label, column, ...cell })),
        ),
      );
      expect(
        cells.filter((cell) => typeof cell.value !== 'number' || !Number.isFinite(cell.value)),
      ).toEqual([]);
      expect(cells.filter((cell) => !cell.unit)).toEqual([]);
      expect(record.target).toEqual({
        kind: 'local stack',
        transport: 'nats-streaming',
        replicas: 1,
        database: 'FerretDB on SQLite: sqlite chosen; started by dev/infra',
      });
      // The baseline got the orders' request count, and the ratio row is judged on its targets.
      const purchase = record.benchmarks.purchase!.rows;
      const row = (label: string) => purchase.find((candidate) => candidate.label === label);
      expect(purchase.map((candidate) => candidate.label).slice(0, 3)).toEqual([
        'POST /api/orders',
        BASELINE_LABEL,
        RATIO_LABEL,
      ]);
      expect(row(BASELINE_LABEL)?.cells.requests).toEqual(row('POST /api/orders')?.cells.requests);
      expect(row(BASELINE_LABEL)?.cells['non-2xx']?.value).toBe(0);
      expect(Object.keys(row(RATIO_LABEL)?.cells ?? {})).toEqual(['rate', 'p99']);
      // Tracing's cost: the untraced and the traced orders, and the one ÷ the other.
      expect(record.benchmarks.tracing?.rows.map((each) => each.label)).toEqual([
        'tracing off',
        'tracing on, exporting',
        'traced ÷ untraced',
      ]);
      expect(Object.keys(record.benchmarks.tracing?.rows[2]?.cells ?? {})).toEqual([
        'rate',
        'p50',
        'p95',
        'p99',
      ]);
      expect(row(RATIO_LABEL)?.targets).toEqual([
        { goal: 'rate ≥ 0.5×', met: expect.any(Boolean) },
        { goal: 'p99 ≤ 3×', met: expect.any(Boolean) },
      ]);
      const judged = Object.values(record.benchmarks).flatMap((table) =>
        table.rows.flatMap((candidate) => candidate.targets ?? []),
      );
      expect(judged.map((verdict) => verdict.goal)).toEqual([
        'rate ≥ 0.5×',
        'p99 ≤ 3×',
        'p99 ≤ 40 ms',
        '≤ 1 s',
        'idle ≤ 450 MB',
      ]);
      expect(record.machine).toMatchObject({
        cpus: expect.any(Number),
        memoryMb: expect.any(Number),
      });
      expect(record.commit).toMatch(/^([0-9a-f]{40}|unknown)$/);
    },
    5 * 60_000,
  );
});
