// How late does expiration:complete arrive after an order's expiresAt when many orders expire
// together? Starts real Redis and a real bus, runs the service as its own process, publishes
// ORDERS order:created events expiring within the same WINDOW_MS, and prints percentiles of
// (arrival on the bus - expiresAt). Usage, from the repository root:
//   npx ts-node expiration/bench/lateness.ts [nats-streaming|jetstream]
import type { Transport } from '@ticketing/common';
import { startInfra } from '@ticketing/dev-infra';

import { busEnv, connectTestBus, publishOrderCreated, recordAnnouncements } from '../src/test/bus';
import { buildOrderCreated } from '../src/test/factories';
import { ServiceProcess } from '../src/test/service-process';
import { waitFor } from '../src/test/wait-for';

const ORDERS = 1_000;
const WINDOW_MS = 2_000;
// Time to publish and schedule every order before the first one is due.
const LEAD_MS = 8_000;
const PUBLISH_BATCH = 50;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function main(transport: Transport): Promise<void> {
  const servers = await startInfra(['redis', transport === 'jetstream' ? 'nats' : 'stan']);
  const env = { ...busEnv(transport, servers.env), REDIS_URL: servers.env.REDIS_URL ?? '' };
  const service = await (await ServiceProcess.start({ ...env, LOG_LEVEL: 'info' })).ready();
  const bus = await connectTestBus(transport, servers.env);
  try {
    const announcements = await recordAnnouncements(bus);
    const firstDue = Date.now() + LEAD_MS;
    const orders = Array.from({ length: ORDERS }, (_, n) =>
      buildOrderCreated({ expiresAt: new Date(firstDue + (n * WINDOW_MS) / ORDERS).toISOString() }),
    );
    for (let start = 0; start < ORDERS; start += PUBLISH_BATCH) {
      const batch = orders.slice(start, start + PUBLISH_BATCH);
      await Promise.all(batch.map((order) => publishOrderCreated(bus, order)));
    }
    const publishedInMs = Date.now() - (firstDue - LEAD_MS);
    const all = () => orders.every((order) => announcements.of(order.id).length > 0);
    await waitFor('every announcement', all, LEAD_MS + WINDOW_MS + 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // room for duplicates

    const lateness = orders
      .map(
        (order) => (announcements.of(order.id)[0]?.receivedAt ?? NaN) - Date.parse(order.expiresAt),
      )
      .sort((a, b) => a - b);
    const duplicates = orders.filter((order) => announcements.of(order.id).length > 1).length;
    console.log(
      `${transport}: ${ORDERS} orders expiring within ${WINDOW_MS} ms (published in ${publishedInMs} ms)`,
    );
    console.log(
      `lateness ms: p50 ${percentile(lateness, 50)}, p99 ${percentile(lateness, 99)}, ` +
        `max ${lateness.at(-1)}, min ${lateness[0]}; duplicates ${duplicates}`,
    );
  } finally {
    await service.stop('SIGTERM');
    await bus.close();
    await servers.stop();
  }
}

const transports: Transport[] = ['nats-streaming', 'jetstream'];
const transport = transports.find((name) => name === (process.argv[2] ?? 'nats-streaming'));
if (!transport) throw new Error(`usage: lateness.ts [${transports.join('|')}]`);
main(transport).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
