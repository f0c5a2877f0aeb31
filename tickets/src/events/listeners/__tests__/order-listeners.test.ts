// The listeners against real servers (NATS Streaming and JetStream), started for this file:
// shared servers carry other suites' events on the same subjects.
import { randomUUID } from 'node:crypto';

import {
  type EventBus,
  type EventMap,
  listParked,
  ORDER_CREATED_HORIZON_MS,
  Outbox,
  replayParked,
  Subjects,
  type TicketUpdatedEvent,
} from '@ticketing/common';
import { type Infra, startInfra } from '@ticketing/dev-infra';
import {
  captureLogs,
  connectTestBus,
  linesWith,
  transports,
  useTestDatabase,
  waitFor,
} from '@ticketing/test-kit';
import type { Express } from 'express';
import mongoose from 'mongoose';

import { buildApp } from '../../../app';
import {
  CANCELLATION_MEMORY_MS,
  CancelledOrder,
  wasCancelled,
} from '../../../models/cancelled-order';
import type { TicketDoc } from '../../../models/ticket';
import { startForgettingOldCancellations } from '../../../services/forget-old-cancellations';
import { JWT_KEY } from '../../../test/app';
import { orderCancelledData, orderCreatedData } from '../../../test/orders';
import { newUser, sessionCookieFor } from '../../../test/session';
import { putTicket, storedTicket, storeTicket } from '../../../test/tickets';
import { OrderCancelledListener } from '../order-cancelled-listener';
import { OrderCreatedListener } from '../order-created-listener';

useTestDatabase();

let servers: Infra;

beforeAll(async () => {
  servers = await startInfra(['stan', 'nats']);
}, 60_000);

afterAll(() => servers.stop());

