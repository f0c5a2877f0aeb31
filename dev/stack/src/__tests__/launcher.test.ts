// The launcher as a drill uses it: a part killed or restarted on purpose is no failure, a part
// that dies on its own is one, and a restarted part comes back on its port.
import { freePort } from '@ticketing/dev-infra';

import { createLauncher, type LaunchSpec } from '../launcher';
import { PartFailedError } from '../wait-ready';

// A stand-in for a service: answers every request with its pid on $PORT.
const SERVER = `require('node:http')
  .createServer((req, res) => res.end(String(process.pid)))
  .listen(Number(process.env.PORT), '127.0.0.1')`;

async function specFor(label: string): Promise<LaunchSpec> {
  const port = await freePort();
  return {
    label,
    command: [process.execPath, '-e', SERVER],
    env: { PORT: String(port) },
    port,
    readyPath: '/',
    cwd: __dirname,
  };
}

const pidServing = async (port: number) =>
  Number(await (await fetch(`http://127.0.0.1:${port}/`)).text());

const settled = (promise: Promise<unknown>) =>
  Promise.race([
    promise.then(
      () => 'resolved',
      (error: unknown) => error,
    ),
    new Promise((resolve) => setTimeout(() => resolve('pending'), 300)),
  ]);

describe('the launcher', () => {
  const launchers: ReturnType<typeof createLauncher>[] = [];
  afterEach(async () => {
    for (const launcher of launchers.splice(0)) {
      launcher.close();
      await Promise.all(launcher.parts.map((part) => part.stop()));
    }
  });
  const launcher = () => {
    const created = createLauncher({});
    launchers.push(created);
    return created;
  };

  it('restarts a killed part on its port, and neither exit counts as a failure', async () => {
    const parts = launcher();
    const spec = await specFor('orders');
    const first = await parts.launch(spec);

    await parts.kill('orders');
    await expect(fetch(`http://127.0.0.1:${spec.port}/`)).rejects.toThrow();
    const second = await parts.restart('orders');

    expect(second.pid).not.toBe(first.pid);
    expect(await pidServing(spec.port)).toBe(second.pid);
    expect(parts.parts).toEqual([second]);
    expect(await settled(parts.failure)).toBe('pending');
  });

  it('ends a running part with SIGTERM before starting it again', async () => {
    const parts = launcher();
    const first = await parts.launch(await specFor('tickets'));

    await parts.restart('tickets');

    expect(await first.exited).toBe('signal SIGTERM');
    expect(await settled(parts.failure)).toBe('pending');
  });

  it('reports a part that exits on its own', async () => {
    const parts = launcher();
    const part = await parts.launch(await specFor('payments'));

    process.kill(part.pid, 'SIGKILL');

    const error = await settled(parts.failure);
    expect(error).toBeInstanceOf(PartFailedError);
    expect((error as PartFailedError).message).toBe(
      'payments exited (signal SIGKILL) while the stack was up',
    );
  });

  it('names the parts it knows when asked for one it does not', async () => {
    const parts = launcher();
    await parts.launch(await specFor('auth'));

    await expect(parts.kill('nope')).rejects.toThrow('no part named nope; parts: auth');
  });
});
