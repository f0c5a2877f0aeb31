// A charge Stripe accepted but has not finished: its PaymentIntent is `processing` (a bank
// debit, some cards). Only a PaymentIntent that `succeeded` is a payment, so the order stays
// unpaid until the webhook or the reconciler finds out how the charge ended. Stripe here is the
// ledger proxy in front of stripe-mock: it can leave charges processing and end them later.
import { Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';

import { ChargeAttempt } from '../models/charge-attempt';
import { Payment } from '../models/payment';
import { closePaymentWindow } from '../services/close-payment-window';
import { reconcileAttempts } from '../services/reconcile-attempts';
import { paymentsAt } from '../test/app';
import { storeOrder } from '../test/factories';
import { postPayment } from '../test/requests';
import { useStripeLedger, useStripeMock } from '../test/stripe';

useTestDatabase();
const stripe = useStripeLedger(useStripeMock());

const payments = () => paymentsAt(stripe.proxy.url);

/** The buyer pays, and Stripe leaves the charge processing. */
async function payAndLeaveProcessing(orderAttrs: Parameters<typeof storeOrder>[0] = {}) {
  const { services, app } = payments();
  const order = await storeOrder({ price: 12.5, ...orderAttrs });
  stripe.proxy.ledger.processNextCharges(1);
  const first = await postPayment(app, { orderId: order.id, token: 'pm_card_visa' }, order.userId);
  const [intent] = stripe.proxy.ledger.intentsFor(order.id);
  if (!intent) throw new Error('no charge reached Stripe');
  return { services, app, order, first, intent };
}

const statesOf = async (orderId: string) =>
  (await ChargeAttempt.find({ orderId }).sort({ number: 1 })).map((attempt) => attempt.state);

describe('a charge Stripe is still processing', () => {
  test('is answered 202 processing; no payment is stored or announced', async () => {
    const { services, order, first, intent } = await payAndLeaveProcessing();

    expect(first.status).toBe(202);
    expect(first.body).toStrictEqual({
      orderId: order.id,
      stripeId: intent.id,
      status: 'processing',
    });
    expect(await Payment.countDocuments({ orderId: order.id })).toBe(0);
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([]);
    const [attempt] = await ChargeAttempt.find({ orderId: order.id });
    expect(attempt).toMatchObject({ state: 'charging', stripeId: intent.id });
  });

  test('paying again with another card charges nothing more while it processes', async () => {
    const { app, order, intent } = await payAndLeaveProcessing();

    const again = await postPayment(
      app,
      { orderId: order.id, token: 'pm_card_mastercard' },
      order.userId,
    );

    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ stripeId: intent.id, status: 'processing' });
    expect(stripe.proxy.ledger.intentsFor(order.id)).toHaveLength(1);
    expect(await statesOf(order.id)).toStrictEqual(['charging']);
  });

  test('once it succeeded, the reconciler records it as the payment and announces it', async () => {
    const { services, order, intent } = await payAndLeaveProcessing();
    expect(await reconcileAttempts(services, { abandonedAfterMs: 0 })).toBe(0);
    expect(await Payment.countDocuments({ orderId: order.id })).toBe(0);

    stripe.proxy.ledger.finishProcessing(intent.id, 'succeeded');
    const settled = await reconcileAttempts(services, { abandonedAfterMs: 0 });

    expect(settled).toBe(1);
    const stored = await Payment.find({ orderId: order.id });
    expect(stored.map((payment) => payment.stripeId)).toStrictEqual([intent.id]);
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([stored[0]?.toJSON()]);
    expect(await statesOf(order.id)).toStrictEqual(['charged']);
    expect(stripe.proxy.ledger.standingCharges(order.id)).toStrictEqual({ count: 1, amount: 1250 });
  });

  test('once it succeeded, the buyer coming back is answered with the payment', async () => {
    const { app, order, intent } = await payAndLeaveProcessing();
    stripe.proxy.ledger.finishProcessing(intent.id, 'succeeded');

    const again = await postPayment(
      app,
      { orderId: order.id, token: 'pm_card_mastercard' },
      order.userId,
    );

    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ orderId: order.id, stripeId: intent.id });
    expect(stripe.proxy.ledger.intentsFor(order.id)).toHaveLength(1);
  });

  test('once it failed, the attempt is declined and the next card is charged', async () => {
    const { services, app, order, intent } = await payAndLeaveProcessing();
    stripe.proxy.ledger.finishProcessing(intent.id, 'failed');
    await reconcileAttempts(services, { abandonedAfterMs: 0 });
    expect(await statesOf(order.id)).toStrictEqual(['declined']);

    const paid = await postPayment(app, { orderId: order.id, token: 'tok_visa' }, order.userId);

    expect(paid.status).toBe(201);
    expect(await statesOf(order.id)).toStrictEqual(['declined', 'charged']);
    expect(stripe.proxy.ledger.standingCharges(order.id)).toStrictEqual({ count: 1, amount: 1250 });
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([paid.body]);
  });

  test('the payment window stays open while it processes, and a failure after the deadline closes it', async () => {
    const expiresAt = new Date(Date.now() + 1_000);
    const { services, order, intent } = await payAndLeaveProcessing({ expiresAt });
    await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 10));

    expect(await closePaymentWindow(services, order.id)).toBe('charging');
    expect(services.bus.dataOf(Subjects.PaymentWindowClosed)).toStrictEqual([]);

    stripe.proxy.ledger.finishProcessing(intent.id, 'failed');
    await reconcileAttempts(services, { abandonedAfterMs: 0 });

    expect(await statesOf(order.id)).toStrictEqual(['declined', 'closed']);
    expect(services.bus.dataOf(Subjects.PaymentWindowClosed)).toStrictEqual([
      { orderId: order.id },
    ]);
    expect(stripe.proxy.ledger.standingCharges(order.id)).toStrictEqual({ count: 0, amount: 0 });
  });

  test('an attempt processing for longer than an idempotency key lives is still looked up', async () => {
    const { services, order, intent } = await payAndLeaveProcessing();
    stripe.proxy.ledger.finishProcessing(intent.id, 'succeeded');
    const twoDaysLater = new Date(Date.now() + 2 * 24 * 60 * 60 * 1_000);

    const settled = await reconcileAttempts(services, { abandonedAfterMs: 0, now: twoDaysLater });

    expect(settled).toBe(1);
    expect(await Payment.countDocuments({ orderId: order.id })).toBe(1);
  });
});
