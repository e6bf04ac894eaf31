import pg from 'pg';
import { TEST_DATABASE_URL } from './helpers/databases.js';

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
    // Schemas left by an interrupted earlier run.
    const { rows } = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%'");
    for (const r of rows) await client.query(`DROP SCHEMA IF EXISTS "${r.nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}
