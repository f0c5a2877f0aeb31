import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  describeMongoStorage,
  type MongoBackendChoice,
  mongoBackendFromEnv,
  type MongoStorage,
  postgresqlUrlOf,
  provideMongoStorage,
  releaseMongoStorage,
} from './mongo-storage';
import { dropDatabaseNow } from './postgres';
import { type RunningServer, startServer } from './server-process';
import type { ServerName } from './servers';

export interface Infra {
  servers: RunningServer[];
  /** Every running server's client variables merged (MONGO_URI, NATS_URL, ...). */
  env: Record<string, string>;
  workDir: string;
  /** FerretDB's backend, when mongo was started. */
  mongoStorage?: MongoStorage;
  /** Stops every server, drops FerretDB's PostgreSQL database and removes the work
   * directory. Safe to call twice. */
  stop(): Promise<void>;
}

export type ProgressEvent =
  | { name: ServerName; state: 'starting' }
  | { name: ServerName; state: 'ready'; pid: number; url: string; ms: number }
  | { name: ServerName; state: 'storage'; storage: MongoStorage };

/** The line a CLI prints for an event. */
export const describeProgress = (event: ProgressEvent): string => {
  if (event.state === 'starting') return `${event.name}: starting`;
  if (event.state === 'storage') return `${event.name}: ${describeMongoStorage(event.storage)}`;
  return `${event.name}: ready at ${event.url} (pid ${event.pid}, ${event.ms} ms)`;
};

export interface StartInfraOptions {
  /** Called as each server starts and becomes ready, for progress output. */
  onProgress?: (event: ProgressEvent) => void;
  /** Keep data and logs after stop (the path is `workDir`). */
  keepWorkDir?: boolean;
  timeoutMs?: number;
  /** Arguments added to a server's own (see `StartServerOptions.extraArgs`). */
  extraArgs?: Partial<Record<ServerName, readonly string[]>>;
  /** FerretDB's backend (default: `$TICKETING_MONGO_BACKEND`, else sqlite). */
  mongoBackend?: MongoBackendChoice;
  /** The PostgreSQL server for that backend (default: `$TICKETING_POSTGRES_URL`, else
   * postgres@127.0.0.1:5432). */
  postgresUrl?: string;
}

// Servers still running when this process exits for any reason are killed, so a test run
// or CLI that ends abruptly (an uncaught error, process.exit) leaves nothing behind.
// Their PostgreSQL databases are dropped too; one whose process was SIGKILLed is dropped by
// the next run on this host (see dropStaleDatabases).
const live = new Set<RunningServer>();
const liveDatabases = new Set<MongoStorage & { backend: 'postgresql' }>();
/** Work directories to remove on exit (not those asked to be kept). */
const liveWorkDirs = new Set<string>();
process.on('exit', () => {
  for (const server of live) server.killNow();
  for (const storage of liveDatabases) {
    try {
      dropDatabaseNow(storage.serverUrl, storage.database);
    } catch {
      // No psql: the next run on this host drops it (dropStaleDatabases).
    }
  }
  for (const dir of liveWorkDirs) removeNow(dir);
});

/** Best effort, for exit hooks: a server killed a moment ago may still be writing into it, and
 * a throw here would keep every later exit hook (the stack's own processes) from running. */
function removeNow(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  } catch {
    // Left in the system's temporary directory.
  }
}

/** Starts the named servers one after another; if any fails, those already started are
 * stopped before the error is rethrown. */
export async function startInfra(
  names: readonly ServerName[],
  options: StartInfraOptions = {},
): Promise<Infra> {
  const workDir = mkdtempSync(join(tmpdir(), 'ticketing-infra-'));
  if (!options.keepWorkDir) liveWorkDirs.add(workDir);
  const started: RunningServer[] = [];
  let mongoStorage: MongoStorage | undefined;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(started.map((server) => server.stop()));
    started.forEach((server) => live.delete(server));
    try {
      await releaseMongoStorage(mongoStorage);
      if (mongoStorage?.backend === 'postgresql') liveDatabases.delete(mongoStorage);
    } finally {
      if (!options.keepWorkDir) rmSync(workDir, { recursive: true, force: true });
      liveWorkDirs.delete(workDir);
    }
  };

  try {
    if (names.includes('mongo')) {
      const choice = options.mongoBackend ?? mongoBackendFromEnv('sqlite');
      mongoStorage = await provideMongoStorage(choice, options.postgresUrl);
      if (mongoStorage.backend === 'postgresql') liveDatabases.add(mongoStorage);
      options.onProgress?.({ name: 'mongo', state: 'storage', storage: mongoStorage });
    }
    for (const name of new Set(names)) {
      const begin = Date.now();
      options.onProgress?.({ name, state: 'starting' });
      const server = await startServer(name, {
        workDir,
        timeoutMs: options.timeoutMs,
        extraArgs: options.extraArgs?.[name],
        postgresqlUrl: name === 'mongo' ? postgresqlUrlOf(mongoStorage) : undefined,
      });
      started.push(server);
      live.add(server);
      const url = Object.values(server.env)[0] ?? `127.0.0.1:${server.port}`;
      options.onProgress?.({ name, state: 'ready', pid: server.pid, url, ms: Date.now() - begin });
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const env = Object.assign({}, ...started.map((server) => server.env)) as Record<string, string>;
  return { servers: started, env, workDir, mongoStorage, stop };
}
