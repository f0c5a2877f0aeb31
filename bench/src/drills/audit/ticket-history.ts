import type { Order } from '../../api/types';

/** What a ticket's orders say about it in the tickets service. */
export interface ExpectedTicket {
  /** The order that must hold the ticket: the one not cancelled, if any. */
  holder?: string;
  /** One step per reservation and one per release: every event applied exactly once. */
  version: number;
  /** Its cancelled orders. */
  cancelled: number;
}

export function expectedTickets(orders: Iterable<Order>): Map<string, ExpectedTicket> {
  const byTicket = new Map<string, ExpectedTicket>();
  for (const order of orders) {
    if (!order.ticket) continue;
    const expected = byTicket.get(order.ticket.id) ?? { version: 0, cancelled: 0 };
    if (order.status === 'cancelled') {
      expected.version += 2;
      expected.cancelled++;
    } else {
      expected.version += 1;
      expected.holder = order.id;
    }
    byTicket.set(order.ticket.id, expected);
  }
  return byTicket;
}

export type VersionVerdict =
  { kind: 'explained'; overtaken: number } | { kind: 'applied twice' } | { kind: 'never applied' };

/**
 * Whether the ticket's version is what its orders explain. `order:created` and
 * `order:cancelled` are separate subscriptions: when tickets is further behind on the first
 * than the order's hold lasts, the cancellation arrives first, and tickets then skips the late
 * `order:created` (its README, "Events"). Such an order moved the ticket not at all instead of
 * twice, so the version may be short by two for each cancelled order (`overtaken` of them);
 * any other shortfall is an event never applied, anything beyond is one applied twice.
 */
export function versionVerdict(version: number, expected: ExpectedTicket): VersionVerdict {
  if (version > expected.version) return { kind: 'applied twice' };
  const short = expected.version - version;
  if (short % 2 === 0 && short / 2 <= expected.cancelled) {
    return { kind: 'explained', overtaken: short / 2 };
  }
  return { kind: 'never applied' };
}
