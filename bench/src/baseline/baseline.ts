import { join } from 'node:path';

import { freePort } from '@ticketing/dev-infra';
import { databaseUri, spawnPart, waitReady } from '@ticketing/dev-stack';

import { type Job, type LoadResult, runLoad } from '../load/load';
import { ROOT_DIR } from '../target/local-stack';

/** The baseline's database on the stack's database server, beside the services' own. */
const BASELINE_DATABASE = 'bench_baseline';
const READY_TIMEOUT_MS = 60_000;

/**
 * Starts the bare one-insert server (./server.ts) as a process of its own on the database
 * server at `mongoUri`, sends it `jobs` over `connections` connections exactly as the purchase
 * path's orders are sent, and stops it (it drops its database as it goes).
 */
export async function measureBaseline(
  mongoUri: string,
  jobs: readonly Job[],
  connections: number,
): Promise<LoadResult> {
  const port = await freePort();
  const part = spawnPart({
    label: 'baseline',
    port,
    command: process.execPath,
    args: ['--require', 'ts-node/register/transpile-only', join(__dirname, 'server.ts')],
    env: {
      MONGO_URI: databaseUri(mongoUri, BASELINE_DATABASE),
      PORT: String(port),
      TS_NODE_PROJECT: join(ROOT_DIR, 'bench', 'tsconfig.json'),
    },
    cwd: ROOT_DIR,
    output: () => undefined, // a failed start says why with its last lines (waitReady)
  });
  try {
    await waitReady(part, '/readyz', READY_TIMEOUT_MS);
    return await runLoad({ url: `http://127.0.0.1:${port}` }, jobs, { connections });
  } finally {
    await part.stop();
  }
}
