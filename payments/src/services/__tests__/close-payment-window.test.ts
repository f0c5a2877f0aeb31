// Closing an order's payment window, against the real database, with Stripe the ledger proxy
// in front of stripe-mock: the window closes only when the reservation ran out with nothing
// paid or charging, once however many close it at once, and a payment starting at the moment
// it closes either keeps the order (its attempt took the number first) or is refused with
// nothing charged.
import { OrderStatus, Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';

import { ChargeAttempt } from '../../models/charge-attempt';
import { Order } from '../../models/order';
import { Payment } from '../../models/payment';
import { paymentsAt } from '../../test/app';
import { storeOrder, storePaymentFor } from '../../test/factories';
import { useStripeLedger, useStripeMock } from '../../test/stripe';
import { closePaymentWindow } from '../close-payment-window';
import { payForOrder, RESERVATION_EXPIRED } from '../pay-for-order';

useTestDatabase();
const stripe = useStripeLedger(useStripeMock());

const ROUNDS = 12;

const services = () => paymentsAt(stripe.proxy.url).services;

/** An order whose reservation ran out a moment ago. */
const storeExpiredOrder = () => storeOrder({ expiresAt: new Date(Date.now() - 1_000) });

const closedEntriesOf = (orderId: string) => ChargeAttempt.find({ orderId, state: 'closed' });

describe('closing the payment window', () => {
  test('closes an unpaid order past its reservation: a closed entry and one payment:window-closed', async () => {
    const payments = services();
    const order = await storeExpiredOrder();

    const outcome = await closePaymentWindow(payments, order.id);

    expect(outcome).toBe('closed');
    const [entry] = await closedEntriesOf(order.id);
    expect(entry?.number).toBe(1);
    expect(payments.bus.dataOf(Subjects.PaymentWindowClosed)).toStrictEqual([
      { orderId: order.id },
    ]);
  });

  test('leaves the window open before the reservation runs out, by this clock', async () => {
    const payments = services();
    const order = await storeOrder({ expiresAt: new Date(Date.now() + 60_000) });

    expect(await closePaymentWindow(payments, order.id)).toBe('open');
    expect(await closePaymentWindow(payments, order.id, new Date(Date.now() + 61_000))).toBe(
      'closed',
    );
    expect(await closedEntriesOf(order.id)).toHaveLength(1);
  });

  test('changes nothing for a paid, a cancelled or an unknown order, or one already closed', async () => {
    const payments = services();
    const paid = await storeExpiredOrder();
    await storePaymentFor(payments.outbox, paid.id);
    const cancelled = await storeExpiredOrder();
    await Order.updateOne({ _id: cancelled.id }, { status: OrderStatus.Cancelled, version: 1 });
    const closed = await storeExpiredOrder();
    await closePaymentWindow(payments, closed.id);

    expect(await closePaymentWindow(payments, paid.id)).toBe('paid');
    expect(await closePaymentWindow(payments, cancelled.id)).toBe('cancelled');
    expect(await closePaymentWindow(payments, closed.id)).toBe('already closed');
    expect(await closePaymentWindow(payments, '64b000000000000000000000')).toBe('unknown');
    expect(payments.bus.dataOf(Subjects.PaymentWindowClosed)).toStrictEqual([
      { orderId: closed.id },
    ]);
  });

  test('leaves the decision to an attempt still charging: it started in time', async () => {
    const payments = services();
    const order = await storeExpiredOrder();
    await ChargeAttempt.create({
      orderId: order.id,
      number: 1,
      paymentMethod: 'pm_card_visa',
      amountInCents: 2000,
      state: 'charging',
      startedAt: new Date(Date.now() - 2_000),
    });

    expect(await closePaymentWindow(payments, order.id)).toBe('charging');
    expect(await closedEntriesOf(order.id)).toHaveLength(0);
  });

  test('an attempt that started in time and is declined after the reservation ran out closes the window', async () => {
    const payments = services();
    const order = await storeOrder({ expiresAt: new Date(Date.now() + 300) });
    // Stripe takes longer than what is left of the reservation.
    stripe.proxy.delayRequests({ path: '/v1/payment_intents', times: 1, ms: 800 });

    const declined = payForOrder(payments, {
      orderId: order.id,
      token: 'pm_card_chargeDeclined',
      userId: order.userId,
    });

    await expect(declined).rejects.toMatchObject({ statusCode: 402 });
    const entries = await ChargeAttempt.find({ orderId: order.id }).sort({ number: 1 });
    expect(entries.map((entry) => entry.state)).toStrictEqual(['declined', 'closed']);
    expect(payments.bus.dataOf(Subjects.PaymentWindowClosed)).toStrictEqual([
      { orderId: order.id },
    ]);
  });

  test('an attempt declined in time leaves the window open for the next card', async () => {
    const payments = services();
    const order = await storeOrder({ expiresAt: new Date(Date.now() + 60_000) });

    const declined = payForOrder(payments, {
      orderId: order.id,
      token: 'pm_card_chargeDeclined',
      userId: order.userId,
    });

    await expect(declined).rejects.toMatchObject({ statusCode: 402 });
    expect(await closedEntriesOf(order.id)).toHaveLength(0);
    expect(payments.bus.dataOf(Subjects.PaymentWindowClosed)).toStrictEqual([]);
  });

  test('five closers at once (replicas, redeliveries, the sweep) close it once', async () => {
    const payments = services();
    const order = await storeExpiredOrder();

    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () => closePaymentWindow(payments, order.id)),
    );

    expect(outcomes.filter((outcome) => outcome === 'closed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'closed')).toEqual(
      Array.from({ length: 4 }, () => 'already closed'),
    );
    expect(await closedEntriesOf(order.id)).toHaveLength(1);
    expect(payments.bus.dataOf(Subjects.PaymentWindowClosed)).toHaveLength(1);
  });
});

