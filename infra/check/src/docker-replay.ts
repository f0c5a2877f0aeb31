import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, posix, relative } from 'node:path';

import { expand, type Instruction, parseDockerfile, parseEnv } from './dockerfile';
import { globToRegExp } from './globs';
import { run } from './tools';

/**
 * Replays a Dockerfile's build without Docker: each stage is a directory standing for the
 * container's root, COPY copies from the build context (minus .dockerignore) or an earlier
 * stage, and RUN runs on this machine in the stage's WORKDIR. Node and npm here are the
 * image's versions (.nvmrc), so what fails here — a file the Dockerfile forgot to copy, a
 * dependency only installed with dev dependencies, a compile error — fails the image build too.
 * Commands must use paths relative to WORKDIR (absolute ones would reach this machine's root).
 */
export interface ReplayOptions {
  contextDir: string;
  dockerfile: string;
  /** Where the stages' directories are made; must be empty. */
  workDir: string;
  /** Extra environment for RUN (e.g. npm's cache directory). */
  runEnv?: Record<string, string>;
  /** `--build-arg` values, as skaffold.yaml's `docker.buildArgs` gives them. */
  buildArgs?: Record<string, string>;
  /** Stop after this stage, as `docker build --target` does; the last stage when omitted. */
  target?: string;
}

/** The final stage, ready to start. */
export interface ReplayedImage {
  root: string;
  workdir: string;
  env: Record<string, string>;
  command: string[];
  user?: string;
  /** Every RUN, with its output, for a failure message. */
  log: string[];
}

interface StageState {
  name?: string;
  root: string;
  workdir: string;
  env: Record<string, string>;
  args: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  user?: string;
}

