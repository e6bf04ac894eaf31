import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Postgrator from 'postgrator';
import type { Database } from './database.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

// Arbitrary constant: serialises migrations when several service processes start against one server.
const MIGRATION_LOCK_KEY = 727_411_903;

export interface MigrationResult {
  from: number;
  to: number;
  applied: string[];
}

/**
 * Applies the plain SQL files in `migrations/` in order. Each file is sent as one
 * multi-statement simple query, which PostgreSQL runs as a single implicit transaction,
 * so a failing migration leaves nothing behind.
 */
export async function migrate(db: Database, opts: { dir?: string } = {}): Promise<MigrationResult> {
  const client = await db.pool.connect();
  try {
    if (db.kind === 'postgres') await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // Qualified: postgrator looks the table up by name across all schemas, so a schema_version
    // in another schema of the same database made it skip creating ours.
    const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
    const postgrator = new Postgrator({
      migrationPattern: path.join(opts.dir ?? MIGRATIONS_DIR, '*'),
      driver: 'pg',
      schemaTable: `${rows[0].schema}.schema_version`,
      execQuery: (query: string) => client.query(query),
    });
    const from = Number(await postgrator.getDatabaseVersion()) || 0;
    const applied = await postgrator.migrate();
    const to = Number(await postgrator.getDatabaseVersion()) || 0;
    return { from, to, applied: applied.map((m) => m.filename) };
  } finally {
    if (db.kind === 'postgres') await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
