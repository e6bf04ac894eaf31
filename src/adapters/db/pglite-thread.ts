import { Duplex } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../module-worker.js';
import type { PgliteWorkerData, WorkerReply, WorkerRequest } from './pglite-worker.js';

/**
 * The main thread's side of the PGlite worker (src/adapters/db/pglite-worker.ts): `exec` sends
 * a batch of frontend protocol messages and resolves with the backend's reply bytes.
 *
 * The worker is unreferenced while idle, like an in-process PGlite (an open database does not
 * keep a process alive), and referenced while a request is in flight (a CLI awaiting a query
 * must not exit under it).
 */
export class PgliteThread {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();
  private failure?: Error;
  private closing?: Promise<void>;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: WorkerReply) => {
      if (m.type !== 'result' && m.type !== 'failed' && m.type !== 'closed') return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (!this.pending.size) worker.unref();
      if (m.type === 'result') p.resolve(m.bytes);
      else if (m.type === 'failed') p.reject(new Error(`PGlite: ${m.message}`));
      else p.resolve(new Uint8Array(0));
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`The PGlite worker exited (code ${code})`)));
  }

  static async open(data: PgliteWorkerData): Promise<PgliteThread> {
    const worker = startModuleWorker(import.meta.url, 'pglite-worker', data);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: WorkerReply) => {
        if (m.type === 'ready') done();
        else if (m.type === 'open-failed') done(Object.assign(new Error(m.message), { stack: m.stack }));
      };
      const onError = (err: Error) => done(err);
      const onExit = (code: number) => done(new Error(`The PGlite worker exited while opening (code ${code})`));
      const done = (err?: Error) => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (err) void worker.terminate().finally(() => reject(err));
        else resolve();
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
    worker.unref();
    return new PgliteThread(worker);
  }

  private nextClient = 1;

  /** A new client of the one backend (a `pg` connection's socket). */
  newClient(): number {
    return this.nextClient++;
  }

  /** Runs one client's batch of frontend messages; resolves with the backend's reply. */
  exec(client: number, bytes: Uint8Array): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('PGlite is closing'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (!this.pending.size) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'exec', id, client, bytes } satisfies WorkerRequest, [bytes.buffer as ArrayBuffer]);
    });
  }

  /** The client's socket is gone: the worker drops what it still queued and ends its transaction. */
  release(client: number): void {
    if (!this.failure) this.worker.postMessage({ type: 'release', client } satisfies WorkerRequest);
  }

  /** Closes the database (waits for requests already sent) and ends the worker. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.failure) return;
      const id = this.nextId++;
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      const closed = new Promise<Uint8Array>((resolve, reject) => {
        this.worker.ref();
        this.pending.set(id, { resolve, reject });
        this.worker.postMessage({ type: 'close', id } satisfies WorkerRequest);
      });
      await closed.catch(() => undefined);
      // The worker's port is closed, so it exits by itself; terminate is the backstop.
      const timer = setTimeout(() => void this.worker.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    })();
    return this.closing;
  }

  private fail(err: Error) {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

// Frontend message type bytes this socket treats specially.
const TERMINATE = 0x58; // 'X'

/** AuthenticationOk then ReadyForQuery (idle): what a trust-auth server answers a startup packet. */
const STARTUP_REPLY = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]);

/**
 * What `pg` takes for its socket (`stream` in a client's config), reaching the PGlite worker.
 * `pg` serialises and parses the protocol itself, exactly as with a server. The messages a
 * query writes in one go (Parse, Bind, Describe, Execute, Sync) are gathered and sent as one
 * batch: one trip to the worker per statement instead of one per message. The startup packet
 * is answered here (the embedded backend is already set up and trusts its only user), and
 * Terminate is not forwarded (the backend outlives every client).
 */
export class PgliteThreadSocket extends Duplex {
  private started = false;
  private batch: Buffer[] = [];
  private scheduled = false;
  private inFlight: Promise<void> = Promise.resolve();

  private readonly client: number;

  constructor(private readonly thread: PgliteThread) {
    super();
    this.client = thread.newClient();
  }

  // The net.Socket surface `pg` calls.
  connect(): this {
    process.nextTick(() => this.emit('connect'));
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }

  override _read(): void {
    /* replies are pushed as they arrive */
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (!this.started) {
      this.started = true;
      process.nextTick(() => this.push(STARTUP_REPLY));
      cb();
      return;
    }
    this.batch.push(chunk);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.send());
    }
    cb();
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.send();
    this.inFlight.then(
      () => {
        this.push(null);
        cb();
      },
      (err: Error) => cb(err),
    );
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.batch = [];
    this.thread.release(this.client);
    cb(err);
  }

  private send() {
    this.scheduled = false;
    if (!this.batch.length) return;
    const bytes = forwardable(this.batch);
    this.batch = [];
    if (!bytes.length) return;
    // One request at a time per socket, replies pushed in order.
    const reply = this.thread.exec(this.client, bytes);
    this.inFlight = this.inFlight.then(() =>
      reply.then(
        (out) => {
          if (out.byteLength && !this.destroyed) this.push(Buffer.from(out.buffer, out.byteOffset, out.byteLength));
        },
        (err: Error) => {
          this.destroy(err);
        },
      ),
    );
  }
}

/**
 * The batch's messages in one buffer of its own (it is moved to the worker, so it must not be
 * a view into a shared pool slab), Terminate left out.
 */
function forwardable(chunks: Buffer[]): Uint8Array {
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    // `pg` writes one message per chunk; Terminate comes alone when a client ends.
    if (c[0] === TERMINATE && c.length === 5) continue;
    out.set(c, at);
    at += c.length;
  }
  return at === size ? out : out.subarray(0, at).slice();
}
