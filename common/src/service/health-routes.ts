import { Router } from 'express';

/** Says whether one dependency is usable right now. Throwing counts as "not ready". */
export type ReadinessCheck = () => boolean | Promise<boolean>;

export interface HealthRoutesOptions {
  /** Every dependency the service needs to serve requests, by name (`mongo`, `event bus`). */
  checks: Readonly<Record<string, ReadinessCheck>>;
  /** How long a check may take before it counts as failed (default 2000). */
  timeoutMs?: number;
}

/**
 * The probes Kubernetes calls: `GET /healthz` answers 200 while the process can answer at all
 * (liveness); `GET /readyz` answers 200 when every check passes, else 503 naming each one that
 * failed in the contract's error shape (readiness). Checks look only at the service's own
 * connections, never the internet, so an outage elsewhere does not restart every pod.
 */
export function healthRoutes({ checks, timeoutMs = 2_000 }: HealthRoutesOptions): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const failed = await failingChecks(checks, timeoutMs);
    if (failed.length === 0) {
      res.json({ status: 'ok' });
      return;
    }
    res.status(503).json({ errors: failed.map((name) => ({ message: `${name} is not ready` })) });
  });
  return router;
}

async function failingChecks(
  checks: HealthRoutesOptions['checks'],
  timeoutMs: number,
): Promise<string[]> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((name) => passes(checks[name], timeoutMs)));
  return names.filter((_name, index) => !results[index]);
}

async function passes(check: ReadinessCheck | undefined, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => check?.() ?? false), timedOut]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
