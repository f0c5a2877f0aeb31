import { setTimeout as sleep } from 'node:timers/promises';

import type { Fetch } from '@ticketing/test-kit';

/** What the load saw: every answer by request and status, and every request that failed. */
export interface LoadReport {
  /** `POST /api/orders 201` → how many times. */
  answers: Record<string, number>;
  /** A 5xx, a reset, a refused connection or a timeout: `GET / 502`, `POST /api/tickets ECONNRESET`. */
  failures: string[];
  /** Requests sent a second time because the server closed their kept-alive connection before
   * any answer (see `resendable`): `GET /api/tickets UND_ERR_SOCKET`. */
  resent: string[];
  requests: number;
}

export interface SteadyLoad {
  /** Resolves once every worker has completed one round, so the load covers every route. */
  warmedUp: Promise<void>;
  /** The answers so far, by request and status (a copy). */
  answersSoFar(): Record<string, number>;
  /** Lets each worker finish the request it is in, then reports. */
  stop(): Promise<LoadReport>;
}

const REQUEST_TIMEOUT_MS = 30_000;
// Orders and payments learn a ticket or an order from an event: a 404 just after it was made
// means the event is still on its way, so the step is retried a few times before moving on.
const REPLICA_RETRIES = 20;
const REPLICA_RETRY_MS = 250;

interface Answer {
  status: number;
  body: unknown;
}

/** One user over HTTP, keeping the session cookie; records every answer and failure. */
class LoadUser {
  private cookie?: string;

  constructor(
    private readonly baseUrl: string,
    private readonly send: Fetch,
    private readonly report: LoadReport,
  ) {}

  async request(method: string, path: string, body?: unknown): Promise<Answer | undefined> {
    const label = `${method} ${path.replace(/[0-9a-f]{24}/g, ':id')}`;
    this.report.requests += 1;
    const send = () =>
      this.send(this.baseUrl + path, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(this.cookie ? { Cookie: this.cookie } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    let response: Response;
    try {
      response = await send().catch((error: unknown) => {
        if (!resendable(error)) throw error;
        this.report.resent.push(`${label} ${failureCode(error)}`);
        return send();
      });
    } catch (error) {
      this.report.failures.push(`${label} ${failureCode(error)}`);
      return undefined;
    }
    const text = await response.text().catch((error: unknown) => {
      this.report.failures.push(`${label} ${response.status} body ${failureCode(error)}`);
      return '';
    });
    const key = `${label} ${response.status}`;
    this.report.answers[key] = (this.report.answers[key] ?? 0) + 1;
    if (response.status >= 500) this.report.failures.push(`${key} ${text.slice(0, 120)}`);
    const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith('session='));
    if (session) this.cookie = session.split(';')[0];
    return { status: response.status, body: parseJson(text) };
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/**
 * A kept-alive connection closed by the server with no answer, which a browser sends again on
 * a new connection: an HTTP/1.1 server closes idle connections when it stops (Go's, Traefik's
 * among them), and a request the client wrote at that moment meets the close. A refused
 * connection or a timeout is not resent: the server was not there, or did not answer. As with
 * a browser, a POST the server had applied before closing would be applied twice; the load
 * would see that as a 4xx (a second order of one ticket, a second payment of one order).
 */
function resendable(error: unknown): boolean {
  return ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'].includes(failureCode(error));
}

/** The connection error's code (ECONNRESET, ECONNREFUSED, UND_ERR_SOCKET) or its name. */
function failureCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).name ?? String(error);
}

const idOf = (answer: Answer | undefined): string | undefined =>
  answer && answer.status === 201 ? (answer.body as { id?: string }).id : undefined;

/** Repeats `step` while it answers 404 (the service has not heard of the thing yet). */
async function untilKnown(step: () => Promise<Answer | undefined>): Promise<Answer | undefined> {
  for (let attempt = 1; ; attempt++) {
    const answer = await step();
    if (answer?.status !== 404 || attempt === REPLICA_RETRIES) return answer;
    await sleep(REPLICA_RETRY_MS);
  }
}

/** Signs a load user up under a fresh address; the load cannot run without it. */
async function signUp(user: LoadUser, name: string, report: LoadReport): Promise<void> {
  const email = `${name}-${Date.now().toString(36)}@test.dev`;
  const answer = await user.request('POST', '/api/users/signup', {
    email,
    password: 'load-password',
  });
  if (answer?.status === 201) return;
  const seen = answer ? `${answer.status} ${JSON.stringify(answer.body)}` : 'no answer';
  throw new Error(`${name} could not sign up: ${seen}; ${report.failures.join('; ')}`);
}

/** One seller and one buyer going round (list, order, pay, read) until `stopping()`. */
async function runWorker(
  index: number,
  { baseUrl, send, report }: { baseUrl: string; send: Fetch; report: LoadReport },
  stopping: () => boolean,
  roundDone: () => void,
): Promise<void> {
  const seller = new LoadUser(baseUrl, send, report);
  const buyer = new LoadUser(baseUrl, send, report);
  await signUp(seller, `load-seller-${index}`, report);
  await signUp(buyer, `load-buyer-${index}`, report);
  for (let round = 0; !stopping(); round++) {
    const title = `load ${index}.${round}`;
    const ticketId = idOf(await seller.request('POST', '/api/tickets', { title, price: 5 }));
    const orderId =
      ticketId && idOf(await untilKnown(() => buyer.request('POST', '/api/orders', { ticketId })));
    if (orderId) {
      await untilKnown(() =>
        buyer.request('POST', '/api/payments', { orderId, token: 'tok_visa' }),
      );
    }
    await buyer.request('GET', '/api/tickets');
    await buyer.request('GET', '/api/users/currentuser');
    await buyer.request('GET', '/');
    roundDone();
  }
}

/**
 * A steady load through the ingress on every service the ingress routes to: each worker, a
 * seller and a buyer of their own, lists a ticket, orders it, pays for it, and reads the
 * ticket list, the current user and the client's server-rendered landing page, round after
 * round until stopped.
 */
export function startSteadyLoad(baseUrl: string, send: Fetch, workers: number): SteadyLoad {
  const report: LoadReport = { answers: {}, failures: [], resent: [], requests: 0 };
  let stopping = false;
  const warm: Promise<void>[] = [];
  const running = Array.from({ length: workers }, (_, index) => {
    let roundDone!: () => void;
    warm.push(new Promise<void>((resolve) => (roundDone = resolve)));
    return runWorker(index, { baseUrl, send, report }, () => stopping, roundDone);
  });
  const finished = Promise.all(running);
  // A worker that cannot start ends the warm-up with its error.
  const warmedUp = Promise.race([
    Promise.all(warm).then(() => undefined),
    finished.then(() => undefined),
  ]);

  return {
    warmedUp,
    answersSoFar: () => ({ ...report.answers }),
    stop: async () => {
      stopping = true;
      await finished;
      return report;
    },
  };
}
