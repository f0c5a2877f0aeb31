/** Reading one variable gives its value, or what is wrong with it (said after its name). */
export type SettingResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** How one environment variable becomes one typed value of a service's configuration. */
export interface Setting<T> {
  readonly variable: string;
  read(raw: string | undefined): SettingResult<T>;
}

interface DefaultOption<T> {
  /** Used when the variable is unset or blank; without it the variable is required. */
  default?: T;
}

export interface StringOptions extends DefaultOption<string> {
  minLength?: number;
  /** The whole value must match; `expected` says what that means, for the error message. */
  pattern?: RegExp;
  expected?: string;
}

export interface IntegerOptions extends DefaultOption<number> {
  min?: number;
  max?: number;
}

const valid = <T>(value: T): SettingResult<T> => ({ ok: true, value });
const invalid = <T>(problem: string): SettingResult<T> => ({ ok: false, problem });

function define<T>(
  variable: string,
  fallback: T | undefined,
  parse: (text: string) => SettingResult<T>,
): Setting<T> {
  return {
    variable,
    read(raw) {
      const text = raw?.trim();
      if (text) return parse(text);
      return fallback === undefined ? invalid('is required') : valid(fallback);
    },
  };
}

function string(variable: string, options: StringOptions = {}): Setting<string> {
  const { minLength = 1, pattern, expected } = options;
  return define(variable, options.default, (text) => {
    if (text.length < minLength) return invalid(`must be at least ${minLength} characters`);
    if (pattern && !pattern.test(text)) return invalid(`must be ${expected ?? `like ${pattern}`}`);
    return valid(text);
  });
}

function integer(variable: string, options: IntegerOptions = {}): Setting<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  return define(variable, options.default, (text) => {
    const value = /^-?\d+$/.test(text) ? Number(text) : NaN;
    return Number.isSafeInteger(value) && value >= min && value <= max
      ? valid(value)
      : invalid(`must be an integer from ${min} to ${max}`);
  });
}

const BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true,
  '1': true,
  false: false,
  '0': false,
};

function boolean(variable: string, options: DefaultOption<boolean> = {}): Setting<boolean> {
  return define(variable, options.default, (text) => {
    const value = BOOLEANS[text.toLowerCase()];
    return value === undefined ? invalid('must be true or false') : valid(value);
  });
}

const SECONDS_PER_UNIT: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3_600, d: 86_400 };

/** A duration in whole seconds, written `900`, `900s`, `15m`, `12h` or `7d`. */
function seconds(variable: string, options: IntegerOptions = {}): Setting<number> {
  const { min = 1, max = Number.MAX_SAFE_INTEGER } = options;
  return define(variable, options.default, (text) => {
    const [, amount, unit] = /^(\d+)([smhd]?)$/.exec(text) ?? [];
    const value = Number(amount) * (SECONDS_PER_UNIT[unit || 's'] ?? NaN);
    return amount !== undefined && Number.isSafeInteger(value) && value >= min && value <= max
      ? valid(value)
      : invalid(`must be a duration from ${min} to ${max} seconds (e.g. 900, 15m, 12h, 7d)`);
  });
}

function oneOf<const Value extends string>(
  variable: string,
  values: readonly Value[],
  options: DefaultOption<Value> = {},
): Setting<Value> {
  return define(variable, options.default, (text) =>
    (values as readonly string[]).includes(text)
      ? valid(text as Value)
      : invalid(`must be one of ${values.join(', ')}`),
  );
}

export interface UrlOptions extends DefaultOption<string> {
  /** Accepted schemes, without the colon (default http, https). */
  protocols?: readonly string[];
  /** Scheme, host and port only: no path, query, fragment or credentials. For a base that a
   * client adds its own paths to, where a path given here would be silently dropped. */
  originOnly?: boolean;
}

const isOrigin = (value: URL): boolean =>
  value.pathname === '/' && !value.search && !value.hash && !value.username && !value.password;

/** "an http:// or https:// URL", "a redis:// or rediss:// URL". */
function describeUrl(protocols: readonly string[]): string {
  const schemes = protocols.map((protocol) => `${protocol}://`).join(' or ');
  return `${/^[aeiouh]/i.test(schemes) ? 'an' : 'a'} ${schemes} URL`;
}

function url(variable: string, options: UrlOptions = {}): Setting<URL> {
  const { protocols = ['http', 'https'], originOnly = false } = options;
  const expected = `must be ${describeUrl(protocols)}${originOnly ? ' without a path' : ''}`;
  const parse = (text: string): SettingResult<URL> => {
    const value = URL.canParse(text) ? new URL(text) : undefined;
    const accepted =
      value !== undefined &&
      protocols.includes(value.protocol.slice(0, -1)) &&
      (!originOnly || isOrigin(value));
    return accepted ? valid(value) : invalid(expected);
  };
  const fallback = options.default === undefined ? undefined : new URL(options.default);
  return define(variable, fallback, parse);
}

/** The kinds of value a service's configuration is made of; see `readConfig`. */
export const setting = { string, integer, boolean, seconds, oneOf, url };

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The settings every HTTP service reads the same way; a service's schema spreads those it
 * uses: `readConfig(env, { ...serviceSettings, stripeKey: setting.string('STRIPE_KEY') })`. */
export const serviceSettings = {
  port: setting.integer('PORT', { default: 3000, min: 1, max: 65_535 }),
  mongoUri: setting.string('MONGO_URI', {
    pattern: /^mongodb(\+srv)?:\/\/\S+$/,
    expected: 'a mongodb:// or mongodb+srv:// URI',
  }),
  // RFC 7518 §3.2: an HS256 key must be at least as long as the hash output, 256 bits.
  jwtKey: setting.string('JWT_KEY', { minLength: 32 }),
  /** Proxies in front of the service (the ingress: 1); see Express's `trust proxy`. */
  trustProxyHops: setting.integer('TRUST_PROXY_HOPS', { default: 1, min: 0, max: 10 }),
  logLevel: setting.oneOf('LOG_LEVEL', LOG_LEVELS, { default: 'info' }),
} as const;
