// The Stripe ledger proxy in front of a real stripe-mock, spoken to over HTTP as the SDK speaks
// to Stripe (form-encoded bodies, an Idempotency-Key header on every POST).
import { startInfra } from '@ticketing/dev-infra';

import {
  startStripeLedgerProxy,
  type StripeLedgerProxy,
} from '../stripe-ledger/stripe-ledger-proxy';

let stopStripeMock: () => Promise<void>;
let stripeMock: URL;
let proxy: StripeLedgerProxy;

beforeAll(async () => {
  const infra = await startInfra(['stripe']);
  stripeMock = new URL(infra.env.STRIPE_API_BASE ?? '');
  stopStripeMock = infra.stop;
});
afterAll(() => stopStripeMock());
beforeEach(async () => {
  proxy = await startStripeLedgerProxy(stripeMock);
});
afterEach(() => proxy.close());

interface Reply {
  status: number;
  body: { id?: string; status?: string; error?: { type: string; code?: string } };
}

async function send(
  method: string,
  path: string,
  params: Record<string, string> = {},
  idempotencyKey?: string,
): Promise<Reply> {
  const response = await fetch(new URL(path, proxy.url), {
    method,
    headers: {
      Authorization: 'Bearer sk_test_123',
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
    },
    ...(method === 'GET' ? {} : { body: new URLSearchParams(params).toString() }),
  });
  return { status: response.status, body: (await response.json()) as Reply['body'] };
}

const charge = (orderId: string, paymentMethod = 'pm_card_visa') => ({
  amount: '1250',
  currency: 'usd',
  payment_method: paymentMethod,
  confirm: 'true',
  'metadata[orderId]': orderId,
});

