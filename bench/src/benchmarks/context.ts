import type { Stack } from '@ticketing/dev-stack';

import type { Endpoint } from '../api/endpoint';
import type { Session } from '../api/session';

/** What every benchmark gets: where to send requests, the stack when it is local, and the
 * users made once per target. */
export interface BenchContext {
  endpoint: Endpoint;
  stack?: Stack;
  sellers: Session[];
  buyers: Session[];
  /** Orders the sentinel tickets (see waitForReplica); not one of the buyers. */
  prober: Session;
  log: (message: string) => void;
}
