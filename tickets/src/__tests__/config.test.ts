import { ConfigError } from '@ticketing/common';

import { readTicketsConfig } from '../config';

const REQUIRED = {
  JWT_KEY: 'j'.repeat(32),
  MONGO_URI: 'mongodb://tickets-mongo-srv:27017/tickets',
  STAN_URL: 'nats://nats-srv:4222',
  STAN_CLUSTER_ID: 'ticketing',
};

describe('the tickets configuration', () => {
  test('the database, the JWT key and the bus are required; the rest has defaults', () => {
    expect(readTicketsConfig(REQUIRED)).toStrictEqual({
      port: 3000,
      mongoUri: REQUIRED.MONGO_URI,
      jwtKey: REQUIRED.JWT_KEY,
      trustProxyHops: 1,
      logLevel: 'info',
      eventBus: {
        transport: 'nats-streaming',
        url: 'nats://nats-srv:4222',
        clusterId: 'ticketing',
        clientId: expect.stringMatching(/^tickets-[0-9a-f]{8}$/),
      },
    });
  });

  test('JetStream needs only NATS_URL', () => {
    const { JWT_KEY, MONGO_URI } = REQUIRED;

    const config = readTicketsConfig({
      JWT_KEY,
      MONGO_URI,
      EVENT_BUS: 'jetstream',
      NATS_URL: 'nats://nats-srv:4222',
    });

    expect(config.eventBus).toMatchObject({ transport: 'jetstream', url: 'nats://nats-srv:4222' });
  });

  test('every setting can be given', () => {
    const env = { ...REQUIRED, PORT: '4000', TRUST_PROXY_HOPS: '2', LOG_LEVEL: 'debug' };

    expect(readTicketsConfig(env)).toMatchObject({
      port: 4000,
      trustProxyHops: 2,
      logLevel: 'debug',
    });
  });

  test('an empty environment is refused with one error naming every missing variable', () => {
    expect(() => readTicketsConfig({})).toThrow(
      new ConfigError([
        'MONGO_URI is required',
        'JWT_KEY is required',
        'STAN_URL is required (EVENT_BUS=nats-streaming)',
        'STAN_CLUSTER_ID is required (EVENT_BUS=nats-streaming)',
      ]),
    );
  });

  test.each([
    [
      'a JWT key shorter than 256 bits',
      { JWT_KEY: 'short' },
      'JWT_KEY must be at least 32 characters',
    ],
    ['a MONGO_URI that is not one', { MONGO_URI: 'http://x' }, 'MONGO_URI must be a mongodb://'],
    [
      'an unknown bus',
      { EVENT_BUS: 'kafka' },
      'EVENT_BUS must be one of nats-streaming, jetstream',
    ],
    ['a port out of range', { PORT: '70000' }, 'PORT must be an integer from 1 to 65535'],
  ])('%s is refused', (_name, change, message) => {
    expect(() => readTicketsConfig({ ...REQUIRED, ...change })).toThrow(message);
  });
});
