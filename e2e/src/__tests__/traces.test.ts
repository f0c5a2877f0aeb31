// One purchase, followed across every service: with an OTLP endpoint set, the services export
// their spans (here to a recording receiver), and the events' spans hang under the requests
// that caused them; the log lines written meanwhile carry the same trace ids.
import { join } from 'node:path';

import { Subjects } from '@ticketing/common';
import { freePort } from '@ticketing/dev-infra';
import { type Stack, startStack } from '@ticketing/dev-stack';
import {
  eventually,
  type ReceivedSpan,
  runPurchaseJourney,
  startOtlpReceiver,
  UserAgent,
} from '@ticketing/test-kit';

let stack: Stack;
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
const output: string[] = [];

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  stack = await startStack({
    rootDir: join(__dirname, '..', '..', '..'),
    transport: 'jetstream',
    replicas: 1,
    port: await freePort(),
    expirationWindowSeconds: 4,
    client: 'off',
    env: {},
    logLevel: 'info',
    output: (line) => output.push(line),
    extraEnv: {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // Batches go out every 200 ms instead of 5 s.
      OTEL_BSP_SCHEDULE_DELAY: '200',
    },
  });
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

/** The span and its ancestors, nearest first, as far as the receiver has them. */
function lineage(spans: readonly ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] {
  const chain = [span];
  for (let parent = span.parentSpanId; parent;) {
    const found = spans.find((each) => each.spanId === parent);
    if (!found) break;
    chain.push(found);
    parent = found.parentSpanId;
  }
  return chain;
}

const processed = (subject: string, service: string) => (span: ReceivedSpan) =>
  span.name === `${subject} process` && span.service === service;

it('follows an order and its payment across every service, in spans and in log lines', async () => {
  await runPurchaseJourney({
    newUser: () => new UserAgent(stack.url),
    runId: 'traces',
    expiryTimeoutMs: 20_000,
    expect,
  });

  // The paid order: the one whose payment reached orders.
  const paid = await eventually(
    'orders’ span of payment:created',
    async () => receiver.spans().find(processed(Subjects.PaymentCreated, 'orders')),
    (span) => span !== undefined,
  );
  const paymentTrace = receiver.spans().filter((span) => span.traceId === paid?.traceId);
  const paymentRoot = lineage(paymentTrace, paid!).at(-1);
  expect(paymentRoot).toMatchObject({ service: 'payments', parentSpanId: '' });
  expect(paymentRoot?.attributes['http.route']).toBe('/api/payments');

  // The order itself: tickets, payments and expiration each handled its order:created under
  // orders' POST /api/orders.
  const orderId = paid?.attributes['ticketing.order.id'];
  const created = await eventually(
    `every service’s span of order:created for ${String(orderId)}`,
    async () =>
      receiver
        .spans()
        .filter(
          (span) =>
            span.name === `${Subjects.OrderCreated} process` &&
            span.attributes['ticketing.record.id'] === orderId,
        ),
    (spans) => new Set(spans.map((span) => span.service)).size === 3,
  );
  const all = receiver.spans();
  const traceIds = new Set(created.map((span) => span.traceId));
  expect(traceIds.size).toBe(1);
  const [orderTrace] = [...traceIds];
  for (const span of created) {
    const root = lineage(all, span).at(-1);
    expect({
      handledBy: span.service,
      root: root?.service,
      route: root?.attributes['http.route'],
    }).toEqual({ handledBy: span.service, root: 'orders', route: '/api/orders' });
    expect(span.attributes['ticketing.event.outcome']).toBe('applied');
  }
  const servicesInTrace = new Set(
    all.filter((span) => span.traceId === orderTrace).map((span) => span.service),
  );
  expect([...servicesInTrace].sort()).toEqual(['expiration', 'orders', 'payments', 'tickets']);

  // The order's expiry, published by expiration's job long after, joins its trace in payments
  // (which closes the order's payment window on it).
  await eventually(
    'payments’ span of the order’s expiration:complete',
    async () =>
      receiver
        .spans()
        .filter(
          (span) =>
            span.traceId === orderTrace &&
            span.service === 'payments' &&
            span.name === `${Subjects.ExpirationComplete} process`,
        ).length,
    (count) => count === 1,
  );

  // grep for the trace id finds that order's lines in every service that handled it.
  const loggedBy = new Set(
    output
      .filter((line) => line.includes(`"trace_id":"${orderTrace}"`))
      .map((line) => line.split(/\s+/)[0]),
  );
  expect([...loggedBy].sort()).toEqual(
    expect.arrayContaining(['expiration', 'payments', 'tickets']),
  );
});
