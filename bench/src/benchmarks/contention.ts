import type { Session } from '../api/session';
import { listTickets, waitForReplica } from '../api/tickets';
import { runLoad } from '../load/load';
import { measure, type Table } from '../report/table';
import { distribution } from '../util/stats';
import type { BenchContext } from './context';

export interface ContentionSizes {
  /** Buyers racing for one ticket, all at once. */
  racers: number;
  /** Tickets raced for, one after another. */
  tickets: number;
}

interface Race {
  accepted: number;
  refused: number;
  latenciesMs: number[];
  /** Any answer but 201 and 400, or no answer: worth a note. */
  odd: string;
}

/** One connection per buyer, each sending its one order as soon as it is connected. */
async function race(context: BenchContext, ticketId: string, racers: Session[]): Promise<Race> {
  const result = await runLoad(
    context.endpoint,
    racers.map((buyer) => ({
      method: 'POST',
      path: '/api/orders',
      body: { ticketId },
      cookie: buyer.cookie,
    })),
    { connections: racers.length },
  );
  const odd = Object.entries(result.statusCounts)
    .filter(([status]) => status !== '201' && status !== '400')
    .map(([status, count]) => `${status}: ${count}`);
  if (result.errors > 0) odd.push(`no answer: ${result.errors}`);
  return {
    accepted: result.statusCounts['201'] ?? 0,
    refused: result.statusCounts['400'] ?? 0,
    latenciesMs: result.latenciesMs,
    odd: odd.length > 0 ? `ticket ${ticketId}: ${odd.join(', ')}` : '',
  };
}

function contentionTable(races: Race[], racers: number): Table {
  const accepted = races.map((one) => one.accepted);
  const latency = distribution(races.flatMap((one) => one.latenciesMs));
  const exactlyOne = accepted.filter((count) => count === 1).length;
  const row = (label: string, value: number, unit: string) => ({
    label,
    cells: { value: measure(value, unit) },
  });
  return {
    title: `2. Contention (${racers} buyers per ticket, ${races.length} tickets)`,
    columns: ['value'],
    rows: [
      row('orders accepted per ticket, fewest', Math.min(...accepted), 'orders'),
      row('orders accepted per ticket, most', Math.max(...accepted), 'orders'),
      row('tickets with exactly 1 order', exactlyOne, 'tickets'),
      row('tickets with any other count', races.length - exactlyOne, 'tickets'),
      row(
        'refused "already reserved" (400)',
        races.reduce((sum, one) => sum + one.refused, 0),
        'count',
      ),
      row('POST /api/orders p50', latency.p50, 'ms'),
      row('POST /api/orders p99', latency.p99, 'ms'),
    ],
    notes: [
      'each race: one autocannon connection per buyer, all sending their order at once',
      exactlyOne === races.length
        ? 'every ticket got exactly one order, as it must'
        : 'SOME TICKET DID NOT GET EXACTLY ONE ORDER',
      ...races.flatMap((one) => (one.odd ? [one.odd] : [])),
    ],
  };
}

/** 2. Contention: M buyers order the same ticket at the same moment; exactly one may win. */
export async function contentionBenchmark(
  context: BenchContext,
  sizes: ContentionSizes,
): Promise<Table> {
  context.log(`contention: ${sizes.racers} buyers race for each of ${sizes.tickets} tickets`);
  const tickets = await listTickets(context.sellers, sizes.tickets);
  await waitForReplica(context.sellers[0]!, context.prober);
  const racers = context.buyers.slice(0, sizes.racers);
  const races: Race[] = [];
  for (const ticket of tickets) races.push(await race(context, ticket.id, racers));
  return contentionTable(races, racers.length);
}
