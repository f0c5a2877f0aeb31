import type { Setting } from './settings';

/** A configuration schema: each key of the result, and the variable it is read from. */
export type ConfigSchema = Readonly<Record<string, Setting<unknown>>>;

/** The typed configuration a schema describes. */
export type ConfigOf<Schema extends ConfigSchema> = {
  readonly [Key in keyof Schema]: Schema[Key] extends Setting<infer Value> ? Value : never;
};

/** Thrown by `readConfig`: one message naming every variable that is missing or bad. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads every variable the schema names from `env` and returns the typed configuration,
 * frozen. If any is missing or malformed, throws one `ConfigError` listing them all, so a
 * deployment is fixed in one go. Messages never repeat a value: it may be a secret.
 */
export function readConfig<Schema extends ConfigSchema>(
  env: NodeJS.ProcessEnv,
  schema: Schema,
): ConfigOf<Schema> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, setting] of Object.entries(schema)) {
    const result = setting.read(env[setting.variable]);
    if (result.ok) values[key] = result.value;
    else problems.push(`${setting.variable} ${result.problem}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(values) as ConfigOf<Schema>;
}
