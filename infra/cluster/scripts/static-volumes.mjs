// Reads rendered manifests on stdin and prints one PersistentVolume per claim that their
// StatefulSets will make (replica 0, each volumeClaimTemplate), bound to that claim by
// claimRef, on a hostPath directory under VOLUMES_DIR that it creates owned by the pod's user:
// a single-node cluster here has no storage provisioner, and fsGroup is not applied to hostPath.
//   node static-volumes.mjs VOLUMES_DIR < rendered.yaml > volumes.yaml
import { chownSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseAllDocuments, stringify } from 'yaml';

const [volumesDir] = process.argv.slice(2);
if (!volumesDir) {
  console.error('usage: node static-volumes.mjs VOLUMES_DIR < rendered.yaml');
  process.exit(2);
}

const objects = parseAllDocuments(readFileSync(0, 'utf8')).map((doc) => doc.toJS());
const volumes = [];
for (const set of objects.filter((o) => o?.kind === 'StatefulSet')) {
  const namespace = set.metadata.namespace ?? 'default';
  const pod = set.spec.template.spec.securityContext ?? {};
  for (const template of set.spec.volumeClaimTemplates ?? []) {
    const claim = `${template.metadata.name}-${set.metadata.name}-0`;
    const path = join(volumesDir, `${namespace}-${claim}`);
    mkdirSync(path, { recursive: true, mode: 0o750 });
    chownSync(path, pod.runAsUser ?? 0, pod.fsGroup ?? pod.runAsGroup ?? 0);
    volumes.push({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name: `local-${namespace}-${claim}`,
        labels: { 'ticketing.dev/local-cluster': 'true' },
      },
      spec: {
        capacity: { storage: template.spec.resources.requests.storage },
        accessModes: template.spec.accessModes,
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: template.spec.storageClassName ?? '',
        claimRef: { namespace, name: claim },
        hostPath: { path, type: 'Directory' },
      },
    });
  }
}
process.stdout.write(volumes.map((v) => stringify(v)).join('---\n'));
