// A charge Stripe made whose answer never came back (a timeout, a reset connection, a process
// that died mid-charge). Stripe here is the ledger proxy in front of stripe-mock: it carries
// each request out, honours idempotency keys as Stripe does, can drop the answer afterwards,
// and keeps what was charged and refunded per order, so each test ends by counting the order's
// standing charges at Stripe's side.
import { OrderStatus, Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';

import { ChargeAttempt } from '../models/charge-attempt';
import { Order } from '../models/order';
import { Payment } from '../models/payment';
import { RESERVATION_EXPIRED } from '../services/pay-for-order';
import { reconcileAttempts } from '../services/reconcile-attempts';
import { paymentsAt, testApp } from '../test/app';
import { storeOrder } from '../test/factories';
import { postPayment } from '../test/requests';
import { useStripeLedger, useStripeMock } from '../test/stripe';

useTestDatabase();
const stripe = useStripeLedger(useStripeMock());

// The SDK's first try and its two retries: every answer of one charge request.
const EVERY_TRY = 3;
const CHARGES = { path: '/v1/payment_intents', method: 'POST' };

const payments = () => paymentsAt(stripe.proxy.url);

/** The buyer pays, and every answer to the charge is lost after Stripe made it. */
async function payAndLoseTheAnswer(token = 'pm_card_visa') {
  const { services, app } = payments();
  const order = await storeOrder({ price: 12.5 });
  const lost = stripe.proxy.dropAnswers({ ...CHARGES, times: EVERY_TRY });
  const first = await postPayment(app, { orderId: order.id, token }, order.userId);
  lost.clear();
  return { services, app, order, first };
}

describe('a charge whose answer was lost', () => {
  test('the buyer is told to try again, and the attempt stays on record as charging', async () => {
    const { order, first } = await payAndLoseTheAnswer();

    expect(first.status).toBe(503);
    const attempts = await ChargeAttempt.find({ orderId: order.id });
    expect(attempts.map((attempt) => attempt.state)).toStrictEqual(['charging']);
    expect(stripe.proxy.ledger.standingCharges(order.id)).toStrictEqual({ count: 1, amount: 1250 });
  });

  test('paying again with a new card answers with the first charge and makes no second', async () => {
    const { services, app, order } = await payAndLoseTheAnswer('pm_card_visa');
    const [charged] = stripe.proxy.ledger.intentsFor(order.id);

    const again = await postPayment(
      app,
      { orderId: order.id, token: 'pm_card_mastercard' },
      order.userId,
    );

    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ orderId: order.id, stripeId: charged?.id });
    expect(stripe.proxy.ledger.intentsFor(order.id)).toHaveLength(1);
    expect(stripe.proxy.ledger.standingCharges(order.id)).toStrictEqual({ count: 1, amount: 1250 });
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([again.body]);
    expect(await ChargeAttempt.find({ orderId: order.id }).distinct('state')).toStrictEqual([
      'charged',
    ]);
  });

  test('the reconciler records it as the payment and announces it', async () => {
    const { services, order } = await payAndLoseTheAnswer();

    const settled = await reconcileAttempts(services, { abandonedAfterMs: 0 });

    expect(settled).toBe(1);
    const stored = await Payment.find({ orderId: order.id });
    expect(stored.map((payment) => payment.stripeId)).toStrictEqual(
      stripe.proxy.ledger.intentsFor(order.id).map((intent) => intent.id),
    );
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([stored[0]?.toJSON()]);
    expect(stripe.proxy.ledger.standingCharges(order.id)).toStrictEqual({ count: 1, amount: 1250 });
  });

  test('the reconciler refunds it when the order was cancelled meanwhile', async () => {
    const { services, order } = await payAndLoseTheAnswer();
    await Order.updateOne({ _id: order.id }, { status: OrderStatus.Cancelled, version: 1 });

    await reconcileAttempts(services, { abandonedAfterMs: 0 });

    expect(stripe.proxy.ledger.standingCharges(order.id)).toStrictEqual({ count: 0, amount: 0 });
    expect(stripe.proxy.ledger.refunds()).toHaveLength(1);
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([]);
    const [stored] = await Payment.find({ orderId: order.id });
    expect(stored?.stripeRefundId).toBe(stripe.proxy.ledger.refunds()[0]?.id);
  });

  test('it started in time: the buyer coming back after the reservation expired still gets it', async () => {
    const { services, order } = await payAndLoseTheAnswer();
    await Order.updateOne({ _id: order.id }, { expiresAt: new Date(Date.now() - 1_000) });

    const again = await postPayment(
      testApp(services),
      { orderId: order.id, token: 'pm_card_mastercard' },
      order.userId,
    );

    expect(again.status).toBe(201);
    expect(stripe.proxy.ledger.standingCharges(order.id)).toStrictEqual({ count: 1, amount: 1250 });
  });

  test('the reconciler leaves an attempt younger than a charge can take', async () => {
    const { services, order } = await payAndLoseTheAnswer();

    const settled = await reconcileAttempts(services, { abandonedAfterMs: 60_000 });

    expect(settled).toBe(0);
    expect(await ChargeAttempt.find({ orderId: order.id }).distinct('state')).toStrictEqual([
      'charging',
    ]);
    expect(await Payment.countDocuments({ orderId: order.id })).toBe(0);
  });

  test('settled by the buyer and the reconciler at once, it is still one payment', async () => {
    const { services, app, order } = await payAndLoseTheAnswer();

    const pay = () =>
      postPayment(app, { orderId: order.id, token: 'pm_card_mastercard' }, order.userId);
    const [again] = await Promise.all([
      pay(),
      reconcileAttempts(services, { abandonedAfterMs: 0 }),
      reconcileAttempts(services, { abandonedAfterMs: 0 }),
    ]);
    // Told to try again only while another settler's copy was in flight at Stripe (409).
    const final = again.status === 503 ? await pay() : again;

    expect([201, 400]).toContain(final.status);
    expect(await Payment.countDocuments({ orderId: order.id })).toBe(1);
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toHaveLength(1);
    expect(stripe.proxy.ledger.standingCharges(order.id)).toStrictEqual({ count: 1, amount: 1250 });
  });
});

