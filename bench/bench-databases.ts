import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type BenchDbKind = 'pglite' | 'postgres';

/** A database that exists only for one measurement: a new PGlite folder, or a recreated server database. */
export interface FreshDatabase {
  kind: BenchDbKind;
  /** Environment for `loadConfig`: selects this database the way a deployment would. */
  env: Record<string, string>;
  /** For adapters opened directly (the LangChain baseline). */
  target: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
  sizeBytes(): Promise<number>;
  dispose(): Promise<void>;
}

// Fixed names: the benchmark owns these databases and drops them on every run.
export const SERVER_DATABASES = { ours: 'bench', baseline: 'bench_langchain', chat: 'bench_chat', analytics: 'bench_analytics', evals: 'bench_evals' } as const;

function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * Recreates a server database with the extensions the migrations expect. pgvector is not a
 * trusted extension, so this needs the superuser connection the benchmark is given.
 */
export async function freshServerDatabase(adminUrl: string, name: (typeof SERVER_DATABASES)[keyof typeof SERVER_DATABASES]): Promise<FreshDatabase> {
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const url = databaseUrl(adminUrl, name);
  await withClient(url, (c) => c.query('CREATE EXTENSION IF NOT EXISTS vector; CREATE EXTENSION IF NOT EXISTS pg_trgm;'));
  return {
    kind: 'postgres',
    env: { DATABASE_URL: url },
    target: { kind: 'postgres', url },
    sizeBytes: () => withClient(url, async (c) => Number((await c.query('SELECT pg_database_size(current_database()) AS n')).rows[0].n)),
    dispose: async () => undefined, // kept until the next run, for EXPLAIN by hand
  };
}

export function freshPgliteFolder(label: string, keep: boolean): FreshDatabase {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kefu-bench-${label}-`));
  return {
    kind: 'pglite',
    env: { DATA_DIR: dataDir },
    // loadConfig puts the PGlite folder at DATA_DIR/pglite; the baseline uses the same layout.
    target: { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    sizeBytes: async () => folderSize(dataDir),
    dispose: async () => {
      if (!keep) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function folderSize(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += fs.statSync(path.join(e.parentPath, e.name)).size;
  }
  return total;
}

export async function serverVersions(adminUrl: string): Promise<{ server: string; vector: string | null }> {
  return withClient(adminUrl, async (c) => {
    const server = (await c.query('SHOW server_version')).rows[0].server_version as string;
    const v = await c.query(`SELECT default_version FROM pg_available_extensions WHERE name = 'vector'`);
    return { server, vector: (v.rows[0]?.default_version as string) ?? null };
  });
}
