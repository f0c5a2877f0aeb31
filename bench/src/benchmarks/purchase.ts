import { listTickets, waitForReplica } from '../api/tickets';
import { measureBaseline } from '../baseline/baseline';
import type { Job, LoadResult } from '../load/load';
import { runLoad } from '../load/load';
import { baselineRows } from '../report/baseline-rows';
import { LOAD_COLUMNS, loadRow, unexpectedStatuses } from '../report/latency-row';
import type { Table } from '../report/table';
import type { BenchContext } from './context';
import { type RssByPart, samplePeakRss } from './rss';

export interface PurchaseSizes {
  /** Concurrent buyers (autocannon connections). */
  buyers: number;
  /** Orders placed, each for its own ticket. */
  orders: number;
  /** How long GET /api/tickets and the sign-ins are driven. */
  readSeconds: number;
}

export interface PurchaseResult {
  table: Table;
  /** Each service's peak RSS while the orders were placed (load 1). */
  rssUnderLoad?: RssByPart;
}

/** Load 1: every buyer places orders for tickets nobody else orders. */
export async function placeOrders(
  context: BenchContext,
  sizes: Pick<PurchaseSizes, 'buyers' | 'orders'>,
): Promise<{ jobs: Job[]; result: LoadResult; rss?: RssByPart }> {
  const tickets = await listTickets(context.sellers, sizes.orders);
  await waitForReplica(context.sellers[0]!, context.prober);
  const jobs: Job[] = tickets.map((ticket, index) => ({
    method: 'POST',
    path: '/api/orders',
    body: { ticketId: ticket.id },
    cookie: context.buyers[index % sizes.buyers]?.cookie,
  }));
  const sampler = context.stack && samplePeakRss(context.stack.parts);
  const result = await runLoad(context.endpoint, jobs, { connections: sizes.buyers });
  return { jobs, result, rss: sampler?.stop() };
}

/** The same requests, over as many connections, to the bare one-insert server on the stack's
 * database server; undefined for a deployment, whose database server the bench cannot reach. */
async function placeBaselineOrders(context: BenchContext, jobs: Job[], buyers: number) {
  const mongoUri = context.stack?.serverEnv.MONGO_URI;
  if (!mongoUri) return undefined;
  context.log(`purchase: the same ${jobs.length} requests to the bare one-insert baseline`);
  return measureBaseline(mongoUri, jobs, buyers);
}

/** 1. Purchase path: placing orders, listing tickets and signing in, each under N buyers. */
export async function purchaseBenchmark(
  context: BenchContext,
  sizes: PurchaseSizes,
): Promise<PurchaseResult> {
  context.log(`purchase: ${sizes.orders} orders by ${sizes.buyers} concurrent buyers`);
  const orders = await placeOrders(context, sizes);
  const baseline = await placeBaselineOrders(context, orders.jobs, sizes.buyers);
  const buyers = context.buyers.slice(0, sizes.buyers);

  context.log(`purchase: GET /api/tickets for ${sizes.readSeconds} s`);
  const list = await runLoad(
    context.endpoint,
    buyers.map((buyer) => ({ method: 'GET', path: '/api/tickets', cookie: buyer.cookie })),
    { connections: sizes.buyers, durationSeconds: sizes.readSeconds },
  );

  context.log(`purchase: POST /api/users/signin for ${sizes.readSeconds} s`);
  const signin = await runLoad(
    context.endpoint,
    buyers.map((buyer) => ({
      method: 'POST',
      path: '/api/users/signin',
      body: { email: buyer.email, password: buyer.password },
    })),
    { connections: sizes.buyers, durationSeconds: sizes.readSeconds },
  );

  const notes = [
    `${sizes.buyers} connections (one per buyer); POST /api/orders: ${sizes.orders} orders, ` +
      `each for its own ticket; the others: ${sizes.readSeconds} s each`,
    'latency: every answered request, from autocannon; rate: answers / wall time',
    baseline
      ? 'baseline: the same requests straight to one Express + mongoose process doing one ' +
        "insert each, in its own database on the stack's database server (no gateway, no " +
        'session, no lookup, no outbox)'
      : 'baseline: not measured, the target is not a local stack',
  ];
  for (const [label, result, expected] of [
    ['POST /api/orders', orders.result, 201],
    ...(baseline ? [['baseline', baseline, 201] as const] : []),
    ['GET /api/tickets', list, 200],
    ['POST /api/users/signin', signin, 200],
  ] as const) {
    const odd = unexpectedStatuses(result, expected);
    if (odd) notes.push(`${label} answered other than ${expected}: ${odd}`);
  }
  const ordersRow = loadRow('POST /api/orders', orders.result);
  return {
    table: {
      title: `1. Purchase path (${sizes.buyers} concurrent buyers)`,
      columns: LOAD_COLUMNS,
      rows: [
        ordersRow,
        ...(baseline ? baselineRows(ordersRow, baseline) : []),
        loadRow('GET /api/tickets', list),
        loadRow('POST /api/users/signin', signin),
      ],
      notes,
    },
    rssUnderLoad: orders.rss,
  };
}
