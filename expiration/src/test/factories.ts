import { randomBytes } from 'node:crypto';

import { type OrderCreatedEvent, OrderStatus } from '@ticketing/common';

type OrderCreated = OrderCreatedEvent['data'];

/** An id shaped like the MongoDB ids orders uses, unique per call. */
export const newId = (): string => randomBytes(12).toString('hex');

/** An order:created payload for a fresh order expiring `expiresInMs` from now (default 1 s). */
export const buildOrderCreated = (
  overrides: Partial<OrderCreated> & { expiresInMs?: number } = {},
): OrderCreated => {
  const { expiresInMs = 1_000, ...fields } = overrides;
  return {
    id: newId(),
    version: 0,
    status: OrderStatus.Created,
    userId: newId(),
    expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    ticket: { id: newId(), price: 20 },
    ...fields,
  };
};
