import { ConfigError, readConfig, serviceSettings, setting } from '..';

function problemsFor(env: NodeJS.ProcessEnv, schema: Parameters<typeof readConfig>[1]) {
  try {
    readConfig(env, schema);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('setting.url', () => {
  const schema = { api: setting.url('API_URL') };

  test('an http or https URL is read as a URL', () => {
    const { api } = readConfig({ API_URL: ' https://api.example.com:8443/v1 ' }, schema);

    expect(api).toBeInstanceOf(URL);
    expect(api.href).toBe('https://api.example.com:8443/v1');
  });

  test.each(['ftp://files.example.com', 'api.example.com', 'not a url'])(
    '%s is refused, naming the schemes accepted',
    (text) => {
      expect(problemsFor({ API_URL: text }, schema)).toStrictEqual([
        'API_URL must be an http:// or https:// URL',
      ]);
    },
  );

  test('other schemes can be required instead', () => {
    const redis = { redis: setting.url('REDIS_URL', { protocols: ['redis', 'rediss'] }) };

    expect(readConfig({ REDIS_URL: 'rediss://redis:6380/2' }, redis).redis.port).toBe('6380');
    expect(problemsFor({ REDIS_URL: 'http://redis:6379' }, redis)).toStrictEqual([
      'REDIS_URL must be a redis:// or rediss:// URL',
    ]);
  });

  test('without the variable it is required, unless there is a default', () => {
    const withDefault = { api: setting.url('API_URL', { default: 'https://api.example.com' }) };

    expect(problemsFor({}, schema)).toStrictEqual(['API_URL is required']);
    expect(readConfig({ API_URL: '  ' }, withDefault).api.href).toBe('https://api.example.com/');
  });

  test.each([
    ['a path', 'http://stripe-mock:12111/v1'],
    ['a query', 'http://stripe-mock:12111/?x=1'],
    ['credentials', 'http://user:secret@stripe-mock:12111'],
  ])('an origin-only URL with %s is refused, never repeating the value', (_what, text) => {
    const base = { base: setting.url('API_BASE', { originOnly: true }) };

    const problems = problemsFor({ API_BASE: text }, base);

    expect(problems).toStrictEqual(['API_BASE must be an http:// or https:// URL without a path']);
    expect(problems.join()).not.toContain('secret');
  });

  test('an origin-only URL may end with a slash', () => {
    const base = { base: setting.url('API_BASE', { originOnly: true }) };

    expect(readConfig({ API_BASE: 'http://127.0.0.1:12111/' }, base).base.port).toBe('12111');
  });
});

describe('serviceSettings', () => {
  const KEY = 'k'.repeat(32);

  test('needs only MONGO_URI and JWT_KEY; the rest has the defaults every service uses', () => {
    const config = readConfig({ MONGO_URI: 'mongodb://db:27017/x', JWT_KEY: KEY }, serviceSettings);

    expect(config).toStrictEqual({
      port: 3000,
      mongoUri: 'mongodb://db:27017/x',
      jwtKey: KEY,
      trustProxyHops: 1,
      logLevel: 'info',
    });
  });

  test('names every missing and malformed variable in one error', () => {
    const env = { PORT: '0', JWT_KEY: 'short', TRUST_PROXY_HOPS: '11', LOG_LEVEL: 'loud' };

    expect(problemsFor(env, serviceSettings)).toStrictEqual([
      'PORT must be an integer from 1 to 65535',
      'MONGO_URI is required',
      'JWT_KEY must be at least 32 characters',
      'TRUST_PROXY_HOPS must be an integer from 0 to 10',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  test('a service spreads them into its own schema', () => {
    const schema = { ...serviceSettings, cookieSecure: setting.boolean('COOKIE_SECURE') };

    const config = readConfig(
      { MONGO_URI: 'mongodb+srv://cluster/x', JWT_KEY: KEY, COOKIE_SECURE: 'false' },
      schema,
    );

    expect(config).toMatchObject({ mongoUri: 'mongodb+srv://cluster/x', cookieSecure: false });
  });
});
