// The bench's kill-services drill with a Kubernetes fault: in the middle of each service's
// load, while buyers order and pay through the ingress, one of its pods is deleted, as a
// drain or an eviction does (the pod gets its grace period, the Deployment replaces it).
import {
  CI_DRILL,
  drillContextAt,
  type DrillOptions,
  type DrillReport,
  faultEachService,
  readBacklog,
  reportOf,
  Tally,
} from '@ticketing/bench';
import { eventually } from '@ticketing/test-kit';

import { kubectl } from './cluster-cli';
import { ingressEndpoint, serviceAddress } from './ingress';

const MINUTES = 60_000;

const podsOf = async (service: string) =>
  (await kubectl(['get', 'pods', '-l', `app=${service}`, '-o', 'name']))
    .split('\n')
    .filter(Boolean);

/** Spec and ready replicas of a Deployment. */
async function replicasOf(deployment: string): Promise<{ wanted: number; ready: number }> {
  const [wanted, ready] = (
    await kubectl([
      'get',
      `deployment/${deployment}`,
      '-o',
      'jsonpath={.spec.replicas} {.status.readyReplicas}',
    ])
  ).split(' ');
  return { wanted: Number(wanted), ready: Number(ready || 0) };
}

/** Deletes one pod of the service and waits until it is gone and its Deployment is whole. */
async function deleteOnePod(service: string, log: (message: string) => void): Promise<void> {
  const [pod] = await podsOf(service);
  if (!pod) throw new Error(`no pod of ${service} to delete`);
  log(`${service}: deleting ${pod}`);
  await kubectl(['delete', pod, '--wait=false']);
  await eventually(
    `${pod} to be gone and ${service}-depl ready again`,
    async () => ({ pods: await podsOf(service), ...(await replicasOf(`${service}-depl`)) }),
    ({ pods, wanted, ready }) => !pods.includes(pod) && ready === wanted,
    3 * MINUTES,
  );
  log(`${service}: replaced`);
}

/** How long the deployed orders holds a ticket (the overlay's EXPIRATION_WINDOW_SECONDS). */
async function deployedWindowSeconds(): Promise<number> {
  const value = await kubectl([
    'get',
    'deployment/orders-depl',
    '-o',
    'jsonpath={.spec.template.spec.containers[0].env[?(@.name=="EXPIRATION_WINDOW_SECONDS")].value}',
  ]);
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1)
    throw new Error(`orders-depl has no EXPIRATION_WINDOW_SECONDS (read "${value}")`);
  return seconds;
}

/** Runs the drill at the CI size against the deployed platform; `transport` is the bus the
 * overlay deployed (its monitor says what is still unacknowledged). */
export async function podDeletionDrill(
  transport: DrillOptions['transport'],
  log: (message: string) => void,
): Promise<DrillReport> {
  const tally = new Tally();
  const options: DrillOptions = {
    transport,
    replicas: 1,
    ...CI_DRILL,
    windowSeconds: await deployedWindowSeconds(),
    verbose: false,
    log,
  };
  const monitor = `http://${await serviceAddress('default', 'nats-srv')}:8222`;
  const context = await drillContextAt(
    await ingressEndpoint(),
    () => readBacklog(transport, monitor),
    options,
  );
  await faultEachService(context, tally, async (service) => {
    await deleteOnePod(service, log);
    tally.count('pods deleted');
  });
  return reportOf('delete-pods', transport, tally);
}
