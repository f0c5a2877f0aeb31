import { ConfigError } from '@ticketing/common';

import { readOrdersConfig } from '../config';

const REQUIRED = {
  JWT_KEY: 'j'.repeat(32),
  MONGO_URI: 'mongodb://orders-mongo-srv:27017/orders',
  STAN_URL: 'nats://nats-srv:4222',
  STAN_CLUSTER_ID: 'ticketing',
};

describe('the orders configuration', () => {
  test('the database, the JWT key and the bus are required; the rest has defaults', () => {
    const config = readOrdersConfig(REQUIRED);

    expect(config).toStrictEqual({
      port: 3000,
      mongoUri: REQUIRED.MONGO_URI,
      jwtKey: REQUIRED.JWT_KEY,
      trustProxyHops: 1,
      expirationWindowSeconds: 900,
      lapsedOrderGraceSeconds: 300,
      maxActiveOrders: 10,
      orderRateLimitMax: 30,
      orderRateLimitWindowSeconds: 60,
      logLevel: 'info',
      eventBus: {
        transport: 'nats-streaming',
        url: REQUIRED.STAN_URL,
        clusterId: 'ticketing',
        clientId: expect.stringMatching(/^orders-[0-9a-f]+$/),
      },
    });
  });

  test('the expiration window, the port and JetStream can be chosen', () => {
    const env = {
      ...REQUIRED,
      EXPIRATION_WINDOW_SECONDS: '60',
      PORT: '4000',
      EVENT_BUS: 'jetstream',
      NATS_URL: 'nats://nats-srv:4222',
    };

    expect(readOrdersConfig(env)).toMatchObject({
      expirationWindowSeconds: 60,
      port: 4000,
      eventBus: { transport: 'jetstream', url: 'nats://nats-srv:4222' },
    });
  });

  test('an empty environment is refused with one error naming every missing variable', () => {
    const read = () => readOrdersConfig({});

    expect(read).toThrow(ConfigError);
    expect(read).toThrow(
      /MONGO_URI is required.*JWT_KEY is required.*STAN_URL is required.*STAN_CLUSTER_ID is required/,
    );
  });

  test('a malformed expiration window is refused by name', () => {
    expect(() => readOrdersConfig({ ...REQUIRED, EXPIRATION_WINDOW_SECONDS: 'soon' })).toThrow(
      /EXPIRATION_WINDOW_SECONDS must be a duration/,
    );
  });

  test('a hold longer than 12 hours is refused: tickets remembers cancellations for no longer', () => {
    expect(readOrdersConfig({ ...REQUIRED, EXPIRATION_WINDOW_SECONDS: '12h' })).toMatchObject({
      expirationWindowSeconds: 43_200,
    });
    expect(() => readOrdersConfig({ ...REQUIRED, EXPIRATION_WINDOW_SECONDS: '13h' })).toThrow(
      /EXPIRATION_WINDOW_SECONDS must be a duration from 1 to 43200 seconds/,
    );
  });

  test('the cap on unpaid orders and the rate per buyer can be chosen, and must be whole', () => {
    const env = {
      ...REQUIRED,
      MAX_ACTIVE_ORDERS: '3',
      ORDER_RATE_LIMIT_MAX: '5',
      ORDER_RATE_LIMIT_WINDOW: '2m',
    };

    expect(readOrdersConfig(env)).toMatchObject({
      maxActiveOrders: 3,
      orderRateLimitMax: 5,
      orderRateLimitWindowSeconds: 120,
    });
    expect(() => readOrdersConfig({ ...REQUIRED, MAX_ACTIVE_ORDERS: '0' })).toThrow(
      /MAX_ACTIVE_ORDERS must be an integer from 1/,
    );
  });
});
