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
import { readOrdersConfig } from './config';
import { PaymentCreatedListener } from './events/listeners/payment-created-listener';
import { PaymentWindowClosedListener } from './events/listeners/payment-window-closed-listener';
import { TicketCreatedListener } from './events/listeners/ticket-created-listener';
import { TicketUpdatedListener } from './events/listeners/ticket-updated-listener';
import { Order } from './models/order';
import { Ticket } from './models/ticket';
import { announceOverdueOrders } from './services/announce-overdue-orders';
import { backfillBuyerSlots } from './services/backfill-buyer-slots';

const OVERDUE_ORDER_SWEEP_INTERVAL_MS = 60_000;

async function main(): Promise<void> {
  const config = readOrdersConfig(process.env);
  const logger = pino({ name: 'orders', level: config.logLevel, mixin: traceLogFields });

  const { db } = await connectMongo({
    connection: mongoose.connection,
    uri: config.mongoUri,
    logger,
  });
  if (!db) throw new Error('MongoDB connection has no database');
  // Reservations and buyer slots are settled by unique indexes: they must exist before the first
  // order. Orders stored before slots existed get one first, then every index is built (the
  // build mongoose starts on connecting fails on such orders, once).
  await backfillBuyerSlots(logger);
  await Promise.all([Order.createIndexes(), Ticket.init()]);

  const bus = await connectEventBus({ ...config.eventBus, logger });
  const outbox = new Outbox(db, bus, { logger });
  await outbox.start();

  const listeners = [
    new TicketCreatedListener(bus, logger),
    new TicketUpdatedListener(bus, outbox, logger),
    new PaymentCreatedListener(bus, outbox, logger),
    new PaymentWindowClosedListener(bus, outbox, logger),
  ];
  await Promise.all(listeners.map((listener) => listener.listen()));
  const graceMs = config.lapsedOrderGraceSeconds * 1_000;
  const overdueOrders = startPeriodicTask({
    intervalMs: OVERDUE_ORDER_SWEEP_INTERVAL_MS,
    logger,
    failure: 'the sweep for overdue orders failed',
    run: () => announceOverdueOrders({ bus, logger, graceMs }),
  });

  const app = buildApp({
    jwtKey: config.jwtKey,
    trustProxyHops: config.trustProxyHops,
    expirationWindowSeconds: config.expirationWindowSeconds,
    maxActiveOrders: config.maxActiveOrders,
    orderRateLimit: {
      limit: config.orderRateLimitMax,
      windowMs: config.orderRateLimitWindowSeconds * 1_000,
    },
    outbox,
    readiness: { mongo: mongoReadiness(mongoose.connection), 'event bus': busReadiness(bus) },
    logger,
  });
  const server = await listen(app, config.port);
  logger.info({ port: config.port }, 'listening');

  const { shutdown } = handleShutdown({
    logger,
    steps: [
      { name: 'http server', close: () => closeHttpServer(server) },
      // The relay first: a sweep in progress finishes publishing while the bus is open. Then
      // the bus, which lets running handlers finish and ack before the connection closes.
      { name: 'overdue-order sweep', close: () => overdueOrders.stop() },
      { name: 'outbox relay', close: () => outbox.stop() },
      { name: 'event bus', close: () => bus.close() },
      { name: 'mongo', close: () => mongoose.disconnect() },
    ],
  });
  void bus.closed().then((error) => {
    if (error) {
      logger.error({ err: error }, 'event bus connection lost');
      void shutdown('event bus connection lost', 1);
    }
  });
}

main().catch((error: unknown) => {
  // The logger may not exist yet; a configuration error needs its message, not a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
