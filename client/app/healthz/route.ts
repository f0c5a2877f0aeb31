/** Liveness and readiness for Kubernetes: the Next.js server is up and answering. */
export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
