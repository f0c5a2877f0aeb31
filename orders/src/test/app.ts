import { InMemoryEventBus, mongoReadiness, Outbox, type ReadinessCheck } from '@ticketing/common';
import type { Express } from 'express';
import mongoose from 'mongoose';
import { pino } from 'pino';

import { type AppOptions, buildApp } from '../app';

export const JWT_KEY = 'orders-test-key-that-is-at-least-32-characters';
export const EXPIRATION_WINDOW_SECONDS = 900;
export const MAX_ACTIVE_ORDERS = 10;
export const silentLogger = pino({ level: 'silent' });
/** A clock past the hold of every order a test places now: for tests of what a closed window
 * does, not of when it may. */
export const pastEveryHold = (): Date =>
  new Date(Date.now() + (EXPIRATION_WINDOW_SECONDS + 60) * 1_000);

export interface TestService {
  app: Express;
  /** Records what the service publishes. */
  bus: InMemoryEventBus;
  outbox: Outbox;
}

/** An outbox on the test database publishing to `bus`. Call it once the database is connected. */
export function testOutbox(bus: InMemoryEventBus): Outbox {
  const db = mongoose.connection.db;
  if (!db) throw new Error('connect the test database first (useTestDatabase)');
  return new Outbox(db, bus, { logger: silentLogger });
}

/** The real app with test settings, an in-memory bus and an outbox on the test database. */
export function testService(overrides: Partial<AppOptions> = {}): TestService {
  const bus = new InMemoryEventBus();
  const outbox = testOutbox(bus);
  const readiness: Record<string, ReadinessCheck> = { mongo: mongoReadiness(mongoose.connection) };
  const app = buildApp({
    jwtKey: JWT_KEY,
    trustProxyHops: 1,
    expirationWindowSeconds: EXPIRATION_WINDOW_SECONDS,
    maxActiveOrders: MAX_ACTIVE_ORDERS,
    // Tests place many orders quickly; the limit itself is tested with its own.
    orderRateLimit: { limit: 10_000, windowMs: 60_000 },
    outbox,
    readiness,
    logger: silentLogger,
    ...overrides,
  });
  return { app, bus, outbox };
}
