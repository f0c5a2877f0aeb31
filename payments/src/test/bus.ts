import { randomUUID } from 'node:crypto';

import {
  connectEventBus,
  type EventBus,
  eventBusConfigFromEnv,
  type OrderCancelledEvent,
  type OrderCreatedEvent,
  Subjects,
  type Transport,
} from '@ticketing/common';
import { type Infra, startInfra } from '@ticketing/dev-infra';

import { silentLogger } from './app';

export const transports: Transport[] = ['nats-streaming', 'jetstream'];

/** A fresh server for the transport, for this test file alone: the service's queue group is
 * fixed, so a shared server would hand other suites' events to these listeners. */
export const startBusServer = (transport: Transport): Promise<Infra> =>
  startInfra([transport === 'nats-streaming' ? 'stan' : 'nats']);

export const connectTestBus = (transport: Transport, infra: Infra): Promise<EventBus> =>
  connectEventBus({
    ...eventBusConfigFromEnv({ ...infra.env, EVENT_BUS: transport }, 'payments-test'),
    logger: silentLogger,
  });

/** Publishes as orders would; every call is a new delivery (a fresh message id). */
export async function publishOrderCreated(bus: EventBus, data: OrderCreatedEvent['data']) {
  await bus.publish(Subjects.OrderCreated, JSON.stringify(data), { messageId: randomUUID() });
}

export async function publishOrderCancelled(bus: EventBus, data: OrderCancelledEvent['data']) {
  await bus.publish(Subjects.OrderCancelled, JSON.stringify(data), { messageId: randomUUID() });
}
