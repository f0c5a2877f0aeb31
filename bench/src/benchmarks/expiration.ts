import { setTimeout as sleep } from 'node:timers/promises';

import type { Session } from '../api/session';
import { listTickets, waitForReplica } from '../api/tickets';
import type { Order } from '../api/types';
import { runLoad } from '../load/load';
import { measure, type Table } from '../report/table';
import { atMost, TARGETS } from '../report/targets';
import { distribution } from '../util/stats';
import type { BenchContext } from './context';

export interface ExpirationSizes {
  /** Orders left to expire. */
  orders: number;
  /** Orders placed per second, so they fall due spread out rather than all at once. */
  orderRate: number;
  /** Between two looks at a buyer's orders. */
  pollMs: number;
}

const GRACE_MS = 60_000;

/** Looks at the buyers' orders until each is cancelled; resolves with each order's lateness:
 * when a look first saw it cancelled, minus its `expiresAt`. A buyer is looked at only once
 * one of its orders is about due, so the looking itself adds little load. */
async function watchCancellations(buyers: Session[], orderIds: Set<string>, pollMs: number) {
  const lateness = new Map<string, number>();
  const nextDue = new Map<Session, number>(buyers.map((buyer) => [buyer, 0]));
  let deadline = Date.now() + GRACE_MS;
  while (lateness.size < orderIds.size && Date.now() < deadline) {
    const due = [...nextDue].filter(([, at]) => at - pollMs <= Date.now());
    await Promise.all(
      due.map(async ([buyer]) => {
        const sent = Date.now();
        const reply = await buyer.get<Order[]>('/api/orders');
        if (reply.status !== 200) return;
        const open = reply.body.filter(
          (order) => orderIds.has(order.id) && !lateness.has(order.id),
        );
        for (const order of open) {
          if (order.status === 'cancelled')
            lateness.set(order.id, sent - Date.parse(order.expiresAt));
        }
        const waiting = open.filter((order) => order.status !== 'cancelled');
        if (waiting.length === 0) nextDue.delete(buyer);
        else nextDue.set(buyer, Math.min(...waiting.map((order) => Date.parse(order.expiresAt))));
      }),
    );
    if (nextDue.size > 0) deadline = Math.max(...nextDue.values()) + GRACE_MS;
    await sleep(pollMs);
  }
  return lateness;
}

/** 4. Expiration lateness: how long after `expiresAt` an unpaid order is actually cancelled. */
export async function expirationBenchmark(
  context: BenchContext,
  sizes: ExpirationSizes,
): Promise<Table> {
  context.log(`expiration: ${sizes.orders} orders at ${sizes.orderRate}/s, left to expire`);
  const tickets = await listTickets(context.sellers, sizes.orders);
  await waitForReplica(context.sellers[0]!, context.prober);
  const buyers = context.buyers.slice(0, Math.min(10, context.buyers.length));
  const placed = await runLoad(
    context.endpoint,
    tickets.map((ticket, index) => ({
      method: 'POST',
      path: '/api/orders',
      body: { ticketId: ticket.id },
      cookie: buyers[index % buyers.length]?.cookie,
    })),
    { connections: Math.min(10, sizes.orders), ratePerSecond: sizes.orderRate },
  );
  const orderIds = new Set(
    placed.outcomes.flatMap((outcome) =>
      outcome?.status === 201 ? [(JSON.parse(outcome.body) as Order).id] : [],
    ),
  );
  const lateness = await watchCancellations(buyers, orderIds, sizes.pollMs);
  const spread = distribution([...lateness.values()]);
  const p99 = measure(spread.p99, 'ms');
  const limit = TARGETS.expirationLatenessP99Ms;
  return {
    title: `4. Expiration lateness (${orderIds.size} orders)`,
    columns: ['value'],
    rows: [
      { label: 'orders cancelled', cells: { value: measure(lateness.size, 'orders') } },
      {
        label: 'orders never cancelled',
        cells: { value: measure(orderIds.size - lateness.size, 'orders') },
      },
      { label: 'cancelled − expiresAt p50', cells: { value: measure(spread.p50, 'ms') } },
      { label: 'cancelled − expiresAt p95', cells: { value: measure(spread.p95, 'ms') } },
      {
        label: 'cancelled − expiresAt p99',
        cells: { value: p99 },
        targets: [atMost(`≤ ${limit / 1000} s`, p99, limit)],
      },
      { label: 'cancelled − expiresAt max', cells: { value: measure(spread.max, 'ms') } },
    ],
    notes: [
      `orders placed at ${sizes.orderRate}/s; each buyer's orders looked at every ${sizes.pollMs} ms, ` +
        `so a figure is late by up to that much`,
    ],
  };
}
