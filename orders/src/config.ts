import { readServiceConfig, serviceSettings, setting } from '@ticketing/common';

/** Everything orders reads from its environment, the event bus included, checked at once: one
 * `ConfigError` names every missing or bad variable. See README.md for each. */
export const readOrdersConfig = (env: NodeJS.ProcessEnv) =>
  readServiceConfig(env, 'orders', {
    ...serviceSettings,
    expirationWindowSeconds: setting.seconds('EXPIRATION_WINDOW_SECONDS', { default: 900 }),
  });

export type OrdersConfig = ReturnType<typeof readOrdersConfig>;
