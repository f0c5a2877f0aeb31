import {
  ConfigError,
  type ConfigOf,
  type EventBusConfig,
  eventBusConfigFromEnv,
  readConfig,
  type Setting,
  setting,
} from '@ticketing/common';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Where the Stripe SDK sends its requests: the real API unless pointed at stripe-mock. */
const stripeApiBase: Setting<URL> = {
  variable: 'STRIPE_API_BASE',
  read(raw) {
    const text = raw?.trim() || 'https://api.stripe.com';
    const url = URL.canParse(text) ? new URL(text) : undefined;
    const isBase =
      url !== undefined &&
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.pathname === '/' &&
      !url.search &&
      !url.username;
    return isBase
      ? { ok: true, value: url }
      : { ok: false, problem: 'must be an http:// or https:// URL without a path' };
  },
};

const schema = {
  port: setting.integer('PORT', { default: 3000, min: 1, max: 65_535 }),
  mongoUri: setting.string('MONGO_URI', {
    pattern: /^mongodb(\+srv)?:\/\/\S+$/,
    expected: 'a mongodb:// or mongodb+srv:// URI',
  }),
  // RFC 7518 §3.2: an HS256 key must be at least as long as the hash output, 256 bits.
  jwtKey: setting.string('JWT_KEY', { minLength: 32 }),
  stripeKey: setting.string('STRIPE_KEY', {
    pattern: /^(sk|rk)_\S+$/,
    expected: 'a Stripe secret or restricted key (sk_... or rk_...)',
  }),
  stripeApiBase,
  stripeTimeoutSeconds: setting.seconds('STRIPE_TIMEOUT', { default: 20, max: 80 }),
  cookieSecure: setting.boolean('COOKIE_SECURE', { default: true }),
  trustProxyHops: setting.integer('TRUST_PROXY_HOPS', { default: 1, min: 0, max: 10 }),
  logLevel: setting.oneOf('LOG_LEVEL', LOG_LEVELS, { default: 'info' }),
};

export type PaymentsConfig = ConfigOf<typeof schema> & {
  readonly eventBus: EventBusConfig;
};

/** Everything payments reads from its environment, checked at once: one `ConfigError` names
 * every missing or bad variable, the event bus's included. See README.md for each. */
export function readPaymentsConfig(env: NodeJS.ProcessEnv): PaymentsConfig {
  const problems: string[] = [];
  let settings: ConfigOf<typeof schema> | undefined;
  let eventBus: EventBusConfig | undefined;
  try {
    settings = readConfig(env, schema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  try {
    eventBus = eventBusConfigFromEnv(env, 'payments');
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (!settings || !eventBus) throw new ConfigError(problems);
  return Object.freeze({ ...settings, eventBus });
}
