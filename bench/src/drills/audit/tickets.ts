import type { Session } from '../../api/session';
import type { Ticket } from '../../api/types';
import { pollUntil } from '../../util/poll';
import { mapLimit } from '../../util/pool';
import type { DrillContext } from '../drill-context';
import type { Tally } from '../tally';
import { collectOrders, type OrderBook } from './orders';
import { waitForQuietBus } from './quiet-bus';
import { type ExpectedTicket, expectedTickets, versionVerdict } from './ticket-history';

// As PROBE_TIMEOUT_MS in replica.ts: a late effect is waited for this long, then counted lost.
const SETTLE_MS = 90_000;

const expectations = (book: OrderBook) =>
  expectedTickets([...book.values()].map(({ order }) => order));

const holds = (ticket: Ticket | undefined, expected: ExpectedTicket) =>
  ticket !== undefined &&
  (ticket.orderId ?? undefined) === expected.holder &&
  versionVerdict(ticket.version, expected).kind === 'explained';

/** Tickets, as the service that owns them sees them, must be held by exactly the right order
 * and at a version their orders explain (see `versionVerdict`). */
async function checkTicketsService(reader: Session, book: OrderBook, tally: Tally) {
  const versions = new Map<string, number>();
  await mapLimit([...expectations(book)], 8, async ([ticketId, expected]) => {
    const { value } = await pollUntil(
      () => reader.get<Ticket>(`/api/tickets/${ticketId}`),
      (reply) => reply.status === 200 && holds(reply.body, expected),
      { intervalMs: 250, timeoutMs: SETTLE_MS },
    );
    const ticket = value.status === 200 ? value.body : undefined;
    if (!ticket) return tally.lost(`ticket unreadable (${value.status})`, ticketId);
    versions.set(ticketId, ticket.version);
    const seen =
      `${ticketId} (v${ticket.version} held by ${ticket.orderId ?? 'none'}; ` +
      `its orders explain v${expected.version} held by ${expected.holder ?? 'none'})`;
    if ((ticket.orderId ?? undefined) !== expected.holder) {
      tally.lost(
        expected.holder
          ? 'paid order does not hold its ticket'
          : 'ticket still held by a cancelled order',
        seen,
      );
    }
    const verdict = versionVerdict(ticket.version, expected);
    if (verdict.kind === 'applied twice')
      tally.duplicated('ticket version beyond its orders (event applied twice)', seen);
    if (verdict.kind === 'never applied')
      tally.lost('ticket reservation or release never applied', seen);
    if (verdict.kind === 'explained' && verdict.overtaken > 0)
      tally.count('cancellations ahead of their order:created', verdict.overtaken);
  });
  return versions;
}

const replicaBehind = (book: OrderBook, versions: Map<string, number>) =>
  [...book.values()].filter(
    ({ order }) => order.ticket && order.ticket.version !== versions.get(order.ticket.id),
  );

/** Checks tickets, then that orders' replica of each caught up with it, then that no order
 * moved status twice. */
export async function checkTickets(context: DrillContext, book: OrderBook, tally: Tally) {
  await waitForQuietBus(context, 'audit');
  const versions = await checkTicketsService(context.prober, book, tally);
  const { value: settled } = await pollUntil(
    () => collectOrders(context),
    (seen) => replicaBehind(seen, versions).length === 0,
    { intervalMs: 500, timeoutMs: SETTLE_MS },
  );
  for (const { order } of replicaBehind(settled, versions)) {
    tally.lost(
      "orders' ticket replica differs from tickets (ticket:updated)",
      `${order.ticket?.id ?? ''} (orders has v${order.ticket?.version ?? '?'} in order ${order.id})`,
    );
  }
  for (const { order } of settled.values()) {
    if (order.version > 1) tally.duplicated('order changed status twice', order.id);
  }
}
