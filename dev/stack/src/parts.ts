import { type ServerName, serverNames } from '@ticketing/dev-infra';

export type ServiceName = 'auth' | 'tickets' | 'orders' | 'payments' | 'expiration';

export interface ServiceDefinition {
  name: ServiceName;
  /** The path prefix the ingress (and the gateway) sends to it; none for expiration. */
  route?: string;
  /** Gets its own database on the MongoDB-compatible server. */
  database: boolean;
}

/** The services in start order: those that publish first, so their streams exist early. */
export const services: readonly ServiceDefinition[] = [
  { name: 'auth', route: '/api/users', database: true },
  { name: 'tickets', route: '/api/tickets', database: true },
  { name: 'orders', route: '/api/orders', database: true },
  { name: 'payments', route: '/api/payments', database: true },
  { name: 'expiration', database: false },
];

export type Transport = 'nats-streaming' | 'jetstream';

/** The backing servers the stack needs for a transport. */
export const serversFor = (transport: Transport): ServerName[] => [
  'mongo',
  transport === 'jetstream' ? 'nats' : 'stan',
  'redis',
  'stripe',
];

/** The variables the stack reads from the environment instead of starting a server. */
export const serverVariables: Record<ServerName, string[]> = {
  mongo: ['MONGO_URI'],
  nats: ['NATS_URL'],
  stan: ['STAN_URL', 'STAN_CLUSTER_ID'],
  redis: ['REDIS_URL'],
  stripe: ['STRIPE_API_BASE'],
};

/** Extra command-line arguments per backing server. */
export type ServerArgs = Partial<Record<ServerName, readonly string[]>>;

/** Arguments the cluster runs a server with that its local copy needs too. NATS Streaming's
 * heartbeats as in infra/k8s/base/nats/nats-streaming.yaml: a replica that dies without
 * closing (SIGKILL) is dropped within about 15 s, so the events it held go to the others; the
 * server's defaults keep it, and its events, for about 5 minutes. */
export const clusterServerArgs: ServerArgs = {
  stan: ['--hb_interval=5s', '--hb_timeout=5s', '--hb_fail_count=2'],
};

/** The cluster's arguments followed by a caller's own (e.g. a monitoring port). */
export const withServerArgs = (extra: ServerArgs = {}): ServerArgs =>
  Object.fromEntries(
    serverNames.map((name) => [name, [...(clusterServerArgs[name] ?? []), ...(extra[name] ?? [])]]),
  );
