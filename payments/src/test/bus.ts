import { randomUUID } from 'node:crypto';

import {
  type EventBus,
  type OrderCancelledEvent,
  type OrderCreatedEvent,
  Subjects,
  type Transport,
} from '@ticketing/common';
import { type Infra, startInfra } from '@ticketing/dev-infra';

/** A fresh server for the transport, for this test file alone: the service's queue group is
 * fixed, so a shared server would hand other suites' events to these listeners. */
export const startBusServer = (transport: Transport): Promise<Infra> =>
  startInfra([transport === 'nats-streaming' ? 'stan' : 'nats']);

/** Publishes as orders would; every call is a new delivery (a fresh message id). */
export async function publishOrderCreated(bus: EventBus, data: OrderCreatedEvent['data']) {
  await bus.publish(Subjects.OrderCreated, JSON.stringify(data), { messageId: randomUUID() });
}

export async function publishOrderCancelled(bus: EventBus, data: OrderCancelledEvent['data']) {
  await bus.publish(Subjects.OrderCancelled, JSON.stringify(data), { messageId: randomUUID() });
}
