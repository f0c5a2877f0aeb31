import type { EventBusConfig } from '../events/bus/event-bus-config';
import { eventBusConfigFromEnv } from '../events/bus/event-bus-config';
import { ConfigError, type ConfigOf, type ConfigSchema, readConfig } from './read-config';

export type ServiceConfig<Schema extends ConfigSchema> = ConfigOf<Schema> & {
  readonly eventBus: EventBusConfig;
};

/** Runs one reader, adding what it refused to `problems`. */
function collect<T>(problems: string[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}

/** `readConfig` plus the event bus's variables (`eventBusConfigFromEnv`), checked together:
 * one `ConfigError` names every missing or bad variable of both. */
export function readServiceConfig<Schema extends ConfigSchema>(
  env: NodeJS.ProcessEnv,
  serviceName: string,
  schema: Schema,
): ServiceConfig<Schema> {
  const problems: string[] = [];
  const values = collect(problems, () => readConfig(env, schema));
  const eventBus = collect(problems, () => eventBusConfigFromEnv(env, serviceName));
  if (!values || !eventBus) throw new ConfigError(problems);
  // The spread loses the mapped type's link to Schema; the keys and values are exactly those.
  return Object.freeze({ ...values, eventBus }) as ServiceConfig<Schema>;
}
