import type { Transport } from '@ticketing/common';
import { type Infra, type ServerName, startInfra } from '@ticketing/dev-infra';

/** Redis and the transport's server, fresh, for one test. They are started here even when
 * the environment names some: the service's queue group and queue name are fixed and test
 * files run in parallel, so shared servers would hand one test's events to another's service.
 * Fresh ones also forget the queue group members of a SIGKILLed service, which NATS Streaming
 * keeps until their heartbeats time out. */
export const startServers = (transport: Transport): Promise<Infra> => {
  const bus: ServerName = transport === 'nats-streaming' ? 'stan' : 'nats';
  return startInfra(['redis', bus]);
};
