/**
 * The embedded database on a thread of its own. PGlite runs every statement synchronously on
 * the thread that owns it; here that thread is a worker, so the service's event loop keeps
 * answering while SQL runs. The main thread speaks the PostgreSQL wire protocol to it
 * (src/adapters/db/pglite-thread.ts): each request is one client's batch of frontend messages
 * (a whole statement), each reply the backend's bytes, moved (not copied) between the threads.
 *
 * PGlite has one backend, yet several `pg` clients share it, like a transaction-mode pooler:
 * statements of different clients queue here and run one after another without waiting for
 * the main thread in between, but once a client opens a transaction, only that client's
 * statements run until it ends (the others wait), so no statement ever lands inside another
 * client's transaction.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { StatementCache } from './pglite-statement-cache.js';

export interface PgliteWorkerData {
  /** A folder, or undefined for an in-memory database. */
  dataDir: string | undefined;
  /** SQL run once after opening (session settings: one backend serves every client). */
  initSql: string;
  /** Statements the worker keeps prepared (pglite-statement-cache.ts); 0 turns it off. */
  statementCache?: number;
}

export type WorkerRequest =
  | { type: 'exec'; id: number; client: number; bytes: Uint8Array }
  /** The client's socket is gone: forget its queued statements, roll back its open transaction. */
  | { type: 'release'; client: number }
  | { type: 'close'; id: number };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'open-failed'; message: string; stack?: string }
  | { type: 'result'; id: number; bytes: Uint8Array }
  | { type: 'failed'; id: number; message: string }
  | { type: 'closed'; id: number };

type Exec = Extract<WorkerRequest, { type: 'exec' }>;

const port = parentPort!;
const { dataDir, initSql, statementCache } = workerData as PgliteWorkerData;

// Simple-protocol Query message: 'Q', int32 length, text, NUL.
function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const out = Buffer.alloc(5 + text.length);
  out[0] = 0x51;
  out.writeUInt32BE(4 + text.length, 1);
  text.copy(out, 5);
  return out;
}

/** True when the reply ends with ReadyForQuery: the statement (batch) is complete. */
function endsReady(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return n >= 6 && bytes[n - 6] === 0x5a && bytes[n - 5] === 0 && bytes[n - 4] === 0 && bytes[n - 3] === 0 && bytes[n - 2] === 5;
}

async function main() {
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, { extensions: { vector, pg_trgm } });
    await db.exec(initSql);
  } catch (err) {
    port.postMessage({ type: 'open-failed', message: (err as Error).message, stack: (err as Error).stack } satisfies WorkerReply);
    return;
  }

  const statements = new StatementCache(statementCache ?? 256);
  const queue: Exec[] = [];
  /** The client whose transaction (or unfinished extended-protocol exchange) holds the backend. */
  let owner: number | undefined;
  /** The client whose statement is running, and whether its socket went away meanwhile. */
  let current: number | undefined;
  let currentReleased = false;
  let closeId: number | undefined;
  let running = false;

  const rollbackIfAbandoned = (client: number) => {
    // A client dropped mid-transaction (its pool discarded it after an error): end the
    // transaction, or every other client would wait for it for ever.
    if (owner !== client) return;
    owner = undefined;
    if (db.isInTransaction()) db.execProtocolRawSync(simpleQuery('ROLLBACK'));
  };

  const next = (): Exec | undefined => {
    const i = owner === undefined ? 0 : queue.findIndex((r) => r.client === owner);
    return i < 0 || !queue.length ? undefined : queue.splice(i, 1)[0];
  };

  const run = async () => {
    if (running) return;
    running = true;
    try {
      for (let req = next(); req; req = next()) {
        current = req.client;
        currentReleased = false;
        try {
          // Node's filesystem and the in-memory one write through: syncToFs is a no-op for them
          // (only the browser's IndexedDB needs it), yet its mutex cost half a trivial statement.
          const prepared = statements.prepare(req.bytes);
          let out = await db.execProtocolRaw(prepared.bytes, { syncToFs: false });
          const stale = statements.stale(prepared, out);
          if (stale && !db.isInTransaction()) {
            // The schema changed under a kept statement: drop it and run the client's own.
            await db.execProtocolRaw(simpleQuery(`DEALLOCATE ${stale}`), { syncToFs: false });
            out = await db.execProtocolRaw(req.bytes, { syncToFs: false });
          } else out = statements.reply(prepared, out);
          owner = db.isInTransaction() || !endsReady(out) ? req.client : undefined;
          // A view into PGlite's own buffer must not be moved: copy when it does not own its memory.
          const bytes = out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? out : out.slice();
          port.postMessage({ type: 'result', id: req.id, bytes } satisfies WorkerReply, [bytes.buffer as ArrayBuffer]);
        } catch (err) {
          owner = db.isInTransaction() ? req.client : undefined;
          port.postMessage({ type: 'failed', id: req.id, message: (err as Error).message } satisfies WorkerReply);
        }
        current = undefined;
        if (currentReleased) rollbackIfAbandoned(req.client);
      }
      if (closeId !== undefined && !queue.length) {
        await db.close().catch(() => undefined);
        port.postMessage({ type: 'closed', id: closeId } satisfies WorkerReply);
        port.close();
      }
    } finally {
      running = false;
    }
  };

  port.on('message', (req: WorkerRequest) => {
    if (req.type === 'exec') queue.push(req);
    else if (req.type === 'close') closeId = req.id;
    else {
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.client === req.client) queue.splice(i, 1);
      if (current === req.client) currentReleased = true;
      else rollbackIfAbandoned(req.client);
    }
    void run();
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
}

void main();
