import { useTestDatabase } from '@ticketing/test-kit';
import request from 'supertest';

import type { TicketDoc } from '../models/ticket';
import { cancelReservation, reserveTicket } from '../services/reservations';
import { type TestApp, testApp } from '../test/app';
import { orderCreatedData } from '../test/orders';
import { newUser, sessionCookieFor } from '../test/session';
import { storeTicket } from '../test/tickets';

useTestDatabase();

let context: TestApp;
beforeEach(() => {
  context = testApp();
});

/** Lists `count` tickets one after another; the last is the newest. */
async function storeTickets(count: number): Promise<TicketDoc[]> {
  const tickets: TicketDoc[] = [];
  for (let n = 0; n < count; n++) tickets.push(await storeTicket(context.outbox));
  return tickets;
}

const idsNewestFirst = (tickets: TicketDoc[]) => tickets.map((ticket) => ticket.id).reverse();
const list = (query = '') => request(context.app).get(`/api/tickets${query}`);

describe('GET /api/tickets', () => {
  test('with no tickets, it answers 200 with an empty array and no next cursor', async () => {
    const response = await list();

    expect(response.status).toBe(200);
    expect(response.body).toStrictEqual([]);
    expect(response.get('X-Next-Cursor')).toBeUndefined();
  });

  test('anyone gets the tickets for sale, newest first, as the API shows a ticket', async () => {
    const tickets = await storeTickets(3);

    const response = await list();

    expect(response.status).toBe(200);
    expect(response.body.map((ticket: { id: string }) => ticket.id)).toEqual(
      idsNewestFirst(tickets),
    );
    expect(response.body[0]).toStrictEqual(JSON.parse(JSON.stringify(tickets[2])));
  });

  test('reserved tickets are left out, and are back once released', async () => {
    const [forSale, reserved] = await storeTickets(2);
    const order = orderCreatedData(reserved!);
    await reserveTicket(context.outbox, order);

    const whileReserved = await list();
    await cancelReservation(context.outbox, reserved!.id, order.id);
    const afterRelease = await list();

    const ids = (response: request.Response) =>
      response.body.map((ticket: { id: string }) => ticket.id);
    expect(ids(whileReserved)).toEqual([forSale!.id]);
    expect(ids(afterRelease)).toEqual([reserved!.id, forSale!.id]);
  });

  test('limit gives at most that many, and X-Next-Cursor names the last one returned', async () => {
    const tickets = await storeTickets(5);

    const response = await list('?limit=2');

    const expected = idsNewestFirst(tickets).slice(0, 2);
    expect(response.body.map((ticket: { id: string }) => ticket.id)).toEqual(expected);
    expect(response.get('X-Next-Cursor')).toBe(expected[1]);
  });

  test('following X-Next-Cursor walks every ticket once, and the last page has no cursor', async () => {
    const tickets = await storeTickets(5);
    const seen: string[] = [];
    const cursors: (string | undefined)[] = [];

    let query = '?limit=2';
    for (let page = 0; page < 5; page++) {
      const response = await list(query);
      seen.push(...response.body.map((ticket: { id: string }) => ticket.id));
      const cursor = response.get('X-Next-Cursor');
      cursors.push(cursor);
      if (!cursor) break;
      query = `?limit=2&cursor=${cursor}`;
    }

    expect(seen).toEqual(idsNewestFirst(tickets));
    expect(cursors).toEqual([expect.any(String), expect.any(String), undefined]);
  });

  test('250 tickets are paged through with the default limit, each exactly once', async () => {
    const tickets = await storeTickets(250);
    const seen: string[] = [];
    const pageSizes: number[] = [];

    let query = '';
    for (let page = 0; page < 10; page++) {
      const response = await list(query);
      pageSizes.push(response.body.length);
      seen.push(...response.body.map((ticket: { id: string }) => ticket.id));
      const cursor = response.get('X-Next-Cursor');
      if (!cursor) break;
      query = `?cursor=${cursor}`;
    }

    expect(pageSizes).toEqual([100, 100, 50]);
    expect(seen).toEqual(idsNewestFirst(tickets));
    expect(new Set(seen).size).toBe(250);
  });

  test('a page that ends exactly at the last ticket has no next cursor', async () => {
    await storeTickets(2);

    const response = await list('?limit=2');

    expect(response.body).toHaveLength(2);
    expect(response.get('X-Next-Cursor')).toBeUndefined();
  });

  test('without a limit, at most 100 tickets come back', async () => {
    await storeTickets(101);

    const response = await list();

    expect(response.body).toHaveLength(100);
    expect(response.get('X-Next-Cursor')).toBe(response.body[99].id);
  });

  test.each(['0', '101', '-1', '1.5', 'ten', '', '1e2', '10&limit=20'])(
    'the limit %p is refused with 400',
    async (limit) => {
      const response = await list(`?limit=${limit}`);

      expect(response.status).toBe(400);
      expect(response.body).toStrictEqual({
        errors: [{ message: 'Limit must be an integer from 1 to 100', field: 'limit' }],
      });
    },
  );

  test.each(['100', '1'])('the limit %p is accepted', async (limit) => {
    expect((await list(`?limit=${limit}`)).status).toBe(200);
  });

  test.each([
    'cursor=not-an-id',
    'cursor=',
    'cursor=0123456789abcdef0123456z',
    `cursor=${encodeURIComponent('{"$gt":""}')}`,
    'cursor=0123456789abcdef01234567&cursor=0123456789abcdef01234568',
  ])('the query %p is refused with 400', async (query) => {
    const response = await list(`?${query}`);

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [
        { message: 'Cursor must be a value from the X-Next-Cursor header', field: 'cursor' },
      ],
    });
  });
});

