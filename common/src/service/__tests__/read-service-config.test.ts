import { ConfigError, readServiceConfig, type Setting, setting } from '..';

const schema = {
  port: setting.integer('PORT', { default: 3000, min: 1, max: 65_535 }),
  redisUrl: setting.url('REDIS_URL', { protocols: ['redis'] }),
};

const STAN = { STAN_URL: 'nats://stan:4222', STAN_CLUSTER_ID: 'ticketing' };

function problemsFor(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    readServiceConfig(env, 'worker', schema);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('readServiceConfig', () => {
  test("gives the schema's values and the event bus's configuration, frozen", () => {
    const config = readServiceConfig(
      { ...STAN, REDIS_URL: 'redis://redis:6379' },
      'worker',
      schema,
    );

    expect(config).toMatchObject({
      port: 3000,
      eventBus: { transport: 'nats-streaming', url: STAN.STAN_URL, clusterId: 'ticketing' },
    });
    expect(config.redisUrl.host).toBe('redis:6379');
    expect(config.eventBus.clientId).toMatch(/^worker-[0-9a-f]{8}$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('reads the JetStream transport from EVENT_BUS and NATS_URL', () => {
    const env = { EVENT_BUS: 'jetstream', NATS_URL: 'nats://nats:4222', REDIS_URL: 'redis://r' };

    expect(readServiceConfig(env, 'worker', schema).eventBus).toMatchObject({
      transport: 'jetstream',
      url: 'nats://nats:4222',
    });
  });

  test("one error names every problem, the schema's first and then the bus's", () => {
    expect(problemsFor({ PORT: 'eighty' })).toStrictEqual([
      'PORT must be an integer from 1 to 65535',
      'REDIS_URL is required',
      'STAN_URL is required (EVENT_BUS=nats-streaming)',
      'STAN_CLUSTER_ID is required (EVENT_BUS=nats-streaming)',
    ]);
  });

  test('names only the bus when only the bus is wrong', () => {
    expect(problemsFor({ REDIS_URL: 'redis://r', EVENT_BUS: 'kafka' })).toStrictEqual([
      'EVENT_BUS must be one of nats-streaming, jetstream',
    ]);
  });

  test('an error that is not about the configuration is not hidden in one', () => {
    const bug = new TypeError('a bug in a setting');
    const broken: Setting<string> = {
      variable: 'BROKEN',
      read: () => {
        throw bug;
      },
    };

    expect(() => readServiceConfig(STAN, 'worker', { broken })).toThrow(bug);
  });
});
