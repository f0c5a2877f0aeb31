import { readFileSync } from 'node:fs';

import type { DocumentedSecrets } from './cross-references';
import { fromRoot } from './paths';

/** The Secrets infra/README.md tells an operator to create: every
 * `kubectl create secret generic <name> --from-literal=<KEY>=…` command in it (a command may be
 * continued over lines with `\`). No secret value is committed; this is where they are named. */
export function documentedSecrets(readme = fromRoot('infra', 'README.md')): DocumentedSecrets {
  const text = readFileSync(readme, 'utf8').replace(/\\\n\s*/g, ' ');
  const secrets: DocumentedSecrets = new Map();
  for (const [command, name] of text.matchAll(
    /kubectl create secret generic ([a-z0-9-]+)[^\n]*/g,
  )) {
    const keys = secrets.get(name as string) ?? new Set<string>();
    for (const [, key] of command.matchAll(/--from-literal=([A-Za-z0-9_]+)=/g))
      keys.add(key as string);
    secrets.set(name as string, keys);
  }
  return secrets;
}
