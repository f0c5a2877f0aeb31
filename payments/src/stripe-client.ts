import Stripe from 'stripe';

import { CountingHttpClient } from './stripe-metrics';

export interface StripeClientOptions {
  apiKey: string;
  /** `https://api.stripe.com` in production; stripe-mock's URL in tests and local development. */
  apiBase: URL;
  timeoutMs: number;
  /** Replaces the SDK's Node HTTP client; tests use it to hold a request in flight. */
  httpClient?: Stripe.HttpClient;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

// The SDK's own retries (its default, set here so that the bound below holds): every POST we
// make carries an idempotency key, so a retried request never repeats a charge.
const NETWORK_RETRIES = 2;
// The SDK waits at most 5 s before each retry.
const LONGEST_RETRY_DELAY_MS = 5_000;

/** The longest one SDK call can take before it gives up: every attempt timing out, and the
 * longest wait before each retry. */
export const longestStripeCallMs = (timeoutMs: number): number =>
  timeoutMs * (1 + NETWORK_RETRIES) + LONGEST_RETRY_DELAY_MS * NETWORK_RETRIES;

/** The official SDK, pointed at `apiBase`, with its own retries on; its requests are counted
 * at /metrics (`stripe_request_duration_seconds`). */
export function createStripeClient(options: StripeClientOptions): Stripe {
  const { apiBase } = options;
  return new Stripe(options.apiKey, {
    protocol: apiBase.protocol === 'http:' ? 'http' : 'https',
    // URL keeps an IPv6 host in brackets; Node's http module wants it bare.
    host: apiBase.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: apiBase.port || DEFAULT_PORTS[apiBase.protocol],
    timeout: options.timeoutMs,
    maxNetworkRetries: NETWORK_RETRIES,
    telemetry: false,
    appInfo: { name: 'ticketing-payments' },
    httpClient: new CountingHttpClient(options.httpClient ?? Stripe.createNodeHttpClient()),
  });
}