export async function replayBuild(options: ReplayOptions): Promise<ReplayedImage> {
  const dockerfile = parseDockerfile(readFileSync(options.dockerfile, 'utf8'), options.buildArgs);
  const ignored = dockerignore(options.contextDir);
  const stages: StageState[] = [];
  const log: string[] = [];

  for (const [index, stage] of dockerfile.stages.entries()) {
    const root = join(options.workDir, `stage-${index}-${stage.name ?? 'final'}`);
    const parent = stages.find((earlier) => earlier.name === stage.from);
    // A stage built on another keeps its files, WORKDIR, ENV and CMD, but not its ARGs: as in
    // Docker, each stage declares the ARGs it reads.
    const state: StageState = parent
      ? { ...structuredClone({ ...parent, name: undefined }), root, name: stage.name, args: {} }
      : { root, workdir: '/', env: {}, args: {}, entrypoint: [], cmd: [], name: stage.name };
    if (parent) cpSync(parent.root, root, { recursive: true, verbatimSymlinks: true });
    else mkdirSync(root, { recursive: true });
    stages.push(state);

    for (const instruction of stage.instructions) {
      const where = `${relative(options.contextDir, options.dockerfile)}:${instruction.line}`;
      try {
        await apply(instruction, state, {
          ...options,
          globalArgs: dockerfile.globalArgs,
          stages,
          ignored,
          log,
        });
      } catch (error) {
        throw new Error(`${where} ${instruction.keyword}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }
    if (options.target !== undefined && stage.name === options.target) break;
  }
  if (options.target !== undefined && stages.at(-1)?.name !== options.target) {
    throw new Error(
      `${relative(options.contextDir, options.dockerfile)} has no stage ${options.target}`,
    );
  }

  const final = stages.at(-1) as StageState;
  return {
    root: final.root,
    workdir: final.workdir,
    env: final.env,
    command: [...final.entrypoint, ...final.cmd],
    user: final.user,
    log,
  };
}

interface Context extends ReplayOptions {
  globalArgs: Record<string, string>;
  stages: StageState[];
  ignored: (path: string) => boolean;
  log: string[];
}

const inStage = (state: StageState, path: string) =>
  join(state.root, posix.resolve(state.workdir, path));

async function apply(instruction: Instruction, state: StageState, context: Context) {
  // Docker substitutes ARG and ENV values in every instruction but RUN, whose shell reads them
  // from its environment (runStep).
  const text =
    Array.isArray(instruction.args) || instruction.keyword === 'RUN'
      ? instruction.args
      : expand(instruction.args, { ...state.args, ...state.env });
  switch (instruction.keyword) {
    case 'WORKDIR':
      state.workdir = posix.resolve(state.workdir, text as string);
      mkdirSync(join(state.root, state.workdir), { recursive: true });
      return;
    case 'ENV':
      Object.assign(state.env, parseEnv(text as string));
      return;
    case 'ARG': {
      // The build's value, else this ARG's default, else the global ARG's value.
      const [key, value] = (text as string).split('=', 2) as [string, string | undefined];
      state.args[key] = context.buildArgs?.[key] ?? value ?? context.globalArgs[key] ?? '';
      return;
    }
    case 'COPY':
      return copy(instruction, text, state, context);
    case 'RUN':
      return runStep(text, state, context);
    case 'CMD':
      state.cmd = Array.isArray(text) ? text : ['/bin/sh', '-c', text];
      return;
    case 'ENTRYPOINT':
      state.entrypoint = Array.isArray(text) ? text : ['/bin/sh', '-c', text];
      return;
    case 'USER':
      state.user = text as string;
      return;
    case 'EXPOSE':
    case 'LABEL':
    case 'STOPSIGNAL':
    case 'HEALTHCHECK':
      return;
    default:
      throw new Error('not supported by the replay');
  }
}

async function runStep(command: string | string[], state: StageState, context: Context) {
  const [file, ...args] = Array.isArray(command) ? command : ['/bin/sh', '-c', command];
  const env = { ...process.env, ...state.args, ...state.env, ...context.runEnv };
  const started = Date.now();
  const result = await run(file as string, args, { cwd: join(state.root, state.workdir), env });
  const output = `${result.stdout}${result.stderr}`.trim();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  context.log.push(`RUN ${[file, ...args].join(' ')} (${seconds} s)\n${output}`);
  if (result.status !== 0) {
    throw new Error(`exited with ${result.status}:\n${output.split('\n').slice(-30).join('\n')}`);
  }
}

function copy(
  instruction: Instruction,
  args: string | string[],
  state: StageState,
  context: Context,
) {
  const words = Array.isArray(args) ? args : args.split(/\s+/);
  const dest = words.pop() as string;
  const from = instruction.flags['from'];
  const source = from
    ? context.stages.find((stage, i) => stage.name === from || String(i) === from)
    : undefined;
  if (from && !source) throw new Error(`--from=${from} names no earlier stage`);

  const sources = words.flatMap((word) => {
    const matches = source ? expandStageGlob(source, word) : expandContextGlob(context, word);
    if (matches.length === 0) {
      throw new Error(`${word}: not found in ${source ? `stage ${from}` : 'the build context'}`);
    }
    return matches;
  });
  const target = inStage(state, dest);
  const intoDirectory = dest.endsWith('/') || sources.length > 1;
  for (const { path, relativePath } of sources) {
    if (statSync(path).isDirectory()) {
      copyTree(
        path,
        target,
        source ? () => false : (rel) => context.ignored(posix.join(relativePath, rel)),
      );
    } else {
      const file = intoDirectory ? join(target, basename(path)) : target;
      mkdirSync(dirname(file), { recursive: true });
      cpSync(path, file, { verbatimSymlinks: true });
    }
  }
}

interface Source {
  path: string;
  /** Relative to the build context (for .dockerignore); unused for stage sources. */
  relativePath: string;
}

function expandContextGlob(context: Context, pattern: string): Source[] {
  const clean =
    posix
      .normalize(pattern)
      .replace(/^\.?\/+/, '')
      .replace(/\/$/, '') || '.';
  return expandGlob(context.contextDir, clean).filter(
    ({ relativePath }) => !context.ignored(relativePath),
  );
}

function expandStageGlob(stage: StageState, pattern: string): Source[] {
  const absolute = posix.resolve(stage.workdir, pattern).replace(/^\//, '');
  return expandGlob(stage.root, absolute || '.');
}

/** Wildcards in the last path segment only, which is what these Dockerfiles use. */
function expandGlob(root: string, pattern: string): Source[] {
  const dir = posix.dirname(pattern);
  const name = posix.basename(pattern);
  if (!/[*?]/.test(name)) {
    return existsSync(join(root, pattern))
      ? [{ path: join(root, pattern), relativePath: pattern }]
      : [];
  }
  if (!existsSync(join(root, dir))) return [];
  const matcher = globToRegExp(name);
  return readdirSync(join(root, dir))
    .filter((entry) => matcher.test(entry))
    .map((entry) => ({ path: join(root, dir, entry), relativePath: posix.join(dir, entry) }));
}

function copyTree(from: string, to: string, ignored: (relativePath: string) => boolean) {
  cpSync(from, to, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (path) => path === from || !ignored(relative(from, path).split('\\').join('/')),
  });
}

/** .dockerignore as Docker reads it: patterns match a path or any directory above it, later
 * `!` patterns re-include. */
export function dockerignore(contextDir: string): (relativePath: string) => boolean {
  const file = join(contextDir, '.dockerignore');
  if (!existsSync(file)) return () => false;
  const rules = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const pattern = posix
        .normalize(line.replace(/^!/, '').replace(/^\/+/, ''))
        .replace(/\/$/, '');
      return { negate, matcher: globToRegExp(pattern) };
    });
  return (relativePath) => {
    const segments = relativePath.split('/');
    const prefixes = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const rule of rules) {
      if (prefixes.some((prefix) => rule.matcher.test(prefix))) excluded = !rule.negate;
    }
    return excluded;
  };
}
