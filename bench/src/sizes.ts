import type { ContentionSizes } from './benchmarks/contention';
import type { ExpirationSizes } from './benchmarks/expiration';
import type { PropagationSizes } from './benchmarks/propagation';
import type { PurchaseSizes } from './benchmarks/purchase';

export interface Sizes {
  purchase: PurchaseSizes;
  contention: ContentionSizes;
  propagation: PropagationSizes;
  expiration: ExpirationSizes & { windowSeconds: number };
}

export type SizeName = 'full' | 'small' | 'tiny';

/** `full` is the sizes; `small` fits a busy laptop; `tiny` only proves the runner. */
export const SIZES: Record<SizeName, Sizes> = {
  full: {
    purchase: { buyers: 50, orders: 500, readSeconds: 10 },
    contention: { racers: 200, tickets: 10 },
    propagation: { tickets: 1000, concurrency: 5, pollMs: 20 },
    expiration: { orders: 200, orderRate: 20, pollMs: 50, windowSeconds: 5 },
  },
  small: {
    purchase: { buyers: 20, orders: 100, readSeconds: 5 },
    contention: { racers: 50, tickets: 5 },
    propagation: { tickets: 100, concurrency: 5, pollMs: 20 },
    expiration: { orders: 50, orderRate: 10, pollMs: 50, windowSeconds: 5 },
  },
  tiny: {
    purchase: { buyers: 4, orders: 12, readSeconds: 1 },
    contention: { racers: 6, tickets: 2 },
    propagation: { tickets: 5, concurrency: 2, pollMs: 20 },
    expiration: { orders: 6, orderRate: 6, pollMs: 50, windowSeconds: 2 },
  },
};
