import { contentionBenchmark } from './benchmarks/contention';
import { expirationBenchmark } from './benchmarks/expiration';
import { footprintTable } from './benchmarks/footprint';
import { propagationBenchmark } from './benchmarks/propagation';
import { purchaseBenchmark } from './benchmarks/purchase';
import { rssOf } from './benchmarks/rss';
import { tracingBenchmark } from './benchmarks/tracing';
import type { RunOptions } from './options';
import { commit, machine } from './report/machine';
import { type RunRecord, writeResults } from './report/results-file';
import type { Table } from './report/table';
import { ROOT_DIR } from './target/local-stack';
import { withTarget } from './target/with-target';

// Long enough that no order of benchmarks 1–3 expires while they run.
const LONG_WINDOW_SECONDS = 3_600;
// Services settle (connections, JIT, first GC) before their idle memory is read.
const SETTLE_MS = 3_000;

/** Runs the chosen benchmarks, writes the JSON record; resolves with it and its path. */
export async function runBenchmarks(options: RunOptions, log: (message: string) => void) {
  const startedAt = new Date().toISOString();
  const wanted = new Set(options.benchmarks);
  const { sizes } = options;
  const tables: Record<string, Table> = {};
  let database: string | undefined;

  if (
    ['purchase', 'contention', 'propagation', 'footprint'].some((name) => wanted.has(name as never))
  ) {
    const buyers = Math.max(sizes.purchase.buyers, sizes.contention.racers, 10);
    await withTarget(
      options,
      { windowSeconds: LONG_WINDOW_SECONDS, buyers },
      log,
      async (target) => {
        const { context, startupMs } = target;
        database = target.database;
        await new Promise((resolve) => setTimeout(resolve, context.stack ? SETTLE_MS : 0));
        const idle = context.stack && rssOf(context.stack.parts);
        if (wanted.has('purchase') || wanted.has('footprint')) {
          const purchase = await purchaseBenchmark(context, sizes.purchase);
          if (wanted.has('purchase')) tables.purchase = purchase.table;
          if (wanted.has('footprint')) {
            tables.footprint = footprintTable({
              idle,
              underLoad: purchase.rssUnderLoad,
              startupMs,
            });
          }
        }
        if (wanted.has('contention'))
          tables.contention = await contentionBenchmark(context, sizes.contention);
        if (wanted.has('propagation'))
          tables.propagation = await propagationBenchmark(context, sizes.propagation);
      },
    );
  }
  if (wanted.has('expiration')) {
    const setup = { windowSeconds: sizes.expiration.windowSeconds, buyers: 10 };
    await withTarget(options, setup, log, async ({ context, ...target }) => {
      database ??= target.database;
      tables.expiration = await expirationBenchmark(context, sizes.expiration);
    });
  }

  // Two stacks of its own: a local one only (the bench cannot turn a deployment's tracing on).
  if (wanted.has('tracing') && !options.url) {
    tables.tracing = await tracingBenchmark(options, sizes.purchase, log);
  }

  const record = recordOf(options, startedAt, tables, database);
  return { record, path: writeResults(options.outDir, record) };
}

/** The run as saved: when, on what, against what, at which sizes, and every table. */
function recordOf(
  options: RunOptions,
  startedAt: string,
  tables: Record<string, Table>,
  database: string | undefined,
): RunRecord {
  const { sizes } = options;
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    commit: commit(ROOT_DIR),
    machine: machine(),
    target: options.url
      ? { kind: 'url', url: options.url, transport: options.transport, replicas: options.replicas }
      : {
          kind: 'local stack',
          transport: options.transport,
          replicas: options.replicas,
          database,
        },
    sizes: { preset: options.sizeName, ...sizes, logLevel: options.logLevel },
    benchmarks: Object.fromEntries(
      ['purchase', 'contention', 'propagation', 'expiration', 'footprint', 'tracing']
        .filter((name) => tables[name])
        .map((name) => [name, tables[name] as Table]),
    ),
  };
}
