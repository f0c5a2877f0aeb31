import type { EventBus, OrderCreatedEvent, Transport } from '@ticketing/common';
import type { Infra } from '@ticketing/dev-infra';

import { busEnv, connectTestBus, publishOrderCreated, recordAnnouncements } from './bus';
import { startServers } from './servers';
import { killAllServices, ServiceProcess } from './service-process';
import { waitFor } from './wait-for';

/** Long enough for a duplicate announcement to arrive if there were one. */
export const DUPLICATE_WINDOW_MS = 1_500;

/** For each test: fresh Redis and bus servers, a connection playing the orders service (it
 * publishes order:created and records every expiration:complete), and the service itself,
 * started as a process on demand and killed after the test. Call inside a describe block. */
export function useServiceHarness(transport: Transport) {
  let servers: Infra;
  let bus: EventBus;
  let announcements: Awaited<ReturnType<typeof recordAnnouncements>>;

  beforeEach(async () => {
    servers = await startServers(transport);
    bus = await connectTestBus(transport, servers.env);
    announcements = await recordAnnouncements(bus);
  });

  afterEach(async () => {
    killAllServices();
    await bus.close();
    await servers.stop();
  });

  return {
    /** Starts the service and resolves once /readyz answers 200. */
    startService: async () => {
      const env = { ...busEnv(transport, servers.env), REDIS_URL: servers.env.REDIS_URL ?? '' };
      return (await ServiceProcess.start({ ...env, LOG_LEVEL: 'debug' })).ready();
    },
    publish: (order: OrderCreatedEvent['data']) => publishOrderCreated(bus, order),
    announcementsOf: (orderId: string) => announcements.of(orderId),
    /** Resolves once the service has acked the order's order:created (the job is in Redis). */
    scheduled: (service: ServiceProcess, orderId: string) =>
      waitFor('the order to be scheduled', () => service.logged('event handled', { id: orderId })),
  };
}
