import type { StripeLedgerProxy } from '@ticketing/test-kit';

import { userAt, usersFor } from '../api/accounts';
import type { Endpoint } from '../api/endpoint';
import type { Session } from '../api/session';
import type { GroupBacklog } from './bus-backlog';
import type { DrillOptions } from './drill-options';

/** What a drill drives and audits, wherever the platform runs (a local stack, a cluster). */
export interface DrillContext {
  endpoint: Endpoint;
  sellers: Session[];
  buyers: Session[];
  /** Orders the tickets nobody else ordered, to prove orders knows them. */
  prober: Session;
  /** Every durable subscription's unacknowledged events, from the bus server's monitor. */
  busBacklog: () => Promise<GroupBacklog[]>;
  /** Stripe as the services reach it when the drill records it (a local stack puts the ledger
   * proxy in front of stripe-mock): what reached it, per order, and its faults. A cluster's
   * Stripe is not recorded. */
  stripe?: StripeLedgerProxy;
  options: DrillOptions;
}

const BUYERS = 10;

/** Signs the drill's users up (or in, when they exist) at the endpoint. */
export async function drillContextAt(
  endpoint: Endpoint,
  busBacklog: () => Promise<GroupBacklog[]>,
  options: DrillOptions,
  stripe?: StripeLedgerProxy,
): Promise<DrillContext> {
  return {
    endpoint,
    sellers: await usersFor(endpoint, 'seller', 2),
    buyers: await usersFor(endpoint, 'buyer', BUYERS),
    prober: await userAt(endpoint, 'prober', 0),
    busBacklog,
    ...(stripe ? { stripe } : {}),
    options,
  };
}
