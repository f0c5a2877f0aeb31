import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { cluster } from './cluster-cli';

/** Writes down the host's state that a cluster touches (cluster.sh host-snapshot). */
export async function snapshotHost(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ticketing-host-'));
  await cluster(['host-snapshot', dir], { quiet: true });
  return dir;
}

/** What differs between two snapshots, one line per difference; empty when nothing does. */
export async function hostDifferences(before: string, after: string): Promise<string[]> {
  const diff = await cluster(['host-diff', before, after], { quiet: true }).catch((error: Error) =>
    error.message.split('\n').slice(1).join('\n'),
  );
  return diff.split('\n').filter((line) => line.trim() !== '');
}
