import { createServer } from 'node:net';

import { type Infra, type ServerName, startInfra } from '@ticketing/dev-infra';

import { type ServerVariable, serverVariables } from './container-env';

/** The servers the replayed images talk to: those named in this process's environment (as
 * `ticketing-infra run` and CI set them), else started here on first use. */
export class LocalServers {
  private readonly started = new Map<ServerName, Infra>();

  /** Client variables for the server behind `variable` (e.g. STAN_URL and STAN_CLUSTER_ID). */
  async envFor(variable: ServerVariable): Promise<Record<string, string>> {
    const fromEnvironment = process.env[variable];
    if (fromEnvironment) {
      const clusterId = process.env['STAN_CLUSTER_ID'];
      return variable === 'STAN_URL' && clusterId
        ? { STAN_URL: fromEnvironment, STAN_CLUSTER_ID: clusterId }
        : { [variable]: fromEnvironment };
    }
    const name = serverVariables[variable];
    let infra = this.started.get(name);
    if (!infra) {
      infra = await startInfra([name]);
      this.started.set(name, infra);
    }
    return infra.env;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.started.values()].map((infra) => infra.stop()));
    this.started.clear();
  }
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
