// Prints the `buildah bud` flags that build one artifact of skaffold.yaml as Skaffold's default
// profile does (its Dockerfile and build args, one per line), then its build context, for
// build-images.sh to pass on:
//   node skaffold-build-flags.mjs skaffold.yaml ticketing/auth
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { parse } from 'yaml';

const [file, image] = process.argv.slice(2);
if (!file || !image) {
  console.error('usage: node skaffold-build-flags.mjs SKAFFOLD.yaml IMAGE');
  process.exit(2);
}

const artifact = parse(readFileSync(file, 'utf8')).build.artifacts.find(
  (candidate) => candidate.image === image,
);
if (!artifact) {
  console.error(`${file} builds no artifact named ${image}`);
  process.exit(1);
}
const context = resolve(dirname(file), artifact.context ?? '.');
const docker = artifact.docker ?? {};
const flags = ['-f', join(context, docker.dockerfile ?? 'Dockerfile')];
for (const [key, value] of Object.entries(docker.buildArgs ?? {})) {
  flags.push('--build-arg', `${key}=${value}`);
}
if (docker.target) flags.push('--target', docker.target);
console.log([...flags, context].join('\n'));
