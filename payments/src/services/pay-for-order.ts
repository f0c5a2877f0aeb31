import {
  BadRequestError,
  isDuplicateKeyError,
  NotAuthorizedError,
  NotFoundError,
  OrderStatus,
} from '@ticketing/common';

import { ChargeAttempt, type ChargeAttemptDoc, latestAttempt } from '../models/charge-attempt';
import { Order, type OrderDoc } from '../models/order';
import { Payment } from '../models/payment';
import { paymentMethodFor } from './charge-card';
import { toCents } from './money';
import type { PaymentServices } from './payment-services';
import { refundOrderPayment } from './refund-payment';
import { ALREADY_PAID, CANCELLED_ORDER, settleAttempt, type Settlement } from './settle-attempt';
import type { StoredPayment } from './store-payment';

export { ALREADY_PAID, CANCELLED_ORDER } from './settle-attempt';
export const RESERVATION_EXPIRED = 'Reservation expired: this order can no longer be paid';

export interface PaymentRequest {
  orderId: string;
  token: string;
  /** The signed-in buyer. */
  userId: string;
  /** When the request arrived, by this service's clock. */
  now?: Date;
}

/**
 * The buyer pays for their order: its price is charged to the card once, stored as the
 * order's one payment, and announced with payment:created. An earlier attempt whose answer was
 * lost is settled first: if it charged, that charge is the payment and this card is not used
 * (it started in time, so it is settled whenever the buyer comes back). A new attempt must
 * start before the order's reservation expires, and before payments closed the order's window
 * (`closePaymentWindow`). A charge Stripe is still processing is answered as such: it is the
 * order's attempt until Stripe says how it ended, and no other card is charged meanwhile.
 */
export async function payForOrder(
  services: PaymentServices,
  request: PaymentRequest,
): Promise<PaymentAnswer> {
  const order = await payableOrder(services, request);
  const earlier = await latestAttempt(order.id);
  // Closed once the reservation ran out with nothing charging: whatever this host's clock says.
  if (earlier?.state === 'closed') throw new BadRequestError(RESERVATION_EXPIRED);
  if (earlier?.state === 'charging') {
    const settled = await settleAttempt(services, earlier);
    if (settled.result !== 'declined') return answer(services, order.id, settled);
  }
  if (order.expiresAt && (request.now ?? new Date()) > order.expiresAt) {
    throw new BadRequestError(RESERVATION_EXPIRED);
  }
  const attempt = await startAttempt(services, order, request.token, (earlier?.number ?? 0) + 1);
  const settled = await settleAttempt(services, attempt);
  if (settled.result === 'declined') throw settled.refusal;
  return answer(services, order.id, settled);
}

/** What the buyer is told: the payment, or that Stripe is still processing the charge. */
export type PaymentAnswer =
  | { status: 'paid'; payment: StoredPayment }
  | { status: 'processing'; orderId: string; stripeId: string };

function answer(
  services: PaymentServices,
  orderId: string,
  settled: Exclude<Settlement, { result: 'declined' }>,
): PaymentAnswer {
  if (settled.result === 'processing') {
    services.logger.info({ orderId, stripeId: settled.stripeId }, 'payment processing at Stripe');
    return { status: 'processing', orderId, stripeId: settled.stripeId };
  }
  const { id: paymentId, stripeId } = settled.payment;
  services.logger.info({ orderId, paymentId, stripeId }, 'payment created');
  return { status: 'paid', payment: settled.payment };
}

/** The order, if this buyer may pay for it now. */
async function payableOrder(
  services: PaymentServices,
  { orderId, userId }: PaymentRequest,
): Promise<OrderDoc> {
  const order = await Order.findById(orderId);
  if (!order) throw new NotFoundError();
  if (order.userId !== userId) throw new NotAuthorizedError();
  if (order.status === OrderStatus.Cancelled) {
    // Finishes a refund an earlier attempt could not make (Stripe was unreachable then).
    await refundOrderPayment(services, orderId);
    throw new BadRequestError(CANCELLED_ORDER);
  }
  if (await Payment.exists({ orderId })) throw new BadRequestError(ALREADY_PAID);
  return order;
}

/**
 * Records the order's attempt `number` before anything is charged. Of simultaneous requests
 * starting it (a double click, two tabs), one records it and the others settle that one: the
 * order is charged once, and every request is answered with that charge.
 */
async function startAttempt(
  services: PaymentServices,
  order: OrderDoc,
  token: string,
  number: number,
): Promise<ChargeAttemptDoc> {
  const paymentMethod = await paymentMethodFor(services.stripe, order.id, token);
  try {
    return await ChargeAttempt.create({
      orderId: order.id,
      number,
      paymentMethod,
      amountInCents: toCents(order.price),
      state: 'charging',
      startedAt: new Date(),
    });
  } catch (error) {
    const recorded = isDuplicateKeyError(error) ? await latestAttempt(order.id) : null;
    if (!recorded) throw error;
    // The window closed at the same moment, and took the number first.
    if (recorded.state === 'closed') throw new BadRequestError(RESERVATION_EXPIRED);
    return recorded;
  }
}
