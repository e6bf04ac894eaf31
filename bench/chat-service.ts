import { AsyncLocalStorage } from 'node:async_hooks';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.js';
import { loadConfig, type Env } from '../src/config/config.js';
import { createContext, type AppContext } from '../src/composition-root.js';
import { ingestSampleKb, SAMPLE_ENV } from '../test/helpers/sample-kb.js';

/**
 * The service as the chat benchmark runs it: `createContext` + `buildApp` in this process on a
 * real port, a PGlite folder of its own, the sample shop ingested as the quickstart does,
 * logging at warn. On top, measuring only (no behaviour changes):
 * - every turn runs inside an AsyncLocalStorage trace, keyed `<conversation id>#<turn index>`,
 *   which collects the time spent in the conversation store, in loading passages, and waiting
 *   for / holding the database connection;
 * - requests to the fake model carry the trace key in `x-bench-turn`, so the model's own time
 *   can be subtracted turn by turn.
 */

export interface TurnTrace {
  key: string;
  /** Wall-clock times (performance.timeOrigin + now, comparable across processes), ms. */
  startEpoch: number;
  firstDeltaEpoch?: number;
  phases: Record<string, number>;
  dbWaitMs: number;
  dbHoldMs: number;
  dbCheckouts: number;
}

export interface ServedRequest {
  method: string;
  url: string;
  status: number;
  startEpoch: number;
  endEpoch: number;
}

export interface PoolStats {
  /** Time from asking the pool for the connection to getting it, per checkout, ms. */
  waits: number[];
  /** Sum of the time the connection was checked out, ms. */
  busyMs: number;
  checkouts: number;
  maxWaiting: number;
}

export const newPoolStats = (): PoolStats => ({ waits: [], busyMs: 0, checkouts: 0, maxWaiting: 0 });

export interface BenchService {
  baseUrl: string;
  ctx: AppContext;
  knowledgeBase: string;
  traces: Map<string, TurnTrace>;
  /** Requests answered through Fastify (hijacked SSE responses do not reach onResponse). */
  requests: ServedRequest[];
  /** Epoch ms at which the HTTP server accepted each connection. */
  accepts: number[];
  pool: PoolStats;
  resetPoolStats(): void;
  bootMs: number;
  ingestMs: number;
  close(): Promise<void>;
}

const BENCH_HEADER = 'x-bench-turn';
export const epoch = () => performance.timeOrigin + performance.now();

