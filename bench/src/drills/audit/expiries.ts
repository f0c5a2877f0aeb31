import type { DrillContext } from '../drill-context';
import type { Ledger } from '../fault-load';
import type { Tally } from '../tally';
import { auditStandingCharges } from './charges';
import { collectOrders, waitForFinalOrders } from './orders';
import { checkPaymentsReplica } from './payments';
import { waitForQuietBus } from './quiet-bus';
import { proveTicketsReplicated } from './replica';
import { checkTickets } from './tickets';

// After the last order's expiry: Bull's delay, a redelivery after ack-wait, a restart, and a
// backlog on a busy machine. An effect later than this counts as lost.
const EXPIRY_GRACE_MS = 90_000;

/**
 * After a drill whose orders are left to expire, or paid: every ticket reached orders, every
 * order paid is complete and was charged once, every other order was cancelled once, each
 * ticket reserved and released once (in tickets and in orders' replica), and payments knows
 * every cancellation; at Stripe, each complete order holds one charge of its price and no
 * other order holds any.
 */
export async function auditExpiries(
  context: DrillContext,
  ledger: Ledger,
  tally: Tally,
): Promise<void> {
  const log = context.options.log;
  log('audit: every ticket reached orders');
  await waitForQuietBus(context, 'audit');
  const before = await collectOrders(context);
  for (const id of ledger.orderIds) {
    if (!before.has(id)) tally.lost('order answered 201 but not listed', id);
  }
  await proveTicketsReplicated(context, ledger, before, tally);
  log('audit: every order expires');
  const book = await waitForFinalOrders(context, EXPIRY_GRACE_MS, tally);
  ledger.payments.audit(book, ledger.payments.settledOrders, tally);
  log('audit: tickets released once, replicas agree');
  await checkTickets(context, book, tally);
  log('audit: payments knows every order and its cancellation');
  await checkPaymentsReplica(book, tally);
  log('audit: at Stripe, one charge of its price per complete order, none for the rest');
  await auditStandingCharges(context.stripe?.ledger, book, tally);
}
