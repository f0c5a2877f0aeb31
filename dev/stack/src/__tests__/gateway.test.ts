import { Agent, createServer, get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { type GatewayRoute, startGateway } from '../gateway';

interface Seen {
  upstream: string;
  url: string;
  headers: IncomingHttpHeaders;
}

const servers: Server[] = [];
const seen: Seen[] = [];

async function upstream(name: string): Promise<string> {
  const server = createServer((req, res) => {
    seen.push({ upstream: name, url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ upstream: name }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function gatewayWith(clientTargets: string[]): Promise<string> {
  const gateway = await startGateway({
    port: 0,
    routes: [
      { prefix: '/api/users', targets: [await upstream('auth-1'), await upstream('auth-2')] },
      { prefix: '/api/tickets', targets: [await upstream('tickets')] },
    ],
    fallback: { prefix: '/', targets: clientTargets },
  });
  servers.push(gateway);
  return `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
}

const upstreamOf = async (response: Response) =>
  ((await response.json()) as { upstream: string }).upstream;

afterEach(async () => {
  seen.length = 0;
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

describe('the gateway', () => {
  it('routes by path prefix like the ingress, and everything else to the client', async () => {
    const url = await gatewayWith([await upstream('client')]);

    const routed = await Promise.all(
      ['/api/tickets', '/api/tickets/abc?x=1', '/api/users/signin', '/', '/apiX', '/orders/1'].map(
        async (path) => upstreamOf(await fetch(url + path)),
      ),
    );

    expect(routed).toEqual(['tickets', 'tickets', 'auth-1', 'client', 'client', 'client']);
    expect(seen.map((request) => request.url)).toContain('/api/tickets/abc?x=1');
  });

  it('answers an /api path no service owns with the JSON 404, never the client', async () => {
    const url = await gatewayWith([await upstream('client')]);

    const answers = await Promise.all(
      ['/api', '/api/nope', '/api/ticketsX', '/api/no/such?x=1'].map(async (path) => {
        const response = await fetch(url + path);
        return [response.status, response.headers.get('content-type'), await response.json()];
      }),
    );

    for (const answer of answers) {
      expect(answer).toEqual([
        404,
        'application/json; charset=utf-8',
        { errors: [{ message: 'Not Found' }] },
      ]);
    }
    expect(seen).toEqual([]);
  });

  it('hands requests to the replicas of a service in turn', async () => {
    const url = await gatewayWith([]);

    const upstreams: string[] = [];
    for (let n = 0; n < 4; n++)
      upstreams.push(await upstreamOf(await fetch(`${url}/api/users/currentuser`)));

    expect(upstreams).toEqual(['auth-1', 'auth-2', 'auth-1', 'auth-2']);
  });

  it('keeps the Host header and adds X-Forwarded-For and X-Forwarded-Proto', async () => {
    const url = await gatewayWith([]);

    // fetch may not set Host, so this request goes through node:http.
    await new Promise<void>((resolve, reject) => {
      get(`${url}/api/tickets`, { headers: { Host: 'ticketing.dev' } }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });

    expect(seen[0]?.headers).toMatchObject({
      host: 'ticketing.dev',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
    });
  });

  it('keeps the client connection open across requests, as the ingress does', async () => {
    const url = await gatewayWith([]);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });

    const answers: { connection?: string; socket: unknown }[] = [];
    for (let n = 0; n < 3; n++) {
      answers.push(
        await new Promise((resolve, reject) => {
          get(`${url}/api/tickets`, { agent }, (res) => {
            res.resume();
            res.on('end', () =>
              resolve({ connection: res.headers.connection, socket: res.socket }),
            );
          }).on('error', reject);
        }),
      );
    }
    agent.destroy();

    expect(answers.map((answer) => answer.connection)).toEqual(Array(3).fill('keep-alive'));
    expect(new Set(answers.map((answer) => answer.socket)).size).toBe(1);
  });

  it('answers 502 in the API error shape when nothing serves a path', async () => {
    const url = await gatewayWith([]);

    const response = await fetch(`${url}/`);

    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      errors: [{ message: expect.stringContaining('nothing serves /') }],
    });
  });

  it('answers 502 in the API error shape when a replica is down', async () => {
    const url = await gatewayWith(['http://127.0.0.1:9']);

    const response = await fetch(`${url}/orders`);

    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      errors: [{ message: expect.stringContaining('upstream failed') }],
    });
  });
  it('starts before its routes are known and serves them once they are filled in', async () => {
    const routes: GatewayRoute[] = [];
    const gateway = await startGateway({ port: 0, routes, fallback: { prefix: '/', targets: [] } });
    servers.push(gateway);
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;

    const early = await fetch(`${url}/api/tickets`);
    routes.push({ prefix: '/api/tickets', targets: [await upstream('tickets')] });
    const later = await fetch(`${url}/api/tickets`);

    expect(early.status).toBe(502);
    expect(later.status).toBe(200);
    expect(await upstreamOf(later)).toBe('tickets');
  });
});
