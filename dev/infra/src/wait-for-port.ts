import { connect } from 'node:net';

const tryConnect = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the port accepts a TCP connection; rejects when `abandoned()` says the
 * process is gone or the deadline passes. */
export async function waitForPort(
  port: number,
  options: { timeoutMs: number; abandoned: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const reason = options.abandoned();
    if (reason) throw new Error(reason);
    if (await tryConnect(port)) return;
    if (Date.now() > deadline) {
      throw new Error(`port ${port} did not accept connections within ${options.timeoutMs} ms`);
    }
    await sleep(50);
  }
}
