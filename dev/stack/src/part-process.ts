import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface PartProcess {
  /** `tickets#2`, `client`, ... */
  label: string;
  pid: number;
  port: number;
  /** Resolves with the exit code (or signal) when the process ends, whoever ended it. */
  exited: Promise<string>;
  /** The last lines it printed, for a start-up failure message. */
  tail(): string[];
  /** SIGTERM, then SIGKILL after `graceMs`. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
  /** Sends `signal` at once (a crash drill's SIGKILL); resolves when the process has exited. */
  kill(signal: NodeJS.Signals): Promise<string>;
}

export interface SpawnPartOptions {
  label: string;
  port: number;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Receives every output line, already prefixed with the label. */
  output: (line: string) => void;
}

const TAIL_LINES = 30;

// Parts still running when this process exits for any reason (Ctrl-C in the middle of a
// start, an uncaught error) are killed, so the stack never leaves a process behind.
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

const endOf = (child: ChildProcess): Promise<string> =>
  new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`)),
  );

/** Starts one process of the stack, prefixing its output with its label. */
export function spawnPart(options: SpawnPartOptions): PartProcess {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const prefix = `${options.label.padEnd(12)}| `;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
      options.output(prefix + line);
    });
  }
  live.add(child);
  const exited = endOf(child);
  void exited.then(() => live.delete(child));
  let stopping: Promise<void> | undefined;
  return {
    label: options.label,
    pid: child.pid ?? -1,
    port: options.port,
    exited,
    tail: () => [...lines],
    stop: (graceMs = 10_000) => {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
