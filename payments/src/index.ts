import './tracing';

import {
  busReadiness,
  closeHttpServer,
  ConfigError,
  connectEventBus,
  connectMongo,
  handleShutdown,
  listen,
  mongoReadiness,
  Outbox,
  startPeriodicTask,
  traceLogFields,
} from '@ticketing/common';
import mongoose from 'mongoose';
import { pino } from 'pino';

import { buildApp } from './app';
import { readPaymentsConfig } from './config';
import { ExpirationCompleteListener } from './events/listeners/expiration-complete-listener';
import { OrderCancelledListener } from './events/listeners/order-cancelled-listener';
import { OrderCreatedListener } from './events/listeners/order-created-listener';
import { ChargeAttempt } from './models/charge-attempt';
import { Order } from './models/order';
import { Payment } from './models/payment';
import { reconcileAttempts } from './services/reconcile-attempts';
import { createStripeClient, longestStripeCallMs } from './stripe-client';

// A refund's reads and writes around its Stripe call, with room to spare.
const DATABASE_WORK_MS = 10_000;
const ABANDONED_CHARGE_SWEEP_INTERVAL_MS = 60_000;

async function main(): Promise<void> {
  const config = readPaymentsConfig(process.env);
  const logger = pino({ name: 'payments', level: config.logLevel, mixin: traceLogFields });

  const { db } = await connectMongo({
    connection: mongoose.connection,
    uri: config.mongoUri,
    logger,
  });
  if (!db) throw new Error('MongoDB connection has no database');
  // Simultaneous payments are settled by the unique indexes: they must exist first.
  await Promise.all([Payment.init(), ChargeAttempt.init(), Order.init()]);

  const bus = await connectEventBus({ ...config.eventBus, logger });
  const outbox = new Outbox(db, bus, { logger });
  await outbox.start();

  const stripeTimeoutMs = config.stripeTimeoutSeconds * 1000;
  const stripe = createStripeClient({
    apiKey: config.stripeKey,
    apiBase: config.stripeApiBase,
    timeoutMs: stripeTimeoutMs,
  });
  const payments = { stripe, outbox, logger };

  await new OrderCreatedListener(bus, logger).listen();
  const refundAckWaitMs = longestStripeCallMs(stripeTimeoutMs) + DATABASE_WORK_MS;
  await new OrderCancelledListener(bus, payments, refundAckWaitMs).listen();
  await new ExpirationCompleteListener(bus, payments).listen();
  const abandonedCharges = startPeriodicTask({
    intervalMs: ABANDONED_CHARGE_SWEEP_INTERVAL_MS,
    logger,
    failure: 'the sweep for abandoned charges failed',
    run: () =>
      reconcileAttempts(payments, {
        abandonedAfterMs: longestStripeCallMs(stripeTimeoutMs) + DATABASE_WORK_MS,
      }),
  });

  const app = buildApp({
    jwtKey: config.jwtKey,
    cookieSecure: config.cookieSecure,
    trustProxyHops: config.trustProxyHops,
    readiness: { mongo: mongoReadiness(mongoose.connection), 'event bus': busReadiness(bus) },
    payments,
    stripeWebhookSecret: config.stripeWebhookSecret,
    logger,
  });
  const server = await listen(app, config.port);
  logger.info({ port: config.port, stripe: config.stripeApiBase.origin }, 'listening');

  const { shutdown } = handleShutdown({
    logger,
    steps: [
      { name: 'http server', close: () => closeHttpServer(server) },
      // A charge cut short here stays on record as charging; the next sweep settles it.
      { name: 'abandoned-charge sweep', close: () => abandonedCharges.stop() },
      // The relay first: a sweep in progress finishes publishing while the bus is open. Then
      // the bus, which lets running handlers finish and ack before the connection closes.
      { name: 'outbox relay', close: () => outbox.stop() },
      { name: 'event bus', close: () => bus.close() },
      { name: 'mongo', close: () => mongoose.disconnect() },
    ],
  });
  void bus.closed().then((error) => {
    if (!error) return;
    logger.error({ err: error }, 'event bus connection lost');
    void shutdown('event bus connection lost', 1);
  });
}

main().catch((error: unknown) => {
  // The logger may not exist yet; a configuration error needs its message, not a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
