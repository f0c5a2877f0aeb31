import {
  checkConfigMapReferences,
  checkDisruptionBudgets,
  checkIngressBackends,
  checkSecretReferences,
  checkServiceConventions,
  checkServiceSelectors,
  checkWorkloadPolicies,
} from '../cross-references';
import { documentedSecrets } from '../documented-secrets';
import { checkHTTPRouteReferences } from '../gateway-routes';
import { render, type Rendered, validate, variants } from '../manifests';

// Each variant a cluster can be given (the base and every overlay) is rendered by kustomize,
// validated against the Kubernetes API schemas (and the Gateway API's, for overlays/gateway-api),
// and its objects checked against each other.
describe.each(variants())('$name', ({ dir }) => {
  let rendered: Rendered;

  beforeAll(async () => {
    rendered = await render(dir);
  });

  test('every object is valid for the targeted Kubernetes version, unknown fields included', async () => {
    const result = await validate(rendered.yaml);
    expect(result.output).toMatch(/Invalid: 0, Errors: 0, Skipped: 0/);
    expect(result.ok).toBe(true);
  });

  test('every Service selects the pods of a workload, on ports they declare', () => {
    expect(checkServiceSelectors(rendered.objects)).toEqual([]);
  });

  test('every Ingress path routes to an existing Service and port', () => {
    expect(checkIngressBackends(rendered.objects)).toEqual([]);
  });

  test('every HTTPRoute attaches to a rendered Gateway and routes to an existing Service and port', () => {
    expect(checkHTTPRouteReferences(rendered.objects)).toEqual([]);
  });

  test('every Secret a pod reads is documented in infra/README.md with its key', () => {
    expect(checkSecretReferences(rendered.objects, documentedSecrets())).toEqual([]);
  });

  test('every ConfigMap a pod reads is rendered with the keys it reads', () => {
    expect(checkConfigMapReferences(rendered.objects)).toEqual([]);
  });

  test('every workload with more than one replica has a PodDisruptionBudget', () => {
    expect(checkDisruptionBudgets(rendered.objects)).toEqual([]);
  });

  test('every workload has probes, resources, a non-root user and pinned images', () => {
    expect(checkWorkloadPolicies(rendered.objects)).toEqual([]);
  });

  test('every service listens on 3000 behind a ClusterIP Service named <svc>-srv', () => {
    expect(checkServiceConventions(rendered.objects)).toEqual([]);
  });
});
