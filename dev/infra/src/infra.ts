import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type RunningServer, startServer } from './server-process';
import type { ServerName } from './servers';

export interface Infra {
  servers: RunningServer[];
  /** Every running server's client variables merged (MONGO_URI, NATS_URL, ...). */
  env: Record<string, string>;
  workDir: string;
  /** Stops every server and removes the work directory. Safe to call twice. */
  stop(): Promise<void>;
}

export type ProgressEvent =
  | { name: ServerName; state: 'starting' }
  | { name: ServerName; state: 'ready'; pid: number; url: string; ms: number };

export interface StartInfraOptions {
  /** Called as each server starts and becomes ready, for progress output. */
  onProgress?: (event: ProgressEvent) => void;
  /** Keep data and logs after stop (the path is `workDir`). */
  keepWorkDir?: boolean;
  timeoutMs?: number;
  /** Arguments added to a server's own (see `StartServerOptions.extraArgs`). */
  extraArgs?: Partial<Record<ServerName, readonly string[]>>;
}

// Servers still running when this process exits for any reason are killed, so a test run
// or CLI that ends abruptly (an uncaught error, process.exit) leaves nothing behind.
const live = new Set<RunningServer>();
process.on('exit', () => {
  for (const server of live) server.killNow();
});

/** Starts the named servers one after another; if any fails, those already started are
 * stopped before the error is rethrown. */
export async function startInfra(
  names: readonly ServerName[],
  options: StartInfraOptions = {},
): Promise<Infra> {
  const workDir = mkdtempSync(join(tmpdir(), 'ticketing-infra-'));
  const started: RunningServer[] = [];
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(started.map((server) => server.stop()));
    started.forEach((server) => live.delete(server));
    if (!options.keepWorkDir) rmSync(workDir, { recursive: true, force: true });
  };

  try {
    for (const name of new Set(names)) {
      const begin = Date.now();
      options.onProgress?.({ name, state: 'starting' });
      const server = await startServer(name, {
        workDir,
        timeoutMs: options.timeoutMs,
        extraArgs: options.extraArgs?.[name],
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
  return { servers: started, env, workDir, stop };
}
