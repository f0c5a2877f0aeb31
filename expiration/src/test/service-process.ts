import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

import type { LogLine } from './capture-logs';
import { waitFor } from './wait-for';

const SERVICE_DIR = join(__dirname, '..', '..');

const running = new Set<ChildProcess>();

/** Kills whatever a test left running. */
export const killAllServices = (): void => running.forEach((child) => child.kill('SIGKILL'));

const parse = (line: string): LogLine => {
  try {
    return JSON.parse(line) as LogLine;
  } catch {
    return { msg: line };
  }
};

/** A port nothing listens on right now, for the service's health endpoints. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/** The service running as a process of its own, from its real entry point (src/index.ts
 * through ts-node, so the test always runs the current source). */
export class ServiceProcess {
  readonly logs: LogLine[] = [];
  private readonly exited: Promise<number | string>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) this.logs.push(parse(line));
    });
    this.exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  }

  static async start(env: Record<string, string>): Promise<ServiceProcess> {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/index.ts'],
      {
        cwd: SERVICE_DIR,
        env: {
          PATH: process.env.PATH,
          TS_NODE_PROJECT: 'tsconfig.json',
          ...env,
          PORT: String(port),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    running.add(child);
    const service = new ServiceProcess(child, port);
    void service.exited.then(() => running.delete(child));
    return service;
  }

  /** Resolves once /readyz says Redis and the bus are connected. Loading the service through
   * ts-node takes a few seconds on a busy machine, hence the generous timeout. */
  async ready(timeoutMs = 20_000): Promise<this> {
    const answers = async () => {
      const response = await fetch(`http://127.0.0.1:${this.port}/readyz`).catch(() => undefined);
      await response?.body?.cancel();
      return response?.status === 200;
    };
    try {
      await waitFor('the service to be ready', answers, timeoutMs);
    } catch (error) {
      const tail = this.logs.slice(-5).map((line) => JSON.stringify(line));
      throw new Error(`${String(error)}; its last log lines:\n${tail.join('\n')}`, {
        cause: error,
      });
    }
    return this;
  }

  /** How many log lines with this message (and these fields) were written. */
  count(msg: string, fields: Record<string, unknown> = {}): number {
    const matches = (line: LogLine) =>
      line.msg === msg && Object.entries(fields).every(([key, value]) => line[key] === value);
    return this.logs.filter(matches).length;
  }

  logged(msg: string, fields: Record<string, unknown> = {}): boolean {
    return this.count(msg, fields) > 0;
  }

  /** Sends the signal and resolves with the exit code (or the signal that ended it). */
  async stop(signal: NodeJS.Signals): Promise<number | string> {
    this.child.kill(signal);
    return this.exited;
  }
}
