import { randomUUID } from 'node:crypto';

import {
  connectEventBus,
  type EventBus,
  eventBusConfigFromEnv,
  type OrderCreatedEvent,
  Publisher,
  Subjects,
  type Transport,
} from '@ticketing/common';
import { type Logger, pino } from 'pino';

export const transports: Transport[] = ['nats-streaming', 'jetstream'];

/** The variables that point the service (or a test's own connection) at one transport. */
export const busEnv = (transport: Transport, servers: Record<string, string>) => ({
  EVENT_BUS: transport,
  STAN_URL: servers.STAN_URL ?? '',
  STAN_CLUSTER_ID: servers.STAN_CLUSTER_ID ?? '',
  NATS_URL: servers.NATS_URL ?? '',
});

export const connectTestBus = (
  transport: Transport,
  servers: Record<string, string>,
  logger: Logger = pino({ level: 'silent' }),
): Promise<EventBus> =>
  connectEventBus({
    ...eventBusConfigFromEnv(busEnv(transport, servers), 'expiration-test'),
    logger,
  });

/** What orders would publish; the tests play the orders service. */
class OrderCreatedPublisher extends Publisher<OrderCreatedEvent> {
  readonly subject = Subjects.OrderCreated;
}

/** Publishes one delivery of the event (a fresh message id each time, so a second call is a
 * second delivery even on JetStream). */
export const publishOrderCreated = (bus: EventBus, data: OrderCreatedEvent['data']) =>
  new OrderCreatedPublisher(bus).publish(data);

export interface Announcement {
  orderId: string;
  receivedAt: number;
}

/** Every expiration:complete on the bus from now on, as the orders service would see it
 * (a queue group of its own, so it gets them all). */
export async function recordAnnouncements(bus: EventBus) {
  const received: Announcement[] = [];
  await bus.subscribe({
    subject: Subjects.ExpirationComplete,
    queueGroup: `test-${randomUUID()}`,
    ackWaitMs: 5_000,
    handler: async (message) => {
      const { orderId } = JSON.parse(Buffer.from(message.data).toString()) as { orderId: string };
      received.push({ orderId, receivedAt: Date.now() });
      message.ack();
    },
  });
  return { of: (orderId: string) => received.filter((event) => event.orderId === orderId) };
}
