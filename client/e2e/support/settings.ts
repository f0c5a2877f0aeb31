import path from 'node:path';

/** Where the journey runs and what drives it; every value can be overridden from the env. */
export const settings = {
  baseUrl: (process.env['BASE_URL'] ?? 'http://127.0.0.1:8080').replace(/\/$/, ''),
  chromiumPath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  headless: process.env['HEADED'] !== '1',
  /** Extra Chromium flags, as a JSON array: the cluster tier maps ticketing.dev to its ingress. */
  chromiumArgs: JSON.parse(process.env['CHROMIUM_ARGS'] ?? '[]') as string[],
  /** Accept a self-signed certificate (the cluster's ingress serves one). */
  ignoreHttpsErrors: process.env['IGNORE_HTTPS_ERRORS'] === '1',
  screenshotDir: process.env['SCREENSHOT_DIR'] ?? path.join(__dirname, '..', 'screenshots'),
  /** How long to wait for the order to turn `complete` after paying (events between services). */
  completeTimeoutMs: Number(process.env['COMPLETE_TIMEOUT_MS'] ?? 30_000),
};
