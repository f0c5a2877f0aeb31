import type { Session } from '../api/session';
import { listTickets, waitForReplica } from '../api/tickets';
import type { Order } from '../api/types';
import { runLoad } from '../load/load';
import type { DrillContext } from './drill-context';

/** An order the drill placed, with its buyer (payments answer only the owner). */
export interface PlacedOrder {
  orderId: string;
  owner: Session;
  expiresAt: Date;
}

/** Lists a ticket for each order the drill's size asks for, waits until orders knows them,
 * and places one order per ticket, the buyers taking turns; resolves with those answered 201. */
export async function placeOrders(context: DrillContext): Promise<PlacedOrder[]> {
  const tickets = await listTickets(context.sellers, context.options.orders);
  await waitForReplica(context.sellers[0]!, context.prober);
  const owners = tickets.map(
    (_, index) => context.buyers[index % context.buyers.length] as Session,
  );
  const placed = await runLoad(
    context.endpoint,
    tickets.map((ticket, index) => ({
      method: 'POST',
      path: '/api/orders',
      body: { ticketId: ticket.id },
      cookie: owners[index]?.cookie,
    })),
    { connections: context.buyers.length },
  );
  return placed.outcomes.flatMap((outcome, index) => {
    if (outcome?.status !== 201) return [];
    const order = JSON.parse(outcome.body) as Order;
    return [
      { orderId: order.id, owner: owners[index] as Session, expiresAt: new Date(order.expiresAt) },
    ];
  });
}
