import type { Session } from '../api/session';
import { listTickets, waitForReplica } from '../api/tickets';
import type { Order, Ticket } from '../api/types';
import { type LoadResult, type Outcome, runLoad } from '../load/load';
import { PaymentLedger } from './audit/payments-made';
import type { DrillContext } from './drill-context';
import { withFaultAfter } from './fault-timing';
import { PayAsPlaced } from './pay-as-placed';
import type { Tally } from './tally';

/** What the drill learnt from the answers it got; the audit finds the rest by asking. */
export interface Ledger {
  ticketIds: Set<string>;
  orderIds: Set<string>;
  payments: PaymentLedger;
}

export const newLedger = (): Ledger => ({
  ticketIds: new Set(),
  orderIds: new Set(),
  payments: new PaymentLedger(),
});

const idsCreated = (result: LoadResult): string[] =>
  result.outcomes.flatMap((outcome) =>
    outcome && outcome.status === 201 ? [(JSON.parse(outcome.body) as { id: string }).id] : [],
  );

const unanswered = (result: LoadResult): number =>
  result.outcomes.filter((outcome) => !outcome || outcome.status >= 300).length;

/**
 * Load 1 with a fault in the middle: buyers order tickets listed beforehand, at `rate` per
 * second, while sellers list new ones at half that rate; once a third of the orders are
 * answered, `fault` runs (kill and restart, stop and start). With `pay`, buyers pay for every
 * other order as soon as it is placed (for up to a third of the window; the rest expire).
 * Resolves when all are over.
 */
export async function loadWithFault(
  context: DrillContext,
  ledger: Ledger,
  tally: Tally,
  fault: () => Promise<void>,
  { pay = false }: { pay?: boolean } = {},
): Promise<void> {
  const { orders, rate } = context.options;
  const tickets: Ticket[] = await listTickets(context.sellers, orders);
  tickets.forEach((ticket) => ledger.ticketIds.add(ticket.id));
  await waitForReplica(context.sellers[0]!, context.prober);

  const listing = runLoad(
    context.endpoint,
    Array.from({ length: Math.ceil(orders / 2) }, (_, index) => ({
      method: 'POST',
      path: '/api/tickets',
      body: { title: `drill ticket ${index}`, price: 15 },
      cookie: context.sellers[index % context.sellers.length]?.cookie,
    })),
    { connections: context.sellers.length, ratePerSecond: Math.max(1, Math.floor(rate / 2)) },
  );
  const buyerOf = (job: number) => context.buyers[job % context.buyers.length] as Session;
  const payer = new PayAsPlaced(ledger.payments, tally, (context.options.windowSeconds * 1000) / 3);
  const payEveryOther = (job: number, outcome: Outcome) => {
    if (job % 2 === 0 && outcome.status === 201)
      payer.pay((JSON.parse(outcome.body) as Order).id, buyerOf(job));
  };
  const ordering = withFaultAfter(Math.ceil(orders / 3), fault, (onAnswer) =>
    runLoad(
      context.endpoint,
      tickets.map((ticket, index) => ({
        method: 'POST',
        path: '/api/orders',
        body: { ticketId: ticket.id },
        cookie: buyerOf(index).cookie,
      })),
      {
        connections: context.buyers.length,
        ratePerSecond: rate,
        onAnswer,
        ...(pay ? { onOutcome: payEveryOther } : {}),
      },
    ),
  );
  const [placed, listed] = await Promise.all([ordering, listing]);
  await payer.done();

  idsCreated(placed).forEach((id) => ledger.orderIds.add(id));
  idsCreated(listed).forEach((id) => ledger.ticketIds.add(id));
  tally.count(
    'requests refused or unanswered in the load',
    unanswered(placed) + unanswered(listed),
  );
}
