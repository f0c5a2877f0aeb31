import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';

import { containerEnv, localValue, type ServerVariable, serverVariables } from '../container-env';
import { replayBuild, type ReplayedImage } from '../docker-replay';
import { globToRegExp, listFiles } from '../globs';
import { freePort, LocalServers } from '../local-servers';
import { type K8sObject, render } from '../manifests';
import { k8sDir, repoRoot } from '../paths';
import { type Artifact, dockerfileOf, loadSkaffold, withProfile } from '../skaffold';
import { type Container, imageName, workloads } from '../workloads';

// Each image skaffold builds, built without Docker (see docker-replay.ts) and started the way
// its Deployment starts it: its command, the manifest's environment with the servers pointed
// at local ones. It must answer every HTTP probe the manifest gives it, and stop on SIGTERM.
// Slow (an npm ci or two per image), so one npm cache is shared across images and runs.
const npmCache = join(tmpdir(), 'ticketing-docker-replay', 'npm-cache');
const BUILD_AND_START_MS = 10 * 60_000;

const artifacts = loadSkaffold().build.artifacts;
const servers = new LocalServers();
let objects: K8sObject[];

beforeAll(async () => {
  mkdirSync(npmCache, { recursive: true });
  objects = (await render(k8sDir)).objects;
});

afterAll(() => servers.stop());

/** Builds the artifact's image (or one stage of it) without Docker, starts it as its
 * Deployment would, and waits for every HTTP probe of that Deployment to answer 200. With
 * `checkSync`, each of the artifact's sync rules must land a source file on the copy of it the
 * stage runs (the path Skaffold writes to: WORKDIR, dest, the source minus `strip`). */
async function buildAndProbe(artifact: Artifact, target?: string, checkSync = false) {
  const contextDir = join(repoRoot, artifact.context ?? '.');
  const dockerfile = dockerfileOf(artifact);
  expect(existsSync(dockerfile)).toBe(true);
  const container = containerFor(artifact.image);

  const workDir = mkdtempSync(join(tmpdir(), 'ticketing-docker-replay-'));
  try {
    const image = await replayBuild({
      contextDir,
      dockerfile,
      workDir,
      target,
      buildArgs: artifact.docker?.buildArgs,
      runEnv: { npm_config_cache: npmCache, npm_config_prefer_offline: 'true' },
    });
    // Kubernetes can only check runAsNonRoot against a numeric user.
    expect(image.user).toMatch(/^[1-9]\d*(:\d+)?$/);
    if (checkSync) expect(unsyncedRules(artifact, image)).toEqual([]);

    const port = await freePort();
    const env = { ...image.env, ...(await environmentFor(container)), PORT: String(port) };
    const child = spawn(image.command[0] as string, image.command.slice(1), {
      cwd: join(image.root, image.workdir),
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    });
    const output = collect(child);
    try {
      for (const path of probePaths(container)) {
        await expect(waitFor200(`http://127.0.0.1:${port}${path}`, child, output)).resolves.toBe(
          true,
        );
      }
    } finally {
      await stop(child);
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

test.each(artifacts)(
  '$image: built from its Dockerfile, it starts and answers its probes',
  (artifact) => buildAndProbe(artifact),
  BUILD_AND_START_MS,
);

// `skaffold dev -p sync` builds another stage of each Dockerfile, which must run as well.
const syncStages = withProfile(loadSkaffold(), 'sync').build.artifacts.filter(
  (artifact) => artifact.docker?.target !== undefined,
);

test.each(syncStages)(
  '$image: its $docker.target stage (profile sync) starts and answers its probes',
  (artifact) => buildAndProbe(artifact, artifact.docker?.target, true),
  BUILD_AND_START_MS,
);

/** The sync rules whose first matching source file would land on no file of the image. */
function unsyncedRules(artifact: Artifact, image: ReplayedImage): string[] {
  const contextDir = join(repoRoot, artifact.context ?? '.');
  const files = listFiles(contextDir);
  return (artifact.sync?.manual ?? []).flatMap((rule) => {
    const file = files.find((candidate) => globToRegExp(rule.src).test(candidate));
    if (file === undefined) return [`${rule.src}: matches no source file`];
    const stripped =
      rule.strip && file.startsWith(rule.strip) ? file.slice(rule.strip.length) : file;
    const inContainer = posix.resolve(image.workdir, rule.dest, stripped);
    return existsSync(join(image.root, inContainer))
      ? []
      : [`${rule.src}: ${file} would be synced to ${inContainer}, which the image lacks`];
  });
}

function containerFor(image: string): Container {
  const found = workloads(objects)
    .flatMap((workload) => workload.pod.containers)
    .find((container) => imageName(container.image) === image);
  if (!found) throw new Error(`no workload in infra/k8s runs ${image}`);
  return found;
}

async function environmentFor(container: Container): Promise<Record<string, string>> {
  const env = containerEnv(container, objects);
  for (const variable of Object.keys(serverVariables) as ServerVariable[]) {
    const clusterValue = env[variable];
    if (clusterValue === undefined) continue;
    const local = await servers.envFor(variable);
    Object.assign(env, local, {
      [variable]: localValue(variable, clusterValue, local[variable] as string),
    });
  }
  return env;
}

const probePaths = (container: Container): string[] => [
  ...new Set(
    [container.startupProbe, container.livenessProbe, container.readinessProbe]
      .map((probe) => probe?.httpGet?.path)
      .filter((path): path is string => path !== undefined),
  ),
];

function collect(child: ChildProcess): { text: string } {
  const output = { text: '' };
  child.stdout?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
  return output;
}

async function waitFor200(url: string, child: ChildProcess, output: { text: string }) {
  const deadline = Date.now() + 60_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`exited with ${child.exitCode} before ${url} answered:\n${output.text}`);
    }
    const response = await fetch(url).catch((error: Error) => error);
    if (!(response instanceof Error) && response.status === 200) return true;
    last = response instanceof Error ? response.message : `HTTP ${response.status}`;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 within 60 s (last: ${last}):\n${output.text}`);
}

/** SIGTERM, as Kubernetes stops a pod; the process must be gone before a grace period. */
async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