export async function startService(opts: { env: Env; dataDir: string; modelBaseUrl?: string; trace?: boolean }): Promise<BenchService> {
  const traces = new Map<string, TurnTrace>();
  const trace = opts.trace ?? true;
  const als = new AsyncLocalStorage<TurnTrace>();

  // The OpenAI SDK takes the global fetch when LangChain first builds its client, so the tag is
  // in place before the context exists.
  const realFetch = globalThis.fetch;
  if (opts.modelBaseUrl && trace) {
    const target = opts.modelBaseUrl;
    globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const trace = als.getStore();
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!trace || !url.startsWith(target)) return realFetch(input, init);
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      headers.set(BENCH_HEADER, trace.key);
      return realFetch(input, { ...init, headers });
    }) as typeof fetch;
  }

  const t0 = performance.now();
  // An explicit environment: a DATABASE_URL or ANSWERER in the shell must not change what is measured.
  // Every simulated customer comes from 127.0.0.1: per-IP rate limits would measure 429s, not answers.
  const config = loadConfig({
    NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', DATA_DIR: opts.dataDir, RATE_LIMIT_ENABLED: 'false',
    // What is measured is answering, not authentication (bench:auth measures that).
    AUTH_ENABLED: 'false', ...SAMPLE_ENV, ...opts.env,
  });
  const ctx = await createContext(config);
  const bootMs = performance.now() - t0;
  const t1 = performance.now();
  const kb = await ingestSampleKb(ctx, 'demo');
  const ingestMs = performance.now() - t1;

  let pool = newPoolStats();
  // Untraced: none of the wrappers below. AsyncLocalStorage alone turns on Node 20's promise hooks
  // for the whole process, about 1 ms of main-thread CPU per stream at 100 streams.
  if (trace) instrument();
  function instrument() {
    // --- database connection: wait and hold times
    const pgPool = ctx.db.pool;
    const holds = new Map<unknown, { t: number; trace?: TurnTrace }>();
    const connect = pgPool.connect.bind(pgPool) as (cb?: (err: Error | undefined, client: unknown, done: unknown) => void) => unknown;
    const acquired = (t: number, trace: TurnTrace | undefined, client: unknown) => {
      const now = performance.now();
      pool.waits.push(now - t);
      pool.checkouts++;
      if (trace) {
        trace.dbWaitMs += now - t;
        trace.dbCheckouts++;
      }
      holds.set(client, { t: now, trace });
    };
    (pgPool as unknown as { connect: unknown }).connect = (cb?: (err: Error | undefined, client: unknown, done: unknown) => void) => {
      const t = performance.now();
      const trace = als.getStore();
      let out: unknown;
      if (typeof cb === 'function') {
        out = connect((err, client, done) => {
          if (!err) acquired(t, trace, client);
          cb(err, client, done);
        });
      } else {
        out = (connect() as Promise<unknown>).then((client) => {
          acquired(t, trace, client);
          return client;
        });
      }
      pool.maxWaiting = Math.max(pool.maxWaiting, pgPool.waitingCount);
      return out;
    };
    pgPool.on('release', (_err: Error | undefined, client: unknown) => {
      const h = holds.get(client);
      if (!h) return;
      holds.delete(client);
      const held = performance.now() - h.t;
      pool.busyMs += held;
      if (h.trace) h.trace.dbHoldMs += held;
    });

    // --- phases the turn's own timings do not show
    const timeMethod = <T extends object>(obj: T, name: keyof T & string, label: string) => {
      const fn = (obj[name] as (...a: unknown[]) => Promise<unknown>).bind(obj);
      (obj as Record<string, unknown>)[name] = async (...args: unknown[]) => {
        const t = performance.now();
        try {
          return await fn(...args);
        } finally {
          const trace = als.getStore();
          if (trace) trace.phases[label] = (trace.phases[label] ?? 0) + performance.now() - t;
        }
      };
    };
    // One statement since 2026-11-26 (conversation, brief history, knowledge base).
    timeMethod(ctx.conversations, 'turnContext', 'loadConversation');
    timeMethod(ctx.conversations, 'beginTurn', 'beginTurn');
    timeMethod(ctx.conversations, 'finishTurn', 'finishTurn');
    timeMethod(ctx.evidence, 'passages', 'passages');

    // The answerer from its call to its first text: for a chat model, LangChain + HTTP + the model.
    const answer = ctx.answerer.answer.bind(ctx.answerer);
    (ctx.answerer as { answer: typeof answer }).answer = async function* (req, signal) {
      const t = performance.now();
      const trace = als.getStore();
      for await (const chunk of answer(req, signal)) {
        if (trace && chunk.type === 'delta' && chunk.text && trace.phases.answererFirstText === undefined) trace.phases.answererFirstText = performance.now() - t;
        yield chunk;
      }
    };

    // --- every turn inside its trace (the route looks `answerTurn` up on the context per request)
    const answerTurn = ctx.answerTurn;
    const turnsSeen = new Map<string, number>();
    (ctx as { answerTurn: AppContext['answerTurn'] }).answerTurn = (conversationId, content, signal) => {
      const n = turnsSeen.get(conversationId) ?? 0;
      turnsSeen.set(conversationId, n + 1);
      const trace: TurnTrace = { key: `${conversationId}#${n}`, startEpoch: epoch(), phases: {}, dbWaitMs: 0, dbHoldMs: 0, dbCheckouts: 0 };
      traces.set(trace.key, trace);
      const gen = als.run(trace, () => answerTurn(conversationId, content, signal));
      const wrapped: ReturnType<AppContext['answerTurn']> = {
        next: (...a) =>
          als.run(trace, () => gen.next(...a)).then((r) => {
            if (!r.done && r.value.type === 'delta') trace.firstDeltaEpoch ??= epoch();
            return r;
          }),
        return: (v) => als.run(trace, () => gen.return(v)),
        throw: (e) => als.run(trace, () => gen.throw(e)),
        [Symbol.asyncIterator]() {
          return wrapped;
        },
      } as ReturnType<AppContext['answerTurn']>;
      return wrapped;
    };

  }

  const app = await buildApp(config, { ctx, ownsContext: true });
  // Every HTTP request as the service saw it: when Fastify got it and when the response ended.
  const requests: ServedRequest[] = [];
  app.addHook('onRequest', async (req) => {
    (req as { benchStart?: number }).benchStart = epoch();
  });
  app.addHook('onResponse', async (req, reply) => {
    requests.push({ method: req.method, url: req.url, status: reply.statusCode, startEpoch: (req as { benchStart?: number }).benchStart ?? NaN, endEpoch: epoch() });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  // When Node accepted each connection: under load it can lag far behind the TCP handshake.
  const accepts: number[] = [];
  app.server.on('connection', () => accepts.push(epoch()));
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    ctx,
    knowledgeBase: kb.name,
    traces,
    requests,
    accepts,
    get pool() {
      return pool;
    },
    resetPoolStats() {
      pool = newPoolStats();
    },
    bootMs,
    ingestMs,
    async close() {
      await app.close();
      globalThis.fetch = realFetch;
    },
  };
}
