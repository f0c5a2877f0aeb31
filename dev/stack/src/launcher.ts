import { type PartProcess, spawnPart } from './part-process';
import { PartFailedError, waitReady } from './wait-ready';

export interface LaunchSpec {
  label: string;
  /** The program and its arguments; the program defaults to this Node. */
  command: string[];
  env: Record<string, string>;
  port: number;
  /** Answers 2xx once the part can serve. */
  readyPath: string;
  cwd: string;
}

export interface LauncherOptions {
  /** Which part is starting, which is ready. */
  onProgress?: (message: string) => void;
  /** Every line the parts print, prefixed with the part's name. */
  output?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface Launcher {
  /** The running process of each part, in start order; a restart replaces its entry. */
  parts: PartProcess[];
  /** Rejects, never resolves, when a part exits that nobody asked to end. */
  failure: Promise<never>;
  /** Refuses further launches and stops counting exits as failures: the stack is stopping. */
  close(): void;
  launch(spec: LaunchSpec): Promise<PartProcess>;
  /** Sends `signal` (SIGKILL by default) to the part and waits until it has exited. */
  kill(label: string, signal?: NodeJS.Signals): Promise<void>;
  /** Starts the part again with its port and environment, ending it first (SIGTERM) if it
   * still runs; resolves with the new process once it is ready. */
  restart(label: string): Promise<PartProcess>;
}

/** Spawns the part, hands it to `spawned` at once (so its exit is watched from the start) and
 * resolves once it answers its ready path. */
async function startPart(
  spec: LaunchSpec,
  options: LauncherOptions,
  spawned: (part: PartProcess) => void,
): Promise<PartProcess> {
  options.onProgress?.(`${spec.label}: starting on port ${spec.port}`);
  const started = Date.now();
  const [program = process.execPath, ...args] = spec.command;
  const part = spawnPart({
    label: spec.label,
    port: spec.port,
    command: program,
    args,
    env: spec.env,
    cwd: spec.cwd,
    output: options.output ?? (() => undefined),
  });
  spawned(part);
  await waitReady(part, spec.readyPath, options.readyTimeoutMs ?? 60_000);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  options.onProgress?.(
    `${spec.label}: ready at http://127.0.0.1:${spec.port} (pid ${part.pid}, ${seconds} s)`,
  );
  return part;
}

/** Starts parts, remembers how (so a drill can end one and start it again), reports progress,
 * and tells a crash from an exit it was asked for. */
export function createLauncher(options: LauncherOptions): Launcher {
  const parts: PartProcess[] = [];
  const specs = new Map<string, LaunchSpec>();
  const asked = new WeakSet<PartProcess>();
  let closed = false;
  let reportFailure: (error: PartFailedError) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (reportFailure = reject));
  failure.catch(() => undefined); // a caller that does not watch it must not crash on it

  const track = (part: PartProcess) => {
    const index = parts.findIndex((running) => running.label === part.label);
    if (index === -1) parts.push(part);
    else parts[index] = part;
    void part.exited.then((how) => {
      if (closed || asked.has(part)) return;
      reportFailure(
        new PartFailedError(part.label, `exited (${how}) while the stack was up`, part.tail()),
      );
    });
  };
  const start = async (spec: LaunchSpec): Promise<PartProcess> => {
    if (closed) throw new Error(`${spec.label}: not started, the stack is stopping`);
    return startPart(spec, options, track);
  };

  const partNamed = (label: string): PartProcess => {
    const part = parts.find((running) => running.label === label);
    if (!part) throw new Error(`no part named ${label}; parts: ${parts.map((p) => p.label)}`);
    return part;
  };

  return {
    parts,
    failure,
    close: () => {
      closed = true;
    },
    launch: (spec) => {
      specs.set(spec.label, spec);
      return start(spec);
    },
    kill: async (label, signal = 'SIGKILL') => {
      const part = partNamed(label);
      asked.add(part);
      await part.kill(signal);
    },
    restart: async (label) => {
      const part = partNamed(label);
      const spec = specs.get(label);
      if (!spec) throw new Error(`${label} was not started by this stack`);
      asked.add(part);
      await part.stop();
      return start(spec);
    },
  };
}
