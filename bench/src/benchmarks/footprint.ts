import { measure, type Table } from '../report/table';
import { atMost, TARGETS } from '../report/targets';
import type { RssByPart } from './rss';

export interface FootprintInput {
  /** Each service part's RSS a few seconds after start, before any load. */
  idle?: RssByPart;
  /** Each part's highest RSS while load 1 (purchase path) ran. */
  underLoad?: RssByPart;
  /** From starting the backing servers to the gateway answering. */
  startupMs?: number;
}

/** 5. Memory of every service, idle and at the peak of load 1, and the stack's start-up time. */
export function footprintTable({ idle, underLoad, startupMs }: FootprintInput): Table {
  const labels = Object.keys(idle ?? underLoad ?? {});
  const total = (byPart?: RssByPart) =>
    byPart ? Object.values(byPart).reduce<number>((sum, mb) => sum + (mb ?? 0), 0) : undefined;
  const notes = ['RSS: VmRSS from /proc/<pid>/status; under load: highest of samples every 250 ms'];
  if (!idle) notes.push('the target is not a local stack: no process to read');
  const idleTotal = measure(total(idle), 'MB');
  const limit = TARGETS.idleRssTotalMb;
  // The target is for the five services, one process each.
  const judged = labels.length === 5;
  if (idle && !judged) notes.push(`idle total not judged: ${labels.length} processes, not 5`);
  return {
    title: '5. Footprint',
    columns: ['idle', 'under load 1', 'start-up'],
    rows: [
      ...labels.map((label) => ({
        label: `${label} RSS`,
        cells: {
          idle: measure(idle?.[label], 'MB'),
          'under load 1': measure(underLoad?.[label], 'MB'),
        },
      })),
      {
        label: 'all services RSS',
        cells: {
          idle: idleTotal,
          'under load 1': measure(total(underLoad), 'MB'),
        },
        ...(judged ? { targets: [atMost(`idle ≤ ${limit} MB`, idleTotal, limit)] } : {}),
      },
      { label: 'whole local stack', cells: { 'start-up': measure(startupMs, 'ms') } },
    ],
    notes,
  };
}