describe('the Stripe ledger proxy', () => {
  test('a confirmed PaymentIntent succeeds with an id of its own and stands for its order', async () => {
    const first = await send('POST', '/v1/payment_intents', charge('order-1'), 'key-1');
    const second = await send('POST', '/v1/payment_intents', charge('order-2'), 'key-2');

    expect(first.status).toBe(200);
    expect(first.body.status).toBe('succeeded');
    expect(first.body.id).not.toBe(second.body.id);
    expect(proxy.ledger.standingCharges('order-1')).toStrictEqual({ count: 1, amount: 1250 });
    const lookedUp = await send('GET', `/v1/payment_intents/${first.body.id ?? ''}`);
    expect(lookedUp.body).toMatchObject({ id: first.body.id, status: 'succeeded' });
  });

  test('a repeat under the same key is answered with the first charge, and charges nothing', async () => {
    const first = await send('POST', '/v1/payment_intents', charge('order-1'), 'key-1');
    const repeat = await send('POST', '/v1/payment_intents', charge('order-1'), 'key-1');

    expect(repeat).toStrictEqual(first);
    expect(proxy.ledger.intentsFor('order-1')).toHaveLength(1);
  });

  test('other parameters under a used key are a 400 idempotency error', async () => {
    await send('POST', '/v1/payment_intents', charge('order-1'), 'key-1');

    const other = await send('POST', '/v1/payment_intents', charge('order-1', 'pm_other'), 'key-1');

    expect(other.status).toBe(400);
    expect(other.body.error?.type).toBe('idempotency_error');
    expect(proxy.ledger.intentsFor('order-1')).toHaveLength(1);
  });

  test('a repeat while the first is still in flight is a 409', async () => {
    proxy.delayRequests({ path: '/v1/payment_intents', times: 1, ms: 500 });

    const [first, repeat] = await Promise.all([
      send('POST', '/v1/payment_intents', charge('order-1'), 'key-1'),
      new Promise((resolve) => setTimeout(resolve, 100)).then(() =>
        send('POST', '/v1/payment_intents', charge('order-1'), 'key-1'),
      ),
    ]);

    expect(first.status).toBe(200);
    expect(repeat.status).toBe(409);
    expect(proxy.ledger.intentsFor('order-1')).toHaveLength(1);
  });

  test('a dropped answer still charged; the repeat under its key gets the charge', async () => {
    proxy.dropAnswers({ path: '/v1/payment_intents', times: 1 });

    const dropped = await send('POST', '/v1/payment_intents', charge('order-1'), 'key-1').catch(
      (error: unknown) => error,
    );
    const repeat = await send('POST', '/v1/payment_intents', charge('order-1'), 'key-1');

    // fetch's error for a connection reset before any answer.
    expect(String(dropped)).toMatch(/fetch failed/);
    expect(repeat.status).toBe(200);
    expect(proxy.ledger.intents().map((intent) => intent.id)).toStrictEqual([repeat.body.id]);
  });

  test('a failed request leaves no result: the key can be used again, and charges once', async () => {
    proxy.failRequests({ path: '/v1/payment_intents', times: 1 });

    const failed = await send('POST', '/v1/payment_intents', charge('order-1'), 'key-1');
    const again = await send('POST', '/v1/payment_intents', charge('order-1'), 'key-1');

    expect(failed.status).toBe(500);
    expect(again.status).toBe(200);
    expect(proxy.ledger.standingCharges('order-1').count).toBe(1);
  });

  test('a refund gives the charge back once; a second is charge_already_refunded', async () => {
    const paid = await send('POST', '/v1/payment_intents', charge('order-1'), 'key-1');
    const intent = paid.body.id ?? '';

    const refund = await send('POST', '/v1/refunds', { payment_intent: intent }, 'refund-1');
    const second = await send('POST', '/v1/refunds', { payment_intent: intent }, 'refund-2');

    expect(refund.status).toBe(200);
    expect(second.status).toBe(400);
    expect(second.body.error?.code).toBe('charge_already_refunded');
    expect(proxy.ledger.standingCharges('order-1')).toStrictEqual({ count: 0, amount: 0 });
  });

  test('a card Stripe declines is a 402 card error, and stands for nothing', async () => {
    const declined = await send(
      'POST',
      '/v1/payment_intents',
      charge('order-1', 'pm_card_chargeDeclined'),
      'key-1',
    );

    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({ type: 'card_error', code: 'card_declined' });
    expect(proxy.ledger.standingCharges('order-1').count).toBe(0);
  });

  test('a charge left processing stands for nothing until it ends, and a lookup says how it ended', async () => {
    proxy.ledger.processNextCharges(2);
    const kept = await send('POST', '/v1/payment_intents', charge('order-1'), 'key-1');
    const failed = await send('POST', '/v1/payment_intents', charge('order-2'), 'key-2');
    expect([kept.body.status, failed.body.status]).toStrictEqual(['processing', 'processing']);
    expect(proxy.ledger.standingCharges('order-1')).toStrictEqual({ count: 0, amount: 0 });

    proxy.ledger.finishProcessing(kept.body.id ?? '', 'succeeded');
    proxy.ledger.finishProcessing(failed.body.id ?? '', 'failed');

    const lookups = await Promise.all(
      [kept, failed].map((each) => send('GET', `/v1/payment_intents/${each.body.id ?? ''}`)),
    );
    expect(lookups.map((lookup) => lookup.body.status)).toStrictEqual([
      'succeeded',
      'requires_payment_method',
    ]);
    expect(proxy.ledger.standingCharges('order-1')).toStrictEqual({ count: 1, amount: 1250 });
    expect(proxy.ledger.standingCharges('order-2')).toStrictEqual({ count: 0, amount: 0 });
    const next = await send('POST', '/v1/payment_intents', charge('order-3'), 'key-3');
    expect(next.body.status).toBe('succeeded');
  });

  test('a request stripe-mock refuses is refused, and recorded nowhere', async () => {
    const bad = await send('POST', '/v1/payment_intents', { amount: 'lots' }, 'key-1');

    expect(bad.status).toBe(400);
    expect(proxy.ledger.intents()).toHaveLength(0);
  });
});
