import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { type MongoBackendChoice, parseMongoBackend } from '@ticketing/dev-infra';
import type { Transport } from '@ticketing/dev-stack';

import { type SizeName, SIZES, type Sizes } from './sizes';
import { ROOT_DIR } from './target/local-stack';

export const BENCHMARKS = [
  'purchase',
  'contention',
  'propagation',
  'expiration',
  'footprint',
  'tracing',
] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

export interface RunOptions {
  benchmarks: BenchmarkName[];
  transport: Transport;
  replicas: number;
  /** Benchmark a running deployment instead of booting the local stack. */
  url?: string;
  /** The local stack's database server, instead of the FerretDB it starts. */
  mongoUri?: string;
  /** The backend of the FerretDB the local stack starts. */
  mongoBackend: MongoBackendChoice;
  /** A file to append every line the local stack's services print to. */
  serviceLog?: string;
  sizeName: SizeName;
  sizes: Sizes;
  logLevel: string;
  outDir: string;
}

export const usage = `Usage: run.ts [benchmark...] [options]

Benchmarks: ${BENCHMARKS.join(', ')} (default: all). footprint reads memory while
purchase runs, so it runs purchase too. tracing places the purchase path's orders on two stacks
of its own, without and with tracing (local stack only).

Options:
  --bus nats-streaming|jetstream   event-bus transport of the local stack (default nats-streaming)
  --replicas N                     processes per service (default 1)
  --size full|small|tiny           preset sizes (default full); the flags below override one
  --url URL                        benchmark this deployment instead of booting a local stack
                                   (no footprint; expiration then waits the target's window)
  --mongo-uri URI                  the local stack's database (e.g. a real MongoDB) instead of
                                   the FerretDB it starts; each service uses its own database
  --mongo-backend auto|postgresql|sqlite
                                   the backend of that FerretDB (default auto: PostgreSQL when
                                   $TICKETING_POSTGRES_URL, default postgres@127.0.0.1:5432,
                                   answers, else SQLite); each stack gets a fresh PostgreSQL
                                   database, dropped when it stops
  --service-log FILE               append every line the services print to FILE
  --out DIR                        where the JSON goes (default bench/results)
  --log-level LEVEL                services' log level (default warn: no line per request)
  --buyers N  --orders N  --read-seconds N          1. purchase path
  --racers N  --race-tickets N                      2. contention
  --propagation-tickets N  --propagation-concurrency N  --poll-ms N   3. propagation
  --expiring-orders N  --expiration-seconds N  --expiration-rate N    4. expiration
`;

const SIZE_FLAGS = {
  buyers: ['purchase', 'buyers'],
  orders: ['purchase', 'orders'],
  'read-seconds': ['purchase', 'readSeconds'],
  racers: ['contention', 'racers'],
  'race-tickets': ['contention', 'tickets'],
  'propagation-tickets': ['propagation', 'tickets'],
  'propagation-concurrency': ['propagation', 'concurrency'],
  'poll-ms': ['propagation', 'pollMs'],
  'expiring-orders': ['expiration', 'orders'],
  'expiration-seconds': ['expiration', 'windowSeconds'],
  'expiration-rate': ['expiration', 'orderRate'],
} as const;

const whole = (flag: string, text: string, min = 1): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${flag} must be a whole number ≥ ${min}`);
  return value;
};

function sizesFrom(name: string, values: Record<string, unknown>): Sizes {
  if (!(name in SIZES)) throw new Error('--size must be full, small or tiny');
  const sizes = structuredClone(SIZES[name as SizeName]);
  for (const [flag, [group, key]] of Object.entries(SIZE_FLAGS)) {
    const text = values[flag];
    if (typeof text === 'string')
      (sizes[group] as unknown as Record<string, number>)[key] = whole(flag, text);
  }
  return sizes;
}

export function parseRunOptions(argv: string[]): RunOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      bus: { type: 'string', default: 'nats-streaming' },
      replicas: { type: 'string', default: '1' },
      size: { type: 'string', default: 'full' },
      url: { type: 'string' },
      'mongo-uri': { type: 'string' },
      'mongo-backend': { type: 'string' },
      'service-log': { type: 'string' },
      out: { type: 'string' },
      'log-level': { type: 'string', default: 'warn' },
      help: { type: 'boolean', default: false },
      ...Object.fromEntries(
        Object.keys(SIZE_FLAGS).map((flag) => [flag, { type: 'string' as const }]),
      ),
    },
  });
  if (values.help) return 'help';
  if (values.bus !== 'nats-streaming' && values.bus !== 'jetstream') {
    throw new Error('--bus must be nats-streaming or jetstream');
  }
  const backend = values['mongo-backend'];
  if (backend && (values.url || values['mongo-uri'])) {
    throw new Error(
      '--mongo-backend chooses the FerretDB the local stack starts; drop it with --url or --mongo-uri',
    );
  }
  const unknown = positionals.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}`);
  return {
    benchmarks: positionals.length > 0 ? (positionals as BenchmarkName[]) : [...BENCHMARKS],
    transport: values.bus,
    replicas: whole('replicas', values.replicas),
    url: values.url?.replace(/\/$/, ''),
    mongoUri: values['mongo-uri'],
    mongoBackend: backend ? parseMongoBackend(backend, '--mongo-backend') : 'auto',
    serviceLog: values['service-log'],
    sizeName: values.size as SizeName,
    sizes: sizesFrom(values.size, values),
    logLevel: values['log-level'],
    outDir: values.out ?? join(ROOT_DIR, 'bench', 'results'),
  };
}
