// Turns CustomResourceDefinitions (here the Gateway API's standard channel, config/crd/standard
// in the sigs.k8s.io/gateway-api Go module) into one JSON schema per kind and served version,
// named the way kubeconform looks a kind up:  <out-dir>/<kind>-<group>-<version>.json
// (<group> is the group's first label: httproute-gateway-v1.json). infra/check passes
// <out-dir>/{{ .ResourceKind }}{{ .KindSuffix }}.json as a second -schema-location, after the
// Kubernetes schemas.
//
// Run by scripts/provision.sh, after kubernetes-json-schemas.mjs:
//   node crd-json-schemas.mjs <crd-dir> <out-dir> <kubernetes-strict-schema-dir>
//
// Each schema is the version's openAPIV3Schema made strict the way kubernetes-json-schemas.mjs
// makes the built-in kinds strict: documentation and x-kubernetes-* extensions dropped, every
// object that lists its properties refuses others (unless it is marked
// x-kubernetes-preserve-unknown-fields), x-kubernetes-int-or-string widened to string or
// integer. A CRD declares `metadata` only as `type: object`; the API server checks it as
// ObjectMeta, so the strict ObjectMeta of the Kubernetes schemas (its <kubernetes-strict-schema-dir>
// argument) takes its place. Not checked here: the CEL rules (x-kubernetes-validations), which
// need the API server's CEL environment, and versions that are not served (the API server
// refuses them, so they get no schema and an object using one fails as unknown).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseAllDocuments } from 'yaml';

import { reachable, REF_PREFIX, strict } from './strict-schema.mjs';

const [crdDir, outDir, kubernetesDir] = process.argv.slice(2);
if (!crdDir || !outDir || !kubernetesDir) {
  console.error('usage: crd-json-schemas.mjs <crd-dir> <out-dir> <kubernetes-strict-schema-dir>');
  process.exit(2);
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** A CRD schema node made strict, as kubernetes-json-schemas.mjs makes the built-in kinds. */
const rewrite = (node) =>
  strict(node, {
    isIntOrString: (current) => current['x-kubernetes-int-or-string'] === true,
    keepsUnknown: (current) => current['x-kubernetes-preserve-unknown-fields'] === true,
  });

/** ObjectMeta and every definition it reaches, from a strict Kubernetes schema (a ConfigMap's
 * reaches nothing else of the API). */
function objectMetaDefinitions() {
  const { definitions } = JSON.parse(
    readFileSync(join(kubernetesDir, 'configmap-v1.json'), 'utf8'),
  );
  if (!definitions?.[OBJECT_META]) throw new Error(`no ${OBJECT_META} in ${kubernetesDir}`);
  const names = [...reachable(definitions, OBJECT_META)].sort();
  return Object.fromEntries(names.map((name) => [name, definitions[name]]));
}

const fileName = (group, version, kind) =>
  `${kind}-${group.split('.')[0]}-${version}`.toLowerCase() + '.json';

const metaDefinitions = objectMetaDefinitions();
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

let written = 0;
for (const file of readdirSync(crdDir)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()) {
  for (const document of parseAllDocuments(readFileSync(join(crdDir, file), 'utf8'))) {
    if (document.errors.length > 0) throw document.errors[0];
    const crd = document.toJS();
    // The directory also holds other objects (a ValidatingAdmissionPolicy and its binding).
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    const { group, names, versions } = crd.spec;
    for (const version of versions.filter((candidate) => candidate.served)) {
      const root = rewrite(version.schema.openAPIV3Schema);
      root.properties = {
        ...root.properties,
        apiVersion: { type: 'string', enum: [`${group}/${version.name}`] },
        kind: { type: 'string', enum: [names.kind] },
        metadata: { $ref: `${REF_PREFIX}${OBJECT_META}` },
      };
      root.additionalProperties = false;
      const schema = {
        $schema: 'http://json-schema.org/draft-07/schema#',
        ...root,
        definitions: metaDefinitions,
      };
      writeFileSync(
        join(outDir, fileName(group, version.name, names.kind)),
        JSON.stringify(schema),
      );
      written += 1;
    }
  }
}
if (written === 0) throw new Error(`no served CRD version in ${crdDir}`);
console.log(`${written} schemas from the CRDs in ${crdDir} in ${outDir}`);
