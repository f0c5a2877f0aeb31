#!/usr/bin/env node
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { MissingBinaryError, mongoBackendFromEnv, parseMongoBackend } from '@ticketing/dev-infra';

import type { Transport } from './parts';
import { type ClientMode, type Stack, startStack } from './stack';
import { PartFailedError } from './wait-ready';

const usage = `Usage: ticketing-stack [options]

Starts the backing servers (or uses MONGO_URI, STAN_URL + STAN_CLUSTER_ID, NATS_URL,
REDIS_URL, STRIPE_API_BASE from the environment), every service, the client and a gateway
that routes like the ingress. Ctrl-C stops everything it started.

Options:
  --bus nats-streaming|jetstream   event-bus transport (default: EVENT_BUS or nats-streaming)
  --replicas N                     processes per service (default 1)
  --expiration-seconds N           how long an order holds its ticket (default 900)
  --port N                         gateway port (default 8080)
  --client dev|start|off           next dev, the production build (npm run build), or none
                                   (default: dev)
  --mongo-backend auto|postgresql|sqlite
                                   FerretDB's backend (default: TICKETING_MONGO_BACKEND or
                                   auto: PostgreSQL when $TICKETING_POSTGRES_URL, default
                                   postgres@127.0.0.1:5432, answers, else SQLite); on
                                   PostgreSQL the stack gets a fresh database, dropped at stop
  --log-level LEVEL                services' log level (default info)
  --quiet                          do not print the parts' own log lines
`;

const say = (message: string) => process.stderr.write(`[stack] ${message}\n`);

function readOptions() {
  const { values } = parseArgs({
    options: {
      bus: { type: 'string', default: process.env.EVENT_BUS ?? 'nats-streaming' },
      replicas: { type: 'string', default: '1' },
      'expiration-seconds': { type: 'string', default: '900' },
      port: { type: 'string', default: '8080' },
      client: { type: 'string', default: 'dev' },
      'mongo-backend': { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  const whole = (name: string, text: string, min: number) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`--${name} must be a whole number ≥ ${min}`);
    return value;
  };
  if (values.bus !== 'nats-streaming' && values.bus !== 'jetstream') {
    throw new Error('--bus must be nats-streaming or jetstream');
  }
  if (!['dev', 'start', 'off'].includes(values.client))
    throw new Error('--client must be dev, start or off');
  return {
    transport: values.bus as Transport,
    replicas: whole('replicas', values.replicas, 1),
    expirationWindowSeconds: whole('expiration-seconds', values['expiration-seconds'], 1),
    port: whole('port', values.port, 1),
    client: values.client as ClientMode,
    mongoBackend: values['mongo-backend']
      ? parseMongoBackend(values['mongo-backend'], '--mongo-backend')
      : mongoBackendFromEnv('auto'),
    logLevel: values['log-level'],
    quiet: values.quiet,
  };
}

function explain(error: unknown): string {
  if (error instanceof PartFailedError) {
    return [error.message, ...error.tail.map((line) => `  ${line}`)].join('\n');
  }
  if (error instanceof MissingBinaryError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  const options = readOptions();
  const running: { stack?: Stack } = {};
  let exiting = false;
  const shutdown = async (why: string, code: number) => {
    if (exiting) return;
    exiting = true;
    say(`${why}; stopping everything`);
    await running.stack?.stop();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('interrupted', 130));
  process.on('SIGTERM', () => void shutdown('terminated', 143));

  say(
    `starting: ${options.transport}, ${options.replicas} replica(s) per service, ` +
      `orders expire after ${options.expirationWindowSeconds} s, client: ${options.client}`,
  );
  const stack = await startStack({
    ...options,
    rootDir: resolve(__dirname, '..', '..', '..'),
    env: process.env,
    onProgress: say,
    output: options.quiet ? undefined : (line) => process.stdout.write(`${line}\n`),
  });
  running.stack = stack;
  say(`ready: ${stack.url}`);
  await stack.failure.catch(async (error: unknown) => {
    say(explain(error));
    await shutdown('a part failed', 1);
  });
}

main().catch((error: unknown) => {
  say(`could not start: ${explain(error)}`);
  process.exit(1);
});
