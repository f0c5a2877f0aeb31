import { InMemoryEventBus, Outbox } from '@ticketing/common';
import type { Express } from 'express';
import mongoose from 'mongoose';
import { pino } from 'pino';

import { buildApp } from '../app';

export const JWT_KEY = 'tickets-test-key-that-is-at-least-32-characters';
export const silentLogger = pino({ level: 'silent' });

export interface TestApp {
  app: Express;
  /** Every event the app published, in order. */
  bus: InMemoryEventBus;
  outbox: Outbox;
}

/** The real app over an in-memory bus. Call it once the test database is connected. */
export function testApp(): TestApp {
  const db = mongoose.connection.db;
  if (!db) throw new Error('connect the test database before building the app');
  const bus = new InMemoryEventBus();
  const outbox = new Outbox(db, bus, { logger: silentLogger });
  const app = buildApp({ jwtKey: JWT_KEY, trustProxyHops: 1, outbox, bus, logger: silentLogger });
  return { app, bus, outbox };
}
