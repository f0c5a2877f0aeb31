import { randomUUID } from 'node:crypto';

import type { EventBus, EventMap, Subjects } from '@ticketing/common';
import { type Infra, startInfra } from '@ticketing/dev-infra';

/**
 * Fresh NATS Streaming and JetStream servers for one test file. They are started even when the
 * environment names some: the queue group is fixed (`orders-service`) and other suites publish
 * on the same subjects, so shared servers would hand their events to these listeners.
 */
export const startBusServers = (): Promise<Infra> => startInfra(['stan', 'nats']);

/** One delivery of an event, with a fresh message id (a second call is a second delivery). */
export const publishEvent = <S extends Subjects>(bus: EventBus, subject: S, data: EventMap[S]) =>
  bus.publish(subject, JSON.stringify(data), { messageId: randomUUID() });

/** Every event published on `subject` from now on, as another service would receive it. */
export async function recordEvents<S extends Subjects>(
  bus: EventBus,
  subject: S,
): Promise<EventMap[S][]> {
  const received: EventMap[S][] = [];
  await bus.subscribe({
    subject,
    queueGroup: `test-${randomUUID()}`,
    ackWaitMs: 5_000,
    handler: async (message) => {
      received.push(JSON.parse(Buffer.from(message.data).toString()) as EventMap[S]);
      message.ack();
    },
  });
  return received;
}
