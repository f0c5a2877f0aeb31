import type { Measure, Verdict } from './table';

/** The targets of issue 19 ("Speed of the purchase path") that the bench measures. */
export const TARGETS = {
  /** `POST /api/orders` requests/s ÷ the bare one-insert baseline's, at least. */
  ordersRateRatio: 0.5,
  /** `POST /api/orders` p99 ÷ the baseline's p99, at most. */
  ordersP99Ratio: 3,
  /** Propagation "ticket listed → orderable" p99, at most. */
  listedToOrderableP99Ms: 40,
  /** Expiration lateness (cancelled − expiresAt) p99, at most. */
  expirationLatenessP99Ms: 1_000,
  /** Idle RSS of the five services together, at most. */
  idleRssTotalMb: 450,
} as const;

export const atLeast = (goal: string, figure: Measure, limit: number): Verdict => ({
  goal,
  met: figure.value === null ? null : figure.value >= limit,
});

export const atMost = (goal: string, figure: Measure, limit: number): Verdict => ({
  goal,
  met: figure.value === null ? null : figure.value <= limit,
});
