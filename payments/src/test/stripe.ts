import { once } from 'node:events';
import { createServer, type Server } from 'node:http';

import { startInfra } from '@ticketing/dev-infra';
import { startStripeLedgerProxy, type StripeLedgerProxy, unusedPort } from '@ticketing/test-kit';
import Stripe from 'stripe';

import { createStripeClient } from '../stripe-client';

/** stripe-mock accepts any key of the right shape. */
export const TEST_STRIPE_KEY = 'sk_test_123';

/** stripe-mock's URL: STRIPE_API_BASE when the run provides one, else a server started for
 * this test file (and stopped after it). */
export function useStripeMock(): { readonly url: URL } {
  let url: URL | undefined;
  let stop = async (): Promise<void> => undefined;
  beforeAll(async () => {
    if (process.env.STRIPE_API_BASE) {
      url = new URL(process.env.STRIPE_API_BASE);
      return;
    }
    const infra = await startInfra(['stripe']);
    url = new URL(infra.env.STRIPE_API_BASE ?? '');
    stop = infra.stop;
  });
  afterAll(() => stop());
  return {
    get url() {
      if (!url) throw new Error('stripe-mock is not started yet (use it inside a test)');
      return url;
    },
  };
}

/** A recording, fault-injecting Stripe (the ledger proxy in front of stripe-mock), fresh for
 * every test: what reached Stripe, per order, is in its `ledger`. */
export function useStripeLedger(stripeMock: { readonly url: URL }): {
  readonly proxy: StripeLedgerProxy;
} {
  let proxy: StripeLedgerProxy | undefined;
  beforeEach(async () => {
    proxy = await startStripeLedgerProxy(stripeMock.url);
  });
  afterEach(() => proxy?.close());
  return {
    get proxy() {
      if (!proxy) throw new Error('the Stripe ledger is not started yet (use it inside a test)');
      return proxy;
    },
  };
}

/** One request as the SDK sent it over the wire. */
export interface SentRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  /** The form-encoded body, decoded (`payment_method`, `amount`, `metadata[orderId]`...). */
  params: URLSearchParams;
}

interface Hold {
  path: string;
  reached: () => void;
  released: Promise<void>;
}

/**
 * The SDK's own Node HTTP client with a hook in front: it records every request the SDK sends
 * (every attempt, retries included), can hold requests to a path until the test releases them
 * (a charge "in flight"), and can fail them as a dropped connection would.
 */
export class InspectingHttpClient implements Stripe.HttpClient {
  readonly sent: SentRequest[] = [];
  private readonly inner = Stripe.createNodeHttpClient();
  private readonly holds: Hold[] = [];
  private readonly failing = new Set<string>();

  getClientName(): string {
    return 'inspecting-node';
  }

  async makeRequest(...args: Parameters<Stripe.HttpClient['makeRequest']>) {
    const [, , path, method, headers, body] = args;
    const idempotencyKey = headers['Idempotency-Key'];
    this.sent.push({
      method,
      path: path.split('?')[0] ?? path,
      idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
      params: new URLSearchParams(body),
    });
    for (const hold of this.holds.filter((each) => path.startsWith(each.path))) {
      hold.reached();
      await hold.released;
    }
    if ([...this.failing].some((prefix) => path.startsWith(prefix))) {
      throw Object.assign(new Error('connect ECONNREFUSED (test)'), { code: 'ECONNREFUSED' });
    }
    return this.inner.makeRequest(...args);
  }

  /** Requests to `path` (a prefix) sent so far. */
  sentTo(path: string, method = 'POST'): SentRequest[] {
    return this.sent.filter((request) => request.method === method && request.path === path);
  }

  /** Holds every request to `path` from now on; `reached` resolves when the first arrives. */
  hold(path: string): { reached: Promise<void>; release: () => void } {
    let release = (): void => undefined;
    let reached = (): void => undefined;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const hold: Hold = { path, reached, released };
    this.holds.push(hold);
    return {
      reached: reachedPromise,
      release: () => {
        this.holds.splice(this.holds.indexOf(hold), 1);
        release();
      },
    };
  }

  /** Fails every request to `path` until `recover()`, as an unreachable Stripe would. */
  fail(path: string): { recover: () => void } {
    this.failing.add(path);
    return { recover: () => this.failing.delete(path) };
  }
}

/** A real SDK client pointed at `apiBase`, sending through an inspecting HTTP client. */
export function inspectedStripe(apiBase: URL): { stripe: Stripe; http: InspectingHttpClient } {
  const http = new InspectingHttpClient();
  const stripe = createStripeClient({
    apiKey: TEST_STRIPE_KEY,
    apiBase,
    timeoutMs: 5_000,
    httpClient: http,
  });
  return { stripe, http };
}

/**
 * An HTTP server answering every request with `status` and `body`, for what stripe-mock cannot
 * do: decline a card or fail. The SDK still parses the answer and raises its own error.
 */
export async function startStripeStandIn(
  status: number,
  body: object,
): Promise<{ url: URL; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': 'req_test' });
    res.end(JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: urlOf(server), close: () => closeServer(server) };
}

/** A URL where nothing listens: a Stripe that cannot be reached. */
export const unreachableStripeUrl = async (): Promise<URL> =>
  new URL(`http://127.0.0.1:${await unusedPort()}`);

function urlOf(server: Server): URL {
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the server has no port');
  return new URL(`http://127.0.0.1:${address.port}`);
}

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => server.close(() => resolve()));
