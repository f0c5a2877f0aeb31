import { type Endpoint, type Fetch, fetchFor } from './endpoint';

export interface Reply<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** Status 0: the request got no HTTP answer at all (connection refused or reset). */
export const NO_ANSWER = 0;

/** One user of the API through the gateway, keeping the session cookie like a browser. */
export class Session {
  cookie?: string;
  private readonly send: Fetch;

  constructor(
    readonly endpoint: Endpoint,
    readonly email = '',
    readonly password = '',
  ) {
    this.send = fetchFor(endpoint);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    let response: Response;
    try {
      response = await this.send(this.endpoint.url + path, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(this.cookie ? { Cookie: this.cookie } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch {
      return { status: NO_ANSWER, body: undefined as T, headers: new Headers() };
    }
    const session = response.headers.getSetCookie().find((value) => value.startsWith('session='));
    if (session) this.cookie = session.split(';')[0];
    const text = await response.text().catch(() => '');
    return { status: response.status, body: parseJson(text) as T, headers: response.headers };
  }

  get = <T>(path: string) => this.request<T>('GET', path);
  post = <T>(path: string, body?: unknown) => this.request<T>('POST', path, body);
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
