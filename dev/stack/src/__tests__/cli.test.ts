// The CLI as a developer uses it: a whole stack up, reachable through the gateway, and gone
// without a trace after Ctrl-C; a part that cannot start is named with its reason.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { freePort } from '@ticketing/dev-infra';

const cli = join(__dirname, '..', '..', 'dist', 'cli.js');

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// Without these the CLI starts its own servers, which is what these tests check.
const SERVER_VARIABLES = [
  'MONGO_URI',
  'STAN_URL',
  'STAN_CLUSTER_ID',
  'NATS_URL',
  'REDIS_URL',
  'STRIPE_API_BASE',
];
const ownServersEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !SERVER_VARIABLES.includes(key)),
  );

/** Starts the CLI; collects its progress lines and the pids they name. */
function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  // FerretDB on SQLite, as the rest of the suite runs it (the CLI's own default is auto).
  const cliArgs = ['--client', 'off', '--quiet', '--mongo-backend', 'sqlite', ...args];
  const child = spawn(process.execPath, [cli, ...cliArgs], {
    env: { ...ownServersEnv(), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  const pids: number[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    lines.push(line);
    const pid = /\(pid (\d+)/.exec(line)?.[1];
    if (pid) pids.push(Number(pid));
  });
  let timer: NodeJS.Timeout | undefined;
  const outcome = new Promise<'ready' | 'exited'>((resolve) => {
    timer = setInterval(() => {
      if (lines.some((line) => line.startsWith('[stack] ready:'))) resolve('ready');
    }, 50);
    child.once('exit', () => resolve('exited'));
  }).finally(() => clearInterval(timer));
  return { child, lines, pids, outcome };
}

const exitOf = async (child: ChildProcess) =>
  child.exitCode ?? ((await once(child, 'exit')) as [number | null])[0];

describe('the stack CLI', () => {
  it('serves every API through the gateway and leaves no process behind after Ctrl-C', async () => {
    const port = await freePort();
    const { child, pids, outcome } = startCli(['--replicas', '2', '--port', String(port)]);
    expect(await outcome).toBe('ready');
    // 4 servers + 2 replicas of 5 services
    expect(pids).toHaveLength(14);

    const statuses = await Promise.all(
      ['/api/users/currentuser', '/api/tickets', '/api/orders', '/api/payments'].map(
        async (path) => (await fetch(`http://127.0.0.1:${port}${path}`)).status,
      ),
    );
    expect(statuses).toEqual([200, 200, 401, 404]);

    child.kill('SIGINT');
    expect(await exitOf(child)).toBe(130);
    expect(pids.filter(isAlive)).toEqual([]);
  });

  it('names the part that failed to start and why, and stops the rest', async () => {
    const { child, lines, pids, outcome } = startCli(['--port', String(await freePort())], {
      JWT_KEY: 'too-short',
    });

    expect(await outcome).toBe('exited');
    expect(await exitOf(child)).toBe(1);
    const report = lines.join('\n');
    expect(report).toMatch(/could not start: \w+ exited \(code 1\) before it was ready/);
    expect(report).toContain('JWT_KEY');
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
