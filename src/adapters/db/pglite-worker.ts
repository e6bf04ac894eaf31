/**
 * The embedded database on a thread of its own. PGlite runs every statement synchronously on
 * the thread that owns it; here that thread is a worker, so the service's event loop keeps
 * answering while SQL runs. The main thread speaks the PostgreSQL wire protocol to it
 * (src/adapters/db/pglite-thread.ts): each request is a batch of frontend messages, each reply
 * the backend's bytes, moved (not copied) between the threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

export interface PgliteWorkerData {
  /** A folder, or undefined for an in-memory database. */
  dataDir: string | undefined;
  /** SQL run once after opening (session settings: one backend serves every client). */
  initSql: string;
}

export type WorkerRequest = { type: 'exec'; id: number; bytes: Uint8Array } | { type: 'close'; id: number };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'open-failed'; message: string; stack?: string }
  | { type: 'result'; id: number; bytes: Uint8Array }
  | { type: 'failed'; id: number; message: string }
  | { type: 'closed'; id: number };

const port = parentPort!;
const { dataDir, initSql } = workerData as PgliteWorkerData;

async function main() {
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, { extensions: { vector, pg_trgm } });
    await db.exec(initSql);
  } catch (err) {
    port.postMessage({ type: 'open-failed', message: (err as Error).message, stack: (err as Error).stack } satisfies WorkerReply);
    return;
  }
  // Requests run one at a time in arrival order, like statements on one connection.
  let queue = Promise.resolve();
  port.on('message', (req: WorkerRequest) => {
    queue = queue.then(async () => {
      if (req.type === 'close') {
        await db.close().catch(() => undefined);
        port.postMessage({ type: 'closed', id: req.id } satisfies WorkerReply);
        port.close();
        return;
      }
      try {
        const out = await db.execProtocolRaw(req.bytes);
        // A view into PGlite's own buffer must not be moved: copy when it does not own its memory.
        const bytes = out.byteOffset === 0 && out.byteLength === out.buffer.byteLength ? out : out.slice();
        port.postMessage({ type: 'result', id: req.id, bytes } satisfies WorkerReply, [bytes.buffer as ArrayBuffer]);
      } catch (err) {
        port.postMessage({ type: 'failed', id: req.id, message: (err as Error).message } satisfies WorkerReply);
      }
    });
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
}

void main();
