import { type Infra, startInfra } from '@ticketing/dev-infra';

/**
 * Fresh NATS Streaming and JetStream servers for one test file. They are started even when the
 * environment names some: the queue group is fixed (`orders-service`) and other suites publish
 * on the same subjects, so shared servers would hand their events to these listeners.
 */
export const startBusServers = (): Promise<Infra> => startInfra(['stan', 'nats']);
