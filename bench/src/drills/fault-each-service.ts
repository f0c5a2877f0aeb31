import { services } from '@ticketing/dev-stack';

import { auditExpiries } from './audit/expiries';
import type { DrillContext } from './drill-context';
import { loadWithFault, newLedger } from './fault-load';
import type { Tally } from './tally';

/** What happens to one service in the middle of its load: killed and started again, its pod
 * deleted. */
export type ServiceFault = (service: string) => Promise<void>;

/**
 * One load per service, with that service's fault in the middle of it while buyers order and
 * pay. Nothing a service had stored may lose its events (the outbox relay publishes them
 * after the restart), and nothing it was handling may be applied twice (redelivered events
 * are recognised): the audit checks every order, ticket and payment at the end.
 */
export async function faultEachService(
  context: DrillContext,
  tally: Tally,
  fault: ServiceFault,
): Promise<void> {
  const ledger = newLedger();
  for (const { name } of services) {
    await loadWithFault(context, ledger, tally, () => fault(name), { pay: true });
  }
  await auditExpiries(context, ledger, tally);
}
