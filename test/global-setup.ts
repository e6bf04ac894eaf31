import pg from 'pg';
import { LEFTOVER_SCHEMA_AGE_S, TEST_DATABASE_URL, TEST_SCHEMA } from './helpers/databases.js';

/**
 * The server tests need pgvector and pg_trgm in the test database's public schema (creating
 * extensions needs a superuser, and each test file migrates into its own schema).
 */
export default async function setup() {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`Tests need PostgreSQL with pgvector at ${TEST_DATABASE_URL} (set TEST_DATABASE_URL): ${(err as Error).message}`);
  }
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS vector SCHEMA public');
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public');
    // Schemas left by an interrupted earlier run: old ones only, as another run may be going on
    // against the same database (its schemas are younger than any run takes).
    const { rows } = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%'");
    const now = Date.now() / 1000;
    for (const { nspname } of rows) {
      const m = nspname.match(TEST_SCHEMA);
      // Names from before the creation time was in them are leftovers by now.
      const leftover = !m || now - parseInt(m[1]!, 36) > LEFTOVER_SCHEMA_AGE_S;
      if (leftover && /^t_[0-9a-z_]+$/.test(nspname)) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
    }
  } finally {
    await client.end();
  }
}
