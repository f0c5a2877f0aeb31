import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runBrowserJourney, runPurchaseJourney, UserAgent } from '@ticketing/test-kit';

import { repoRoot } from './cluster-cli';
import { INGRESS_URL, ingressAddress, ingressFetch } from './ingress';

/** The HTTP journey of e2e/ (sell, reserve, expire, sell again, pay) against
 * https://ticketing.dev at the ingress controller, whichever routes it serves. */
export const purchaseJourneyThroughIngress = async (
  runId: string,
  expiryTimeoutMs: number,
  expect: jest.Expect,
): Promise<void> => {
  const send = ingressFetch(await ingressAddress());
  await runPurchaseJourney({
    newUser: () => new UserAgent(INGRESS_URL, send),
    runId,
    expiryTimeoutMs,
    expect,
  });
};

/** The client's browser journey in Chromium against https://ticketing.dev at the ingress
 * controller: the browser resolves the name to it, the client's server-side renders call it
 * from inside the cluster. Resolves with the journey's exit code and last lines. */
export const browserJourneyThroughIngress = async () => {
  const address = await ingressAddress();
  return runBrowserJourney({
    rootDir: repoRoot,
    baseUrl: INGRESS_URL,
    env: {
      CHROMIUM_ARGS: JSON.stringify([`--host-resolver-rules=MAP ticketing.dev ${address}`]),
      IGNORE_HTTPS_ERRORS: '1',
      SCREENSHOT_DIR: mkdtempSync(join(tmpdir(), 'ticketing-cluster-screens-')),
      INGRESS_ADDRESS: address,
    },
    preload: [join(__dirname, 'route-to-ingress.ts')],
  });
};
