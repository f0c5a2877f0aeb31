import { eventually } from '@ticketing/test-kit';

import { kubectl } from './cluster-cli';

/** The application's namespace and the ingress controller's: a rolling restart replaces both. */
const RESTARTED_NAMESPACES = ['default', 'traefik'];

/** The pods Deployments made there (they carry a pod-template-hash label), as namespace/name. */
const deploymentPods = async () =>
  (
    await kubectl([
      'get',
      'pods',
      '-A',
      '-l',
      'pod-template-hash',
      '-o',
      'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}',
    ])
  )
    .split('\n')
    .filter((pod) => RESTARTED_NAMESPACES.includes(pod.split('/')[0] ?? ''));

const rolloutStatus = (namespace: string, deployment: string) =>
  kubectl(['-n', namespace, 'rollout', 'status', deployment, '--timeout=5m']);

/** `kubectl rollout restart` of every Deployment, Traefik's included; resolves once each has
 * rolled out and the last replaced pod is gone (they drain after their successors are ready,
 * so a load running meanwhile meets every one of them stopping). */
export async function restartEveryDeployment(drainTimeoutMs: number): Promise<void> {
  const before = await deploymentPods();
  for (const namespace of RESTARTED_NAMESPACES)
    await kubectl(['-n', namespace, 'rollout', 'restart', 'deployment']);
  for (const namespace of RESTARTED_NAMESPACES) {
    const deployments = await kubectl(['-n', namespace, 'get', 'deployments', '-o', 'name']);
    for (const deployment of deployments.split(/\s+/).filter(Boolean))
      await rolloutStatus(namespace, deployment);
  }
  await eventually(
    'the replaced pods to be gone',
    deploymentPods,
    (pods) => !pods.some((pod) => before.includes(pod)),
    drainTimeoutMs,
  );
}

/** Scales Deployments of the application and waits for their rollout. */
export async function scale(replicas: number, deployments: string[]): Promise<void> {
  await kubectl([
    'scale',
    ...deployments.map((name) => `deployment/${name}`),
    `--replicas=${replicas}`,
  ]);
  for (const name of deployments) await rolloutStatus('default', `deployment/${name}`);
}
