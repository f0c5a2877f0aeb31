/** How a UserAgent sends a request: the global fetch, or one with its own connection settings
 * (the cluster tests' resolves ticketing.dev to the ingress and accepts its certificate). */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** A user of the app over HTTP: keeps the session cookie like a browser does. */
export class UserAgent {
  private cookie?: string;

  constructor(
    private readonly baseUrl: string,
    private readonly send: Fetch = fetch,
  ) {}

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const response = await this.send(this.baseUrl + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(this.cookie ? { Cookie: this.cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith('session='));
    if (session) this.cookie = session.split(';')[0];
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      headers: response.headers,
    };
  }

  get = <T = unknown>(path: string) => this.request<T>('GET', path);
  post = <T = unknown>(path: string, body?: unknown) => this.request<T>('POST', path, body);
  put = <T = unknown>(path: string, body?: unknown) => this.request<T>('PUT', path, body);
  delete = <T = unknown>(path: string) => this.request<T>('DELETE', path);
}
