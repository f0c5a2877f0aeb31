import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { processGone } from './process-gone';

// The CLI is tested as built (`npm test` builds first), the way .ci/run and developers use it.
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');

const readyPids = (output: string): number[] =>
  [...output.matchAll(/ready at \S+ \(pid (\d+),/g)].map((match) => Number(match[1]));

/** Resolves with everything the child printed once every pattern has matched. */
const waitForOutput = (child: ChildProcessWithoutNullStreams, patterns: RegExp[]) =>
  new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (patterns.every((pattern) => pattern.test(output))) resolve(output);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`cli exited (${code}) early:\n${output}`)));
  });

const exitOf = (child: ChildProcessWithoutNullStreams) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise<number | null>((resolve) => child.once('exit', resolve));

/** A server killed as the CLI exits is reaped by init a moment later, not at once. */
const waitUntilGone = async (pids: number[], timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (pids.some((pid) => !processGone(pid)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(pids.filter((pid) => !processGone(pid))).toEqual([]);
};

describe('ticketing-infra', () => {
  let up: ChildProcessWithoutNullStreams | undefined;

  // A failed assertion must not leave the CLI (and its servers) running.
  afterEach(async () => {
    if (up && up.exitCode === null && up.signalCode === null) {
      up.kill('SIGINT');
      await exitOf(up);
    }
  });

  it('up prints each variable and, on Ctrl-C, stops every server it started', async () => {
    up = spawn(process.execPath, [cli, 'up', 'nats', 'redis']);
    const output = await waitForOutput(up, [/all ready/, /^NATS_URL=/m, /^REDIS_URL=/m]);
    const pids = readyPids(output);
    expect(pids).toHaveLength(2);
    expect(output).toMatch(/^NATS_URL=nats:\/\/127\.0\.0\.1:\d+$/m);
    expect(output).toMatch(/^REDIS_URL=redis:\/\/127\.0\.0\.1:\d+$/m);

    up.kill('SIGINT');

    expect(await exitOf(up)).toBe(0);
    expect(pids.filter((pid) => !processGone(pid))).toEqual([]);
  });

  it('a Ctrl-C while servers are still starting leaves none of them running', async () => {
    up = spawn(process.execPath, [cli, 'up', 'nats', 'redis']);
    const output = await waitForOutput(up, [/nats: ready at/]);

    up.kill('SIGINT');

    // 130 when redis was still starting, 0 when it had just become ready: either way, stopped.
    expect([0, 130]).toContain(await exitOf(up));
    const pids = readyPids(output);
    expect(pids.length).toBeGreaterThan(0);
    await waitUntilGone(pids);
  });

  it('run gives the command the variables and exits with its status', () => {
    const result = spawnSync(
      process.execPath,
      [cli, 'run', 'redis', '--', 'sh', '-c', 'echo "url=$REDIS_URL"; exit 3'],
      { encoding: 'utf8' },
    );

    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(/^url=redis:\/\/127\.0\.0\.1:\d+$/m);
    expect(processGone(readyPids(result.stderr)[0]!)).toBe(true);
  });

  it('refuses an unknown server name and lists the known ones', () => {
    const result = spawnSync(process.execPath, [cli, 'up', 'mysql'], { encoding: 'utf8' });

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unknown server\(s\): mysql; known: mongo, nats, stan, redis/);
  });
});
