import {
  ConfigError,
  type EventBusConfig,
  eventBusConfigFromEnv,
  readConfig,
  setting,
} from '@ticketing/common';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const readServiceSettings = (env: NodeJS.ProcessEnv) =>
  readConfig(env, {
    port: setting.integer('PORT', { default: 3000, min: 1, max: 65_535 }),
    mongoUri: setting.string('MONGO_URI', {
      pattern: /^mongodb(\+srv)?:\/\/\S+$/,
      expected: 'a mongodb:// or mongodb+srv:// URI',
    }),
    // RFC 7518 §3.2: an HS256 key must be at least as long as the hash output, 256 bits.
    jwtKey: setting.string('JWT_KEY', { minLength: 32 }),
    trustProxyHops: setting.integer('TRUST_PROXY_HOPS', { default: 1, min: 0, max: 10 }),
    logLevel: setting.oneOf('LOG_LEVEL', LOG_LEVELS, { default: 'info' }),
  });

export type TicketsConfig = ReturnType<typeof readServiceSettings> & {
  readonly eventBus: EventBusConfig;
};

/** The problems in `error`, each one a line of the configuration error. */
const problemsOf = (error: unknown): string[] => {
  if (error instanceof ConfigError) return [...error.problems];
  if (error instanceof Error) return [error.message];
  throw error;
};

/**
 * Everything tickets reads from its environment, the event bus's variables included, checked
 * at once: one `ConfigError` names every missing or bad variable. See README.md for each.
 */
export function readTicketsConfig(env: NodeJS.ProcessEnv): TicketsConfig {
  const problems: string[] = [];
  let settings: ReturnType<typeof readServiceSettings> | undefined;
  let eventBus: EventBusConfig | undefined;
  try {
    settings = readServiceSettings(env);
  } catch (error) {
    problems.push(...problemsOf(error));
  }
  try {
    eventBus = eventBusConfigFromEnv(env, 'tickets');
  } catch (error) {
    problems.push(...problemsOf(error));
  }
  if (!settings || !eventBus) throw new ConfigError(problems);
  return Object.freeze({ ...settings, eventBus });
}
