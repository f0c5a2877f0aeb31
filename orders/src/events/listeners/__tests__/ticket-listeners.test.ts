// The ticket replica fed through a real bus: versions are applied in order, whatever order the
// events arrive in, and a repeated event changes nothing.
import { type EventBus, Outbox, Subjects, type TicketCreatedEvent } from '@ticketing/common';
import type { Infra } from '@ticketing/dev-infra';
import {
  captureLogs,
  connectTestBus,
  linesWith,
  type LogLine,
  publishEvent,
  transports,
  useTestDatabase,
  waitFor,
} from '@ticketing/test-kit';
import mongoose from 'mongoose';

import { Ticket } from '../../../models/ticket';
import { startBusServers } from '../../../test/bus';
import { buildTicketCreated, buildTicketUpdated } from '../../../test/factories';
import { TicketCreatedListener } from '../ticket-created-listener';
import { TicketUpdatedListener } from '../ticket-updated-listener';

useTestDatabase();

// Redelivery after 1 s rather than 5 s keeps the out-of-order test short.
class TicketUpdatedListenerUnderTest extends TicketUpdatedListener {
  protected override readonly ackWaitMs = 1_000;
}

let servers: Infra;
beforeAll(async () => {
  servers = await startBusServers();
});
afterAll(() => servers.stop());

describe.each(transports)('the ticket replica on %s', (transport) => {
  let bus: EventBus;
  let lines: LogLine[];

  beforeEach(async () => {
    bus = await connectTestBus(transport, servers);
    const logs = captureLogs();
    lines = logs.lines;
    await new TicketCreatedListener(bus, logs.logger).listen();
    const outbox = new Outbox(mongoose.connection.db!, bus, { logger: logs.logger });
    await new TicketUpdatedListenerUnderTest(bus, outbox, logs.logger).listen();
  });

  afterEach(() => bus.close());

  const handled = (subject: Subjects, ticket: { id: string }, version?: number) =>
    linesWith(lines, 'event handled', {
      subject,
      id: ticket.id,
      ...(version === undefined ? {} : { version }),
    });
  const replicaOf = (ticket: { id: string }) => Ticket.findById(ticket.id).lean();
  const created = async (ticket: TicketCreatedEvent['data']) => {
    await publishEvent(bus, Subjects.TicketCreated, ticket);
    await waitFor('the ticket to be stored', async () => (await replicaOf(ticket)) !== null);
  };

  test('ticket:created stores the replica with the ticket id, title, price, version and seller', async () => {
    const ticket = buildTicketCreated({ title: 'jazz', price: 25 });

    await created(ticket);

    expect(await replicaOf(ticket)).toStrictEqual({
      _id: ticket.id,
      title: 'jazz',
      price: 25,
      version: 0,
      sellerId: ticket.userId,
    });
  });

  test('ticket:created delivered twice is acked twice and stores one replica', async () => {
    const ticket = buildTicketCreated();

    await publishEvent(bus, Subjects.TicketCreated, ticket);
    await publishEvent(bus, Subjects.TicketCreated, ticket);

    await waitFor('both deliveries', () => handled(Subjects.TicketCreated, ticket).length === 2);
    expect(await Ticket.countDocuments({ _id: ticket.id })).toBe(1);
  });

  test('updates arriving in order take the replica to the last version', async () => {
    const ticket = buildTicketCreated();
    await created(ticket);

    for (const version of [1, 2, 3]) {
      await publishEvent(bus, Subjects.TicketUpdated, buildTicketUpdated(ticket, version));
    }

    await waitFor('version 3', async () => (await replicaOf(ticket))?.version === 3);
    expect((await replicaOf(ticket))?.title).toBe(`${ticket.title} (v3)`);
  });

  test('an update that arrives before its predecessor is redelivered and applied after it', async () => {
    const ticket = buildTicketCreated();
    await created(ticket);
    await publishEvent(bus, Subjects.TicketUpdated, buildTicketUpdated(ticket, 2, { price: 30 }));
    await waitFor(
      'version 2 to be refused for now',
      () =>
        linesWith(lines, 'event not applied yet; will be redelivered', { version: 2 }).length > 0,
    );

    await publishEvent(bus, Subjects.TicketUpdated, buildTicketUpdated(ticket, 1, { price: 22 }));

    // The log line, not the replica: the line is written after the replica, so waiting for the
    // replica alone could read the lines before the last one.
    await waitFor('version 2 handled', () => handled(Subjects.TicketUpdated, ticket, 2).length > 0);
    expect(await replicaOf(ticket)).toMatchObject({ title: `${ticket.title} (v2)`, price: 30 });
    const [first, second] = handled(Subjects.TicketUpdated, ticket);
    expect(first?.version).toBe(1);
    expect(second?.version).toBe(2);
    expect(second?.deliveryCount).toBeGreaterThan(1);
  });

  test('an update delivered again after a later one is acked and changes nothing', async () => {
    const ticket = buildTicketCreated();
    await created(ticket);
    await publishEvent(bus, Subjects.TicketUpdated, buildTicketUpdated(ticket, 1));
    await publishEvent(bus, Subjects.TicketUpdated, buildTicketUpdated(ticket, 2));
    await waitFor('version 2', async () => (await replicaOf(ticket))?.version === 2);

    await publishEvent(bus, Subjects.TicketUpdated, buildTicketUpdated(ticket, 1));

    await waitFor('the repeat', () => handled(Subjects.TicketUpdated, ticket, 1).length === 2);
    expect(await replicaOf(ticket)).toMatchObject({ version: 2, title: `${ticket.title} (v2)` });
  });
});