describe('a payment starting just as the window closes', () => {
  test.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))(
    'either the payment keeps the order and the window stays open, or it is refused and nothing is charged (round %i)',
    async () => {
      const payments = services();
      const expiresAt = new Date(Date.now() + 60_000);
      const order = await storeOrder({ expiresAt });
      // The buyer's request arrived just in time; the expiration is handled just after it.
      const justInTime = new Date(expiresAt.getTime() - 1);
      const justAfter = new Date(expiresAt.getTime() + 1);

      const [payment, closing] = await Promise.allSettled([
        payForOrder(payments, {
          orderId: order.id,
          token: 'pm_card_visa',
          userId: order.userId,
          now: justInTime,
        }),
        closePaymentWindow(payments, order.id, justAfter),
      ]);

      if (closing.status === 'rejected') throw closing.reason;
      const closedEvents = payments.bus.dataOf(Subjects.PaymentWindowClosed);
      const standing = stripe.proxy.ledger.standingCharges(order.id);
      if (payment.status === 'fulfilled') {
        expect(closing.value).not.toBe('closed');
        expect(closedEvents).toStrictEqual([]);
        expect(await Payment.countDocuments({ orderId: order.id })).toBe(1);
        expect(payments.bus.dataOf(Subjects.PaymentCreated)).toHaveLength(1);
        expect(standing).toStrictEqual({ count: 1, amount: 2000 });
        // Asked again once the payment is in, the window stays open: the order is paid.
        expect(await closePaymentWindow(payments, order.id, justAfter)).toBe('paid');
      } else {
        expect(payment.reason).toMatchObject({
          statusCode: 400,
          message: RESERVATION_EXPIRED,
        });
        expect(closing.value).toBe('closed');
        expect(closedEvents).toStrictEqual([{ orderId: order.id }]);
        expect(await Payment.countDocuments({ orderId: order.id })).toBe(0);
        expect(standing).toStrictEqual({ count: 0, amount: 0 });
      }
    },
  );
});
