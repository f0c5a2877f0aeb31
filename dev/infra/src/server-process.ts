import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { findBinary } from './binaries';
import { freePort } from './free-port';
import { type ServerName, servers, type ServerSettings } from './servers';
import { waitForPort } from './wait-for-port';

export interface RunningServer {
  name: ServerName;
  pid: number;
  port: number;
  env: Record<string, string>;
  logFile: string;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once unless it has already exited, for exit hooks. Signalling the pid instead
   * could hit an unrelated process: pids are reused, within minutes where pid_max is 32768. */
  killNow(): void;
}

export interface StartServerOptions extends ServerSettings {
  /** Parent directory for this server's data and log. */
  workDir: string;
  timeoutMs?: number;
  /** Port to listen on; a free one is picked when omitted. */
  port?: number;
  /** Appended to the server's own arguments, e.g. the cluster's NATS Streaming heartbeats. */
  extraArgs?: readonly string[];
}

const TAIL_BYTES = 4_000;
const START_ATTEMPTS = 3;

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

const stopChild = async (child: ChildProcess, graceMs: number): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
};

async function startOnce(
  name: ServerName,
  port: number,
  dataDir: string,
  timeoutMs: number,
  extraArgs: readonly string[],
  settings: ServerSettings,
): Promise<RunningServer> {
  const definition = servers[name];
  const binary = findBinary(definition.binary, definition.overrideVariable);
  const logFile = join(dataDir, `${name}.log`);
  const log = createWriteStream(logFile);
  let tail = '';
  let ready = !('readyLog' in definition);
  let exitReason: string | undefined;

  const child = spawn(binary, [...definition.args(port, dataDir, settings), ...extraArgs], {
    cwd: dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onOutput = (chunk: Buffer) => {
    // Output can still arrive after the log closed on exit; writing it then would throw.
    if (!log.writableEnded) log.write(chunk);
    tail = (tail + chunk.toString()).slice(-TAIL_BYTES);
    if ('readyLog' in definition && definition.readyLog.test(tail)) ready = true;
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  child.on('error', (error) => (exitReason = `${binary} could not start: ${error.message}`));
  child.on('exit', (code, signal) => {
    exitReason ??= `${name} (${binary}) exited with ${signal ?? `code ${code}`}`;
    log.end();
  });

  const server: RunningServer = {
    name,
    pid: child.pid ?? -1,
    port,
    env: definition.env(port),
    logFile,
    stop: (graceMs = 5_000) => stopChild(child, graceMs),
    killNow: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };

  try {
    await waitForPort(port, {
      timeoutMs,
      abandoned: () => exitReason && `${exitReason}; last output:\n${tail.trim()}`,
    });
    const deadline = Date.now() + timeoutMs;
    while (!ready) {
      if (exitReason) throw new Error(`${exitReason}; last output:\n${tail.trim()}`);
      if (Date.now() > deadline) throw new Error(`${name} never logged that it was ready`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return server;
  } catch (error) {
    await server.stop(1_000);
    throw error;
  }
}

/** Starts one server on a free loopback port and resolves once it accepts connections.
 * A port taken between picking and binding is retried on a fresh port. */
export async function startServer(
  name: ServerName,
  options: StartServerOptions,
): Promise<RunningServer> {
  const dataDir = join(options.workDir, name);
  mkdirSync(dataDir, { recursive: true });
  let lastError: unknown;
  for (let attempt = 1; attempt <= (options.port ? 1 : START_ATTEMPTS); attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await startOnce(
        name,
        port,
        dataDir,
        options.timeoutMs ?? 30_000,
        options.extraArgs ?? [],
        { postgresqlUrl: options.postgresqlUrl },
      );
    } catch (error) {
      lastError = error;
      if (!/address already in use|bind/i.test(String(error))) break;
    }
  }
  throw lastError;
}
