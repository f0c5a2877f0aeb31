import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { findBinary, toolsDir } from '@ticketing/dev-infra';

import { fromRoot } from './paths';

/** The binaries `npm run provision` builds for these checks, each overridable by <NAME>_BIN. */
export type Tool = 'kustomize' | 'kubeconform' | 'actionlint';

/** Resolves a tool or throws an error that says to run `npm run provision`. */
export const tool = (name: Tool): string => findBinary(name, `${name.toUpperCase()}_BIN`);

/** A version pinned in scripts/provision.sh or the Kubernetes versions it shares with the local
 * cluster (scripts/kubernetes-versions.sh), so the tests and the installer cannot disagree. */
export function provisionPin(variable: string): string {
  for (const script of ['provision.sh', 'kubernetes-versions.sh']) {
    const text = readFileSync(fromRoot('scripts', script), 'utf8');
    const value = new RegExp(`^${variable}=(\\S+)`, 'm').exec(text)?.[1];
    if (value) return value;
  }
  throw new Error(
    `neither scripts/provision.sh nor scripts/kubernetes-versions.sh sets ${variable}`,
  );
}

const provisioned = (path: string, what: string): string => {
  if (!existsSync(path)) {
    throw new Error(`${what} not found at ${path}. Install it with \`npm run provision\`.`);
  }
  return path;
};

/** The Kubernetes version manifests are validated against, without the leading v. */
export const kubernetesVersion = (): string => provisionPin('KUBERNETES_VERSION').replace(/^v/, '');

/** kubeconform's -schema-location for the Kubernetes kinds (its standard layout below it). */
export function kubernetesSchemas(): string {
  const root = join(toolsDir(), 'kubernetes-json-schema');
  provisioned(
    join(root, `v${kubernetesVersion()}-standalone-strict`),
    `JSON schemas for Kubernetes ${kubernetesVersion()}`,
  );
  return root;
}

/** kubeconform's -schema-location for the Gateway API kinds (components/gateway-api): the
 * standard-channel CRDs of the pinned sigs.k8s.io/gateway-api, one file per kind and served
 * version, by scripts/crd-json-schemas.mjs. */
export function gatewayApiSchemas(): string {
  const version = provisionPin('GATEWAY_API_VERSION');
  const dir = join(toolsDir(), 'gateway-api-json-schema', `${version}-standalone-strict`);
  provisioned(dir, `JSON schemas for the Gateway API ${version}`);
  return join(dir, '{{ .ResourceKind }}{{ .KindSuffix }}.json');
}

/** kubeconform's -schema-location for skaffold.yaml (apiVersion skaffold/<v>, kind Config). */
export function skaffoldSchema(): string {
  const configVersion = provisionPin('SKAFFOLD_CONFIG_VERSION');
  const dir = join(toolsDir(), 'skaffold-schema');
  provisioned(
    join(dir, `config-skaffold-${configVersion}.json`),
    `Skaffold's ${configVersion} schema`,
  );
  return join(dir, '{{ .ResourceKind }}{{ .KindSuffix }}.json');
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, feeding it `input`, and collects what it printed. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    // A command that exits without reading its input makes this write fail (EPIPE); its exit
    // status and output already say what happened.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
