import type { K8sObject } from './manifests';

export interface Probe {
  httpGet?: { path?: string; port: number | string };
  tcpSocket?: { port: number | string };
  exec?: { command: string[] };
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
  };
}

export interface EnvFromSource {
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

export interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: {
    requests?: Record<string, string | number>;
    limits?: Record<string, string | number>;
  };
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string }[];
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  volumes?: {
    name: string;
    secret?: { secretName: string };
    configMap?: { name: string };
  }[];
}

/** A Deployment or StatefulSet, with what the checks read from it. */
export interface Workload {
  kind: string;
  name: string;
  replicas: number;
  podLabels: Record<string, string>;
  pod: PodSpec;
  claimTemplates: string[];
}

interface WorkloadSpec {
  replicas?: number;
  template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
  volumeClaimTemplates?: { metadata: { name: string } }[];
}

export function workloads(objects: K8sObject[]): Workload[] {
  return objects
    .filter((object) => object.kind === 'Deployment' || object.kind === 'StatefulSet')
    .map((object) => {
      const spec = object.spec as unknown as WorkloadSpec;
      return {
        kind: object.kind,
        name: object.metadata.name,
        replicas: spec.replicas ?? 1,
        podLabels: spec.template.metadata?.labels ?? {},
        pod: spec.template.spec,
        claimTemplates: (spec.volumeClaimTemplates ?? []).map((claim) => claim.metadata.name),
      };
    });
}

export const allContainers = (pod: PodSpec): Container[] => [
  ...(pod.initContainers ?? []),
  ...pod.containers,
];

/** True when every key/value of `selector` is among `labels` (an empty selector matches none). */
export const selects = (
  selector: Record<string, string> | undefined,
  labels: Record<string, string>,
) =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** An image reference without its tag or digest: `redis:7.4.2` → `redis`. */
export const imageName = (image: string): string =>
  image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
