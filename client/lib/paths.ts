// Any origin will do: a path is resolved against it only to see whether it stays there.
const PLACEHOLDER_ORIGIN = 'http://ticketing.invalid';

// Browsers drop tabs and newlines from URLs, so `/\t/evil.example` would become
// `//evil.example`; backslashes count as slashes. Either is refused outright.
// eslint-disable-next-line no-control-regex -- control characters are exactly what it finds
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

/** `new URL`, without the throw (`URL.parse` is too new for some browsers still in use). */
function resolve(path: string): URL | undefined {
  try {
    return new URL(path, PLACEHOLDER_ORIGIN);
  } catch {
    return undefined;
  }
}

/**
 * A same-site path to return to after signing in, or `/`: the value must be a path that the
 * URL parser resolves to this origin, with no control characters. Anything else (another
 * origin, `//host`, `javascript:`, `/%09/host` once decoded) is dropped so the parameter
 * cannot send users off-site.
 */
export function safeReturnPath(value: string | string[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path?.startsWith('/') || UNSAFE_CHARACTERS.test(path)) return '/';
  const resolved = resolve(path);
  if (resolved?.origin !== PLACEHOLDER_ORIGIN) return '/';
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

export const signInPath = (returnTo: string) =>
  `/auth/signin?next=${encodeURIComponent(safeReturnPath(returnTo))}`;

export const signUpPath = (returnTo: string) =>
  `/auth/signup?next=${encodeURIComponent(safeReturnPath(returnTo))}`;
