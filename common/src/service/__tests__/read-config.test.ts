import { ConfigError, readConfig, setting } from '..';

const schema = {
  port: setting.integer('PORT', { default: 3000, min: 1, max: 65_535 }),
  jwtKey: setting.string('JWT_KEY', { minLength: 32 }),
  mongoUri: setting.string('MONGO_URI', {
    pattern: /^mongodb(\+srv)?:\/\/\S+$/,
    expected: 'a mongodb:// URI',
  }),
  cookieSecure: setting.boolean('COOKIE_SECURE', { default: true }),
  jwtTtlSeconds: setting.seconds('JWT_TTL', { default: 3_600 }),
  logLevel: setting.oneOf('LOG_LEVEL', ['info', 'debug'], { default: 'info' }),
};

const KEY = 'k'.repeat(32);
const validEnv = { JWT_KEY: KEY, MONGO_URI: 'mongodb://db:27017/auth' };

function problemsFor(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    readConfig(env, schema);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('readConfig', () => {
  test('a complete environment gives typed values, with defaults for what is unset', () => {
    const config = readConfig(validEnv, schema);

    expect(config).toStrictEqual({
      port: 3000,
      jwtKey: KEY,
      mongoUri: 'mongodb://db:27017/auth',
      cookieSecure: true,
      jwtTtlSeconds: 3_600,
      logLevel: 'info',
    });
  });

  test('the configuration cannot be changed after it is read', () => {
    const config = readConfig(validEnv, schema);

    expect(Object.isFrozen(config)).toBe(true);
  });

  test('set variables override the defaults and surrounding spaces are ignored', () => {
    const env = {
      ...validEnv,
      PORT: ' 8080 ',
      COOKIE_SECURE: 'false',
      JWT_TTL: '15m',
      LOG_LEVEL: 'debug',
    };

    const config = readConfig(env, schema);

    expect(config).toMatchObject({
      port: 8080,
      cookieSecure: false,
      jwtTtlSeconds: 900,
      logLevel: 'debug',
    });
  });

  test('one error names every missing and every malformed variable', () => {
    const env = { PORT: 'eighty', COOKIE_SECURE: 'maybe', JWT_TTL: '5 weeks', LOG_LEVEL: 'loud' };

    expect(problemsFor(env)).toStrictEqual([
      'PORT must be an integer from 1 to 65535',
      'JWT_KEY is required',
      'MONGO_URI is required',
      'COOKIE_SECURE must be true or false',
      'JWT_TTL must be a duration from 1 to 9007199254740991 seconds (e.g. 900, 15m, 12h, 7d)',
      'LOG_LEVEL must be one of info, debug',
    ]);
  });

  test('the error message lists the problems but never repeats a value', () => {
    const secret = 'too-short-secret';

    expect(() => readConfig({ ...validEnv, JWT_KEY: secret }, schema)).toThrow(
      new ConfigError(['JWT_KEY must be at least 32 characters']),
    );
    expect(() => readConfig({ ...validEnv, JWT_KEY: secret }, schema)).not.toThrow(secret);
  });

  test('a blank variable counts as missing', () => {
    expect(problemsFor({ ...validEnv, JWT_KEY: '   ' })).toStrictEqual(['JWT_KEY is required']);
  });

  test('a value that does not match its pattern is refused with what was expected', () => {
    expect(problemsFor({ ...validEnv, MONGO_URI: 'http://db' })).toStrictEqual([
      'MONGO_URI must be a mongodb:// URI',
    ]);
  });

  test.each([
    ['0', 'out of range'],
    ['65536', 'out of range'],
    ['3000.5', 'not whole'],
    ['1e3', 'in exponent form'],
  ])('a port of %s is refused (%s)', (port) => {
    expect(problemsFor({ ...validEnv, PORT: port })).toStrictEqual([
      'PORT must be an integer from 1 to 65535',
    ]);
  });

  test.each([
    ['900', 900],
    ['45s', 45],
    ['15m', 900],
    ['12h', 43_200],
    ['7d', 604_800],
  ])('a duration written %s is %i seconds', (text, expected) => {
    expect(readConfig({ ...validEnv, JWT_TTL: text }, schema).jwtTtlSeconds).toBe(expected);
  });

  test('text that is not a duration is refused even where zero seconds is allowed', () => {
    const schemaWithZero = { grace: setting.seconds('GRACE', { min: 0 }) };

    expect(readConfig({ GRACE: '0' }, schemaWithZero).grace).toBe(0);
    expect(() => readConfig({ GRACE: 'soon' }, schemaWithZero)).toThrow('GRACE must be a duration');
  });

  test.each([
    ['1', true],
    ['TRUE', true],
    ['0', false],
    ['False', false],
  ])('a boolean written %s is %s', (text, expected) => {
    expect(readConfig({ ...validEnv, COOKIE_SECURE: text }, schema).cookieSecure).toBe(expected);
  });
});
