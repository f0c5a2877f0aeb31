import { randomUUID } from 'node:crypto';

import {
  connectEventBus,
  type EventBus,
  eventBusConfigFromEnv,
  type EventMap,
  type Subjects,
  type Transport,
} from '@ticketing/common';
import type { Infra } from '@ticketing/dev-infra';
import { type Logger, pino } from 'pino';

/** Both real transports, for `describe.each(transports)`. */
export const transports: readonly Transport[] = ['nats-streaming', 'jetstream'];

/**
 * Connects to `transport` on servers started by `startInfra` (`['stan']`, `['nats']` or both),
 * as a service connects: from environment variables, with a client id of its own and retries.
 */
export const connectTestBus = (
  transport: Transport,
  servers: Pick<Infra, 'env'>,
  logger: Logger = pino({ level: 'silent' }),
): Promise<EventBus> =>
  connectEventBus({
    ...eventBusConfigFromEnv({ ...servers.env, EVENT_BUS: transport }, 'test'),
    logger,
  });

/** One delivery of an event, as another service would publish it, with a fresh message id (a
 * second call is a second delivery). */
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
