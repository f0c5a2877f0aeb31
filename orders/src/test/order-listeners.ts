import { type EventBus, Outbox } from '@ticketing/common';
import mongoose from 'mongoose';
import type { Logger } from 'pino';

import { PaymentCreatedListener } from '../events/listeners/payment-created-listener';
import { PaymentWindowClosedListener } from '../events/listeners/payment-window-closed-listener';
import { pastEveryHold } from './app';

/** The order-status listeners of one replica of the service, subscribed on `bus`, with an
 * outbox on the test database publishing to the same bus. The window-closed listener's clock
 * is `now`: by default past the hold of every order placed now. */
export async function startOrderListeners(bus: EventBus, logger: Logger, now = pastEveryHold) {
  const db = mongoose.connection.db;
  if (!db) throw new Error('connect the test database first (useTestDatabase)');
  const outbox = new Outbox(db, bus, { logger });
  const windowClosed = new PaymentWindowClosedListener(bus, outbox, logger, now);
  const payment = new PaymentCreatedListener(bus, outbox, logger);
  await Promise.all([windowClosed.listen(), payment.listen()]);
  return { outbox, windowClosed, payment };
}
