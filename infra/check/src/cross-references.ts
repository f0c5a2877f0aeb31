import type { K8sObject } from './manifests';
import { allContainers, type Container, selects, type Workload, workloads } from './workloads';

/** Each check returns the problems it found, one sentence each; none means it holds. */
export type Problems = string[];

interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
}

interface ServiceSpec {
  selector?: Record<string, string>;
  ports: ServicePort[];
}

export const servicesOf = (objects: K8sObject[]) =>
  objects
    .filter((object) => object.kind === 'Service')
    .map((object) => ({
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      spec: object.spec as unknown as ServiceSpec,
    }));

const containerHasPort = (container: Container, port: number | string) =>
  (container.ports ?? []).some((candidate) =>
    typeof port === 'number' ? candidate.containerPort === port : candidate.name === port,
  );

/** Every Service selects the pods of some workload, and its target ports exist on them. */
export function checkServiceSelectors(objects: K8sObject[]): Problems {
  const all = workloads(objects);
  return servicesOf(objects).flatMap(({ name, spec }) => {
    const targets = all.filter((workload) => selects(spec.selector, workload.podLabels));
    if (targets.length === 0) {
      return [`Service ${name} selects ${JSON.stringify(spec.selector ?? {})}: no pods carry it`];
    }
    return spec.ports.flatMap((port) => {
      const target = port.targetPort ?? port.port;
      const served = targets.every((workload) =>
        workload.pod.containers.some((container) => containerHasPort(container, target)),
      );
      return served ? [] : [`Service ${name} targets port ${target}, which its pods do not name`];
    });
  });
}

interface IngressPath {
  path: string;
  pathType: string;
  backend: { service?: { name: string; port: { number?: number; name?: string } } };
}

interface IngressSpec {
  ingressClassName?: string;
  rules?: { host?: string; http?: { paths: IngressPath[] } }[];
}

/** Every Ingress backend names an existing Service and one of its ports; regex paths are
 * declared as such (ingress-nginx rejects them with any pathType but ImplementationSpecific). */
export function checkIngressBackends(objects: K8sObject[]): Problems {
  const services = new Map(servicesOf(objects).map(({ name, spec }) => [name, spec]));
  return objects
    .filter((object) => object.kind === 'Ingress')
    .flatMap((ingress) => {
      const spec = ingress.spec as unknown as IngressSpec;
      const usesRegex = ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/use-regex'];
      const paths = (spec.rules ?? []).flatMap((rule) => rule.http?.paths ?? []);
      return paths.flatMap(({ path, pathType, backend }): Problems => {
        const where = `Ingress ${ingress.metadata.name} path ${path}`;
        const problems: Problems = [];
        if (
          /[?*()[\]]/.test(path) &&
          (usesRegex !== 'true' || pathType !== 'ImplementationSpecific')
        ) {
          problems.push(
            `${where} is a regex: it needs use-regex "true" and ImplementationSpecific`,
          );
        }
        const target = backend.service;
        const service = target && services.get(target.name);
        if (!target || !service) {
          problems.push(
            `${where} routes to Service ${target?.name ?? '(none)'}, which does not exist`,
          );
        } else if (
          !service.ports.some((port) =>
            target.port.number !== undefined
              ? port.port === target.port.number
              : port.name === target.port.name,
          )
        ) {
          problems.push(`${where} routes to a port Service ${target.name} does not have`);
        }
        return problems;
      });
    });
}

/** Secrets the cluster must be given by hand: name → keys (from infra/README.md). */
export type DocumentedSecrets = Map<string, Set<string>>;

/** Every Secret a pod reads is either rendered or documented, with the key it reads. */
export function checkSecretReferences(
  objects: K8sObject[],
  documented: DocumentedSecrets,
): Problems {
  const known = new Map(documented);
  for (const secret of objects.filter((object) => object.kind === 'Secret')) {
    known.set(secret.metadata.name, new Set(Object.keys(secret.data ?? {})));
  }
  return workloads(objects).flatMap((workload) =>
    referencesOf(workload, 'secret').flatMap(({ name, key, optional }) => {
      const keys = known.get(name);
      const where = `${workload.kind} ${workload.name}`;
      if (!keys) return [`${where} reads Secret ${name}, which is neither rendered nor documented`];
      // A rendered Secret may leave out a key that is read with `optional: true`: the container
      // starts without the variable, as designed (overlays/local-cluster generates stripe-secret
      // without STRIPE_PUBLISHABLE_KEY, so the client offers the test-mode payment; there is no
      // Stripe.js offline). The key must still be one the README documents for that Secret, so a
      // misspelt optional key fails as before.
      if (key && !keys.has(key) && !(optional && documented.get(name)?.has(key)))
        return [`${where} reads key ${key} of Secret ${name}, not documented`];
      return [];
    }),
  );
}

