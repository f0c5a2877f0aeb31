import './tracing';

import {
  closeHttpServer,
  ConfigError,
  connectEventBus,
  connectMongo,
  handleShutdown,
  listen,
  Outbox,
  traceLogFields,
} from '@ticketing/common';
import mongoose from 'mongoose';
import { pino } from 'pino';

import { buildApp } from './app';
import { readTicketsConfig } from './config';
import { OrderCancelledListener } from './events/listeners/order-cancelled-listener';
import { OrderCreatedListener } from './events/listeners/order-created-listener';
import { CancelledOrder } from './models/cancelled-order';
import { Ticket } from './models/ticket';
import { startForgettingOldCancellations } from './services/forget-old-cancellations';

async function main(): Promise<void> {
  const config = readTicketsConfig(process.env);
  const logger = pino({ name: 'tickets', level: config.logLevel, mixin: traceLogFields });

  const { db } = await connectMongo({
    connection: mongoose.connection,
    uri: config.mongoUri,
    logger,
  });
  await Promise.all([Ticket.init(), CancelledOrder.init()]);
  const bus = await connectEventBus({ ...config.eventBus, logger });
  const outbox = new Outbox(db!, bus, { logger });
  await outbox.start();

  await new OrderCreatedListener(bus, outbox, logger).listen();
  await new OrderCancelledListener(bus, outbox, logger).listen();
  const cancellations = startForgettingOldCancellations(logger);

  const app = buildApp({
    jwtKey: config.jwtKey,
    trustProxyHops: config.trustProxyHops,
    outbox,
    bus,
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
      { name: 'outbox relay', close: () => outbox.stop() },
      { name: 'event bus', close: () => bus.close() },
      { name: 'forgetting old cancellations', close: () => cancellations.stop() },
      { name: 'mongo', close: () => mongoose.disconnect() },
    ],
  });
  // A lost bus connection is not recovered in-process: exit so Kubernetes starts a fresh one.
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
