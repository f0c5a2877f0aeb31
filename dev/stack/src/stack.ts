import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';

import {
  describeProgress,
  freePort,
  type Infra,
  type MongoBackendChoice,
  type MongoStorage,
  type ServerName,
  startInfra,
} from '@ticketing/dev-infra';

import { type BackingServers, controlServers } from './backing-servers';
import { type GatewayRoute, startGateway } from './gateway';
import { createLauncher, type Launcher } from './launcher';
import type { PartProcess } from './part-process';
import {
  type ServerArgs,
  serversFor,
  serverVariables,
  type ServiceDefinition,
  services,
  type Transport,
  withServerArgs,
} from './parts';
import { serviceEnv, type StackSettings } from './service-env';

export type ClientMode = 'dev' | 'start' | 'off';

export interface StackOptions {
  rootDir: string;
  transport: Transport;
  replicas: number;
  port: number;
  expirationWindowSeconds: number;
  client: ClientMode;
  /** Server URLs given here (MONGO_URI, STAN_URL, ...) are used instead of starting servers. */
  env: NodeJS.ProcessEnv;
  logLevel?: string;
  /** Added to the arguments of the servers the stack starts, e.g. a monitoring port. */
  serverArgs?: ServerArgs;
  /** The backend of the FerretDB the stack starts (default `$TICKETING_MONGO_BACKEND`, else
   * sqlite, as the tests run it; the CLI defaults to auto). */
  mongoBackend?: MongoBackendChoice;
  /** Added to every service's environment, e.g. `SIGNUP_RATE_LIMIT_MAX` for a load test. */
  extraEnv?: Record<string, string>;
  /** Puts something between the services and stripe-mock (the drills' recording ledger):
   * called with stripe-mock's URL once it runs, it resolves with the URL services get. */
  stripeInFront?: (stripeApiBase: string) => Promise<string>;
  /** Which part is starting, which is ready. */
  onProgress?: (message: string) => void;
  /** Every line the parts print, prefixed with the part's name. */
  output?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface Stack {
  url: string;
  /** The running process of each part; `restart` replaces an entry. */
  parts: PartProcess[];
  /** Rejects, never resolves, when a part exits while the stack is up, unless `kill` or
   * `restart` ended it. */
  failure: Promise<never>;
  /** The backing servers this stack started: stop one and start it again. */
  servers: BackingServers;
  /** What the services were given to reach the backing servers (MONGO_URI, ...). */
  serverEnv: Record<string, string>;
  /** The backend of the FerretDB the stack started; undefined when MONGO_URI was given. */
  mongoStorage?: MongoStorage;
  /** Sends `signal` (SIGKILL by default) to a part (`orders`, `orders#2`) and waits for it to
   * exit; it stays down until `restart`. */
  kill(label: string, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a part again on its port with its environment (ending it first if it runs);
   * resolves once it is ready. */
  restart(label: string): Promise<PartProcess>;
  stop(): Promise<void>;
}

// A fixed development key, long enough for HS256; the stack listens on loopback only.
const DEV_JWT_KEY = 'local-stack-development-key-0123456789abcdef';

/** Uses the servers given in the environment and starts the others. */
async function provideServers(options: StackOptions, progress: (message: string) => void) {
  const needed = serversFor(options.transport);
  const given = needed.filter((name) => serverVariables[name].every((key) => options.env[key]));
  const missing = needed.filter((name) => !given.includes(name));
  const env: Record<string, string> = {};
  for (const name of given) {
    for (const key of serverVariables[name]) env[key] = options.env[key] ?? '';
    progress(`${name}: using ${serverVariables[name].join(', ')} from the environment`);
  }
  let infra: Infra | undefined;
  if (missing.length > 0) {
    infra = await startInfra(missing as ServerName[], {
      extraArgs: withServerArgs(options.serverArgs),
      mongoBackend: options.mongoBackend,
      onProgress: (event) => progress(describeProgress(event)),
    });
    Object.assign(env, infra.env);
  }
  return { env, infra };
}

function entryOf(rootDir: string, service: ServiceDefinition): string {
  const entry = join(rootDir, service.name, 'dist', 'index.js');
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: run \`npm run build\` first`);
  }
  return entry;
}

