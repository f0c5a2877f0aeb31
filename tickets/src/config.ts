import { readServiceConfig, serviceSettings } from '@ticketing/common';

/** Everything tickets reads from its environment, the event bus's variables included, checked
 * at once: one `ConfigError` names every missing or bad variable. See README.md for each. */
export const readTicketsConfig = (env: NodeJS.ProcessEnv) =>
  readServiceConfig(env, 'tickets', serviceSettings);

export type TicketsConfig = ReturnType<typeof readTicketsConfig>;
