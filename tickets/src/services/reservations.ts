import {
  isPastOrderCreatedHorizon,
  type OrderCreatedEvent,
  type Outbox,
  OutOfOrderError,
} from '@ticketing/common';

import { recordCancellation, wasCancelled } from '../models/cancelled-order';
import { findTicket } from '../models/ticket';
import { commitTicketChange } from './ticket-changes';

export type ReservationOutcome =
  | 'reserved'
  | 'already reserved by this order'
  | 'order already cancelled'
  | 'past the horizon'
  | 'unknown ticket';

/** What a reservation needs of the order that `order:created` announces. */
export type OrderToReserve = Pick<OrderCreatedEvent['data'], 'id' | 'expiresAt' | 'ticket'>;

export type ReleaseOutcome = 'released' | 'not held by this order' | 'unknown ticket';

/**
 * Reserves the ticket for the order (`order:created`). Changes nothing when the order already
 * holds it (a redelivery) or was already cancelled (its `order:cancelled` came first), nor
 * when the order expired longer ago than the horizon (`ORDER_CREATED_HORIZON_MS`): its
 * cancellation may have been forgotten (`forgetOldCancellations`). Throws `OutOfOrderError`
 * while another order holds it: that order's release has not arrived yet.
 */
export async function reserveTicket(
  outbox: Outbox,
  order: OrderToReserve,
): Promise<ReservationOutcome> {
  const {
    id: orderId,
    ticket: { id: ticketId },
  } = order;
  const outcome = await outbox.retryOnConflict(async (): Promise<ReservationOutcome> => {
    const ticket = await findTicket(ticketId);
    if (!ticket) return 'unknown ticket';
    if (ticket.orderId === orderId) return 'already reserved by this order';
    if (await wasCancelled(orderId)) return 'order already cancelled';
    if (isPastOrderCreatedHorizon(order.expiresAt)) return 'past the horizon';
    if (ticket.orderId) {
      throw new OutOfOrderError('the ticket is held by another order', {
        ticketId,
        heldBy: ticket.orderId,
      });
    }
    await commitTicketChange(outbox, ticket, { orderId });
    return 'reserved';
  });
  // The order's cancellation may have been recorded while this ran, and its listener may have
  // read the ticket before the reservation was written and found nothing to release. It
  // records before it reads, and this checks after writing, so one of the two releases it.
  const heldByOrder = outcome === 'reserved' || outcome === 'already reserved by this order';
  if (heldByOrder && (await wasCancelled(orderId))) await releaseTicket(outbox, ticketId, orderId);
  return outcome;
}

/**
 * Releases the ticket from the order (`order:cancelled`) and remembers the cancellation, so a
 * late `order:created` of this order changes nothing. A release for an order that does not
 * hold the ticket (a stale one, or one whose `order:created` is yet to come) changes nothing.
 */
export async function cancelReservation(
  outbox: Outbox,
  ticketId: string,
  orderId: string,
): Promise<ReleaseOutcome> {
  await recordCancellation(orderId, ticketId);
  return releaseTicket(outbox, ticketId, orderId);
}

function releaseTicket(outbox: Outbox, ticketId: string, orderId: string): Promise<ReleaseOutcome> {
  return outbox.retryOnConflict(async () => {
    const ticket = await findTicket(ticketId);
    if (!ticket) return 'unknown ticket';
    if (ticket.orderId !== orderId) return 'not held by this order';
    await commitTicketChange(outbox, ticket, { orderId: null });
    return 'released';
  });
}
