import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { acquirePgliteLock } from './pglite-lock.js';
import { PgliteThread, PgliteThreadSocket } from './pglite-thread.js';

export type DatabaseTarget =
  // dataDir 'memory://' for an in-memory database. thread: where PGlite runs its SQL, 'worker'
  // (default: a worker thread, so the event loop keeps serving while a statement runs) or 'main'.
  // statementCache: statements the worker keeps prepared across clients (pglite-statement-cache.ts; 0: none).
  | { kind: 'pglite'; dataDir: string; thread?: PgliteThreadMode; statementCache?: number }
  | { kind: 'postgres'; url: string; poolMax?: number; searchPath?: string };

/** One driver (`pg`) in both modes, so every adapter runs the same SQL on PGlite and the server. */
export type PgliteThreadMode = 'worker' | 'main';

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** HNSW candidate list size: recall against latency. */
  efSearch?: number;
}

// With a knowledge-base filter, a plain HNSW scan can return fewer rows than asked; iterative
// scans keep walking the graph until the filtered LIMIT is met (pgvector >= 0.8).
const sessionSql = (o: SessionOptions) =>
  `SET hnsw.ef_search = ${Math.trunc(o.efSearch ?? 80)}; SET hnsw.iterative_scan = relaxed_order;`;

export async function openDatabase(target: DatabaseTarget, session: SessionOptions = {}): Promise<Database> {
  if (target.kind === 'postgres') return openPostgres(target, session);
  return target.thread === 'main' ? openPglite(target.dataDir, session) : openPgliteWorker(target.dataDir, session, target.statementCache);
}

async function openPostgres(target: { url: string; poolMax?: number; searchPath?: string }, session: SessionOptions): Promise<Database> {
  // Session settings travel in the startup packet, so every pooled connection has them before
  // its first query (placeholders until the vector library loads, then validated by it).
  const settings = [
    `-c hnsw.ef_search=${Math.trunc(session.efSearch ?? 80)}`,
    '-c hnsw.iterative_scan=relaxed_order',
    ...(target.searchPath ? [`-c search_path=${target.searchPath}`] : []),
  ];
  const pool = new pg.Pool({ connectionString: target.url, max: target.poolMax ?? 10, options: settings.join(' ') });
  pool.on('error', () => {
    /* an idle client lost its connection; the pool replaces it on next use */
  });
  // Fail fast on a wrong URL instead of at the first request.
  const client = await pool.connect();
  client.release();
  return { kind: 'postgres', pool, close: () => pool.end() };
}

async function openPglite(dataDir: string, session: SessionOptions): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => undefined : await acquirePgliteLock(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(inMemory ? undefined : dataDir, { extensions: { vector, pg_trgm } });
    // One backend behind every client: session settings stick.
    await db.exec(sessionSql(session));
  } catch (err) {
    release();
    throw err;
  }
  // A fresh pg.Client per pool checkout: with one shared connection config, any SQL error
  // leaves every later query failing with "Connection terminated unexpectedly".
  class PgliteClient extends pg.Client {
    constructor() {
      super(createPgConfig(db) as unknown as pg.ClientConfig);
    }
  }
  // PGlite is single-connection: max 1 serialises transactions instead of interleaving them.
  const pool = new pg.Pool({ Client: PgliteClient as unknown as typeof pg.Client, max: 1 });
  pool.on('error', () => undefined);
  return {
    kind: 'pglite',
    pool,
    async close() {
      await pool.end();
      await db.close();
      release();
    },
  };
}

/**
 * `pg` clients of the worker. A client here is no connection, only a queue position: enough of
 * them that statements wait in the worker's queue, which runs them back to back, rather than in
 * the pool for a client to come back through a busy event loop.
 */
const PGLITE_WORKER_CLIENTS = 100;

async function openPgliteWorker(dataDir: string, session: SessionOptions, statementCache?: number): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://');
  // The lock stays with this process's main thread: it is the process that owns the folder.
  const release = inMemory ? () => undefined : await acquirePgliteLock(dataDir);
  let thread: PgliteThread;
  try {
    thread = await PgliteThread.open({ dataDir: inMemory ? undefined : dataDir, initSql: sessionSql(session), statementCache });
  } catch (err) {
    release();
    throw err;
  }
  // `pg` speaks the wire protocol to the worker as it would to a server, over a socket of its own
  // per client; user and database are placeholders (the startup packet is answered locally).
  // Many clients: their statements queue in the worker, which keeps each transaction to itself.
  const stream = () => new PgliteThreadSocket(thread);
  const pool = new pg.Pool({ stream, user: 'postgres', database: 'postgres', max: PGLITE_WORKER_CLIENTS } as pg.PoolConfig);
  pool.on('error', () => undefined);
  return {
    kind: 'pglite',
    pool,
    async close() {
      try {
        await pool.end();
        await thread.close();
      } finally {
        release();
      }
    },
  };
}

/** Runs `fn` inside a transaction on one pooled client; rolls back on any error. */
export async function withTransaction<T>(db: Database, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
