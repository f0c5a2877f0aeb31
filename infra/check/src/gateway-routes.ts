import { type Problems, servicesOf } from './cross-references';
import type { K8sObject } from './manifests';

// The Gateway API's counterpart of checkIngressBackends: components/gateway-api routes by
// HTTPRoute, not Ingress, so the Ingress check has nothing to read in overlays/gateway-api.

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

interface ParentRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  sectionName?: string;
}

interface BackendRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
}

interface HTTPRouteSpec {
  parentRefs?: ParentRef[];
  rules?: { backendRefs?: BackendRef[] }[];
}

interface ReferenceGrantSpec {
  from: { group: string; kind: string; namespace: string }[];
  to: { group: string; kind: string; name?: string }[];
}

/** Whether a ReferenceGrant in namespace `to` lets HTTPRoutes of namespace `from` name
 * Service `service`. */
function granted(objects: K8sObject[], from: string | undefined, to: string, service: string) {
  return objects
    .filter((object) => object.kind === 'ReferenceGrant' && object.metadata.namespace === to)
    .some((grant) => {
      const spec = grant.spec as unknown as ReferenceGrantSpec;
      return (
        spec.from.some(
          (source) =>
            source.group === GATEWAY_GROUP &&
            source.kind === 'HTTPRoute' &&
            source.namespace === from,
        ) &&
        spec.to.some(
          (target) =>
            target.group === '' &&
            target.kind === 'Service' &&
            (target.name === undefined || target.name === service),
        )
      );
    });
}

function parentProblems(route: K8sObject, objects: K8sObject[]): Problems {
  const spec = route.spec as unknown as HTTPRouteSpec;
  const where = `HTTPRoute ${route.metadata.name}`;
  return (spec.parentRefs ?? []).flatMap((parent): Problems => {
    if (
      (parent.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP ||
      (parent.kind ?? 'Gateway') !== 'Gateway'
    )
      return [`${where} attaches to ${parent.kind} ${parent.name}, not a Gateway`];
    const gateway = objects.find(
      (object) =>
        object.kind === 'Gateway' &&
        object.apiVersion.startsWith(`${GATEWAY_GROUP}/`) &&
        object.metadata.name === parent.name &&
        object.metadata.namespace === (parent.namespace ?? route.metadata.namespace),
    );
    if (!gateway) return [`${where} attaches to Gateway ${parent.name}, which does not exist`];
    const listeners = (gateway.spec as { listeners?: { name: string }[] }).listeners ?? [];
    if (
      parent.sectionName !== undefined &&
      !listeners.some((listener) => listener.name === parent.sectionName)
    ) {
      return [
        `${where} attaches to listener ${parent.sectionName}, which Gateway ${parent.name} does not have`,
      ];
    }
    return [];
  });
}

function backendProblems(route: K8sObject, objects: K8sObject[]): Problems {
  const spec = route.spec as unknown as HTTPRouteSpec;
  const namespace = route.metadata.namespace;
  const services = servicesOf(objects);
  const backends = (spec.rules ?? []).flatMap((rule) => rule.backendRefs ?? []);
  return backends.flatMap((backend): Problems => {
    const at = `HTTPRoute ${route.metadata.name} backend ${backend.name}`;
    if ((backend.group ?? '') !== '' || (backend.kind ?? 'Service') !== 'Service')
      return [
        `${at} is a ${backend.kind ?? 'Service'} of group "${backend.group ?? ''}", not a Service`,
      ];
    const problems: Problems = [];
    const target = backend.namespace ?? namespace;
    const service = services.find(
      (candidate) => candidate.name === backend.name && candidate.namespace === target,
    );
    if (!service) {
      problems.push(`${at} routes to Service ${backend.name}, which does not exist`);
    } else if (!service.spec.ports.some((port) => port.port === backend.port)) {
      problems.push(
        `${at} routes to port ${backend.port ?? '(none)'}, which Service ${backend.name} does not have`,
      );
    }
    if (target !== namespace && !granted(objects, namespace, target ?? '', backend.name)) {
      problems.push(`${at} is in namespace ${target}, and no ReferenceGrant there admits it`);
    }
    return problems;
  });
}

/** Every HTTPRoute backendRef is a Service that exists, in the route's namespace or one whose
 * ReferenceGrant admits it, with the port it names; every parentRef is a rendered Gateway, and
 * its sectionName one of that Gateway's listeners. */
export function checkHTTPRouteReferences(objects: K8sObject[]): Problems {
  return objects
    .filter((object) => object.kind === 'HTTPRoute')
    .flatMap((route) => [...parentProblems(route, objects), ...backendProblems(route, objects)]);
}
