import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import { processGone } from './process-gone';

// As built (`npm test` builds first): a program that starts servers, as a bench or drill run does.
const infra = join(__dirname, '..', '..', 'dist', 'index.js');

const program = (handleSignals: boolean) => `
  const { exitOnSignals, startInfra } = require(${JSON.stringify(infra)});
  ${handleSignals ? 'exitOnSignals();' : ''}
  startInfra(['redis']).then((started) => {
    console.log('dir ' + started.workDir);
    console.log('pid ' + started.servers[0].pid);
    setInterval(() => undefined, 1_000);
  });
`;

/** Starts the program and resolves once its Redis is up, with Redis's pid. */
async function startProgram(handleSignals: boolean) {
  const child = spawn(process.execPath, ['-e', program(handleSignals)]);
  let output = '';
  const pid = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /pid (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}) early: ${output}`)));
  });
  const workDir = /dir (\S+)/.exec(output)?.[1] ?? '';
  return { child, pid, workDir };
}

const waitUntilGone = async (pid: number, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!processGone(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return processGone(pid);
};

describe('exitOnSignals', () => {
  test.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    '%s ends the program through its exit hooks: its servers and their data go too',
    async (signal, status) => {
      const { child, pid, workDir } = await startProgram(true);

      child.kill(signal);

      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(status);
      expect(await waitUntilGone(pid)).toBe(true);
      expect(existsSync(workDir)).toBe(false);
    },
  );

  test('without it, a SIGTERM leaves the server running (what it is for)', async () => {
    const { child, pid, workDir } = await startProgram(false);

    child.kill('SIGTERM');
    await once(child, 'exit');

    const gone = await waitUntilGone(pid, 500);
    // What the hooks would have done.
    if (!gone) process.kill(pid, 'SIGKILL');
    if (workDir) await rm(workDir, { recursive: true, force: true });
    expect(gone).toBe(false);
  });
});
