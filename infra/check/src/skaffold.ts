import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

import { parse, stringify } from 'yaml';

import { fromRoot, repoRoot } from './paths';

export interface SyncRule {
  src: string;
  dest: string;
  strip?: string;
}

export interface Artifact {
  image: string;
  context?: string;
  docker?: { dockerfile?: string; target?: string; buildArgs?: Record<string, string> };
  sync?: { manual?: SyncRule[] };
}

export interface SkaffoldConfig {
  apiVersion: string;
  kind: string;
  build: { artifacts: Artifact[]; [builder: string]: unknown };
  manifests?: { kustomize?: { paths?: string[] } };
  deploy?: Record<string, unknown>;
  profiles?: Profile[];
}

interface Profile {
  name: string;
  build?: Record<string, unknown>;
  manifests?: SkaffoldConfig['manifests'];
  deploy?: Record<string, unknown>;
  patches?: { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown }[];
}

/** The Dockerfile an artifact builds, as an absolute path. */
export const dockerfileOf = (artifact: Artifact): string =>
  join(repoRoot, artifact.context ?? '.', artifact.docker?.dockerfile ?? 'Dockerfile');

/** The directory of the artifact's own sources: the service service.Dockerfile is built for,
 * or the directory of its own Dockerfile. */
export const sourceDirOf = (artifact: Artifact): string =>
  artifact.docker?.buildArgs?.['SERVICE'] ??
  posix.dirname(artifact.docker?.dockerfile ?? 'Dockerfile');

export const loadSkaffold = (path = fromRoot('skaffold.yaml')): SkaffoldConfig =>
  parse(readFileSync(path, 'utf8')) as SkaffoldConfig;

const BUILDERS = ['local', 'googleCloudBuild', 'cluster'];

/** The configuration `skaffold -p <profile>` runs with, as Skaffold merges it: the profile's
 * build, manifests and deploy sections override the base's (choosing one builder drops the
 * others), then its JSON patches apply. `profiles` is dropped from the result. */
export function withProfile(config: SkaffoldConfig, profileName: string): SkaffoldConfig {
  const profile = config.profiles?.find((candidate) => candidate.name === profileName);
  if (!profile) throw new Error(`skaffold.yaml has no profile ${profileName}`);
  const merged = structuredClone(config);
  delete merged.profiles;
  for (const [key, value] of Object.entries(profile.build ?? {})) {
    if (BUILDERS.includes(key)) BUILDERS.forEach((builder) => delete merged.build[builder]);
    merged.build[key] = value;
  }
  if (profile.manifests) merged.manifests = profile.manifests;
  if (profile.deploy) merged.deploy = profile.deploy;
  for (const patch of profile.patches ?? []) applyPatch(merged, patch, profileName);
  return merged;
}

/** One RFC 6902 operation; its parent must exist, as Skaffold requires. */
function applyPatch(
  target: object,
  patch: NonNullable<Profile['patches']>[number],
  profile: string,
) {
  const keys = patch.path
    .split('/')
    .slice(1)
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = keys.pop() as string;
  let parent: unknown = target;
  for (const key of keys) {
    parent = (parent as Record<string, unknown> | undefined)?.[key];
  }
  if (parent === null || typeof parent !== 'object') {
    throw new Error(`profile ${profile}: patch path ${patch.path} has no parent in the config`);
  }
  const container = parent as Record<string, unknown>;
  if (Array.isArray(container) && last === '-') container.push(patch.value);
  else if (patch.op === 'remove') delete container[last];
  else if (patch.op === 'replace' && !(last in container)) {
    throw new Error(`profile ${profile}: patch replaces ${patch.path}, which does not exist`);
  } else container[last] = patch.value;
}

export const toYaml = (config: SkaffoldConfig): string => stringify(config);
