import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import { waitFor } from './wait-for';

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Everything the process has written so far. */
  readonly output: { stdout: string; stderr: string };
  /** Resolves with the exit code once the process has ended (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Resolves once the service logs "listening". Rejects, with its output, if it exits first
   * or takes longer than `timeoutMs`: starting through ts-node takes seconds on a busy
   * machine. */
  listening(timeoutMs?: number): Promise<void>;
  /** Sends `signal` unless the process has ended, and resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const LISTENING = '"msg":"listening"';

const hasEnded = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * Runs `<serviceDir>/src/index.ts` as the container runs `dist/index.js`: a process of its own
 * with only PATH and `env` set, so nothing leaks in from the test's environment. It goes
 * through ts-node with the service's tsconfig.json, so the test runs the current source.
 */
export function startServiceProcess(
  serviceDir: string,
  env: Record<string, string>,
): ServiceProcess {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(serviceDir, 'src', 'index.ts')],
    {
      cwd: serviceDir,
      env: {
        PATH: process.env.PATH ?? '',
        TS_NODE_PROJECT: join(serviceDir, 'tsconfig.json'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  // 'close', not 'exit': it comes once the output is read to the end as well.
  const exited = once(child, 'close').then(([code]) => code as number | null);

  const listening = async (timeoutMs = 20_000) => {
    const started = () => {
      if (hasEnded(child)) throw new Error(`it exited (${child.exitCode ?? child.signalCode})`);
      return output.stdout.includes(LISTENING);
    };
    try {
      await waitFor('the service to log "listening"', started, timeoutMs);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${reason}; its output:\n${output.stdout}${output.stderr}`, {
        cause: error,
      });
    }
  };
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (!hasEnded(child)) child.kill(signal);
    return exited;
  };
  return { child, output, exited, listening, stop };
}

/**
 * The shutdown steps a service logged as closed, in the order it closed them. Ordered by when
 * they were logged, not where they are in stdout: pino writes asynchronously and, at exit,
 * writes what is pending at once, so the last lines of a process can reach stdout out of order.
 */
export function closedSteps(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.includes('"msg":"closed"'))
    .map((line) => JSON.parse(line) as { time: number; step: string })
    .sort((a, b) => a.time - b.time)
    .map((line) => line.step);
}
