import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

import { parseAllDocuments } from 'yaml';

import { k8sDir, repoRoot } from './paths';
import { gatewayApiSchemas, kubernetesSchemas, kubernetesVersion, run, tool } from './tools';

/** The parts of a Kubernetes object these checks read; everything else passes through. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

export interface Variant {
  /** e.g. `infra/k8s` or `infra/k8s/overlays/jetstream`. */
  name: string;
  dir: string;
}

/** The base and every overlay: each is something a cluster can be given. */
export function variants(): Variant[] {
  const overlays = join(k8sDir, 'overlays');
  const dirs = [
    k8sDir,
    ...(existsSync(overlays)
      ? readdirSync(overlays, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
          .map((entry) => join(overlays, entry.name))
          .sort()
      : []),
  ];
  return dirs.map((dir) => ({ name: relative(repoRoot, dir), dir }));
}

export interface Rendered {
  yaml: string;
  objects: K8sObject[];
}

/** `kustomize build <dir>`, parsed. Throws with kustomize's message when it fails. */
export async function render(dir: string): Promise<Rendered> {
  const result = await run(tool('kustomize'), ['build', dir]);
  if (result.status !== 0) {
    throw new Error(`kustomize build ${relative(repoRoot, dir)} failed:\n${result.stderr}`);
  }
  return { yaml: result.stdout, objects: parseObjects(result.stdout) };
}

export function parseObjects(yaml: string): K8sObject[] {
  return parseAllDocuments(yaml)
    .map((document) => {
      if (document.errors.length > 0) throw document.errors[0];
      return document.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null);
}

export interface ValidationResult {
  ok: boolean;
  output: string;
}

/** The schema locations manifests are validated against, looked up in this order: the
 * Kubernetes kinds, then the Gateway API's. */
export const manifestSchemas = (): string[] => [kubernetesSchemas(), gatewayApiSchemas()];

/** Validates objects with kubeconform (strict: unknown fields are errors) against the
 * provisioned schemas; any kind without a schema is an error too, never skipped. */
export async function validate(
  yaml: string,
  schemaLocations: string | string[] = manifestSchemas(),
): Promise<ValidationResult> {
  const args = ['-strict', '-summary', '-kubernetes-version', kubernetesVersion()];
  const locations = [schemaLocations].flat().flatMap((location) => ['-schema-location', location]);
  const result = await run(tool('kubeconform'), [...args, ...locations, '-'], { input: yaml });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

export const byKind = (objects: K8sObject[], kind: string): K8sObject[] =>
  objects.filter((object) => object.kind === kind);
