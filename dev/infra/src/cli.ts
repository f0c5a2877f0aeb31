#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

import { findBinary, MissingBinaryError } from './binaries';
import { describeProgress, type Infra, startInfra } from './infra';
import { type MongoBackendChoice, mongoBackendFromEnv, parseMongoBackend } from './mongo-storage';
import { isServerName, type ServerName, serverNames, servers } from './servers';

const usage = `Usage: ticketing-infra <command> [servers...]

Servers: ${serverNames.join(', ')} (default: all)

Commands:
  check                     say which server binaries are installed
  up [servers...]           start them, print their variables (NAME=value), run until Ctrl-C
  run [servers...] -- CMD   start them, run CMD with their variables set, stop them,
                            exit with CMD's status

Options:
  --keep                    keep data and logs after stopping (their directory is printed;
                            a PostgreSQL database is dropped all the same)
  --mongo-backend auto|postgresql|sqlite
                            FerretDB's backend (default: $TICKETING_MONGO_BACKEND, else
                            sqlite); postgresql gets a database of its own on
                            $TICKETING_POSTGRES_URL (default postgres@127.0.0.1:5432), dropped
                            at stop; auto uses PostgreSQL when it answers, SQLite otherwise
`;

const progress = (message: string) => process.stderr.write(`[infra] ${message}\n`);

function parseServers(positionals: string[]): ServerName[] {
  const unknown = positionals.filter((name) => !isServerName(name));
  if (unknown.length > 0) {
    throw new Error(`unknown server(s): ${unknown.join(', ')}; known: ${serverNames.join(', ')}`);
  }
  return positionals.length > 0 ? (positionals as ServerName[]) : serverNames;
}

interface StartOptions {
  keep: boolean;
  mongoBackend: MongoBackendChoice;
}

async function start(names: ServerName[], { keep, mongoBackend }: StartOptions): Promise<Infra> {
  const infra = await startInfra(names, {
    keepWorkDir: keep,
    mongoBackend,
    onProgress: (event) => progress(describeProgress(event)),
  });
  if (keep) progress(`data and logs: ${infra.workDir}`);
  return infra;
}

/** From now on SIGINT/SIGTERM stop the infrastructure handed to the function returned, then
 * exit with `status()`. Installed before anything starts: a signal that came before the
 * handlers would kill this process outright and leave its servers running. A signal while
 * servers are still starting exits at once (130); the exit hook of `startInfra` kills those
 * already up. Signals that arrive while stopping (a second Ctrl-C) are absorbed, so nothing
 * is left half-stopped. */
function stopOnSignals(status: () => number): (started: Infra) => void {
  let infra: Infra | undefined;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    progress(`${signal}: stopping`);
    if (!infra) process.exit(130);
    void infra.stop().then(() => process.exit(status()));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return (started) => (infra = started);
}

function check(): number {
  let missing = 0;
  for (const name of serverNames) {
    const { binary, overrideVariable } = servers[name];
    try {
      process.stdout.write(`${name.padEnd(7)} ${findBinary(binary, overrideVariable)}\n`);
    } catch (error) {
      missing++;
      process.stdout.write(`${name.padEnd(7)} MISSING: ${(error as Error).message}\n`);
    }
  }
  return missing === 0 ? 0 : 1;
}

async function up(names: ServerName[], options: StartOptions): Promise<void> {
  const stopWhenSignalled = stopOnSignals(() => 0);
  const infra = await start(names, options);
  stopWhenSignalled(infra);
  for (const [key, value] of Object.entries(infra.env)) process.stdout.write(`${key}=${value}\n`);
  progress('all ready; Ctrl-C to stop');
}

async function run(names: ServerName[], command: string[], options: StartOptions): Promise<void> {
  const [file, ...args] = command;
  if (!file) throw new Error('run needs a command after --');
  let status = 1;
  const stopWhenSignalled = stopOnSignals(() => status);
  const infra = await start(names, options);
  stopWhenSignalled(infra);
  const child = spawn(file, args, { stdio: 'inherit', env: { ...process.env, ...infra.env } });
  child.on('error', (error) => progress(`could not run ${file}: ${error.message}`));
  child.on('close', (code, signal) => {
    status = code ?? (signal ? 128 : 1);
    void infra.stop().then(() => process.exit(status));
  });
}

async function main(argv: string[]): Promise<void> {
  const separator = argv.indexOf('--');
  const own = separator === -1 ? argv : argv.slice(0, separator);
  const command = separator === -1 ? [] : argv.slice(separator + 1);
  const { values, positionals } = parseArgs({
    args: own,
    allowPositionals: true,
    options: {
      keep: { type: 'boolean', default: false },
      'mongo-backend': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const [verb, ...rest] = positionals;
  if (values.help || !verb) {
    process.stdout.write(usage);
    return;
  }
  const backend = values['mongo-backend'];
  const options: StartOptions = {
    keep: values.keep,
    mongoBackend: backend
      ? parseMongoBackend(backend, '--mongo-backend')
      : mongoBackendFromEnv('sqlite'),
  };
  if (verb === 'check') process.exitCode = check();
  else if (verb === 'up') await up(parseServers(rest), options);
  else if (verb === 'run') await run(parseServers(rest), command, options);
  else throw new Error(`unknown command "${verb}"\n\n${usage}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof MissingBinaryError ? error.message : String(error);
  progress(`error: ${message}`);
  process.exit(1);
});
