import { readServiceConfig, serviceSettings, setting } from '@ticketing/common';

/** Everything payments reads from its environment, checked at once: one `ConfigError` names
 * every missing or bad variable, the event bus's included. See README.md for each. */
export const readPaymentsConfig = (env: NodeJS.ProcessEnv) =>
  readServiceConfig(env, 'payments', {
    ...serviceSettings,
    stripeKey: setting.string('STRIPE_KEY', {
      pattern: /^(sk|rk)_\S+$/,
      expected: 'a Stripe secret or restricted key (sk_... or rk_...)',
    }),
    // The SDK takes only a protocol, host and port: a path given here would be dropped.
    stripeApiBase: setting.url('STRIPE_API_BASE', {
      default: 'https://api.stripe.com',
      originOnly: true,
    }),
    stripeTimeoutSeconds: setting.seconds('STRIPE_TIMEOUT', { default: 20, max: 80 }),
    // Unset: Stripe's events are refused with 503 (Stripe keeps them and delivers them again).
    stripeWebhookSecret: setting.string('STRIPE_WEBHOOK_SECRET', {
      default: '',
      pattern: /^whsec_\S+$/,
      expected: 'a webhook signing secret (whsec_...)',
    }),
    cookieSecure: setting.boolean('COOKIE_SECURE', { default: true }),
  });

export type PaymentsConfig = ReturnType<typeof readPaymentsConfig>;
