// Ten payments for one order at once: a double click, a retrying client, two tabs, several
// replicas. Whatever the interleaving, one attempt is recorded and charged (its idempotency
// key makes Stripe charge once), one payment is stored, and one payment:created goes out.
// Stripe is the ledger proxy in front of stripe-mock, which honours idempotency keys as Stripe
// does and counts what was charged.
import { Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';
import type { Response } from 'supertest';

import { ChargeAttempt } from '../models/charge-attempt';
import { Payment } from '../models/payment';
import { createStripeClient } from '../stripe-client';
import { testApp, testServices } from '../test/app';
import { storeOrder } from '../test/factories';
import { postPayment } from '../test/requests';
import { TEST_STRIPE_KEY, useStripeLedger, useStripeMock } from '../test/stripe';

useTestDatabase();
const stripe = useStripeLedger(useStripeMock());

const SIMULTANEOUS = 10;

describe.each([
  ['one card token', () => 'tok_visa'],
  ['one PaymentMethod', () => 'pm_card_visa'],
  ['a different card each', (index: number) => (index % 2 ? 'pm_card_visa' : 'tok_mastercard')],
])('ten simultaneous payments with %s', (_name, tokenFor) => {
  async function payTenTimesAtOnce() {
    const client = createStripeClient({
      apiKey: TEST_STRIPE_KEY,
      apiBase: stripe.proxy.url,
      timeoutMs: 5_000,
    });
    const services = testServices(client);
    const app = testApp(services);
    const order = await storeOrder();

    const responses: Response[] = await Promise.all(
      Array.from({ length: SIMULTANEOUS }, (_, index) =>
        postPayment(app, { orderId: order.id, token: tokenFor(index) }, order.userId),
      ),
    );

    return { order, responses, services };
  }

  test('each is answered with the one payment, or told it is paid, or to try again', async () => {
    const { responses } = await payTenTimesAtOnce();

    const created = responses.filter((response) => response.status === 201);
    const refused = responses.filter((response) => response.status !== 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((response) => JSON.stringify(response.body))).size).toBe(1);
    // A copy whose request Stripe still had in flight under the same key after the SDK's
    // retries (409 at Stripe, rare; more likely on a loaded machine) is told to try again.
    const TRY_AGAIN = { errors: [{ message: 'Payment provider unavailable, please try again' }] };
    const PAID = { errors: [{ message: 'Order is already paid' }] };
    for (const response of refused) {
      expect([
        { status: 400, body: PAID },
        { status: 503, body: TRY_AGAIN },
      ]).toContainEqual({ status: response.status, body: response.body });
    }
  });

  test('one payment is stored and one payment:created is published, with the answer', async () => {
    const { order, responses, services } = await payTenTimesAtOnce();

    const answered = responses.find((response) => response.status === 201);
    const stored = await Payment.find({ orderId: order.id });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.toJSON()).toStrictEqual(answered?.body);
    expect(services.bus.dataOf(Subjects.PaymentCreated)).toStrictEqual([answered?.body]);
  });

  test('Stripe made one charge, of the price, and nothing was refunded', async () => {
    const { order } = await payTenTimesAtOnce();

    expect(stripe.proxy.ledger.intentsFor(order.id)).toHaveLength(1);
    expect(stripe.proxy.ledger.standingCharges(order.id)).toStrictEqual({ count: 1, amount: 2000 });
    expect(stripe.proxy.ledger.refunds()).toHaveLength(0);
    expect(await ChargeAttempt.find({ orderId: order.id }).distinct('state')).toStrictEqual([
      'charged',
    ]);
  });
});
