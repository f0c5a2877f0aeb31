import { setTimeout as sleep } from 'node:timers/promises';

import type { Reply, Session } from '../api/session';
import type { Order, Payment, Ticket } from '../api/types';
import { measure, type Table } from '../report/table';
import { atMost, TARGETS } from '../report/targets';
import { mapLimit } from '../util/pool';
import { distribution } from '../util/stats';
import type { BenchContext } from './context';

export interface PropagationSizes {
  /** Tickets followed from listing to a complete order. */
  tickets: number;
  /** Tickets followed at once. */
  concurrency: number;
  /** Between two probes of one ticket. */
  pollMs: number;
}

const GIVE_UP_MS = 60_000;

/** When a probe first saw an event's effect, counted from the answer that caused the event: the
 * effect was in place by the time that probe's answer came back (an upper bound, since it
 * includes the probe's own round trip); `looks` counts the probes it took. */
export interface Hop {
  seenMs: number;
  looks: number;
}

interface Timing {
  orderable?: Hop;
  payable?: Hop;
  complete?: Hop;
}

/** Probes until `accept`; resolves with the accepted reply and how long it took to see. */
async function probeUntil<T>(
  pollMs: number,
  probe: () => Promise<Reply<T>>,
  accept: (reply: Reply<T>) => boolean,
): Promise<{ reply: Reply<T>; hop: Hop } | undefined> {
  const since = performance.now();
  for (let looks = 1; performance.now() - since < GIVE_UP_MS; looks++) {
    const reply = await probe();
    if (accept(reply)) return { reply, hop: { seenMs: performance.now() - since, looks } };
    await sleep(pollMs);
  }
  return undefined;
}

/** One ticket from listing to a complete order, timing each hop across the event bus. */
async function follow(seller: Session, buyer: Session, index: number, pollMs: number) {
  const timing: Timing = {};
  const listed = await seller.post<Ticket>('/api/tickets', { title: `hop ${index}`, price: 5 });
  if (listed.status !== 201) return timing;
  const ticketId = listed.body.id;
  const ordered = await probeUntil(
    pollMs,
    () => buyer.post<Order>('/api/orders', { ticketId }),
    (reply) => reply.status !== 404,
  );
  if (ordered?.reply.status !== 201) return timing;
  timing.orderable = ordered.hop;
  const orderId = ordered.reply.body.id;
  const paid = await probeUntil(
    pollMs,
    () => buyer.post<Payment>('/api/payments', { orderId, token: 'tok_visa' }),
    (reply) => reply.status !== 404,
  );
  if (paid?.reply.status !== 201) return timing;
  timing.payable = paid.hop;
  const complete = await probeUntil(
    pollMs,
    () => buyer.get<Order>(`/api/orders/${orderId}`),
    (reply) => reply.body?.status === 'complete',
  );
  if (complete) timing.complete = complete.hop;
  return timing;
}

/** 3. Propagation: how long each event takes to show in the service that needs it. */
export async function propagationBenchmark(
  context: BenchContext,
  sizes: PropagationSizes,
): Promise<Table> {
  context.log(`propagation: ${sizes.tickets} tickets, ${sizes.concurrency} at a time`);
  let followed = 0;
  const tenth = Math.max(1, Math.round(sizes.tickets / 10));
  const timings = await mapLimit(
    Array.from({ length: sizes.tickets }, (_, index) => index),
    sizes.concurrency,
    async (index) => {
      const seller = context.sellers[index % context.sellers.length] as Session;
      const buyer = context.buyers[index % context.buyers.length] as Session;
      const timing = await follow(seller, buyer, index, sizes.pollMs);
      if (++followed % tenth === 0)
        context.log(`propagation: ${followed}/${sizes.tickets} tickets`);
      return timing;
    },
  );
  const hops: [string, keyof Timing][] = [
    ['ticket listed → orderable (ticket:created)', 'orderable'],
    ['order placed → payable (order:created)', 'payable'],
    ['payment made → order complete (payment:created)', 'complete'],
  ];
  const rows = hops.map(([label, key]) => {
    const hopsSeen = timings.flatMap((timing) => (timing[key] ? [timing[key]] : []));
    const seen = distribution(hopsSeen.map((hop) => hop.seenMs));
    const p99 = measure(seen.p99, 'ms');
    const limit = TARGETS.listedToOrderableP99Ms;
    return {
      label,
      cells: {
        samples: measure(seen.count, 'count'),
        'first look': measure(hopsSeen.filter((hop) => hop.looks === 1).length, 'count'),
        p50: measure(seen.p50, 'ms'),
        p95: measure(seen.p95, 'ms'),
        p99,
        max: measure(seen.max, 'ms'),
      },
      ...(key === 'orderable' ? { targets: [atMost(`p99 ≤ ${limit} ms`, p99, limit)] } : {}),
    };
  });
  const lost = timings.filter((timing) => timing.complete === undefined).length;
  return {
    title: `3. Propagation (${sizes.tickets} tickets, ${sizes.concurrency} followed at a time)`,
    columns: ['samples', 'first look', 'p50', 'p95', 'p99', 'max'],
    rows,
    notes: [
      'p50…max: from the answer that caused the event to the answer of the first probe that ' +
        "saw its effect, an upper bound (it includes that probe's own round trip)",
      `first look: how many effects the first probe already saw; a probe that missed is ` +
        `repeated after ${sizes.pollMs} ms`,
      ...(lost > 0
        ? [`${lost} ticket(s) did not reach a complete order within ${GIVE_UP_MS} ms`]
        : []),
    ],
  };
}
