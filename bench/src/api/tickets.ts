import { pollUntil } from '../util/poll';
import { mapLimit } from '../util/pool';
import type { Session } from './session';
import type { Order, Ticket } from './types';

const CREATE_CONCURRENCY = 8;

/** Lists `count` tickets, spread over the sellers; resolves with those listed (201). */
export async function listTickets(sellers: Session[], count: number): Promise<Ticket[]> {
  const created = await mapLimit(
    Array.from({ length: count }, (_, index) => index),
    CREATE_CONCURRENCY,
    async (index) => {
      const seller = sellers[index % sellers.length] as Session;
      const reply = await seller.post<Ticket>('/api/tickets', {
        title: `bench ticket ${index}`,
        price: 10 + (index % 90) + 0.99,
      });
      return reply.status === 201 ? reply.body : undefined;
    },
  );
  return created.filter((ticket): ticket is Ticket => ticket !== undefined);
}

/** Orders learn of a ticket through ticket:created, a moment after it is listed: the buyer
 * tries until orders knows it (any answer but 404). */
export const orderWhenKnown = (buyer: Session, ticketId: string, timeoutMs = 30_000) =>
  pollUntil(
    () => buyer.post<Order>('/api/orders', { ticketId }),
    (reply) => reply.status !== 404,
    { intervalMs: 50, timeoutMs },
  );

/** Lists one more ticket after a batch and orders it as soon as orders knows it: events are
 * handled about in order, so by then orders knows (nearly) every ticket of the batch. */
export async function waitForReplica(seller: Session, buyer: Session): Promise<void> {
  const [sentinel] = await listTickets([seller], 1);
  if (!sentinel) throw new Error('could not list the sentinel ticket');
  const { ok, value } = await orderWhenKnown(buyer, sentinel.id, 60_000);
  if (!ok) throw new Error(`orders never learnt of ticket ${sentinel.id} (last ${value.status})`);
}

/** Every ticket for sale (not reserved), following the `X-Next-Cursor` pages. */
export async function ticketsForSale(session: Session): Promise<Ticket[]> {
  const all: Ticket[] = [];
  let cursor: string | null = '';
  while (cursor !== null) {
    const query: string = cursor ? `?limit=100&cursor=${encodeURIComponent(cursor)}` : '?limit=100';
    const reply = await session.get<Ticket[]>(`/api/tickets${query}`);
    if (reply.status !== 200) throw new Error(`GET /api/tickets answered ${reply.status}`);
    all.push(...reply.body);
    cursor = reply.headers.get('x-next-cursor');
  }
  return all;
}
