import { existsSync } from 'node:fs';
import { connect } from 'node:net';

import { MissingBinaryError } from '../binaries';
import { startInfra } from '../infra';
import { serverNames } from '../servers';
import { processGone } from './process-gone';

const acceptsConnections = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const withEnv = async (variables: Record<string, string>, action: () => Promise<void>) => {
  const saved = Object.fromEntries(Object.keys(variables).map((key) => [key, process.env[key]]));
  Object.assign(process.env, variables);
  try {
    await action();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
};

describe('startInfra', () => {
  it('starts every server on its own loopback port and hands back their variables', async () => {
    const infra = await startInfra(serverNames);
    try {
      expect(infra.servers.map((server) => server.name)).toEqual(serverNames);
      const ports = infra.servers.map((server) => server.port);
      expect(new Set(ports).size).toBe(ports.length);
      for (const port of ports) expect(await acceptsConnections(port)).toBe(true);
      expect(Object.keys(infra.env).sort()).toEqual(
        [
          'MONGO_URI',
          'NATS_URL',
          'REDIS_URL',
          'STAN_CLUSTER_ID',
          'STAN_URL',
          'STRIPE_API_BASE',
        ].sort(),
      );
      expect(infra.env.MONGO_URI).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    } finally {
      await infra.stop();
    }
  });

  it('leaves no process and no files behind once stopped', async () => {
    const infra = await startInfra(['mongo', 'nats', 'redis']);
    const pids = infra.servers.map((server) => server.pid);
    expect(pids.every((pid) => !processGone(pid))).toBe(true);

    await infra.stop();

    expect(pids.filter((pid) => !processGone(pid))).toEqual([]);
    expect(existsSync(infra.workDir)).toBe(false);
  });

  it('stops the servers it already started when a later one fails, and says which failed', async () => {
    const started: number[] = [];
    await withEnv({ REDIS_SERVER_BIN: '/bin/false' }, async () => {
      const attempt = startInfra(['nats', 'redis'], {
        onProgress: (event) => {
          if (event.state === 'ready') started.push(event.pid);
        },
      });

      await expect(attempt).rejects.toThrow(/redis \(\/bin\/false\) exited with code 1/);
    });
    expect(started).toHaveLength(1);
    expect(processGone(started[0]!)).toBe(true);
  });

  it('adds the extra arguments given for a server to its own', async () => {
    const infra = await startInfra(['redis'], { extraArgs: { redis: ['--maxclients', '7'] } });
    try {
      const port = infra.servers[0]?.port ?? 0;
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port }, () =>
          socket.write('CONFIG GET maxclients\r\n'),
        );
        socket.once('data', (data) => {
          socket.destroy();
          resolve(data.toString());
        });
        socket.once('error', reject);
      });

      expect(reply).toContain('maxclients\r\n$1\r\n7');
    } finally {
      await infra.stop();
    }
  });

  it('names a missing binary and how to install it', async () => {
    await withEnv({ FERRETDB_BIN: '/nonexistent/ferretdb' }, async () => {
      const attempt = startInfra(['mongo']);

      await expect(attempt).rejects.toBeInstanceOf(MissingBinaryError);
      await expect(startInfra(['mongo'])).rejects.toThrow(/ferretdb not found.*npm run provision/);
    });
  });
});