/** Every ConfigMap a pod reads is rendered, with the key it reads. */
export function checkConfigMapReferences(objects: K8sObject[]): Problems {
  const maps = new Map(
    objects
      .filter((object) => object.kind === 'ConfigMap')
      .map((map) => [map.metadata.name, new Set(Object.keys(map.data ?? {}))]),
  );
  return workloads(objects).flatMap((workload) =>
    referencesOf(workload, 'configMap').flatMap(({ name, key }) => {
      const keys = maps.get(name);
      const where = `${workload.kind} ${workload.name}`;
      if (!keys) return [`${where} reads ConfigMap ${name}, which is not rendered`];
      if (key && !keys.has(key)) return [`${where} reads key ${key} of ConfigMap ${name}: missing`];
      return [];
    }),
  );
}

function referencesOf(workload: Workload, kind: 'secret' | 'configMap') {
  const references: { name: string; key?: string; optional?: boolean }[] = [];
  for (const container of allContainers(workload.pod)) {
    for (const variable of container.env ?? []) {
      const ref =
        kind === 'secret' ? variable.valueFrom?.secretKeyRef : variable.valueFrom?.configMapKeyRef;
      if (ref) references.push({ name: ref.name, key: ref.key, optional: ref.optional === true });
    }
    for (const source of container.envFrom ?? []) {
      const ref = kind === 'secret' ? source.secretRef : source.configMapRef;
      if (ref) references.push({ name: ref.name });
    }
  }
  for (const volume of workload.pod.volumes ?? []) {
    const name = kind === 'secret' ? volume.secret?.secretName : volume.configMap?.name;
    if (name) references.push({ name });
  }
  return references;
}

/** A workload with more than one replica has a PodDisruptionBudget, and every budget covers
 * some workload. */
export function checkDisruptionBudgets(objects: K8sObject[]): Problems {
  const budgets = objects
    .filter((object) => object.kind === 'PodDisruptionBudget')
    .map((budget) => ({
      name: budget.metadata.name,
      selector: (budget.spec as { selector?: { matchLabels?: Record<string, string> } }).selector
        ?.matchLabels,
    }));
  const all = workloads(objects);
  return [
    ...all
      .filter((workload) => workload.replicas > 1)
      .filter((workload) => !budgets.some((budget) => selects(budget.selector, workload.podLabels)))
      .map(
        (workload) =>
          `${workload.kind} ${workload.name} runs ${workload.replicas} replicas without a PodDisruptionBudget`,
      ),
    ...budgets
      .filter((budget) => !all.some((workload) => selects(budget.selector, workload.podLabels)))
      .map((budget) => `PodDisruptionBudget ${budget.name} selects no workload`),
  ];
}

const probePort = (probe: Container['readinessProbe']) =>
  probe?.httpGet?.port ?? probe?.tcpSocket?.port;

// Kubernetes' default when a pod does not set terminationGracePeriodSeconds.
const DEFAULT_GRACE_SECONDS = 30;
// The services' own shutdown timeout (handleShutdown in @ticketing/common).
const SHUTDOWN_SECONDS = 10;

/** A service's Deployment pauses before SIGTERM while the pod leaves the Service's endpoints
 * and the ingress's backends (both follow asynchronously), and the pause leaves it time to
 * shut down within the grace period; without that, a rollout drops requests. */
