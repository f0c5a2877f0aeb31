import { randomBytes } from 'node:crypto';

import type { Logger } from 'pino';

import { ConfigError } from '../../service/read-config';
import type { Transport } from './event-bus';
import type { JetStreamOptions } from './jetstream-bus';
import type { NatsStreamingOptions } from './nats-streaming-bus';

export interface RetryOptions {
  /** Connection attempts before giving up (default 10). */
  connectAttempts?: number;
  /** Delay before the second attempt, doubled each time up to 5 s (default 500). */
  retryDelayMs?: number;
}

type ConfigFor<Options, Name extends Transport> = Omit<Options, 'logger'> &
  RetryOptions & { transport: Name; logger?: Logger };

/** Everything `connectEventBus` needs; `transport` picks the implementation. */
export type EventBusConfig =
  ConfigFor<NatsStreamingOptions, 'nats-streaming'> | ConfigFor<JetStreamOptions, 'jetstream'>;

/** A client id unique to this process: replicas of one service must not share one. */
export const uniqueClientId = (serviceName: string): string =>
  `${serviceName}-${randomBytes(4).toString('hex')}`;

function read<Key extends string>(
  env: NodeJS.ProcessEnv,
  transport: Transport,
  keys: Key[],
): Record<Key, string> {
  const values = {} as Record<Key, string>;
  const missing = keys.filter((key) => {
    const value = env[key]?.trim();
    if (value) values[key] = value;
    return !value;
  });
  if (missing.length > 0) {
    throw new ConfigError(missing.map((key) => `${key} is required (EVENT_BUS=${transport})`));
  }
  return values;
}

/** Reads EVENT_BUS (`nats-streaming`, the default, or `jetstream`) and what that transport
 * needs: STAN_URL and STAN_CLUSTER_ID, or NATS_URL. Throws one `ConfigError` naming every
 * missing or bad variable. The client id is `<serviceName>-<random>`, unique per process. */
export function eventBusConfigFromEnv(env: NodeJS.ProcessEnv, serviceName: string): EventBusConfig {
  const transport = env.EVENT_BUS?.trim() || 'nats-streaming';
  const clientId = uniqueClientId(serviceName);
  if (transport === 'nats-streaming') {
    const { STAN_URL, STAN_CLUSTER_ID } = read(env, transport, ['STAN_URL', 'STAN_CLUSTER_ID']);
    return { transport, url: STAN_URL, clusterId: STAN_CLUSTER_ID, clientId };
  }
  if (transport === 'jetstream') {
    return { transport, url: read(env, transport, ['NATS_URL']).NATS_URL, clientId };
  }
  throw new ConfigError([`EVENT_BUS must be one of nats-streaming, jetstream`]);
}
