import { readServiceConfig, serviceSettings, setting } from '@ticketing/common';

const schema = {
  /** Where the jobs live, with credentials if any. */
  redisUrl: setting.url('REDIS_URL', { protocols: ['redis', 'rediss'] }),
  /** Port of /healthz and /readyz (default 3000). */
  port: serviceSettings.port,
  logLevel: serviceSettings.logLevel,
};

/** Reads the environment once at start: REDIS_URL, PORT, LOG_LEVEL, and EVENT_BUS with
 * STAN_URL + STAN_CLUSTER_ID or NATS_URL. Throws one ConfigError naming every missing or
 * malformed variable. */
export const readExpirationConfig = (env: NodeJS.ProcessEnv) =>
  readServiceConfig(env, 'expiration', schema);

export type Config = ReturnType<typeof readExpirationConfig>;