describe.each(transports)('the order listeners on %s', (transport) => {
  const logs = captureLogs();
  let bus: EventBus;
  let app: Express;
  let outbox: Outbox;
  /** Every ticket:updated on the bus, as another service receives it. */
  const updates: TicketUpdatedEvent['data'][] = [];

  beforeAll(async () => {
    bus = await connectTestBus(transport, servers, logs.logger);
    outbox = new Outbox(mongoose.connection.db!, bus, { logger: logs.logger });
    app = buildApp({ jwtKey: JWT_KEY, trustProxyHops: 1, outbox, bus, logger: logs.logger });
    await new OrderCreatedListener(bus, outbox, logs.logger).listen();
    await new OrderCancelledListener(bus, outbox, logs.logger).listen();
    await bus.subscribe({
      subject: Subjects.TicketUpdated,
      queueGroup: `observer-${randomUUID()}`,
      ackWaitMs: 5_000,
      handler: async (message) => {
        updates.push(JSON.parse(Buffer.from(message.data).toString()));
        message.ack();
      },
    });
  });

  afterAll(() => bus.close());

  const publish = <S extends Subjects>(subject: S, data: EventMap[S]) =>
    // A fresh message id each time: a repeat is a redelivery, not one JetStream would drop.
    bus.publish(subject, JSON.stringify(data), { messageId: randomUUID() });

  const updatesOf = (ticket: TicketDoc) => updates.filter((data) => data.id === ticket.id);

  /** How many times the listener for `subject` logged "event handled" for record `id`. */
  const handled = (subject: Subjects, id: string) =>
    linesWith(logs.lines, 'event handled', { subject, id }).length;

  /** Publishes the event and waits until its listener has handled (and acked) it. */
  async function deliver<S extends Subjects.OrderCreated | Subjects.OrderCancelled>(
    subject: S,
    data: EventMap[S],
  ) {
    const before = handled(subject, data.id);
    await publish(subject, data);
    await waitFor(`${subject} ${data.id} handled`, () => handled(subject, data.id) > before);
  }

  async function sellerWithTicket() {
    const seller = newUser();
    const ticket = await storeTicket(outbox, { title: 'Concert', price: 20, userId: seller.id });
    return { ticket, cookie: sessionCookieFor(seller) };
  }

  test('an order reserves the ticket, announces version 1 with its id, and blocks edits', async () => {
    const { ticket, cookie } = await sellerWithTicket();
    const order = orderCreatedData(ticket);

    await deliver(Subjects.OrderCreated, order);
    await waitFor('ticket:updated', () => updatesOf(ticket).length === 1);
    const edit = await putTicket(app, ticket.id, { title: 'Edited', price: 30 }, cookie);

    expect(await storedTicket(ticket.id)).toMatchObject({ orderId: order.id, version: 1 });
    expect(updatesOf(ticket)).toStrictEqual([
      {
        id: ticket.id,
        version: 1,
        title: 'Concert',
        price: 20,
        userId: ticket.userId,
        orderId: order.id,
      },
    ]);
    expect(edit.status).toBe(400);
    expect(edit.body).toStrictEqual({ errors: [{ message: 'Cannot edit a reserved ticket' }] });
  });

  test('a cancellation releases the ticket, announces version 2 without an orderId, and edits work again', async () => {
    const { ticket, cookie } = await sellerWithTicket();
    const order = orderCreatedData(ticket);
    await deliver(Subjects.OrderCreated, order);

    await deliver(Subjects.OrderCancelled, orderCancelledData(order));
    const edit = await putTicket(app, ticket.id, { title: 'Edited', price: 30 }, cookie);
    await waitFor('three ticket:updated', () => updatesOf(ticket).length === 3);

    expect(edit.status).toBe(200);
    expect(await storedTicket(ticket.id)).toMatchObject({
      orderId: null,
      title: 'Edited',
      version: 3,
    });
    expect(updatesOf(ticket)).toStrictEqual([
      expect.objectContaining({ version: 1, orderId: order.id }),
      { id: ticket.id, version: 2, title: 'Concert', price: 20, userId: ticket.userId },
      { id: ticket.id, version: 3, title: 'Edited', price: 30, userId: ticket.userId },
    ]);
  });

  test('a redelivered order:created changes nothing the second time', async () => {
    const { ticket } = await sellerWithTicket();
    const order = orderCreatedData(ticket);
    await deliver(Subjects.OrderCreated, order);

    await deliver(Subjects.OrderCreated, order);
    await waitFor('ticket:updated', () => updatesOf(ticket).length >= 1);

    expect(handled(Subjects.OrderCreated, order.id)).toBe(2);
    expect(await storedTicket(ticket.id)).toMatchObject({ orderId: order.id, version: 1 });
    expect(updatesOf(ticket).map((data) => data.version)).toEqual([1]);
  });

  test('a stale order:cancelled of an earlier order does not release the newer reservation', async () => {
    const { ticket } = await sellerWithTicket();
    const earlier = orderCreatedData(ticket);
    const newer = orderCreatedData(ticket);
    await deliver(Subjects.OrderCreated, earlier);
    await deliver(Subjects.OrderCancelled, orderCancelledData(earlier));
    await deliver(Subjects.OrderCreated, newer);

    await deliver(Subjects.OrderCancelled, orderCancelledData(earlier));
    await waitFor('three ticket:updated', () => updatesOf(ticket).length >= 3);

    expect(await storedTicket(ticket.id)).toMatchObject({ orderId: newer.id, version: 3 });
    expect(updatesOf(ticket).map((data) => [data.version, data.orderId])).toEqual([
      [1, earlier.id],
      [2, undefined],
      [3, newer.id],
    ]);
  });

  test('an order:cancelled before its order:created leaves the ticket free', async () => {
    const { ticket, cookie } = await sellerWithTicket();
    const order = orderCreatedData(ticket);

    await deliver(Subjects.OrderCancelled, orderCancelledData(order));
    await deliver(Subjects.OrderCreated, order);
    const edit = await putTicket(app, ticket.id, { title: 'Edited', price: 30 }, cookie);
    await waitFor('ticket:updated', () => updatesOf(ticket).length >= 1);

    expect(edit.status).toBe(200);
    expect(await storedTicket(ticket.id)).toMatchObject({ orderId: null, version: 1 });
    expect(updatesOf(ticket)).toStrictEqual([
      { id: ticket.id, version: 1, title: 'Edited', price: 30, userId: ticket.userId },
    ]);
  });

  test("an order:created that comes before the previous order's release waits for it", async () => {
    const { ticket } = await sellerWithTicket();
    const earlier = orderCreatedData(ticket);
    const newer = orderCreatedData(ticket);
    await deliver(Subjects.OrderCreated, earlier);

    await publish(Subjects.OrderCreated, newer);
    await waitFor(
      'the newer order deferred',
      () =>
        linesWith(logs.lines, 'event not applied yet; will be redelivered', { id: newer.id })
          .length > 0,
    );
    await deliver(Subjects.OrderCancelled, orderCancelledData(earlier));
    await waitFor(
      'the newer order redelivered',
      () => handled(Subjects.OrderCreated, newer.id) === 1,
    );

    expect(await storedTicket(ticket.id)).toMatchObject({ orderId: newer.id, version: 3 });
  });

  /** Publishes the event and waits until its listener has parked it. */
  async function deliverToBeParked(data: EventMap[Subjects.OrderCreated]) {
    await publish(Subjects.OrderCreated, data);
    await waitFor(
      `order:created ${data.id} parked`,
      () =>
        linesWith(
          logs.lines,
          'event parked: acked, kept on the bus for an operator (npm run events -- parked)',
          { id: data.id },
        ).length > 0,
    );
    const parked = (await listParked(bus)).filter((entry) => entry.payload.includes(data.id));
    expect(parked).toHaveLength(1);
    return parked[0]!;
  }

  const daysAgo = (ms: number) => new Date(Date.now() - ms);

  test('an order:created past the horizon is parked, not applied, and a replay refuses it', async () => {
    const { ticket } = await sellerWithTicket();
    const order = orderCreatedData(ticket, {
      expiresAt: daysAgo(ORDER_CREATED_HORIZON_MS + 60_000).toISOString(),
    });

    const parked = await deliverToBeParked(order);

    expect(parked).toMatchObject({
      attempts: 1,
      error: expect.stringMatching(/longer ago than tickets remembers cancellations/),
    });
    expect(await storedTicket(ticket.id)).toMatchObject({ orderId: null, version: 0 });
    await expect(replayParked(bus, parked.id)).rejects.toThrow(
      /would only be parked again: its order expired at .*, more than 30 days ago/,
    );
  });

  test('cancellations older than the memory are forgotten, and their late order:created still reserves nothing', async () => {
    const { ticket } = await sellerWithTicket();
    const forgotten = orderCreatedData(ticket, {
      expiresAt: daysAgo(CANCELLATION_MEMORY_MS + 60_000).toISOString(),
    });
    const remembered = orderCreatedData(ticket, { expiresAt: daysAgo(60_000).toISOString() });
    await CancelledOrder.create([
      { _id: forgotten.id, ticketId: ticket.id, cancelledAt: forgotten.expiresAt },
      { _id: remembered.id, ticketId: ticket.id, cancelledAt: remembered.expiresAt },
    ]);

    const forgetter = startForgettingOldCancellations(logs.logger);
    await forgetter.runOnce();
    await forgetter.stop();

    expect(await wasCancelled(forgotten.id)).toBe(false);
    expect(await wasCancelled(remembered.id)).toBe(true);
    await deliverToBeParked(forgotten);
    await deliver(Subjects.OrderCreated, remembered);
    expect(await storedTicket(ticket.id)).toMatchObject({ orderId: null, version: 0 });
  });
});
