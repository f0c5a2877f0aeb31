import {
  MAX_ORDER_HOLD_SECONDS,
  readServiceConfig,
  serviceSettings,
  setting,
} from '@ticketing/common';

/** Everything orders reads from its environment, the event bus included, checked at once: one
 * `ConfigError` names every missing or bad variable. See README.md for each. */
export const readOrdersConfig = (env: NodeJS.ProcessEnv) =>
  readServiceConfig(env, 'orders', {
    ...serviceSettings,
    // At most 12 h: tickets' memory of cancellations allows for no longer a hold (common's
    // order-created-horizon.ts).
    expirationWindowSeconds: setting.seconds('EXPIRATION_WINDOW_SECONDS', {
      default: 900,
      max: MAX_ORDER_HOLD_SECONDS,
    }),
    lapsedOrderGraceSeconds: setting.seconds('LAPSED_ORDER_GRACE_SECONDS', { default: 300 }),
    // Nobody can hold the whole market: unpaid orders per buyer, and orders per buyer per window.
    maxActiveOrders: setting.integer('MAX_ACTIVE_ORDERS', { default: 10, min: 1 }),
    orderRateLimitMax: setting.integer('ORDER_RATE_LIMIT_MAX', { default: 30, min: 1 }),
    orderRateLimitWindowSeconds: setting.seconds('ORDER_RATE_LIMIT_WINDOW', { default: 60 }),
  });

export type OrdersConfig = ReturnType<typeof readOrdersConfig>;