describe('GET /api/tickets?seller=me', () => {
  const seller = newUser();
  const mine = (query = '') =>
    request(context.app)
      .get(`/api/tickets?seller=me${query}`)
      .set('Cookie', sessionCookieFor(seller));

  test('lists every ticket of the caller, newest first, reserved ones with their orderId', async () => {
    const [forSale, reserved] = [
      await storeTicket(context.outbox, { userId: seller.id }),
      await storeTicket(context.outbox, { userId: seller.id }),
    ];
    await storeTicket(context.outbox, { userId: newUser().id });
    const order = orderCreatedData(reserved!);
    await reserveTicket(context.outbox, order);

    const response = await mine();

    expect(response.status).toBe(200);
    expect(response.body.map((ticket: { id: string }) => ticket.id)).toEqual([
      reserved!.id,
      forSale!.id,
    ]);
    expect(response.body[0].orderId).toBe(order.id);
    expect(response.body[1].orderId).toBeUndefined();
  });

  test('pages the same way as the list: X-Next-Cursor walks every ticket once', async () => {
    const tickets: TicketDoc[] = [];
    for (let n = 0; n < 5; n++)
      tickets.push(await storeTicket(context.outbox, { userId: seller.id }));

    const first = await mine('&limit=3');
    const second = await mine(`&limit=3&cursor=${first.get('X-Next-Cursor') ?? ''}`);

    const ids = [...first.body, ...second.body].map((ticket: { id: string }) => ticket.id);
    expect(ids).toEqual(idsNewestFirst(tickets));
    expect(second.get('X-Next-Cursor')).toBeUndefined();
  });

  test('without a session it is 401 in the error shape', async () => {
    const response = await list('?seller=me');

    expect(response.status).toBe(401);
    expect(response.body).toStrictEqual({ errors: [{ message: 'Not authorized' }] });
  });

  test.each(['someone', ''])('any other seller (%j) is 400 on the seller field', async (value) => {
    const response = await list(`?seller=${value}`);

    expect(response.status).toBe(400);
    expect(response.body).toStrictEqual({
      errors: [{ message: 'Seller must be "me"', field: 'seller' }],
    });
  });
});
