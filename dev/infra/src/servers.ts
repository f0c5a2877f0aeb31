/** What a server is started with beyond its port and directory. */
export interface ServerSettings {
  /** FerretDB only: keep the data in this PostgreSQL database instead of SQLite files. */
  postgresqlUrl?: string;
}

/** How to run each backing server on a given loopback port, with its data in a given directory. */
export interface ServerDefinition {
  /** Executable name, as installed by scripts/provision.sh or Debian. */
  binary: string;
  /** Environment variable that may point at the executable instead. */
  overrideVariable: string;
  args(port: number, dataDir: string, settings: ServerSettings): string[];
  /** Environment variables a client needs to reach the running server. */
  env(port: number): Record<string, string>;
  /** A log line that means "ready", for servers that accept TCP before they can serve. */
  readyLog?: RegExp;
}

export const STAN_CLUSTER_ID = 'ticketing';

export const servers = {
  /** FerretDB (MongoDB wire protocol) on its SQLite backend, or on PostgreSQL when given a
   * database there. */
  mongo: {
    binary: 'ferretdb',
    overrideVariable: 'FERRETDB_BIN',
    args: (port, dataDir, { postgresqlUrl }) => [
      ...(postgresqlUrl
        ? ['--handler=postgresql', `--postgresql-url=${postgresqlUrl}`]
        : ['--handler=sqlite', `--sqlite-url=file:${dataDir}/`]),
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    env: (port) => ({ MONGO_URI: `mongodb://127.0.0.1:${port}/` }),
  },
  /** nats-server with JetStream. */
  nats: {
    binary: 'nats-server',
    overrideVariable: 'NATS_SERVER_BIN',
    args: (port, dataDir) => ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dataDir],
    env: (port) => ({ NATS_URL: `nats://127.0.0.1:${port}` }),
    readyLog: /Server is ready/,
  },
  /** NATS Streaming (its own embedded NATS server), file store so restarts keep messages. */
  stan: {
    binary: 'nats-streaming-server',
    overrideVariable: 'NATS_STREAMING_SERVER_BIN',
    args: (port, dataDir) => [
      '-a',
      '127.0.0.1',
      '-p',
      String(port),
      '-cid',
      STAN_CLUSTER_ID,
      '-st',
      'FILE',
      '--dir',
      dataDir,
    ],
    env: (port) => ({ STAN_URL: `nats://127.0.0.1:${port}`, STAN_CLUSTER_ID }),
    readyLog: /Streaming Server is ready/,
  },
  /** Redis with append-only persistence, as the cluster runs it for expiration jobs. */
  redis: {
    binary: 'redis-server',
    overrideVariable: 'REDIS_SERVER_BIN',
    args: (port, dataDir) => [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dataDir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--daemonize',
      'no',
    ],
    env: (port) => ({ REDIS_URL: `redis://127.0.0.1:${port}` }),
    readyLog: /Ready to accept connections/,
  },
  /** stripe-mock over plain HTTP; its HTTPS listener gets a system-chosen port so that
   * several instances never collide on its default 12112. */
  stripe: {
    binary: 'stripe-mock',
    overrideVariable: 'STRIPE_MOCK_BIN',
    args: (port) => ['-http-addr', `127.0.0.1:${port}`, '-https-addr', '127.0.0.1:'],
    env: (port) => ({ STRIPE_API_BASE: `http://127.0.0.1:${port}` }),
  },
} satisfies Record<string, ServerDefinition>;

export type ServerName = keyof typeof servers;

export const serverNames = Object.keys(servers) as ServerName[];

export const isServerName = (name: string): name is ServerName => name in servers;
