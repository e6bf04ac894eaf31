import type { Worker } from 'node:worker_threads';
import type { Config } from '../../config/config.js';
import { ModelUnavailable } from '../../domain/errors.js';
import type { AnswerChunk, AnswerRequest, Answerer } from '../../ports/answerer.js';
import { startModuleWorker } from '../module-worker.js';

export interface ModelThreadData {
  config: Config;
}
export type ModelThreadRequest =
  | { type: 'answer'; turn: number; request: AnswerRequest }
  | { type: 'abort'; turn: number; reason: string }
  | { type: 'close' };
export type ModelThreadReply =
  | { type: 'chunk'; turn: number; chunk: AnswerChunk }
  | { type: 'end'; turn: number }
  | { type: 'error'; turn: number; error: { message: string; retryable: boolean; stack?: string } };

/** One answer's messages from the thread, read in order by its generator. */
class Inbox {
  private readonly queue: ModelThreadReply[] = [];
  private waiter?: (m: ModelThreadReply) => void;

  push(m: ModelThreadReply) {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w(m);
    } else this.queue.push(m);
  }

  next(): Promise<ModelThreadReply> {
    const m = this.queue.shift();
    return m ? Promise.resolve(m) : new Promise((resolve) => (this.waiter = resolve));
  }
}

/**
 * The main thread's side of the model thread (model-thread-worker.ts): the same answers as
 * `LangChainAnswerer`, with the model's HTTP stream read and parsed on the worker. The worker
 * starts with the answerer, is unreferenced while no answer is in flight (it does not keep a
 * CLI alive), and is started again on the next answer if it ever dies.
 */
export class ModelThreadAnswerer implements Answerer {
  private worker?: Worker;
  private nextTurn = 1;
  /** Answers in flight, each with the worker it was sent to. */
  private readonly inboxes = new Map<number, { inbox: Inbox; worker: Worker }>();
  private closed = false;

  private readonly provider: string;

  constructor(
    private readonly config: Config,
    /** The worker's answerer's id (`openai:gpt-4o-mini`). */
    readonly id: string,
  ) {
    this.provider = config.chat.answerer;
    this.worker = this.start();
  }

  async *answer(request: AnswerRequest, signal: AbortSignal): AsyncIterable<AnswerChunk> {
    if (this.closed) throw new ModelUnavailable(this.provider, { message: 'the model thread is closed', retryable: true });
    const worker = (this.worker ??= this.start());
    const turn = this.nextTurn++;
    const inbox = new Inbox();
    this.inboxes.set(turn, { inbox, worker });
    if (this.inboxes.size === 1) worker.ref();
    const abort = () => worker.postMessage({ type: 'abort', turn, reason: String((signal.reason as Error)?.message ?? 'aborted') } satisfies ModelThreadRequest);
    let ended = false;
    try {
      if (signal.aborted) return;
      signal.addEventListener('abort', abort, { once: true });
      worker.postMessage({ type: 'answer', turn, request } satisfies ModelThreadRequest);
      for (;;) {
        const m = await inbox.next();
        if (m.type === 'chunk') yield m.chunk;
        else {
          ended = true;
          if (m.type === 'end') return;
          throw new ModelUnavailable(this.provider, { message: m.error.message, retryable: m.error.retryable, cause: Object.assign(new Error(m.error.message), { stack: m.error.stack }) });
        }
      }
    } finally {
      signal.removeEventListener('abort', abort);
      // Left early (the caller stopped reading): the model call must stop too.
      if (!ended && !signal.aborted && this.worker === worker) worker.postMessage({ type: 'abort', turn, reason: 'answer abandoned' } satisfies ModelThreadRequest);
      this.inboxes.delete(turn);
      if (!this.inboxes.size && this.worker === worker) worker.unref();
    }
  }

  /** Stops the thread (in-flight answers end with an error). */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies ModelThreadRequest);
    const timer = setTimeout(() => void worker.terminate(), 2_000);
    await exited;
    clearTimeout(timer);
  }

  private start(): Worker {
    const worker = startModuleWorker(import.meta.url, 'model-thread-worker', { config: this.config } satisfies ModelThreadData);
    worker.unref();
    worker.on('message', (m: ModelThreadReply) => this.inboxes.get(m.turn)?.inbox.push(m));
    const fail = (message: string) => {
      if (this.worker === worker) this.worker = undefined;
      // Only this worker's answers: a thread started since then has answers of its own.
      for (const [turn, a] of this.inboxes) if (a.worker === worker) a.inbox.push({ type: 'error', turn, error: { message, retryable: true } });
    };
    worker.on('error', (err) => fail(`the model thread failed: ${err.message}`));
    worker.on('exit', (code) => fail(`the model thread exited (code ${code})`));
    return worker;
  }
}
