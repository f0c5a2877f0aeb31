import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Table } from './table';

export interface RunRecord {
  startedAt: string;
  finishedAt: string;
  commit: string;
  machine: Record<string, unknown>;
  target: {
    kind: 'local stack' | 'url';
    url?: string;
    transport: string;
    replicas: number;
    /** The local stack's database server. */
    database?: string;
  };
  sizes: Record<string, unknown>;
  benchmarks: Record<string, Table>;
}

/** Writes the run as `<time>-<transport>-<replicas>r.json` in `directory`; returns its path. */
export function writeResults(directory: string, record: RunRecord): string {
  mkdirSync(directory, { recursive: true });
  const stamp = record.startedAt.replace(/[:.]/g, '-');
  const name = `${stamp}-${record.target.transport}-${record.target.replicas}r.json`;
  const path = join(directory, name);
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}
