// Many buyers at once for one ticket: the check "is it reserved?" and the write that reserves
// it must be one atomic step, or several buyers win.
import type { Server } from 'node:http';

import { OrderStatus, Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import { PaymentWindowClosedListener } from '../../events/listeners/payment-window-closed-listener';
import { Order } from '../../models/order';
import type { TicketDoc } from '../../models/ticket';
import { pastEveryHold, silentLogger, type TestService, testService } from '../../test/app';
import { saveTicket } from '../../test/factories';
import { serve } from '../../test/http-server';
import { signIn } from '../../test/session';

useTestDatabase();

const BUYERS = 50;
const ROUNDS = 3;

// Two instances of the app on one database, as two replicas behind the ingress: buyers
// alternate between them, so the claim must hold across processes, not only within one.
let service: TestService;
let replica: TestService;
let server: Server;
let replicaServer: Server;
let closeServers: () => Promise<void>;

beforeEach(async () => {
  service = testService();
  replica = testService();
  const first = await serve(service.app);
  const second = await serve(replica.app);
  server = first.server;
  replicaServer = second.server;
  closeServers = async () => {
    await Promise.all([first.close(), second.close()]);
  };
});

afterEach(() => closeServers());

const cookies = Array.from({ length: BUYERS }, () => signIn());

/** BUYERS different users order the ticket at the same moment; responses in `cookies` order. */
const buyersRaceFor = (ticket: TicketDoc) =>
  Promise.all(
    cookies.map((cookie, n) =>
      request(n % 2 === 0 ? server : replicaServer)
        .post('/api/orders')
        .set('Cookie', cookie)
        .send({ ticketId: ticket.id }),
    ),
  );

const activeOrdersOf = (ticket: TicketDoc) =>
  Order.find({ ticket: ticket.id, status: { $ne: OrderStatus.Cancelled } });

const createdEventsFor = (ticket: TicketDoc) =>
  [service, replica]
    .flatMap((instance) => instance.bus.dataOf(Subjects.OrderCreated))
    .filter((event) => event.ticket.id === ticket.id);

/** Exactly one buyer won: one 201, the rest refused, one active order, one event. */
async function expectOneWinner(ticket: TicketDoc, responses: request.Response[]) {
  const winners = responses.filter((response) => response.status === 201);
  const losers = responses.filter((response) => response.status !== 201);
  expect(winners).toHaveLength(1);
  expect(losers.map((response) => response.status)).toStrictEqual(Array(BUYERS - 1).fill(400));
  for (const loser of losers) {
    expect(loser.body).toStrictEqual({ errors: [{ message: 'Ticket is already reserved' }] });
  }
  const active = await activeOrdersOf(ticket);
  expect(active.map((order) => order.id)).toStrictEqual([winners[0]?.body.id]);
  return String(winners[0]?.body.id);
}

describe(`${BUYERS} simultaneous POST /api/orders for one ticket`, () => {
  test.each(Array.from({ length: ROUNDS }, (_, round) => round + 1))(
    'exactly one buyer gets the ticket (ticket %i)',
    async () => {
      const ticket = await saveTicket();

      const responses = await buyersRaceFor(ticket);

      const winnerId = await expectOneWinner(ticket, responses);
      expect(createdEventsFor(ticket).map((event) => event.id)).toStrictEqual([winnerId]);
    },
  );

  test('after the winner cancels, exactly one of the next racers gets the ticket', async () => {
    const ticket = await saveTicket();
    const first = await buyersRaceFor(ticket);
    const winner = first.findIndex((response) => response.status === 201);
    const firstWinnerId = String(first[winner]?.body.id);
    await request(winner % 2 === 0 ? server : replicaServer)
      .delete(`/api/orders/${firstWinnerId}`)
      .set('Cookie', cookies[winner] ?? '')
      .expect(204);

    const second = await buyersRaceFor(ticket);

    const secondWinnerId = await expectOneWinner(ticket, second);
    expect(secondWinnerId).not.toBe(firstWinnerId);
    expect(createdEventsFor(ticket)).toHaveLength(2);
  });

  test('after the order lapses unpaid, exactly one of the next racers gets the ticket', async () => {
    const ticket = await saveTicket();
    const first = await buyersRaceFor(ticket);
    const firstWinnerId = String(first.find((response) => response.status === 201)?.body.id);
    const windowClosed = new PaymentWindowClosedListener(
      service.bus,
      service.outbox,
      silentLogger,
      pastEveryHold,
    );
    await windowClosed.onMessage({ orderId: firstWinnerId });

    const second = await buyersRaceFor(ticket);

    const secondWinnerId = await expectOneWinner(ticket, second);
    expect(secondWinnerId).not.toBe(firstWinnerId);
    expect(createdEventsFor(ticket)).toHaveLength(2);
  });
});
