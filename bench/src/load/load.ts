import autocannon from 'autocannon';

import { connectionTo, type Endpoint } from '../api/endpoint';

/** One request of a load: who sends it (their session cookie) and what. */
export interface Job {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  cookie?: string;
}

/** What one job got back; `status` 0 means no answer (a timeout or a dropped connection). */
export interface Outcome {
  status: number;
  body: string;
}

export interface LoadOptions {
  connections: number;
  /** Send every job once (the default), or cycle through them for this long. */
  durationSeconds?: number;
  /** Requests per second over all connections; unlimited when omitted. */
  ratePerSecond?: number;
  /** Per request, before autocannon counts it as a timeout (default 30). */
  timeoutSeconds?: number;
  /** Called after each answer with how many jobs have been answered. */
  onAnswer?: (answered: number) => void;
  /** Called with each job's answer as it comes (not for a load that cycles). */
  onOutcome?: (job: number, outcome: Outcome) => void;
}

export interface LoadResult {
  /** Indexed like the jobs; undefined for a job that got no answer. */
  outcomes: (Outcome | undefined)[];
  /** Response time of every answered request, whatever its status. */
  latenciesMs: number[];
  elapsedMs: number;
  answered: number;
  /** Timeouts and connection errors. */
  errors: number;
  statusCounts: Record<string, number>;
}

interface JobContext {
  job?: number;
}

const toRequest = (job: Job, host: string | undefined): autocannon.Request => ({
  method: job.method,
  path: job.path,
  headers: {
    ...(host ? { host } : {}),
    ...(job.cookie ? { cookie: job.cookie } : {}),
    ...(job.body === undefined ? {} : { 'content-type': 'application/json' }),
  },
  body: job.body === undefined ? undefined : JSON.stringify(job.body),
});

const statusCountsOf = (result: autocannon.Result): Record<string, number> =>
  Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [
      status,
      Number(count),
    ]),
  );

/**
 * Sends the jobs through autocannon over `connections` keep-alive connections. Each connection
 * takes the next job when its previous request is answered (or when a duration-bound load
 * cycles), so a connection is one buyer clicking as fast as the server answers.
 */
export async function runLoad(
  endpoint: Endpoint,
  jobs: readonly Job[],
  options: LoadOptions,
): Promise<LoadResult> {
  if (jobs.length === 0) throw new Error('a load needs at least one job');
  const cycling = options.durationSeconds !== undefined;
  const outcomes: (Outcome | undefined)[] = cycling ? [] : new Array(jobs.length);
  const latenciesMs: number[] = [];
  let next = 0;
  let answered = 0;
  const { url, host, servername } = connectionTo(endpoint);

  const cannonOptions: autocannon.Options = {
    url,
    ...(servername ? { servername } : {}),
    connections: cycling ? options.connections : Math.min(options.connections, jobs.length),
    ...(cycling ? { duration: options.durationSeconds } : { amount: jobs.length }),
    ...(options.ratePerSecond ? { overallRate: options.ratePerSecond } : {}),
    timeout: options.timeoutSeconds ?? 30,
    requests: [
      {
        setupRequest: (request, context: JobContext) => {
          const index = next++;
          context.job = index;
          return { ...request, ...toRequest(jobs[index % jobs.length] as Job, host) };
        },
        onResponse: (status, body, context: JobContext) => {
          if (cycling || context.job === undefined) return;
          outcomes[context.job] = { status, body };
          options.onOutcome?.(context.job, { status, body });
        },
      },
    ],
  };
  const started = performance.now();
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(cannonOptions, (error: unknown, result) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result),
    );
  });
  instance?.on('response', (_client, _status, _bytes, responseTime) => {
    latenciesMs.push(responseTime);
    answered++;
    options.onAnswer?.(answered);
  });
  const result = await finished;
  return {
    outcomes,
    latenciesMs,
    elapsedMs: performance.now() - started,
    answered,
    errors: result.errors,
    statusCounts: statusCountsOf(result),
  } satisfies LoadResult;
}
