import Stripe from 'stripe';

export interface StripeClientOptions {
  apiKey: string;
  /** `https://api.stripe.com` in production; stripe-mock's URL in tests and local development. */
  apiBase: URL;
  timeoutMs: number;
  /** Replaces the SDK's Node HTTP client; tests use it to hold a request in flight. */
  httpClient?: Stripe.HttpClient;
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/** The official SDK, pointed at `apiBase`. Its own retries stay on (2, with backoff): every
 * POST we make carries an idempotency key, so a retried request never repeats a charge. */
export function createStripeClient(options: StripeClientOptions): Stripe {
  const { apiBase } = options;
  return new Stripe(options.apiKey, {
    protocol: apiBase.protocol === 'http:' ? 'http' : 'https',
    // URL keeps an IPv6 host in brackets; Node's http module wants it bare.
    host: apiBase.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: apiBase.port || DEFAULT_PORTS[apiBase.protocol],
    timeout: options.timeoutMs,
    telemetry: false,
    appInfo: { name: 'ticketing-payments' },
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
  });
}
