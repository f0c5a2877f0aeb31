import { Agent, fetch as undiciFetch } from 'undici';

/**
 * Where the requests go: the base URL users type and, when its host name is in no DNS (an
 * ingress on a cluster's Service address), the address to connect to instead, as a hosts entry
 * would. The name stays in the Host header and the TLS server name; a self-signed certificate
 * is accepted there.
 */
export interface Endpoint {
  url: string;
  address?: string;
}

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** Connections that send every host name to `address`, accepting a self-signed certificate. */
export const agentTo = (address: string) =>
  new Agent({
    connect: {
      rejectUnauthorized: false,
      // Node asks for every address when it may try several (autoSelectFamily).
      lookup: (_hostname, options, callback) =>
        options.all ? callback(null, [{ address, family: 4 }]) : callback(null, address, 4),
    },
  });

const fetches = new Map<string, Fetch>();

/** The fetch that reaches the endpoint: Node's own, or one whose connections go to its address
 * (one pool per address, shared by every session). */
export function fetchFor(endpoint: Endpoint): Fetch {
  const { address } = endpoint;
  if (!address) return fetch;
  let send = fetches.get(address);
  if (!send) {
    const dispatcher = agentTo(address);
    // undici's Request and Response are the ones Node's global fetch is built on; only their
    // type declarations differ.
    send = (url, init) =>
      undiciFetch(url, {
        ...(init as Parameters<typeof undiciFetch>[1]),
        dispatcher,
      }) as unknown as Promise<Response>;
    fetches.set(address, send);
  }
  return send;
}

/** How autocannon reaches the endpoint: the address in the URL it connects to, the name in
 * the Host header and as the TLS server name. */
export function connectionTo(endpoint: Endpoint): {
  url: string;
  host?: string;
  servername?: string;
} {
  if (!endpoint.address) return { url: endpoint.url };
  const url = new URL(endpoint.url);
  const { host, hostname } = url;
  url.hostname = endpoint.address;
  return { url: url.toString().replace(/\/$/, ''), host, servername: hostname };
}
