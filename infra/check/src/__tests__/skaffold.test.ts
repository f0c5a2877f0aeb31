import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { globToRegExp, listFiles } from '../globs';
import { render, validate } from '../manifests';
import { fromRoot, k8sDir, repoRoot } from '../paths';
import {
  dockerfileOf,
  loadSkaffold,
  type SkaffoldConfig,
  sourceDirOf,
  toYaml,
  withProfile,
} from '../skaffold';
import { skaffoldSchema } from '../tools';
import { imageName, workloads } from '../workloads';

const config = loadSkaffold();
const profiles = (config.profiles ?? []).map((profile) => profile.name);
const effective: [string, SkaffoldConfig][] = [
  ['(no profile)', config],
  ...profiles.map((name): [string, SkaffoldConfig] => [name, withProfile(config, name)]),
];

describe.each(effective)('skaffold.yaml %s', (_profile, skaffold) => {
  test("is valid against Skaffold's schema for its apiVersion", async () => {
    const result = await validate(toYaml(skaffold), skaffoldSchema());
    expect(result.output).toMatch(/Invalid: 0, Errors: 0, Skipped: 0/);
  });

  test('renders manifests from kustomizations that exist', () => {
    const paths = skaffold.manifests?.kustomize?.paths ?? [];
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(existsSync(fromRoot(path, 'kustomization.yaml'))).toBe(true);
  });

  test('builds every image from a Dockerfile that exists', () => {
    const missing = skaffold.build.artifacts
      .filter((artifact) => !existsSync(dockerfileOf(artifact)))
      .map((artifact) => `${artifact.image}: ${dockerfileOf(artifact)}`);
    expect(missing).toEqual([]);
  });

  test("syncs each image's own sources only", () => {
    const foreign = skaffold.build.artifacts.flatMap((artifact) => {
      const dir = sourceDirOf(artifact);
      return (artifact.sync?.manual ?? [])
        .filter((rule) => !rule.src.startsWith(`${dir}/`))
        .map((rule) => `${artifact.image}: ${rule.src}`);
    });
    expect(foreign).toEqual([]);
  });

  test('runs every image it syncs files into with a writable root filesystem', async () => {
    const synced = new Set(
      skaffold.build.artifacts
        .filter((artifact) => (artifact.sync?.manual ?? []).length > 0)
        .map((artifact) => artifact.image),
    );
    const readOnly: string[] = [];
    for (const path of synced.size > 0 ? (skaffold.manifests?.kustomize?.paths ?? []) : []) {
      const { objects } = await render(fromRoot(path));
      for (const container of workloads(objects).flatMap((workload) => workload.pod.containers)) {
        if (
          synced.has(imageName(container.image)) &&
          container.securityContext?.readOnlyRootFilesystem
        )
          readOnly.push(`${path}: ${container.name}`);
      }
    }
    expect(readOnly).toEqual([]);
  });

  test('syncs only from globs that match source files', () => {
    const empty = skaffold.build.artifacts.flatMap((artifact) => {
      const files = listFiles(join(repoRoot, artifact.context ?? '.'));
      return (artifact.sync?.manual ?? [])
        .filter((rule) => !files.some((file) => globToRegExp(rule.src).test(file)))
        .map((rule) => `${artifact.image}: ${rule.src}`);
    });
    expect(empty).toEqual([]);
  });
});

test('every image skaffold builds runs in infra/k8s, and every ticketing image is built', async () => {
  const { objects } = await render(k8sDir);
  const run = new Set(
    workloads(objects)
      .flatMap((workload) => workload.pod.containers)
      .map((container) => imageName(container.image))
      .filter((image) => image.startsWith('ticketing/')),
  );
  const built = new Set(config.build.artifacts.map((artifact) => artifact.image));
  expect([...built].filter((image) => !run.has(image))).toEqual([]);
  expect([...run].filter((image) => !built.has(image))).toEqual([]);
});
