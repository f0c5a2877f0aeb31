import { randomBytes } from 'node:crypto';

import type { K8sObject } from './manifests';
import type { Container } from './workloads';

/** Values for the documented Secrets: random, never a real key. */
export const testSecretValues: Record<string, Record<string, string>> = {
  'jwt-secret': { JWT_KEY: randomBytes(32).toString('base64url') },
  'stripe-secret': {
    STRIPE_KEY: `sk_test_${randomBytes(12).toString('hex')}`,
    STRIPE_PUBLISHABLE_KEY: `pk_test_${randomBytes(12).toString('hex')}`,
    STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(12).toString('hex')}`,
  },
};

/** The variables whose values name a server inside the cluster, and the local server that
 * stands in for it (a name of @ticketing/dev-infra's servers). */
export const serverVariables = {
  MONGO_URI: 'mongo',
  STAN_URL: 'stan',
  NATS_URL: 'nats',
  REDIS_URL: 'redis',
} as const;

export type ServerVariable = keyof typeof serverVariables;

/**
 * The environment a container gets in the cluster, as the rendered manifests give it: its
 * ConfigMaps, its `env` (Secrets filled with test values), in Kubernetes' order (env overrides
 * envFrom). Returns also which server variables it names, to be pointed at local servers.
 */
export function containerEnv(container: Container, objects: K8sObject[]): Record<string, string> {
  const configMaps = new Map(
    objects
      .filter((object) => object.kind === 'ConfigMap')
      .map((map) => [map.metadata.name, map.data ?? {}]),
  );
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) Object.assign(env, configMaps.get(source.configMapRef.name) ?? {});
    if (source.secretRef) Object.assign(env, testSecretValues[source.secretRef.name] ?? {});
  }
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    const mapKey = variable.valueFrom?.configMapKeyRef;
    const value = secret
      ? testSecretValues[secret.name]?.[secret.key]
      : mapKey
        ? configMaps.get(mapKey.name)?.[mapKey.key]
        : variable.value;
    if (value === undefined)
      throw new Error(`no value for ${variable.name} in the test environment`);
    env[variable.name] = value;
  }
  return env;
}

/** Points a server variable from the manifest at a local server, keeping the database name a
 * MongoDB URI carries (`mongodb://auth-mongo-srv:27017/auth` → `<local>/auth-replay`). */
export function localValue(variable: ServerVariable, clusterValue: string, local: string): string {
  if (variable !== 'MONGO_URI') return local;
  const database = new URL(clusterValue).pathname.replace(/^\//, '') || 'test';
  const url = new URL(local);
  url.pathname = `/${database}-replay-${randomBytes(3).toString('hex')}`;
  return url.toString();
}