/** Every replica of every service; resolves with each routed service's replica URLs. */
async function startServices(
  options: StackOptions,
  launcher: Launcher,
  servers: Record<string, string>,
) {
  const settings: StackSettings = {
    transport: options.transport,
    expirationWindowSeconds: options.expirationWindowSeconds,
    jwtKey: options.env.JWT_KEY ?? DEV_JWT_KEY,
    logLevel: options.logLevel ?? 'info',
  };
  const started = await Promise.all(
    services.flatMap((service) =>
      Array.from({ length: options.replicas }, async (_, index) => {
        const port = await freePort();
        await launcher.launch({
          label: options.replicas > 1 ? `${service.name}#${index + 1}` : service.name,
          command: [process.execPath, entryOf(options.rootDir, service)],
          env: { ...serviceEnv(service, port, servers, settings), ...options.extraEnv },
          port,
          readyPath: '/readyz',
          cwd: options.rootDir,
        });
        return { service, url: `http://127.0.0.1:${port}` };
      }),
    ),
  );
  return services
    .filter((service) => service.route)
    .map((service) => ({
      prefix: service.route ?? '',
      targets: started.filter((part) => part.service === service).map((part) => part.url),
    }));
}

/** How the client runs: `next dev`, or the standalone server `next build` produced. */
function clientCommand(options: StackOptions, port: number): string[] {
  const client = join(options.rootDir, 'client');
  if (options.client === 'dev') {
    const next = join(options.rootDir, 'node_modules', 'next', 'dist', 'bin', 'next');
    return [process.execPath, next, 'dev', '-p', String(port)];
  }
  const server = join(client, '.next', 'standalone', 'client', 'server.js');
  if (!existsSync(server)) {
    throw new Error(`${server} is missing: run \`npm run build --workspace client\` first`);
  }
  return [process.execPath, server];
}

/** The Next.js client (dev server or production build), talking to the API via the gateway. */
async function startClient(options: StackOptions, launcher: Launcher): Promise<string[]> {
  if (options.client === 'off') return [];
  const port = await freePort();
  await launcher.launch({
    label: 'client',
    command: clientCommand(options, port),
    env: {
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      API_BASE_URL: `http://127.0.0.1:${options.port}`,
    },
    port,
    readyPath: '/healthz',
    cwd: join(options.rootDir, 'client'),
  });
  return [`http://127.0.0.1:${port}`];
}

/** Starts the gateway, the backing servers, every service (replicas on their own ports) and
 * the client; if any part fails to start, stops what did start and rethrows. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const progress = options.onProgress ?? (() => undefined);
  const launcher = createLauncher(options);
  let gateway: Server | undefined;
  let servers = controlServers(undefined);
  let serverEnv: Record<string, string>;

  const stop = async () => {
    launcher.close();
    await new Promise<void>((resolve) => (gateway ? gateway.close(() => resolve()) : resolve()));
    gateway?.closeAllConnections();
    await Promise.all(launcher.parts.map((part) => part.stop()));
    await servers.stopAll();
  };

  try {
    // The gateway takes its port first: a port picked by number stays free only until the
    // kernel hands it to another socket, such as a connection the services open as they boot.
    const routes: GatewayRoute[] = [];
    const fallback: GatewayRoute = { prefix: '/', targets: [] };
    gateway = await startGateway({ port: options.port, routes, fallback });
    progress(`gateway: listening on port ${options.port} (502 until the parts are up)`);
    const provided = await provideServers(options, progress);
    servers = controlServers(provided.infra, withServerArgs(options.serverArgs));
    serverEnv = provided.env;
    if (options.stripeInFront && serverEnv.STRIPE_API_BASE) {
      serverEnv.STRIPE_API_BASE = await options.stripeInFront(serverEnv.STRIPE_API_BASE);
      progress(`stripe: services reach it through ${serverEnv.STRIPE_API_BASE}`);
    }
    routes.push(...(await startServices(options, launcher, provided.env)));
    fallback.targets.push(...(await startClient(options, launcher)));
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url: `http://localhost:${options.port}`,
    parts: launcher.parts,
    failure: launcher.failure,
    servers,
    serverEnv,
    mongoStorage: servers.mongoStorage,
    kill: launcher.kill,
    restart: launcher.restart,
    stop,
  };
}
