import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BrowserJourneyOptions {
  /** The repository's root (the journey lives in client/e2e). */
  rootDir: string;
  /** Where the platform answers, e.g. the local gateway or https://ticketing.dev. */
  baseUrl: string;
  /** More settings for the journey (client/e2e/support/settings.ts reads them). */
  env?: Record<string, string>;
  /** Modules loaded into the journey's process before it starts (node --require). */
  preload?: string[];
}

/**
 * Runs the client's browser journey (client/e2e/journey.ts: playwright-core driving Debian's
 * Chromium) as its own process, and resolves with its exit code and last lines of output. Its
 * screenshots go to a temporary directory unless `env` names one: the committed ones in
 * client/e2e/screenshots change only when someone runs the journey by hand.
 */
export async function runBrowserJourney({
  rootDir,
  baseUrl,
  env = {},
  preload = [],
}: BrowserJourneyOptions) {
  const clientDir = join(rootDir, 'client');
  const requires = ['ts-node/register/transpile-only', ...preload].flatMap((module) => [
    '--require',
    module,
  ]);
  const journey = spawn(process.execPath, [...requires, join('e2e', 'journey.ts')], {
    cwd: clientDir,
    env: {
      ...process.env,
      SCREENSHOT_DIR: mkdtempSync(join(tmpdir(), 'ticketing-journey-screens-')),
      ...env,
      BASE_URL: baseUrl,
      TS_NODE_PROJECT: join(clientDir, 'e2e', 'tsconfig.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  journey.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  journey.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(journey, 'exit')) as [number | null];
  return { code, last: output.trim().split('\n').slice(-5) };
}
