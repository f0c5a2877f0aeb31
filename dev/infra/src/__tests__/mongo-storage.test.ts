// FerretDB's PostgreSQL backend against the machine's PostgreSQL (127.0.0.1:5432, or
// $TICKETING_POSTGRES_URL), and the fallback to SQLite when no PostgreSQL answers.
import { execFileSync, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';

// The driver mongoose brings (the workspace's mongoose 9.12.1 pins it): a plain client is
// enough to prove FerretDB stores and serves a document.
import { MongoClient } from 'mongodb';

import { freePort } from '../free-port';
import { startInfra } from '../infra';
import { defaultPostgresUrl } from '../postgres';

const postgresUrl = defaultPostgresUrl();

const psql = (sql: string): string =>
  execFileSync('psql', ['--no-psqlrc', '-qAt', `--dbname=${postgresUrl}`, '-c', sql], {
    encoding: 'utf8',
    stdio: 'pipe',
  }).trim();

const databaseExists = (name: string): boolean =>
  psql(`SELECT count(*) FROM pg_database WHERE datname = '${name}'`) === '1';

/** Inserts a document through FerretDB and reads it back. */
async function roundTrip(mongoUri: string): Promise<unknown> {
  const client = await MongoClient.connect(mongoUri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const collection = client.db('storage_check').collection('notes');
    await collection.insertOne({ _id: 'n1' as never, text: 'kept' });
    return await collection.findOne({ _id: 'n1' as never });
  } finally {
    await client.close();
  }
}

describe('FerretDB storage', () => {
  it('on PostgreSQL keeps documents in a database of its own, dropped at stop', async () => {
    const infra = await startInfra(['mongo'], { mongoBackend: 'postgresql' });
    const storage = infra.mongoStorage;
    try {
      expect(storage).toMatchObject({ backend: 'postgresql', why: expect.any(String) });
      if (storage?.backend !== 'postgresql') throw new Error('not on PostgreSQL');
      expect(storage.database).toMatch(/^ticketing_\d+_[0-9a-f]{8}$/);
      expect(databaseExists(storage.database)).toBe(true);

      expect(await roundTrip(infra.env.MONGO_URI!)).toEqual({ _id: 'n1', text: 'kept' });
      // The document is in that PostgreSQL database (a schema per MongoDB database).
      const schemas = execFileSync(
        'psql',
        ['--no-psqlrc', '-At', `--dbname=${storage.url}`, '-c', 'SELECT nspname FROM pg_namespace'],
        { encoding: 'utf8' },
      );
      expect(schemas.split('\n')).toContain('storage_check');
    } finally {
      await infra.stop();
    }

    expect(databaseExists(storage.database)).toBe(false);
  });

  it('drops a database left by a run whose process is gone, and no other', async () => {
    const gone = spawnSync('true').pid;
    const suffix = Date.now().toString(16);
    const leftBehind = `ticketing_${gone}_${suffix}`;
    const notOurs = `ticketing_unmarked_${suffix}`;
    psql(`CREATE DATABASE "${leftBehind}"`);
    psql(`COMMENT ON DATABASE "${leftBehind}" IS 'dev/infra pid ${gone} on ${hostname()}'`);
    psql(`CREATE DATABASE "${notOurs}"`);
    try {
      const infra = await startInfra(['mongo'], { mongoBackend: 'postgresql' });
      await infra.stop();

      expect(infra.mongoStorage?.why).toContain(`dropped ${leftBehind}`);
      expect(databaseExists(leftBehind)).toBe(false);
      expect(databaseExists(notOurs)).toBe(true);
    } finally {
      psql(`DROP DATABASE IF EXISTS "${leftBehind}"`);
      psql(`DROP DATABASE IF EXISTS "${notOurs}"`);
    }
  });

  it('auto falls back to SQLite, saying why, when PostgreSQL cannot be reached', async () => {
    const closed = `postgresql://postgres@127.0.0.1:${await freePort()}/postgres`;
    const infra = await startInfra(['mongo'], { mongoBackend: 'auto', postgresUrl: closed });
    try {
      expect(infra.mongoStorage?.backend).toBe('sqlite');
      expect(infra.mongoStorage?.why).toMatch(/PostgreSQL at 127\.0\.0\.1:\d+ cannot be used/);

      expect(await roundTrip(infra.env.MONGO_URI!)).toEqual({ _id: 'n1', text: 'kept' });
    } finally {
      await infra.stop();
    }
  });

  it('postgresql, asked for and unreachable, fails and says how to go on', async () => {
    const closed = `postgresql://postgres@127.0.0.1:${await freePort()}/postgres`;

    await expect(
      startInfra(['mongo'], { mongoBackend: 'postgresql', postgresUrl: closed }),
    ).rejects.toThrow(/PostgreSQL at 127\.0\.0\.1:\d+ cannot be used .*or choose sqlite/);
  });

  it('defaults to SQLite, as the test suite runs it, unless the environment says otherwise', async () => {
    const saved = process.env.TICKETING_MONGO_BACKEND;
    delete process.env.TICKETING_MONGO_BACKEND;
    try {
      const infra = await startInfra(['mongo']);
      await infra.stop();

      expect(infra.mongoStorage).toEqual({ backend: 'sqlite', why: 'sqlite chosen' });
    } finally {
      if (saved !== undefined) process.env.TICKETING_MONGO_BACKEND = saved;
    }
  });
});
