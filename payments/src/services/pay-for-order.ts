import { BadRequestError, NotAuthorizedError, NotFoundError, OrderStatus } from '@ticketing/common';

import { isOrderCancelled, Order, type OrderDoc } from '../models/order';
import { Payment } from '../models/payment';
import { chargeCard } from './charge-card';
import { toCents } from './money';
import type { PaymentServices } from './payment-services';
import { refundOrderPayment } from './refund-payment';
import { refundUnstoredCharge, type StoredPayment, storePayment } from './store-payment';

export const CANCELLED_ORDER = 'Cannot pay for a cancelled order';
export const ALREADY_PAID = 'Order is already paid';

export interface PaymentRequest {
  orderId: string;
  token: string;
  /** The signed-in buyer. */
  userId: string;
}

/**
 * The buyer pays for their order: its price is charged to the card once, stored as the
 * order's one payment, and announced with payment:created.
 */
export async function payForOrder(
  services: PaymentServices,
  request: PaymentRequest,
): Promise<StoredPayment> {
  const order = await payableOrder(services, request);
  const stripeId = await chargeCard(services.stripe, {
    orderId: order.id,
    amountInCents: toCents(order.price),
    token: request.token,
  });
  const payment = await recordCharge(services, order.id, stripeId);
  services.logger.info({ orderId: order.id, paymentId: payment.id, stripeId }, 'payment created');
  return payment;
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
 * Stores the charge as the order's payment, unless the order was cancelled (it expired) while
 * the card was being charged: then the charge is stored without payment:created, refunded,
 * and refused. Refused too when another request stored its payment first.
 */
async function recordCharge(
  services: PaymentServices,
  orderId: string,
  stripeId: string,
): Promise<StoredPayment> {
  const cancelledDuringCharge = await isOrderCancelled(orderId);
  const payment = await storePayment(services.outbox, {
    orderId,
    stripeId,
    announce: !cancelledDuringCharge,
  });
  // Looked at again once the payment is stored: an order:cancelled handled between the first
  // look and the store found no payment to refund, so the refund falls to this request.
  if (payment && !cancelledDuringCharge && !(await isOrderCancelled(orderId))) return payment;
  if (!payment) {
    await refundUnstoredCharge(services, orderId, stripeId);
    if (!cancelledDuringCharge) throw new BadRequestError(ALREADY_PAID);
  }
  await refundOrderPayment(services, orderId);
  throw new BadRequestError(CANCELLED_ORDER);
}
