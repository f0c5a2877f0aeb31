import type { LoadResult } from '../load/load';
import { distribution } from '../util/stats';
import { measure, type Row } from './table';

export const LOAD_COLUMNS = ['requests', 'rate', 'p50', 'p95', 'p99', 'non-2xx', 'errors'];

/** A load's row: how many requests were answered, how fast, and how long they took. */
export function loadRow(label: string, result: LoadResult): Row {
  const latency = distribution(result.latenciesMs);
  const ok = Object.entries(result.statusCounts)
    .filter(([status]) => status.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    label,
    cells: {
      requests: measure(result.answered, 'count'),
      rate: measure(result.answered / (result.elapsedMs / 1000), 'req/s'),
      p50: measure(latency.p50, 'ms'),
      p95: measure(latency.p95, 'ms'),
      p99: measure(latency.p99, 'ms'),
      'non-2xx': measure(result.answered - ok, 'count'),
      errors: measure(result.errors, 'count'),
    },
  };
}

/** "404: 3, 400: 1", for a note when a load got answers it should not have. */
export const unexpectedStatuses = (result: LoadResult, expected: number): string =>
  Object.entries(result.statusCounts)
    .filter(([status]) => Number(status) !== expected)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
