import type { Fetch } from '@ticketing/test-kit';
import { Agent, fetch as undiciFetch } from 'undici';

import { kubectl } from './cluster-cli';

/** The address users type; the cluster's ingress serves it with a self-signed certificate. */
export const INGRESS_URL = 'https://ticketing.dev';

/** The in-cluster address of the ingress controller's Service (reachable from this host). */
export async function ingressAddress(): Promise<string> {
  const service = [
    '-n',
    'traefik',
    'get',
    'service',
    'traefik',
    '-o',
    'jsonpath={.spec.clusterIP}',
  ];
  return (await kubectl(service)).trim();
}

/**
 * Connections that send every name to the ingress at `address`, as a hosts entry would: the
 * TLS name and Host header stay ticketing.dev, and the self-signed certificate is accepted.
 * Nothing on the host (no /etc/hosts) is changed.
 */
export const ingressAgent = (address: string) =>
  new Agent({
    connect: {
      rejectUnauthorized: false,
      // Node asks for every address when it may try several (autoSelectFamily).
      lookup: (_hostname, options, callback) =>
        options.all ? callback(null, [{ address, family: 4 }]) : callback(null, address, 4),
    },
  });

/** A fetch for UserAgent that reaches https://ticketing.dev through the ingress at `address`. */
export function ingressFetch(address: string): Fetch {
  const dispatcher = ingressAgent(address);
  // undici's Request and Response are the ones Node's global fetch is built on; only their
  // type declarations differ.
  return (url, init) =>
    undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    }) as unknown as Promise<Response>;
}
