// What both schema converters (kubernetes-json-schemas.mjs, crd-json-schemas.mjs) do to a
// schema: make it strict the way the API server's field validation is, and follow its $refs.

export const REF_PREFIX = '#/definitions/';

/**
 * A schema node rewritten for validation: documentation and x-kubernetes-* extensions dropped,
 * a node `isIntOrString` says is IntOrString widened to string or integer, and every object
 * that lists its properties refusing others, unless `keepsUnknown` says it preserves them.
 */
export function strict(node, { isIntOrString, keepsUnknown = () => false }) {
  const rewrite = (current) => {
    if (Array.isArray(current)) return current.map(rewrite);
    if (current === null || typeof current !== 'object') return current;
    if (isIntOrString(current)) return { oneOf: [{ type: 'string' }, { type: 'integer' }] };
    const out = {};
    for (const [key, value] of Object.entries(current)) {
      if (key === 'description' || key.startsWith('x-kubernetes-')) continue;
      // `properties` maps field names to schemas: its keys are names, never keywords.
      out[key] =
        key === 'properties'
          ? Object.fromEntries(
              Object.entries(value).map(([name, schema]) => [name, rewrite(schema)]),
            )
          : rewrite(value);
    }
    if (out.properties && out.additionalProperties === undefined && !keepsUnknown(current)) {
      out.additionalProperties = false;
    }
    return out;
  };
  return rewrite(node);
}

/** Every definition name reachable from `name` through $ref, `name` included. */
export function reachable(definitions, name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  const visit = (node) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) {
          reachable(definitions, value.slice(REF_PREFIX.length), seen);
        } else visit(value);
      }
    }
  };
  visit(definitions[name]);
  return seen;
}
