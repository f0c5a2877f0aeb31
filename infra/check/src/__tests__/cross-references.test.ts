import {
  checkConfigMapReferences,
  checkDisruptionBudgets,
  checkIngressBackends,
  checkSecretReferences,
  checkServiceSelectors,
  checkWorkloadPolicies,
} from '../cross-references';
import { checkHTTPRouteReferences } from '../gateway-routes';
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
            lifecycle: { preStop: { sleep: { seconds: 5 } } },
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

test('an HTTPRoute to a missing Service or port, or a missing Gateway or listener, is reported', () => {
  const all = parseObjects(`
apiVersion: v1
kind: Service
metadata: { name: shop-srv }
spec: { selector: { app: shop }, ports: [{ port: 3000 }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: web }
spec:
  gatewayClassName: traefik
  listeners: [{ name: http, protocol: HTTP, port: 8000 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: shop }
spec:
  parentRefs: [{ name: web }, { name: web, sectionName: https }, { name: elsewhere }]
  rules:
    - backendRefs: [{ name: shop-srv, port: 3000 }]
    - backendRefs: [{ name: shop-srv, port: 80 }]
    - backendRefs: [{ name: nowhere-srv, port: 3000 }]
    - backendRefs: [{ name: shop-srv, namespace: other, port: 3000 }]
`);
  expect(checkHTTPRouteReferences(all)).toEqual([
    'HTTPRoute shop attaches to listener https, which Gateway web does not have',
    'HTTPRoute shop attaches to Gateway elsewhere, which does not exist',
    'HTTPRoute shop backend shop-srv routes to port 80, which Service shop-srv does not have',
    'HTTPRoute shop backend nowhere-srv routes to Service nowhere-srv, which does not exist',
    'HTTPRoute shop backend shop-srv routes to Service shop-srv, which does not exist',
    'HTTPRoute shop backend shop-srv is in namespace other, and no ReferenceGrant there admits it',
  ]);
});

test('an optional key a rendered Secret leaves out passes only when the README documents it', () => {
  const reads = deployment({
    container: {
      env: [
        {
          name: 'PUBLISHABLE',
          valueFrom: { secretKeyRef: { name: 'pay', key: 'PUBLIC_KEY', optional: true } },
        },
      ],
    },
  });
  const rendered = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pay' }, data: {} };
  expect(
    checkSecretReferences(objects(reads, rendered), new Map([['pay', new Set(['PUBLIC_KEY'])]])),
  ).toEqual([]);
  expect(
    checkSecretReferences(objects(reads, rendered), new Map([['pay', new Set(['PUBLIC'])]])),
  ).toEqual(['Deployment shop-depl reads key PUBLIC_KEY of Secret pay, not documented']);
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

test('a service that stops without a pause before SIGTERM, or pauses too long, is reported', () => {
  const abrupt = deployment({ container: { lifecycle: undefined } });
  const long = deployment({
    pod: { terminationGracePeriodSeconds: 20 },
    container: { lifecycle: { preStop: { sleep: { seconds: 15 } } } },
  });
  expect(checkWorkloadPolicies(objects(abrupt))).toEqual([
    'Deployment shop-depl container shop has no preStop pause (lifecycle.preStop.sleep), so a rollout drops requests',
  ]);
  expect(checkWorkloadPolicies(objects(long))).toEqual([
    'Deployment shop-depl container shop pauses 15 s of its 20 s grace period, leaving under 10 s to shut down',
  ]);
});
