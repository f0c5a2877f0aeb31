import type { Session } from '../../api/session';
import { orderWhenKnown, ticketsForSale } from '../../api/tickets';
import type { Ticket } from '../../api/types';
import { pollUntil } from '../../util/poll';
import { mapLimit } from '../../util/pool';
import type { DrillContext } from '../drill-context';
import type { Ledger } from '../fault-load';
import type { Tally } from '../tally';
import type { OrderBook } from './orders';

// How long an event may take to show; generous, because a service restarted under load works
// through a backlog first (the polls end as soon as it shows). Later than this counts as lost.
const PROBE_TIMEOUT_MS = 90_000;
const PROGRESS_EVERY = 50;

/** Cancels a probe's order once tickets has reserved the ticket for it, so the audit need not
 * wait a whole window for it to expire. Cancelling at once would race its own order:created:
 * tickets would rightly skip a reservation whose cancellation came first. */
async function releaseProbe(prober: Session, ticketId: string, orderId: string, tally: Tally) {
  const { ok } = await pollUntil(
    () => prober.get<Ticket>(`/api/tickets/${ticketId}`),
    (reply) => reply.body?.orderId === orderId,
    { intervalMs: 100, timeoutMs: PROBE_TIMEOUT_MS },
  );
  if (!ok) return tally.lost('ticket never reserved for its order (order:created)', ticketId);
  const cancel = await prober.request('DELETE', `/api/orders/${orderId}`);
  if (cancel.status !== 204) tally.lost(`probe order not cancelled (${cancel.status})`, ticketId);
}

/**
 * Every ticket listed must reach orders' replica. A ticket someone ordered got there; every
 * other one (the ledger's, and any for sale the load never heard of) is ordered by the prober,
 * which works only once orders knows it. Resolves with every ticket id seen.
 */
export async function proveTicketsReplicated(
  context: DrillContext,
  ledger: Ledger,
  book: OrderBook,
  tally: Tally,
): Promise<Set<string>> {
  const ordered = new Set(
    [...book.values()].flatMap(({ order }) => (order.ticket ? [order.ticket.id] : [])),
  );
  const forSale = await ticketsForSale(context.prober);
  const all = new Set([...ledger.ticketIds, ...ordered, ...forSale.map((ticket) => ticket.id)]);
  const unordered = [...all].filter((id) => !ordered.has(id));
  let probed = 0;
  await mapLimit(unordered, 8, async (ticketId) => {
    const { value, ok } = await orderWhenKnown(context.prober, ticketId, PROBE_TIMEOUT_MS);
    if (!ok) tally.lost('ticket never reached orders (404)', ticketId);
    else if (value.status === 201)
      await releaseProbe(context.prober, ticketId, value.body.id, tally);
    else if (value.status !== 400) tally.lost(`ticket probe answered ${value.status}`, ticketId);
    probed += 1;
    if (probed % PROGRESS_EVERY === 0 || probed === unordered.length) {
      context.options.log(`audit: probed ${probed} of ${unordered.length} tickets nobody ordered`);
    }
  });
  tally.count('tickets', all.size);
  return all;
}
