// Drills stop a backing server and start it again: same port, same data, and nothing left
// running once the stack stops.
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

import { type Infra, startInfra } from '@ticketing/dev-infra';

import { controlServers } from '../backing-servers';

/** One Redis command over a raw connection (inline protocol); resolves with the first reply. */
const redis = (port: number, command: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(`${command}\r\n`));
    socket.once('data', (reply) => {
      socket.destroy();
      resolve(reply.toString().trim());
    });
    socket.once('error', reject);
  });

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the backing servers of a stack', () => {
  let infra: Infra;
  beforeEach(async () => {
    infra = await startInfra(['redis']);
  });
  afterEach(() => infra.stop());

  it('start again on the same port with the data they had', async () => {
    const servers = controlServers(infra);
    const { port, pid } = infra.servers[0] ?? { port: 0, pid: 0 };
    expect(await redis(port, 'SET drill kept')).toBe('+OK');

    await servers.stop('redis');
    expect(servers.pid('redis')).toBeUndefined();
    await expect(redis(port, 'PING')).rejects.toThrow();
    await servers.start('redis');

    expect(servers.pid('redis')).not.toBe(pid);
    expect(await redis(port, 'GET drill')).toBe('$4\r\nkept');
    await servers.stopAll();
  });

  it('leave no process and no data behind after stopAll, restarted ones included', async () => {
    const servers = controlServers(infra);
    await servers.stop('redis');
    await servers.start('redis');
    const pid = servers.pid('redis') ?? -1;

    await servers.stopAll();

    expect(isAlive(pid)).toBe(false);
    expect(existsSync(infra.workDir)).toBe(false);
    await expect(servers.start('redis')).rejects.toThrow('the stack is stopping');
  });

  it('refuse servers the stack did not start', async () => {
    const servers = controlServers(infra);
    expect(servers.names).toEqual(['redis']);
    await expect(servers.stop('nats')).rejects.toThrow('nats was not started by the stack');
    await expect(servers.start('redis')).rejects.toThrow('redis is running; stop it first');
  });
});
