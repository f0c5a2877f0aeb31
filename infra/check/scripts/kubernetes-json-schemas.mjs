// Turns the Kubernetes OpenAPI v2 document (api/openapi-spec/swagger.json in the
// k8s.io/kubernetes Go module) into one JSON schema per kind, laid out the way kubeconform
// looks schemas up:  <out>/v<version>-standalone-strict/<kind>-<group>-<version>.json
//
// Run by scripts/provision.sh, so validation never downloads anything:
//   node kubernetes-json-schemas.mjs <swagger.json> <out-dir> <kubernetes-version>
//
// Each file is self-contained ("standalone"): the kind's definition at the root and every
// definition it reaches under `definitions`, so recursive types need no special case. "Strict"
// means what the API server's field validation means: an unknown field is an error, so every
// object that lists its properties gets `additionalProperties: false`. Two string types accept
// more in practice than their OpenAPI type says: IntOrString (`port: 3000` or `port: http`)
// and Quantity (`cpu: 1` or `cpu: 100m`).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { reachable, strict } from './strict-schema.mjs';

const [swaggerPath, outDir, kubernetesVersion] = process.argv.slice(2);
if (!swaggerPath || !outDir || !kubernetesVersion) {
  console.error('usage: kubernetes-json-schemas.mjs <swagger.json> <out-dir> <kubernetes-version>');
  process.exit(2);
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const { definitions } = JSON.parse(readFileSync(swaggerPath, 'utf8'));

/** A definition made strict; Quantity, a string in OpenAPI, also takes a number. */
function rewriteDefinition(name) {
  if (name === QUANTITY) return { oneOf: [{ type: 'string' }, { type: 'number' }] };
  return strict(definitions[name], { isIntOrString: (node) => node.format === 'int-or-string' });
}

/** kubeconform's file name for a kind: lower-case kind, the group's first label (none for the
 * core group), the version. */
const fileName = ({ group, version, kind }) =>
  [kind, group ? group.split('.')[0] : undefined, version].filter(Boolean).join('-').toLowerCase() +
  '.json';

const target = join(outDir, `v${kubernetesVersion.replace(/^v/, '')}-standalone-strict`);
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });

let written = 0;
for (const [name, definition] of Object.entries(definitions)) {
  for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
    const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    const root = rewriteDefinition(name);
    root.properties = {
      ...root.properties,
      apiVersion: { type: 'string', enum: [apiVersion] },
      kind: { type: 'string', enum: [gvk.kind] },
    };
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      ...root,
      // The kind's own definition is among them, for the types that refer to themselves.
      definitions: Object.fromEntries(
        [...reachable(definitions, name)].sort().map((other) => [other, rewriteDefinition(other)]),
      ),
    };
    writeFileSync(join(target, fileName(gvk)), JSON.stringify(schema));
    written += 1;
  }
}
console.log(`${written} schemas for Kubernetes ${kubernetesVersion} in ${target}`);
