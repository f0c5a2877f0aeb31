import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import { type Fault, type FaultRule, Faults } from './faults';
import { type Answer, IdempotencyKeys, refusal } from './idempotency';
import { StripeLedger } from './ledger';
import { answerFromLedger, headerOf } from './routes';

export interface StripeLedgerProxy {
  /** Where to point the SDK (`STRIPE_API_BASE`). */
  url: URL;
  ledger: StripeLedger;
  /** Carries the request out (the ledger and the idempotency key record it), then drops the
   * answer and resets the connection: a charge made but never answered. */
  dropAnswers(rule: FaultRule): Fault;
  /** Answers 500 without doing anything, as a Stripe failing before it starts would. */
  failRequests(rule: FaultRule): Fault;
  /** Waits `ms` before carrying the request out: a slow Stripe. */
  delayRequests(rule: FaultRule & { ms: number }): Fault;
  close(): Promise<void>;
}

/**
 * A fault-injecting, recording proxy in front of stripe-mock. stripe-mock checks every request
 * against Stripe's published API and answers it; the proxy then gives PaymentIntents, methods
 * and refunds their own ids and state (kept in `ledger`), answers lookups from that state, and
 * honours idempotency keys as Stripe does (see `IdempotencyKeys`).
 */
export async function startStripeLedgerProxy(upstream: URL): Promise<StripeLedgerProxy> {
  const ledger = new StripeLedger();
  const keys = new IdempotencyKeys();
  const faults = new Faults();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await bodyOf(req);
    if (faults.strike('fail', req)) {
      return send(res, refusal(500, 'api_error', 'An unknown error occurred (injected).'));
    }
    const key = req.method === 'POST' ? headerOf(req, 'idempotency-key') : undefined;
    const answer = await keys.answer(key, `${req.method} ${req.url} ${body}`, async () => {
      // Slow while in flight: a repeat under the key meanwhile is told so (409).
      const delay = faults.strike('delay', req);
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay.ms));
      return answerFromLedger(ledger, upstream, req, body);
    });
    if (faults.strike('drop', req)) {
      res.socket?.destroy();
      return;
    }
    send(res, answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      send(res, refusal(500, 'api_error', `the proxy failed: ${String(error)}`)),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  return {
    url: urlOf(server),
    ledger,
    dropAnswers: (rule) => faults.add('drop', rule),
    failRequests: (rule) => faults.add('fail', rule),
    delayRequests: (rule) => faults.add('delay', rule, rule.ms),
    close: () => closeServer(server),
  };
}

function send(res: ServerResponse, answer: Answer): void {
  res.writeHead(answer.status, { 'Content-Type': 'application/json', 'Request-Id': 'req_ledger' });
  res.end(JSON.stringify(answer.body));
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function urlOf(server: Server): URL {
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('the proxy has no port');
  return new URL(`http://127.0.0.1:${address.port}`);
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
}
