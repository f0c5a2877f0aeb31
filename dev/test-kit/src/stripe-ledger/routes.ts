import type { IncomingMessage } from 'node:http';

import type { Answer } from './idempotency';
import { intentObject, refundObject, type StripeLedger, StripeRefusal } from './ledger';

/** What the request does to the ledger, and the answer; a refusal as Stripe's error body. */
export async function answerFromLedger(
  ledger: StripeLedger,
  upstream: URL,
  req: IncomingMessage,
  body: string,
): Promise<Answer> {
  try {
    return await route(ledger, upstream, req, body);
  } catch (error) {
    if (error instanceof StripeRefusal) {
      return { status: error.status, body: { error: error.error } };
    }
    throw error;
  }
}

async function route(
  ledger: StripeLedger,
  upstream: URL,
  req: IncomingMessage,
  body: string,
): Promise<Answer> {
  const url = new URL(req.url ?? '/', 'http://stripe.invalid');
  const params = new URLSearchParams(body);
  const path = url.pathname;
  const intentPath = /^\/v1\/payment_intents\/([^/]+)(\/cancel)?$/.exec(path);

  if (req.method === 'GET' && intentPath && !intentPath[2]) {
    return ok(intentObject(ledger.intent(intentPath[1] ?? '')));
  }
  if (req.method === 'POST' && intentPath?.[2]) {
    return ok(intentObject(ledger.cancelIntent(intentPath[1] ?? '')));
  }
  if (req.method === 'GET' && path === '/v1/refunds') {
    const refunds = ledger.refundsOf(url.searchParams.get('payment_intent') ?? '');
    return ok({ object: 'list', url: path, has_more: false, data: refunds.map(refundObject) });
  }

  // The rest is checked by stripe-mock first: a request it refuses is refused.
  const checked = await forward(upstream, req, body);
  if (req.method !== 'POST' || checked.status !== 200) return checked;
  const fixture = checked.body as Record<string, unknown>;
  if (path === '/v1/payment_methods') {
    return ok({ ...fixture, id: ledger.createMethod(params.get('card[token]') ?? '') });
  }
  if (path === '/v1/payment_intents') {
    return ok({ ...fixture, ...intentObject(ledger.createIntent(params)) });
  }
  if (path === '/v1/refunds') {
    return ok({ ...fixture, ...refundObject(ledger.refund(params.get('payment_intent') ?? '')) });
  }
  return checked;
}

async function forward(upstream: URL, req: IncomingMessage, body: string): Promise<Answer> {
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'content-type', 'stripe-version']) {
    const value = headerOf(req, name);
    if (value) headers[name] = value;
  }
  const response = await fetch(new URL(req.url ?? '/', upstream), {
    method: req.method,
    headers,
    ...(req.method === 'GET' || req.method === 'DELETE' ? {} : { body }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const ok = (body: unknown): Answer => ({ status: 200, body });

export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
