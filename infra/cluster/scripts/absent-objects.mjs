// Prints the objects of one rendering that another no longer has, for `kubectl delete -f -`:
// what a deploy removes when it replaces a variant on the same event bus (the Ingress when the
// Gateway API variant comes in, the Gateway and its routes when it goes), leaving everything
// both share running.
//   node absent-objects.mjs OLD.yaml NEW.yaml > gone.yaml
import { readFileSync } from 'node:fs';

import { parseAllDocuments, stringify } from 'yaml';

const [oldFile, newFile] = process.argv.slice(2);
if (!oldFile || !newFile) {
  console.error('usage: node absent-objects.mjs OLD.yaml NEW.yaml');
  process.exit(2);
}

const objectsOf = (file) =>
  parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS())
    .filter((object) => object?.kind);
// The group, not the version: the same object may be written at another version.
const identity = ({ apiVersion, kind, metadata }) =>
  [
    apiVersion.split('/').slice(0, -1).join('/'),
    kind,
    metadata.namespace ?? '',
    metadata.name,
  ].join(' ');

const kept = new Set(objectsOf(newFile).map(identity));
const gone = objectsOf(oldFile).filter((object) => !kept.has(identity(object)));
process.stdout.write(gone.map((object) => stringify(object)).join('---\n'));
