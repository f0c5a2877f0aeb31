import { ConfigError, eventBusConfigFromEnv, readConfig, setting } from '@ticketing/common';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const settings = {
  port: setting.integer('PORT', { default: 3000, min: 1, max: 65_535 }),
  mongoUri: setting.string('MONGO_URI', {
    pattern: /^mongodb(\+srv)?:\/\/\S+$/,
    expected: 'a mongodb:// or mongodb+srv:// URI',
  }),
  // RFC 7518 §3.2: an HS256 key must be at least as long as the hash output, 256 bits.
  jwtKey: setting.string('JWT_KEY', { minLength: 32 }),
  trustProxyHops: setting.integer('TRUST_PROXY_HOPS', { default: 1, min: 0, max: 10 }),
  expirationWindowSeconds: setting.seconds('EXPIRATION_WINDOW_SECONDS', { default: 900 }),
  logLevel: setting.oneOf('LOG_LEVEL', LOG_LEVELS, { default: 'info' }),
};

/** Runs `read`, or adds what it refused to `problems`. */
function collecting<T>(problems: string[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError) problems.push(...error.problems);
    else problems.push(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

/** Everything orders reads from its environment, the event bus included, checked at once: one
 * `ConfigError` names every missing or bad variable. See README.md for each. */
export function readOrdersConfig(env: NodeJS.ProcessEnv) {
  const problems: string[] = [];
  const values = collecting(problems, () => readConfig(env, settings));
  const eventBus = collecting(problems, () => eventBusConfigFromEnv(env, 'orders'));
  if (!values || !eventBus) throw new ConfigError(problems);
  return Object.freeze({ ...values, eventBus });
}

export type OrdersConfig = ReturnType<typeof readOrdersConfig>;
