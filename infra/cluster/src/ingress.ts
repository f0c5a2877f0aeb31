import { agentTo, type Endpoint, fetchFor } from '@ticketing/bench';
import type { Fetch } from '@ticketing/test-kit';

import { kubectl } from './cluster-cli';

/** The address users type; the cluster's ingress serves it with a self-signed certificate. */
export const INGRESS_URL = 'https://ticketing.dev';

/** A Service's in-cluster address (reachable from this host). */
export const serviceAddress = async (namespace: string, service: string): Promise<string> =>
  (
    await kubectl(['-n', namespace, 'get', 'service', service, '-o', 'jsonpath={.spec.clusterIP}'])
  ).trim();

/** The in-cluster address of the ingress controller's Service. */
export const ingressAddress = () => serviceAddress('traefik', 'traefik');

/** https://ticketing.dev, reached at the ingress's address as a hosts entry would: the TLS
 * name and Host header stay ticketing.dev. Nothing on the host (no /etc/hosts) is changed. */
export const ingressEndpoint = async (): Promise<Endpoint> => ({
  url: INGRESS_URL,
  address: await ingressAddress(),
});

/** Connections that send every name to the ingress at `address`. */
export const ingressAgent = agentTo;

/** A fetch for UserAgent that reaches https://ticketing.dev through the ingress at `address`. */
export const ingressFetch = (address: string): Fetch => fetchFor({ url: INGRESS_URL, address });
