import { ConfigError } from '@ticketing/common';

import { readPaymentsConfig } from '../config';

const REQUIRED = {
  MONGO_URI: 'mongodb://payments-mongo-srv:27017/payments',
  JWT_KEY: 'j'.repeat(32),
  STRIPE_KEY: 'sk_test_123',
  STAN_URL: 'nats://nats-srv:4222',
  STAN_CLUSTER_ID: 'ticketing',
};

describe('the payments configuration', () => {
  test('the database, the keys and the bus are required; the rest has safe defaults', () => {
    const config = readPaymentsConfig(REQUIRED);

    expect(config).toMatchObject({
      port: 3000,
      mongoUri: REQUIRED.MONGO_URI,
      jwtKey: REQUIRED.JWT_KEY,
      stripeKey: 'sk_test_123',
      stripeTimeoutSeconds: 20,
      cookieSecure: true,
      trustProxyHops: 1,
      logLevel: 'info',
      eventBus: {
        transport: 'nats-streaming',
        url: REQUIRED.STAN_URL,
        clusterId: 'ticketing',
        clientId: expect.stringMatching(/^payments-/),
      },
    });
    expect(config.stripeApiBase.href).toBe('https://api.stripe.com/');
    // No webhook secret: the webhook answers 503 until one is set.
    expect(config.stripeWebhookSecret).toBe('');
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('STRIPE_API_BASE points the SDK elsewhere, such as stripe-mock', () => {
    const config = readPaymentsConfig({ ...REQUIRED, STRIPE_API_BASE: 'http://127.0.0.1:12111' });

    expect(config.stripeApiBase.protocol).toBe('http:');
    expect(config.stripeApiBase.hostname).toBe('127.0.0.1');
    expect(config.stripeApiBase.port).toBe('12111');
  });

  test('an empty environment is refused with one error naming every missing variable', () => {
    expect(() => readPaymentsConfig({})).toThrow(
      new ConfigError([
        'MONGO_URI is required',
        'JWT_KEY is required',
        'STRIPE_KEY is required',
        'STAN_URL is required (EVENT_BUS=nats-streaming)',
        'STAN_CLUSTER_ID is required (EVENT_BUS=nats-streaming)',
      ]),
    );
  });

  test.each([
    ['STRIPE_KEY', 'pk_test_publishable', 'STRIPE_KEY must be a Stripe secret or restricted key'],
    ['STRIPE_API_BASE', 'ftp://stripe', 'STRIPE_API_BASE must be an http:// or https:// URL'],
    ['STRIPE_API_BASE', 'http://stripe-mock/v1', 'STRIPE_API_BASE must be an http:// or https://'],
    ['STRIPE_TIMEOUT', '5m', 'STRIPE_TIMEOUT must be a duration from 1 to 80 seconds'],
    ['STRIPE_WEBHOOK_SECRET', 'sk_test_123', 'STRIPE_WEBHOOK_SECRET must be a webhook signing'],
    ['JWT_KEY', 'short', 'JWT_KEY must be at least 32 characters'],
    ['EVENT_BUS', 'kafka', 'EVENT_BUS must be one of nats-streaming, jetstream'],
  ])('a bad %s (%s) is refused, naming it', (variable, value, message) => {
    expect(() => readPaymentsConfig({ ...REQUIRED, [variable]: value })).toThrow(message);
  });

  test('a refused key is never repeated in the message', () => {
    expect(() => readPaymentsConfig({ ...REQUIRED, STRIPE_KEY: 'pk_live_secretish' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('pk_live_secretish') }),
    );
  });
});
