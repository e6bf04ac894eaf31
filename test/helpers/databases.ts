import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/adapters/db/database.js';
import { migrate } from '../../src/adapters/db/migrator.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  db: Database;
  /** A DatabaseTarget that opens another pool on the same database (server only). */
  url?: string;
  searchPath?: string;
  cleanup(): Promise<void>;
}

/** A fresh, migrated PGlite database in memory. */
export async function pgliteDatabase(): Promise<TestDatabase> {
  const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  await migrate(db);
  return { db, cleanup: () => db.close() };
}

/**
 * Test schemas are named `t_<creation time, base 36 seconds>_<random>`: the global setup drops
 * only those old enough to be left over from an interrupted run, never those of a run going on
 * beside it (a second `npm test` on the same database used to drop the first one's schemas).
 */
export const TEST_SCHEMA = /^t_([0-9a-z]+)_[0-9a-f]+$/;
export const LEFTOVER_SCHEMA_AGE_S = 3 * 3600;

/** A fresh, migrated schema on the PostgreSQL server, dropped afterwards. */
export async function postgresDatabase(): Promise<TestDatabase> {
  const schema = `t_${Math.floor(Date.now() / 1000).toString(36)}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const searchPath = `${schema},public`;
  const db = await openDatabase({ kind: 'postgres', url: TEST_DATABASE_URL, searchPath, poolMax: 4 });
  await migrate(db);
  return {
    db,
    url: TEST_DATABASE_URL,
    searchPath,
    async cleanup() {
      await db.close();
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** Every storage test runs against both databases. */
export const databases: Array<[name: string, open: () => Promise<TestDatabase>]> = [
  ['pglite', pgliteDatabase],
  ['postgres', postgresDatabase],
];
