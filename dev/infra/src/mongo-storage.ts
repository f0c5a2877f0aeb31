import {
  createDatabase,
  databaseUrl,
  defaultPostgresUrl,
  dropDatabase,
  dropStaleDatabases,
  serverAddress,
} from './postgres';

export const MONGO_BACKENDS = ['auto', 'postgresql', 'sqlite'] as const;
/** `auto`: PostgreSQL when it can be reached, SQLite otherwise. */
export type MongoBackendChoice = (typeof MONGO_BACKENDS)[number];

/** Where FerretDB keeps its data, and why that backend was chosen. */
export type MongoStorage =
  | { backend: 'sqlite'; why: string }
  | {
      backend: 'postgresql';
      why: string;
      /** The PostgreSQL server the database was created on (any database of it). */
      serverUrl: string;
      /** Created for this run alone, dropped when it stops. */
      database: string;
      /** What FerretDB is given: the server with `database` as its path. */
      url: string;
    };

export function parseMongoBackend(text: string, source: string): MongoBackendChoice {
  if ((MONGO_BACKENDS as readonly string[]).includes(text)) return text as MongoBackendChoice;
  throw new Error(`${source} must be one of ${MONGO_BACKENDS.join(', ')} (got "${text}")`);
}

/** The choice the environment makes (`TICKETING_MONGO_BACKEND`), else `fallback`. */
export const mongoBackendFromEnv = (fallback: MongoBackendChoice): MongoBackendChoice =>
  process.env.TICKETING_MONGO_BACKEND
    ? parseMongoBackend(process.env.TICKETING_MONGO_BACKEND, '$TICKETING_MONGO_BACKEND')
    : fallback;

/** Decides the backend and, for PostgreSQL, creates the run's own database (first dropping
 * those left by runs on this host whose process is gone). `auto` falls back to SQLite when
 * PostgreSQL cannot be used; `postgresql` fails instead. */
export async function provideMongoStorage(
  choice: MongoBackendChoice,
  serverUrl = defaultPostgresUrl(),
): Promise<MongoStorage> {
  if (choice === 'sqlite') return { backend: 'sqlite', why: 'sqlite chosen' };
  const address = serverAddress(serverUrl);
  try {
    const stale = await dropStaleDatabases(serverUrl);
    const database = await createDatabase(serverUrl);
    const leftovers =
      stale.length > 0 ? `; dropped ${stale.join(', ')}, left by runs now gone` : '';
    return {
      backend: 'postgresql',
      why: `${choice === 'auto' ? 'auto, and PostgreSQL answered' : 'postgresql chosen'}${leftovers}`,
      serverUrl,
      database,
      url: databaseUrl(serverUrl, database),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('. ')[0] : String(error);
    if (choice === 'postgresql') {
      throw new Error(
        `FerretDB on PostgreSQL was asked for, but PostgreSQL at ${address} cannot be used ` +
          `(${reason}); start it, point $TICKETING_POSTGRES_URL at one, or choose sqlite`,
        { cause: error },
      );
    }
    return {
      backend: 'sqlite',
      why: `auto, and PostgreSQL at ${address} cannot be used (${reason})`,
    };
  }
}

/** Drops the run's PostgreSQL database, once FerretDB has stopped. */
export const releaseMongoStorage = async (storage: MongoStorage | undefined): Promise<void> => {
  if (storage?.backend === 'postgresql') await dropDatabase(storage.serverUrl, storage.database);
};

/** What FerretDB is started with for that storage: a PostgreSQL database, or none (SQLite). */
export const postgresqlUrlOf = (storage: MongoStorage | undefined): string | undefined =>
  storage?.backend === 'postgresql' ? storage.url : undefined;

/** One line: which backend, where, and why. */
export const describeMongoStorage = (storage: MongoStorage): string =>
  storage.backend === 'postgresql'
    ? `FerretDB on PostgreSQL (database ${storage.database} at ${serverAddress(storage.serverUrl)}): ${storage.why}`
    : `FerretDB on SQLite: ${storage.why}`;
