import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..', '..');
const cli = join(repoRoot, 'infra', 'cluster', 'cluster.sh');
const toolsDir =
  process.env['TICKETING_TOOLS_DIR'] ?? join(homedir(), '.cache', 'ticketing', 'bin');

interface RunOptions {
  /** Keep the command's output to ourselves rather than showing it as it comes. */
  quiet?: boolean;
  /** Written to the command's standard input. */
  input?: string;
  /** More environment variables for the command. */
  env?: Record<string, string>;
}

/**
 * Runs `cluster.sh ARGS` and resolves with its standard output. Its progress goes to this
 * process's output as it comes (a deploy takes minutes) unless `quiet`; a failure rejects with
 * the last lines it printed.
 */
export const cluster = (args: string[], options: RunOptions = {}) =>
  run('bash', [cli, ...args], options);

/** kubectl against the cluster, quietly. */
export const kubectl = (args: string[], input?: string) =>
  cluster(['kubectl', ...args], { quiet: true, input });

/** The manifests an overlay renders to, by the pinned kustomize that `npm run provision` built. */
export const render = (overlayDir: string) =>
  run(join(toolsDir, 'kustomize'), ['build', overlayDir], { quiet: true });

/**
 * The deploy workflow's infra/scripts/apply-manifests.sh against this cluster: the pinned
 * kubectl first on PATH, the admin kubeconfig.
 */
export async function applyManifestsScript(overlayDir: string, registry: string): Promise<string> {
  const kubeconfig = (await cluster(['kubeconfig'], { quiet: true })).trim();
  const kubectlDir = (await cluster(['kubectl-dir'], { quiet: true })).trim();
  return run(
    'bash',
    [join(repoRoot, 'infra', 'scripts', 'apply-manifests.sh'), overlayDir, registry],
    {
      quiet: true,
      env: { PATH: `${kubectlDir}:${process.env['PATH'] ?? ''}`, KUBECONFIG: kubeconfig },
    },
  );
}

function run(
  command: string,
  args: string[],
  { quiet = false, input, env }: RunOptions,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    child.stdin?.end(input);
    let stdout = '';
    let both = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      both += chunk.toString();
      if (!quiet) process.stdout.write(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      both += chunk.toString();
      if (!quiet) process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) return resolve(stdout);
      const last = both.trim().split('\n').slice(-20).join('\n');
      reject(new Error(`${command} ${args.slice(0, 4).join(' ')} exited with ${code}:\n${last}`));
    });
  });
}

const figuresFile = join(
  process.env['TICKETING_CLUSTER_CACHE'] ?? join(homedir(), '.cache', 'ticketing', 'cluster'),
  'logs',
  'figures.txt',
);

/** Times a step and writes the figure where cluster.sh writes its own (lib.sh's `figure`). */
export async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const start = Date.now();
  const result = await step();
  const seconds = Math.round((Date.now() - start) / 1000);
  mkdirSync(dirname(figuresFile), { recursive: true });
  appendFileSync(figuresFile, `${label}: ${seconds} s\n`);
  return result;
}

/** Everything measured in this run, by cluster.sh and by the suite, a line each. */
export const figures = () => (existsSync(figuresFile) ? readFileSync(figuresFile, 'utf8') : '');
