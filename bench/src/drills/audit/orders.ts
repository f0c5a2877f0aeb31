import type { Session } from '../../api/session';
import type { Order } from '../../api/types';
import { pollUntil } from '../../util/poll';
import { mapLimit } from '../../util/pool';
import type { DrillContext } from '../drill-context';
import type { Tally } from '../tally';

/** An order as its buyer sees it, with the buyer (payments answer only the owner). */
export interface OwnedOrder {
  order: Order;
  owner: Session;
}

export type OrderBook = Map<string, OwnedOrder>;

const FINAL = new Set<Order['status']>(['cancelled', 'complete']);

/** Every order of every buyer and of the prober, including those whose answer the load never
 * got (the service died after storing it). */
export async function collectOrders(context: DrillContext): Promise<OrderBook> {
  const book: OrderBook = new Map();
  const owners = [...context.buyers, context.prober];
  const lists = await mapLimit(owners, 4, async (owner) => {
    const reply = await owner.get<Order[]>('/api/orders');
    if (reply.status !== 200) throw new Error(`GET /api/orders answered ${reply.status}`);
    return reply.body.map((order) => ({ order, owner }));
  });
  for (const owned of lists.flat()) book.set(owned.order.id, owned);
  return book;
}

/** Looks again until every order is cancelled or complete, or the last one is `graceMs` past
 * its expiry; resolves with the book as last seen. An order still open has lost its
 * expiration (order:created never scheduled, or expiration:complete never applied). */
export async function waitForFinalOrders(
  context: DrillContext,
  graceMs: number,
  tally: Tally,
): Promise<OrderBook> {
  const latest = (book: OrderBook) =>
    Math.max(...[...book.values()].map(({ order }) => Date.parse(order.expiresAt)), Date.now());
  let book = await collectOrders(context);
  const deadline = latest(book) + graceMs;
  const { value } = await pollUntil(
    () => collectOrders(context),
    (seen) => [...seen.values()].every(({ order }) => FINAL.has(order.status)),
    { intervalMs: 500, timeoutMs: Math.max(0, deadline - Date.now()) },
  );
  book = value;
  for (const { order } of book.values()) {
    tally.count(`orders ${order.status}`);
    if (!FINAL.has(order.status)) tally.lost('order never expired (still open)', order.id);
  }
  return book;
}