function checkDrainPause(workload: Workload, container: Container): Problems {
  if (workload.kind !== 'Deployment' || !container.image.startsWith('ticketing/')) return [];
  const at = `${workload.kind} ${workload.name} container ${container.name}`;
  const pause = container.lifecycle?.preStop?.sleep?.seconds;
  if (pause === undefined) {
    return [`${at} has no preStop pause (lifecycle.preStop.sleep), so a rollout drops requests`];
  }
  const grace = workload.pod.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  return pause + SHUTDOWN_SECONDS > grace
    ? [
        `${at} pauses ${pause} s of its ${grace} s grace period, leaving under ${SHUTDOWN_SECONDS} s to shut down`,
      ]
    : [];
}

/** What every workload in this repository promises (style.md "Infrastructure"): probes,
 * requests and a memory limit, a non-root user without privilege escalation or capabilities,
 * no service-account token, pinned images, a volume behind every mount, and a service's pause
 * before SIGTERM. */
export function checkWorkloadPolicies(objects: K8sObject[]): Problems {
  return workloads(objects).flatMap((workload) => {
    const where = `${workload.kind} ${workload.name}`;
    const problems: Problems = [];
    if (workload.pod.automountServiceAccountToken !== false) {
      problems.push(
        `${where} mounts a service-account token (set automountServiceAccountToken: false)`,
      );
    }
    const volumes = new Set([
      ...(workload.pod.volumes ?? []).map((volume) => volume.name),
      ...workload.claimTemplates,
    ]);
    for (const container of workload.pod.containers) {
      const at = `${where} container ${container.name}`;
      if (!container.readinessProbe || !container.livenessProbe) {
        problems.push(`${at} lacks a readiness or liveness probe`);
      }
      for (const probe of [
        container.readinessProbe,
        container.livenessProbe,
        container.startupProbe,
      ]) {
        const port = probePort(probe);
        if (port !== undefined && !containerHasPort(container, port)) {
          problems.push(`${at} probes port ${port}, which it does not declare`);
        }
      }
      const { requests = {}, limits = {} } = container.resources ?? {};
      if (
        requests.cpu === undefined ||
        requests.memory === undefined ||
        limits.memory === undefined
      ) {
        problems.push(`${at} needs cpu and memory requests and a memory limit`);
      }
      const security = container.securityContext ?? {};
      const nonRoot = security.runAsNonRoot ?? workload.pod.securityContext?.runAsNonRoot;
      if (nonRoot !== true) problems.push(`${at} may run as root (runAsNonRoot)`);
      if (security.allowPrivilegeEscalation !== false) {
        problems.push(`${at} allows privilege escalation`);
      }
      if (!security.capabilities?.drop?.includes('ALL')) problems.push(`${at} keeps capabilities`);
      if (!container.image.startsWith('ticketing/') && !/:[^/:]+$/.test(container.image)) {
        problems.push(`${at} uses ${container.image} without a pinned tag`);
      }
      if (/:latest$/.test(container.image)) problems.push(`${at} uses a :latest image`);
      for (const mount of container.volumeMounts ?? []) {
        if (!volumes.has(mount.name))
          problems.push(`${at} mounts ${mount.name}, which is not a volume`);
      }
      problems.push(...checkDrainPause(workload, container));
    }
    if (workload.kind === 'StatefulSet' && workload.claimTemplates.length === 0) {
      problems.push(`${where} keeps its data on no persistent volume`);
    }
    return problems;
  });
}

/** The application's own services (images ticketing/<svc>) listen on 3000 behind a ClusterIP
 * Service named <svc>-srv. */
export function checkServiceConventions(objects: K8sObject[]): Problems {
  const services = servicesOf(objects);
  return workloads(objects).flatMap((workload) => {
    const app = workload.pod.containers
      .map((container) => /^ticketing\/([a-z0-9-]+)/.exec(container.image)?.[1])
      .find(Boolean);
    if (!app) return [];
    const service = services.find((candidate) => candidate.name === `${app}-srv`);
    if (!service) return [`${workload.kind} ${workload.name} has no Service named ${app}-srv`];
    const problems: Problems = [];
    if (!selects(service.spec.selector, workload.podLabels)) {
      problems.push(`Service ${app}-srv does not select ${workload.kind} ${workload.name}`);
    }
    if (!service.spec.ports.some((port) => port.port === 3000)) {
      problems.push(`Service ${app}-srv does not listen on port 3000`);
    }
    return problems;
  });
}
