/**
 * A same-site path to return to after signing in, or `/`. Anything else (another origin,
 * `//host`, `javascript:`) is dropped so the parameter cannot send users off-site.
 */
export function safeReturnPath(value: string | string[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value;
  if (!path || !path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return '/';
  return path;
}

export const signInPath = (returnTo: string) =>
  `/auth/signin?next=${encodeURIComponent(safeReturnPath(returnTo))}`;

export const signUpPath = (returnTo: string) =>
  `/auth/signup?next=${encodeURIComponent(safeReturnPath(returnTo))}`;
