import { Subjects } from '@ticketing/common';
import { useTestDatabase } from '@ticketing/test-kit';

import { type TestApp, testApp } from '../test/app';
import { newUser, sessionCookieFor } from '../test/session';
import { putTicket, storedTicket, storeTicket } from '../test/tickets';

useTestDatabase();

const EDITS = 20;

let context: TestApp;
beforeEach(() => {
  context = testApp();
});

describe('simultaneous edits of one ticket by its seller', () => {
  test(`${EDITS} at once: versions 1..k each published once, the last one is what is stored`, async () => {
    const seller = newUser();
    const cookie = sessionCookieFor(seller);
    const ticket = await storeTicket(context.outbox, { userId: seller.id });
    context.bus.clear();

    const responses = await Promise.all(
      Array.from({ length: EDITS }, (_, n) =>
        putTicket(context.app, ticket.id, { title: `Edit ${n}`, price: n + 1 }, cookie),
      ),
    );

    const applied = responses.filter((response) => response.status === 200);
    const events = context.bus.dataOf(Subjects.TicketUpdated);
    const versions = events.map((data) => data.version).sort((a, b) => a - b);
    const k = applied.length;
    // A request that lost every attempt to the others is told so, and changed nothing.
    for (const response of responses.filter((r) => r.status !== 200)) {
      expect(response.status).toBe(409);
      expect(response.body).toStrictEqual({
        errors: [{ message: 'Ticket was changed by another request; try again' }],
      });
    }
    expect(k).toBeGreaterThan(0);
    expect(versions).toEqual(Array.from({ length: k }, (_, n) => n + 1));
    for (const response of applied) {
      const { id, version, title, price, userId } = response.body;
      expect(events).toContainEqual({ id, version, title, price, userId });
    }
    const last = events.find((data) => data.version === k);
    const stored = await storedTicket(ticket.id);
    expect({ title: stored.title, price: stored.price, version: stored.version }).toStrictEqual({
      title: last?.title,
      price: last?.price,
      version: k,
    });
  });
});
