import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { processGone } from './process-gone';

// The CLI is tested as built (`npm test` builds first), the way .ci/run and developers use it.
const cli = join(__dirname, '..', '..', 'dist', 'cli.js');

const readyPids = (output: string): number[] =>
  [...output.matchAll(/ready at \S+ \(pid (\d+),/g)].map((match) => Number(match[1]));

const waitForOutput = (child: ChildProcessWithoutNullStreams, pattern: RegExp) =>
  new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) resolve(output);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`cli exited (${code}) early:\n${output}`)));
  });

describe('ticketing-infra', () => {
  it('up prints each variable and, on Ctrl-C, stops every server it started', async () => {
    const child = spawn(process.execPath, [cli, 'up', 'nats', 'redis']);
    const output = await waitForOutput(child, /all ready/);
    const pids = readyPids(output);
    expect(pids).toHaveLength(2);
    expect(output).toMatch(/^NATS_URL=nats:\/\/127\.0\.0\.1:\d+$/m);
    expect(output).toMatch(/^REDIS_URL=redis:\/\/127\.0\.0\.1:\d+$/m);

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');

    expect(await exited).toBe(0);
    expect(pids.filter((pid) => !processGone(pid))).toEqual([]);
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
