// A seller's edit racing a new order, through a real bus: the order was placed at the old
// price, the new one reaches orders afterwards (in the edit's ticket:updated or the
// reservation's), and the order is cancelled unless it is paid.
import { setTimeout as sleep } from 'node:timers/promises';

import { type EventBus, OrderStatus, Outbox, Subjects } from '@ticketing/common';
import type { Infra } from '@ticketing/dev-infra';
import {
  captureLogs,
  connectTestBus,
  linesWith,
  type LogLine,
  publishEvent,
  recordEvents,
  transports,
  useTestDatabase,
  waitFor,
} from '@ticketing/test-kit';
import mongoose from 'mongoose';

import { Order } from '../../../models/order';
import { Ticket } from '../../../models/ticket';
import { completeOrder } from '../../../services/complete-order';
import { startBusServers } from '../../../test/bus';
import { buildTicketCreated, buildTicketUpdated, saveOrder } from '../../../test/factories';
import { TicketCreatedListener } from '../ticket-created-listener';
import { TicketUpdatedListener } from '../ticket-updated-listener';

useTestDatabase();

// Long enough for an order:cancelled to arrive if one had been published.
const QUIET_MS = 500;

let servers: Infra;
beforeAll(async () => {
  servers = await startBusServers();
});
afterAll(() => servers.stop());

describe.each(transports)("a seller's new price racing an order, on %s", (transport) => {
  let bus: EventBus;
  let outbox: Outbox;
  let lines: LogLine[];
  let cancellations: Awaited<ReturnType<typeof recordEvents<Subjects.OrderCancelled>>>;

  beforeEach(async () => {
    bus = await connectTestBus(transport, servers);
    const logs = captureLogs();
    lines = logs.lines;
    outbox = new Outbox(mongoose.connection.db!, bus, { logger: logs.logger });
    await new TicketCreatedListener(bus, logs.logger).listen();
    await new TicketUpdatedListener(bus, outbox, logs.logger).listen();
    cancellations = await recordEvents(bus, Subjects.OrderCancelled);
  });

  afterEach(() => bus.close());

  /** A ticket at 20 in the replica, and an order placed on it at that price. */
  async function orderAtTwenty() {
    const ticket = buildTicketCreated({ price: 20 });
    await publishEvent(bus, Subjects.TicketCreated, ticket);
    await waitFor('the replica', async () => (await Ticket.findById(ticket.id)) !== null);
    const order = await saveOrder(outbox, { ticket: (await Ticket.findById(ticket.id))! });
    return { ticket, order };
  }

  const updated = async (update: ReturnType<typeof buildTicketUpdated>) => {
    await publishEvent(bus, Subjects.TicketUpdated, update);
    await waitFor(`ticket:updated v${update.version} handled`, () =>
      linesWith(lines, 'event handled', { subject: Subjects.TicketUpdated, id: update.id }).some(
        (line) => line.version === update.version,
      ),
    );
  };

  const statusOf = async (orderId: string) => (await Order.findById(orderId))?.status;
  const cancellationsOf = (orderId: string) => cancellations.filter((data) => data.id === orderId);

  test('the order is placed at the price shown, and cancelled once the new price arrives', async () => {
    const { ticket, order } = await orderAtTwenty();

    await updated(buildTicketUpdated(ticket, 1, { price: 30 }));
    await updated(buildTicketUpdated(ticket, 2, { price: 30, orderId: order.id }));
    await waitFor('order:cancelled', () => cancellationsOf(order.id).length > 0);
    await sleep(QUIET_MS);

    expect(order.price).toBe(20);
    expect(await statusOf(order.id)).toBe(OrderStatus.Cancelled);
    expect(cancellationsOf(order.id)).toStrictEqual([
      { id: order.id, version: 1, ticket: { id: ticket.id } },
    ]);
  });

  test('an update at the price of the order leaves it as it is', async () => {
    const { ticket, order } = await orderAtTwenty();

    await updated(buildTicketUpdated(ticket, 1, { price: 20, orderId: order.id }));
    await sleep(QUIET_MS);

    expect(await statusOf(order.id)).toBe(OrderStatus.Created);
    expect(cancellationsOf(order.id)).toStrictEqual([]);
  });

  test('a paid order is kept: the buyer paid the price shown', async () => {
    const { ticket, order } = await orderAtTwenty();
    await completeOrder(outbox, order.id);

    await updated(buildTicketUpdated(ticket, 1, { price: 30 }));
    await sleep(QUIET_MS);

    expect(await statusOf(order.id)).toBe(OrderStatus.Complete);
    expect(cancellationsOf(order.id)).toStrictEqual([]);
  });
});
