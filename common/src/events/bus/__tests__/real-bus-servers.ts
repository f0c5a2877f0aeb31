// Shared by the tests that talk to both real event-bus servers (not a test file itself).
import { startInfra } from '@ticketing/dev-infra';
import { pino } from 'pino';

import { connectEventBus } from '../connect-bus';
import type { EventBus, Transport } from '../event-bus';
import { uniqueClientId } from '../event-bus-config';

const logger = pino({ level: 'silent' });

/**
 * Registers the file's beforeAll/afterAll for the real NATS Streaming and NATS (JetStream)
 * servers: those named by STAN_URL, STAN_CLUSTER_ID and NATS_URL when all are set, otherwise
 * started for the file and stopped after it. Returns how to connect a bus to either.
 */
export function useRealBusServers() {
  let env: Record<string, string | undefined> = process.env;
  let stopServers: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    if (env.STAN_URL && env.STAN_CLUSTER_ID && env.NATS_URL) return;
    const infra = await startInfra(['stan', 'nats']);
    env = infra.env;
    stopServers = infra.stop;
  });
  afterAll(() => stopServers());

  return {
    /** STAN_URL, STAN_CLUSTER_ID and NATS_URL of the servers (inside a test). */
    env: (): Record<string, string | undefined> => env,
    /** A bus on `transport` with a fresh client id starting with `clientName`. */
    connect: (transport: Transport, clientName: string): Promise<EventBus> =>
      transport === 'nats-streaming'
        ? connectEventBus({
            transport,
            url: env.STAN_URL ?? '',
            clusterId: env.STAN_CLUSTER_ID ?? '',
            clientId: uniqueClientId(clientName),
            logger,
          })
        : connectEventBus({
            transport,
            url: env.NATS_URL ?? '',
            clientId: uniqueClientId(clientName),
            logger,
          }),
  };
}
