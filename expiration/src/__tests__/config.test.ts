import { ConfigError } from '@ticketing/common';

import { readExpirationConfig } from '../config';

const complete = {
  REDIS_URL: 'redis://expiration-redis-srv:6379',
  EVENT_BUS: 'nats-streaming',
  STAN_URL: 'nats://nats-srv:4222',
  STAN_CLUSTER_ID: 'ticketing',
};

const problemsOf = (env: NodeJS.ProcessEnv): readonly string[] => {
  try {
    readExpirationConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('reading the configuration', () => {
  it('reads a complete NATS Streaming configuration, with defaults for the rest', () => {
    const config = readExpirationConfig(complete);

    expect(config.redisUrl.href).toBe('redis://expiration-redis-srv:6379');
    expect(config).toMatchObject({
      port: 3000,
      logLevel: 'info',
      eventBus: {
        transport: 'nats-streaming',
        url: 'nats://nats-srv:4222',
        clusterId: 'ticketing',
      },
    });
    expect(config.eventBus.clientId).toMatch(/^expiration-/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads a JetStream configuration from NATS_URL', () => {
    const config = readExpirationConfig({
      REDIS_URL: 'rediss://user:secret@redis.example:6380/2',
      EVENT_BUS: 'jetstream',
      NATS_URL: 'nats://nats-srv:4222',
    });

    expect(config.eventBus).toMatchObject({ transport: 'jetstream', url: 'nats://nats-srv:4222' });
  });

  it('names every missing variable in one error', () => {
    const problems = problemsOf({});

    expect(problems).toEqual([
      expect.stringMatching(/^REDIS_URL /),
      expect.stringMatching(/^STAN_URL /),
      expect.stringMatching(/^STAN_CLUSTER_ID /),
    ]);
  });

  it('names every malformed variable in one error, without repeating a value', () => {
    const problems = problemsOf({
      ...complete,
      REDIS_URL: 'http://user:secret@redis:6379',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
    });

    expect(problems).toEqual([
      expect.stringMatching(/^REDIS_URL .*redis/),
      expect.stringMatching(/^PORT /),
      expect.stringMatching(/^LOG_LEVEL /),
    ]);
    expect(problems.join(' ')).not.toMatch(/secret/);
  });

  it('refuses an unknown transport', () => {
    expect(problemsOf({ ...complete, EVENT_BUS: 'kafka' })).toEqual([
      expect.stringMatching(/EVENT_BUS/),
    ]);
  });
});
