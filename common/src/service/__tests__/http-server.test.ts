import type { AddressInfo } from 'node:net';

import express from 'express';

import { closeHttpServer, listen } from '..';

function buildApp(onSlowRequest: () => void) {
  const app = express();
  app.get('/slow', (_req, res) => {
    onSlowRequest();
    setTimeout(() => res.json({ done: true }), 100);
  });
  return app;
}

describe('listen and closeHttpServer', () => {
  test('closing waits for the request in flight to be answered', async () => {
    let arrived: () => void = () => undefined;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const server = await listen(buildApp(arrived), 0);
    const { port } = server.address() as AddressInfo;

    const response = fetch(`http://127.0.0.1:${port}/slow`).then((res) => res.text());
    await requestArrived;
    await closeHttpServer(server);

    await expect(response).resolves.toBe('{"done":true}');
    expect(server.listening).toBe(false);
  });

  test('listening on a port already in use is an error', async () => {
    const first = await listen(express(), 0);
    const { port } = first.address() as AddressInfo;

    await expect(listen(express(), port)).rejects.toThrow(/EADDRINUSE/);

    await closeHttpServer(first);
  });
});
