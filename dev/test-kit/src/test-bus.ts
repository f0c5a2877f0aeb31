import {
  connectEventBus,
  type EventBus,
  eventBusConfigFromEnv,
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
