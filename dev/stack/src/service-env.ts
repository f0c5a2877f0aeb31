import type { ServiceDefinition, Transport } from './parts';

export interface StackSettings {
  transport: Transport;
  /** How long an order holds its ticket. */
  expirationWindowSeconds: number;
  /** A development key: the stack is never exposed beyond this machine. */
  jwtKey: string;
  logLevel: string;
}

/** The same server, with the database named after the service. */
export function databaseUri(serverUri: string, database: string): string {
  const url = new URL(serverUri);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * How each service's Node runs, here as in its image (service.Dockerfile): a young generation of
 * 4 MB semi-spaces instead of 16, and glibc's malloc handing blocks of 128 KiB and more straight
 * back to the system. An idle service then holds about a third less memory; the price is more
 * frequent minor collections under load (README, "Performance").
 */
export function memoryEnv(inherited: string | undefined): Record<string, string> {
  return {
    NODE_OPTIONS: [inherited, '--max-semi-space-size=4'].filter(Boolean).join(' '),
    MALLOC_MMAP_THRESHOLD_: '131072',
  };
}

/** The environment one replica of a service runs with: what the backing servers exported,
 * plus the settings every service reads. */
export function serviceEnv(
  service: ServiceDefinition,
  port: number,
  servers: Record<string, string>,
  settings: StackSettings,
): Record<string, string> {
  const env: Record<string, string> = {
    ...memoryEnv(process.env.NODE_OPTIONS),
    ...servers,
    PORT: String(port),
    LOG_LEVEL: settings.logLevel,
    JWT_KEY: settings.jwtKey,
    EVENT_BUS: settings.transport,
    // The gateway speaks plain HTTP on this machine, so a Secure cookie would never come back.
    COOKIE_SECURE: 'false',
    EXPIRATION_WINDOW_SECONDS: String(settings.expirationWindowSeconds),
    STRIPE_KEY: servers.STRIPE_KEY ?? 'sk_test_localstack',
  };
  if (service.database && servers.MONGO_URI) {
    env.MONGO_URI = databaseUri(servers.MONGO_URI, service.name);
  }
  return env;
}
