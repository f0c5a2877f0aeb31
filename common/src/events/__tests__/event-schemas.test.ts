import { InMemoryEventBus } from '../bus/in-memory-bus';
import type { EventMap } from '../event-map';
import { checkEventData } from '../event-schemas';
import { OrderStatus } from '../order-status';
import { Publisher } from '../publisher';
import { Subjects } from '../subjects';
import type { TicketCreatedEvent } from '../ticket-created-event';

const ticket = { id: 't1', version: 2, title: 'concert', price: 20, userId: 'u1' };

/** A valid payload per subject, and one change that breaks it. */
const cases: { [S in Subjects]: [EventMap[S], Record<string, unknown>, RegExp] } = {
  [Subjects.TicketCreated]: [ticket, { price: 'free' }, /price: /],
  [Subjects.TicketUpdated]: [{ ...ticket, orderId: 'o1' }, { version: 1.5 }, /version: /],
  [Subjects.OrderCreated]: [
    {
      id: 'o1',
      version: 0,
      status: OrderStatus.Created,
      userId: 'u1',
      expiresAt: '2026-12-03T09:15:00.000Z',
      ticket: { id: 't1', price: 20 },
    },
    { expiresAt: 'in 15 minutes' },
    /expiresAt: /,
  ],
  [Subjects.OrderCancelled]: [
    { id: 'o1', version: 1, ticket: { id: 't1' } },
    { ticket: {} },
    /ticket\.id: /,
  ],
  [Subjects.ExpirationComplete]: [{ orderId: 'o1' }, { orderId: '' }, /orderId: /],
  [Subjects.PaymentCreated]: [
    { id: 'p1', orderId: 'o1', stripeId: 'pi_1' },
    { stripeId: undefined },
    /stripeId: /,
  ],
  [Subjects.PaymentWindowClosed]: [{ orderId: 'o1' }, { orderId: 7 }, /orderId: /],
};

describe.each(Object.values(Subjects))('the %s schema', (subject) => {
  const [valid, breaking, problem] = cases[subject];

  it('accepts a valid payload, dropping fields it does not know', () => {
    expect(checkEventData(subject, { ...valid, addedLater: true })).toEqual({
      ok: true,
      data: valid,
    });
  });

  it('refuses a broken one, naming the field', () => {
    const check = checkEventData(subject, { ...valid, ...breaking });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.error).toMatch(problem);
  });
});

it('a publisher refuses a payload that fails its schema and sends nothing', async () => {
  class TicketCreatedPublisher extends Publisher<TicketCreatedEvent> {
    readonly subject = Subjects.TicketCreated;
  }
  const bus = new InMemoryEventBus();
  const malformed = { ...ticket, userId: '' };

  await expect(new TicketCreatedPublisher(bus).publish(malformed)).rejects.toThrow(/userId: /);

  expect(bus.published).toEqual([]);
});
