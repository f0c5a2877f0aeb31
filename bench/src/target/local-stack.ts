import { resolve } from 'node:path';

import { freePort, type MongoBackendChoice } from '@ticketing/dev-infra';
import { type ServerArgs, type Stack, startStack, type Transport } from '@ticketing/dev-stack';

/** The monorepo root: the stack runs each service from `<root>/<service>/dist`. */
export const ROOT_DIR = resolve(__dirname, '..', '..', '..');

export interface LocalStackOptions {
  transport: Transport;
  replicas: number;
  expirationWindowSeconds: number;
  logLevel: string;
  /** A MongoDB-compatible server to use instead of the FerretDB the stack starts. */
  mongoUri?: string;
  /** The backend of the FerretDB started when no `mongoUri` is given (default: the stack's). */
  mongoBackend?: MongoBackendChoice;
  /** Added to the arguments of the backing servers the stack starts. */
  serverArgs?: ServerArgs;
  /** Puts something between the services and stripe-mock (see the stack's option). */
  stripeInFront?: (stripeApiBase: string) => Promise<string>;
  /** More environment for every service (e.g. OTEL_EXPORTER_OTLP_ENDPOINT). */
  extraEnv?: Record<string, string>;
  /** Every line the parts print; dropped when omitted. */
  output?: (line: string) => void;
  onProgress?: (message: string) => void;
}

/** Boots the whole stack without the client; resolves with it and how long that took. */
export async function bootStack(options: LocalStackOptions): Promise<{ stack: Stack; ms: number }> {
  const started = performance.now();
  const stack = await startStack({
    rootDir: ROOT_DIR,
    transport: options.transport,
    replicas: options.replicas,
    port: await freePort(),
    expirationWindowSeconds: options.expirationWindowSeconds,
    client: 'off',
    env: options.mongoUri ? { MONGO_URI: options.mongoUri } : {},
    logLevel: options.logLevel,
    serverArgs: options.serverArgs,
    mongoBackend: options.mongoBackend,
    // Hundreds of bench users sign up from one address (the default allows 50 per 15 minutes),
    // and each of a few buyers holds many unpaid orders at once, faster than a person would.
    extraEnv: {
      SIGNUP_RATE_LIMIT_MAX: '1000000',
      MAX_ACTIVE_ORDERS: '1000000',
      ORDER_RATE_LIMIT_MAX: '1000000',
      ...options.extraEnv,
    },
    stripeInFront: options.stripeInFront,
    output: options.output,
    onProgress: options.onProgress,
  });
  return { stack, ms: performance.now() - started };
}
