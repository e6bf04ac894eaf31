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

/** A fresh, migrated schema on the PostgreSQL server, dropped afterwards. */
export async function postgresDatabase(): Promise<TestDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
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
