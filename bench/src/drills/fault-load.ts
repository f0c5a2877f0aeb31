import { listTickets, waitForReplica } from '../api/tickets';
import type { Ticket } from '../api/types';
import { type LoadResult, runLoad } from '../load/load';
import type { DrillContext } from './drill-stack';
import { withFaultAfter } from './fault-timing';
import type { Tally } from './tally';

/** What the drill learnt from the answers it got; the audit finds the rest by asking. */
export interface Ledger {
  ticketIds: Set<string>;
  orderIds: Set<string>;
}

export const newLedger = (): Ledger => ({ ticketIds: new Set(), orderIds: new Set() });

const idsCreated = (result: LoadResult): string[] =>
  result.outcomes.flatMap((outcome) =>
    outcome && outcome.status === 201 ? [(JSON.parse(outcome.body) as { id: string }).id] : [],
  );

const unanswered = (result: LoadResult): number =>
  result.outcomes.filter((outcome) => !outcome || outcome.status >= 300).length;

/**
 * Load 1 with a fault in the middle: buyers order tickets listed beforehand, at `rate` per
 * second, while sellers list new ones at half that rate; once a third of the orders are
 * answered, `fault` runs (kill and restart, stop and start). Resolves when all are over.
 */
export async function loadWithFault(
  context: DrillContext,
  ledger: Ledger,
  tally: Tally,
  fault: () => Promise<void>,
): Promise<void> {
  const { orders, rate } = context.options;
  const tickets: Ticket[] = await listTickets(context.sellers, orders);
  tickets.forEach((ticket) => ledger.ticketIds.add(ticket.id));
  await waitForReplica(context.sellers[0]!, context.prober);

  const listing = runLoad(
    context.url,
    Array.from({ length: Math.ceil(orders / 2) }, (_, index) => ({
      method: 'POST',
      path: '/api/tickets',
      body: { title: `drill ticket ${index}`, price: 15 },
      cookie: context.sellers[index % context.sellers.length]?.cookie,
    })),
    { connections: context.sellers.length, ratePerSecond: Math.max(1, Math.floor(rate / 2)) },
  );
  const ordering = withFaultAfter(Math.ceil(orders / 3), fault, (onAnswer) =>
    runLoad(
      context.url,
      tickets.map((ticket, index) => ({
        method: 'POST',
        path: '/api/orders',
        body: { ticketId: ticket.id },
        cookie: context.buyers[index % context.buyers.length]?.cookie,
      })),
      { connections: context.buyers.length, ratePerSecond: rate, onAnswer },
    ),
  );
  const [placed, listed] = await Promise.all([ordering, listing]);

  idsCreated(placed).forEach((id) => ledger.orderIds.add(id));
  idsCreated(listed).forEach((id) => ledger.ticketIds.add(id));
  tally.count(
    'requests refused or unanswered in the load',
    unanswered(placed) + unanswered(listed),
  );
}