describe('a charge request that never reached Stripe', () => {
  test('paying again makes the one charge', async () => {
    const { services, app } = payments();
    const order = await storeOrder();
    const failing = stripe.proxy.failRequests({ ...CHARGES, times: EVERY_TRY });
    const first = await postPayment(
      app,
      { orderId: order.id, token: 'pm_card_visa' },
      order.userId,
    );
    failing.clear();

    const again = await postPayment(
      app,
      { orderId: order.id, token: 'pm_card_mastercard' },
      order.userId,
    );

    expect(first.status).toBe(503);
    expect(again.status).toBe(201);
    expect(stripe.proxy.ledger.standingCharges(order.id)).toStrictEqual({ count: 1, amount: 2000 });
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([again.body]);
  });
});

describe('a declined card', () => {
  test('is 402, and the next card is a new attempt that is charged', async () => {
    const { app } = payments();
    const order = await storeOrder();

    const declined = await postPayment(
      app,
      { orderId: order.id, token: 'tok_chargeDeclined' },
      order.userId,
    );
    const paid = await postPayment(app, { orderId: order.id, token: 'tok_visa' }, order.userId);

    expect(declined.status).toBe(402);
    expect(declined.body).toStrictEqual({ errors: [{ message: 'Your card was declined.' }] });
    expect(paid.status).toBe(201);
    const attempts = await ChargeAttempt.find({ orderId: order.id }).sort({ number: 1 });
    expect(attempts.map(({ number, state }) => ({ number, state }))).toStrictEqual([
      { number: 1, state: 'declined' },
      { number: 2, state: 'charged' },
    ]);
    expect(stripe.proxy.ledger.standingCharges(order.id)).toStrictEqual({ count: 1, amount: 2000 });
  });
});

describe('a payment that starts after the reservation expired', () => {
  test('is 400 saying so, and nothing reaches Stripe', async () => {
    const { services, app } = payments();
    const order = await storeOrder({ expiresAt: new Date(Date.now() - 1_000) });

    const late = await postPayment(app, { orderId: order.id, token: 'pm_card_visa' }, order.userId);

    expect(late.status).toBe(400);
    expect(late.body).toStrictEqual({ errors: [{ message: RESERVATION_EXPIRED }] });
    expect(stripe.proxy.ledger.intents()).toHaveLength(0);
    expect(await ChargeAttempt.countDocuments({ orderId: order.id })).toBe(0);
    expect(services.bus.published).toHaveLength(0);
  });
});
