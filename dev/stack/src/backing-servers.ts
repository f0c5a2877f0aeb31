import {
  type Infra,
  type MongoStorage,
  postgresqlUrlOf,
  type RunningServer,
  type ServerName,
  startServer,
} from '@ticketing/dev-infra';

/** The backing servers the stack started itself (not those named by the environment), for
 * drills that take one away and bring it back as an operator would: same port, same data. */
export interface BackingServers {
  readonly names: readonly ServerName[];
  /** FerretDB's backend, when the stack started it. */
  readonly mongoStorage?: MongoStorage;
  /** The running server's pid; undefined while it is stopped. */
  pid(name: ServerName): number | undefined;
  /** Stops it (SIGTERM, so Redis and the NATS servers write their stores); keeps its data. */
  stop(name: ServerName): Promise<void>;
  /** Starts it again on its port with its data directory; resolves once it accepts clients. */
  start(name: ServerName): Promise<void>;
  /** Stops every server and removes their data: the last step of the stack's stop. */
  stopAll(): Promise<void>;
}

// Servers started again here are not the infra's own, so its exit hook does not know them.
const restarted = new Set<RunningServer>();
process.on('exit', () => {
  for (const server of restarted) server.killNow();
});

export function controlServers(
  infra: Infra | undefined,
  extraArgs: Partial<Record<ServerName, readonly string[]>> = {},
): BackingServers {
  const current = new Map<ServerName, RunningServer>(
    (infra?.servers ?? []).map((server) => [server.name, server]),
  );
  const stopped = new Set<ServerName>();
  let closed = false;

  const serverNamed = (name: ServerName): RunningServer => {
    const server = current.get(name);
    if (!server) throw new Error(`${name} was not started by the stack, so it cannot control it`);
    return server;
  };

  return {
    names: [...current.keys()],
    mongoStorage: infra?.mongoStorage,
    pid: (name) => (stopped.has(name) ? undefined : serverNamed(name).pid),
    stop: async (name) => {
      const server = serverNamed(name);
      stopped.add(name);
      await server.stop();
    },
    start: async (name) => {
      const previous = serverNamed(name);
      if (closed) throw new Error(`${name}: not started, the stack is stopping`);
      if (!stopped.has(name) || !infra) throw new Error(`${name} is running; stop it first`);
      const server = await startServer(name, {
        workDir: infra.workDir,
        port: previous.port,
        extraArgs: extraArgs[name],
        postgresqlUrl: name === 'mongo' ? postgresqlUrlOf(infra.mongoStorage) : undefined,
      });
      restarted.add(server);
      current.set(name, server);
      stopped.delete(name);
    },
    stopAll: async () => {
      closed = true;
      await Promise.all([...current.values()].map((server) => server.stop()));
      for (const server of current.values()) restarted.delete(server);
      await infra?.stop();
    },
  };
}
