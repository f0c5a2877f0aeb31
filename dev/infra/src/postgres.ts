import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import { findBinary } from './binaries';
import { processGone } from './process-gone';

/** The server FerretDB's PostgreSQL backend uses unless `TICKETING_POSTGRES_URL` names
 * another: any database on it to connect to while creating and dropping our own. */
export const defaultPostgresUrl = (): string =>
  process.env.TICKETING_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const DATABASE_PREFIX = 'ticketing_';
// Marks a database as ours and names its owner, so a later run can tell one left behind by a
// process that is gone from one that is in use, and from a database someone else named alike.
const ownerComment = (pid: number) => `dev/infra pid ${pid} on ${hostname()}`;
const OWNER_PATTERN = /^dev\/infra pid (\d+) on (\S+)$/;

const psqlArgs = (serverUrl: string, sql: string) => [
  '--no-psqlrc',
  '--quiet',
  '--no-align',
  '--tuples-only',
  '--set=ON_ERROR_STOP=1',
  `--dbname=${serverUrl}`,
  `--command=${sql}`,
];

const psqlEnv = () => ({ ...process.env, PGCONNECT_TIMEOUT: process.env.PGCONNECT_TIMEOUT ?? '3' });

/** Runs one SQL statement through psql; resolves with what it printed. */
function psql(serverUrl: string, sql: string): Promise<string> {
  const binary = findBinary('psql', 'PSQL_BIN');
  return new Promise((resolve, reject) => {
    execFile(binary, psqlArgs(serverUrl, sql), { env: psqlEnv() }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr.trim().split('\n')[0] || error.message));
      else resolve(stdout);
    });
  });
}

/** `postgresql://user@host:port/<database>`: the same server, another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** `host:port` of the server, for messages (no user, no password). */
export const serverAddress = (serverUrl: string): string => {
  const url = new URL(serverUrl);
  return `${url.hostname || 'localhost'}:${url.port || '5432'}`;
};

/** Our names only ever hold these characters; anything else must not reach the SQL. */
const checked = (database: string): string => {
  if (!/^[a-z0-9_]+$/.test(database)) throw new Error(`not a database name of ours: ${database}`);
  return database;
};

const dropStatement = (database: string) =>
  `DROP DATABASE IF EXISTS "${checked(database)}" WITH (FORCE)`;

/** Drops the databases earlier runs on this host created and could not drop (their process
 * was killed); resolves with their names. */
export async function dropStaleDatabases(serverUrl: string): Promise<string[]> {
  const listing = await psql(
    serverUrl,
    `SELECT datname || '|' || coalesce(shobj_description(oid, 'pg_database'), '') ` +
      `FROM pg_database WHERE datname LIKE '${DATABASE_PREFIX}%'`,
  );
  const stale = listing
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      const [database = '', comment = ''] = line.split('|');
      const owner = OWNER_PATTERN.exec(comment);
      const ours = owner && owner[2] === hostname() && processGone(Number(owner[1]));
      return ours ? [database] : [];
    });
  for (const database of stale) await psql(serverUrl, dropStatement(database));
  return stale;
}

/** Creates a fresh, uniquely named database marked with this process as its owner. */
export async function createDatabase(serverUrl: string): Promise<string> {
  const database = `${DATABASE_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
  await psql(serverUrl, `CREATE DATABASE "${database}"`);
  await psql(serverUrl, `COMMENT ON DATABASE "${database}" IS '${ownerComment(process.pid)}'`);
  return database;
}

export const dropDatabase = (serverUrl: string, database: string): Promise<string> =>
  psql(serverUrl, dropStatement(database));

/** The same, blocking: for exit hooks, where nothing asynchronous runs any more. */
export function dropDatabaseNow(serverUrl: string, database: string): void {
  spawnSync(findBinary('psql', 'PSQL_BIN'), psqlArgs(serverUrl, dropStatement(database)), {
    env: psqlEnv(),
    stdio: 'ignore',
    timeout: 10_000,
  });
}
