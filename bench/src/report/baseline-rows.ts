import type { LoadResult } from '../load/load';
import { loadRow } from './latency-row';
import { type Measure, measure, type Row } from './table';
import { atLeast, atMost, TARGETS } from './targets';

export const BASELINE_LABEL = 'baseline: bare Express + mongoose, 1 insert';
export const RATIO_LABEL = 'POST /api/orders ÷ baseline';

/** `orders` ÷ `baseline` in one column; null when either is missing or the baseline is 0. */
const ratioOf = (orders: Row, baseline: Row, column: string): Measure => {
  const quotient = (orders.cells[column]?.value ?? NaN) / (baseline.cells[column]?.value ?? NaN);
  return measure(Number.isFinite(quotient) ? quotient : null, '×');
};

/** The baseline's own row and the ratio row, judged against the two targets. */
export function baselineRows(orders: Row, baselineResult: LoadResult): Row[] {
  const baseline = loadRow(BASELINE_LABEL, baselineResult);
  const rate = ratioOf(orders, baseline, 'rate');
  const p99 = ratioOf(orders, baseline, 'p99');
  return [
    baseline,
    {
      label: RATIO_LABEL,
      cells: { rate, p99 },
      targets: [
        atLeast(`rate ≥ ${TARGETS.ordersRateRatio}×`, rate, TARGETS.ordersRateRatio),
        atMost(`p99 ≤ ${TARGETS.ordersP99Ratio}×`, p99, TARGETS.ordersP99Ratio),
      ],
    },
  ];
}
