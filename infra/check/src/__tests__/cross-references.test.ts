import {
  checkConfigMapReferences,
  checkDisruptionBudgets,
  checkIngressBackends,
  checkSecretReferences,
  checkServiceSelectors,
  checkWorkloadPolicies,
} from '../cross-references';
import { type K8sObject, parseObjects } from '../manifests';

// Each check catches the mistake it exists for (manifests.test.ts shows the real manifests
// pass them all).
const deployment = (overrides: { replicas?: number; container?: object; pod?: object } = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'shop-depl' },
  spec: {
    replicas: overrides.replicas ?? 1,
    selector: { matchLabels: { app: 'shop' } },
    template: {
      metadata: { labels: { app: 'shop' } },
      spec: {
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true },
        containers: [
          {
            name: 'shop',
            image: 'ticketing/shop',
            ports: [{ name: 'http', containerPort: 3000 }],
            readinessProbe: { httpGet: { path: '/readyz', port: 'http' } },
            livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
            resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            ...overrides.container,
          },
        ],
        ...overrides.pod,
      },
    },
  },
});

const service = (selector: object, targetPort: number | string = 'http') => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'shop-srv' },
  spec: { selector, ports: [{ port: 3000, targetPort }] },
});

const objects = (...list: object[]) => list as K8sObject[];

test('a well-formed deployment and service pass every check', () => {
  const all = objects(deployment(), service({ app: 'shop' }));
  expect(checkServiceSelectors(all)).toEqual([]);
  expect(checkWorkloadPolicies(all)).toEqual([]);
  expect(checkDisruptionBudgets(all)).toEqual([]);
});

test('a Service whose selector matches no pod labels is reported', () => {
  expect(checkServiceSelectors(objects(deployment(), service({ app: 'shopp' })))).toEqual([
    'Service shop-srv selects {"app":"shopp"}: no pods carry it',
  ]);
});

test('a Service targeting a port its pods do not declare is reported', () => {
  expect(checkServiceSelectors(objects(deployment(), service({ app: 'shop' }, 'web')))).toEqual([
    'Service shop-srv targets port web, which its pods do not name',
  ]);
});

test('an Ingress routing to a missing Service, or a regex path of the wrong type, is reported', () => {
  const [ingress] = parseObjects(`
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web }
spec:
  rules:
    - http:
        paths:
          - path: /api/shop/?(.*)
            pathType: Prefix
            backend: { service: { name: nowhere-srv, port: { number: 3000 } } }
`);
  expect(checkIngressBackends(objects(ingress as K8sObject))).toEqual([
    'Ingress web path /api/shop/?(.*) is a regex: it needs use-regex "true" and ImplementationSpecific',
    'Ingress web path /api/shop/?(.*) routes to Service nowhere-srv, which does not exist',
  ]);
});

test('a Secret key that is not documented is reported; a documented one passes', () => {
  const reads = deployment({
    container: {
      env: [
        { name: 'JWT_KEY', valueFrom: { secretKeyRef: { name: 'jwt-secret', key: 'JWT_KEY' } } },
      ],
    },
  });
  expect(
    checkSecretReferences(objects(reads), new Map([['jwt-secret', new Set(['JWT_KEY'])]])),
  ).toEqual([]);
  expect(
    checkSecretReferences(objects(reads), new Map([['jwt-secret', new Set(['KEY'])]])),
  ).toEqual(['Deployment shop-depl reads key JWT_KEY of Secret jwt-secret, not documented']);
  expect(checkSecretReferences(objects(reads), new Map())).toEqual([
    'Deployment shop-depl reads Secret jwt-secret, which is neither rendered nor documented',
  ]);
});

test('a ConfigMap that is not rendered is reported', () => {
  const reads = deployment({ container: { envFrom: [{ configMapRef: { name: 'event-bus' } }] } });
  expect(checkConfigMapReferences(objects(reads))).toEqual([
    'Deployment shop-depl reads ConfigMap event-bus, which is not rendered',
  ]);
});

test('two replicas without a PodDisruptionBudget are reported', () => {
  expect(checkDisruptionBudgets(objects(deployment({ replicas: 2 })))).toEqual([
    'Deployment shop-depl runs 2 replicas without a PodDisruptionBudget',
  ]);
});

test('a container that may run as root, without probes or limits, is reported', () => {
  const loose = deployment({
    pod: { securityContext: {} },
    container: { readinessProbe: undefined, resources: {}, image: 'ticketing/shop' },
  });
  expect(checkWorkloadPolicies(objects(loose))).toEqual([
    'Deployment shop-depl container shop lacks a readiness or liveness probe',
    'Deployment shop-depl container shop needs cpu and memory requests and a memory limit',
    'Deployment shop-depl container shop may run as root (runAsNonRoot)',
  ]);
});
