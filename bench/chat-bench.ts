/**
 * `npm run bench:chat`: time to first SSE `delta` and full-answer latency at 1, 10 and 100
 * concurrent streams, on the embedded default (PGlite, local answerer) and through the fake
 * OpenAI server with a fixed token delay, to show our own overhead apart from the model's time.
 * Prints the tables and appends a section to docs/benchmarks.md. See bench/README.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LoadRequest, LoadResult, StreamResult } from './chat-load-protocol.js';
import { CHAT_SCRIPTS } from './chat-questions.js';
import { renderChatReport, type ChatBenchReport, type LevelResult, type ScenarioName, type ScenarioResult } from './chat-report.js';
import { startService } from './chat-service.js';
import { freshPgliteFolder, freshServerDatabase, SERVER_DATABASES, serverVersions, type BenchDbKind } from './bench-databases.js';
import type { ModelRecord } from './fake-model-process.js';
import { summarize } from './latency-stats.js';
import { codeVersion, machineInfo } from './machine-info.js';
import { appendReport } from './report-markdown.js';
import { machineBusyPercent, machineCpu } from './machine-cpu.js';
import { mainThreadCpuMs, mainThreadTimes } from './thread-cpu.js';
import { renderProfileSummary, startCpuProfile, summarizeProfile } from './cpu-profile.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HERE = path.dirname(fileURLToPath(import.meta.url));

const USAGE = `usage: npm run bench:chat -- [options]
  --scenarios local,fake-openai   what answers: the offline local answerer, or ANSWERER=openai
                                  against the fake OpenAI server (in its own process)
  --levels 1,10,100               concurrent SSE streams
  --streams 1:200,10:200,100:900  streams (customer messages) per level
  --db pglite                     where the service keeps its data: pglite (the embedded default, a new
                                  folder per scenario) and/or postgres (database bench_chat, recreated)
  --pg-url URL                    superuser URL of the server (default postgres://postgres@127.0.0.1:5432/postgres)
  --token-delay 20                fake model: ms between streamed tokens (and before the first)
  --warmup 20                     untimed streams before each scenario
  --ramp-ms 0                     start the workers of a level evenly over this many ms (0: all at once,
                                  a synchronized burst of first messages; steady-state figures are
                                  reported either way)
  --quick                         smoke run: levels 1,10,100 with 10/30/100 streams; not recorded unless --append
  --no-append                     print only; do not append to docs/benchmarks.md
  --json FILE                     also write the raw results (every stream) as JSON
  --env KEY=VALUE                 a service setting (repeatable), e.g. --env PGLITE_THREAD=main
  --untraced                      no per-turn tracing in the service (no phase table, no DB timers, no tag on
                                  model calls): our overhead is then first delta − the fake's nominal time
                                  to its first token (--token-delay), an upper bound (the fake's own lag
                                  and a follow-up's rewrite call count as ours). The tracing's
                                  AsyncLocalStorage costs the service ~1 ms of CPU per stream.
  --cpu-prof DIR                  CPU-profile the service's process during each level: writes
                                  DIR/<scenario>-<db>-<level>.cpuprofile and prints a summary
                                  (sampling slows the service; do not compare latencies with it on)`;

type Opts = ReturnType<typeof options>;

function options() {
  const { values } = parseArgs({
    options: {
      scenarios: { type: 'string', default: 'local,fake-openai' },
      levels: { type: 'string', default: '1,10,100' },
      db: { type: 'string', default: 'pglite' },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      streams: { type: 'string' },
      'token-delay': { type: 'string', default: '20' },
      warmup: { type: 'string' },
      quick: { type: 'boolean', default: false },
      append: { type: 'boolean', default: false },
      'no-append': { type: 'boolean', default: false },
      json: { type: 'string' },
      'ramp-ms': { type: 'string', default: '0' },
      'cpu-prof': { type: 'string' },
      untraced: { type: 'boolean', default: false },
      env: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positiveInt = (v: string, flag: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a positive integer, got "${v}"`);
    return n;
  };
  const scenarios = values.scenarios.split(',').map((s) => s.trim()).filter(Boolean) as ScenarioName[];
  for (const s of scenarios) if (s !== 'local' && s !== 'fake-openai') throw new Error(`--scenarios: unknown "${s}" (expected local, fake-openai)`);
  const dbs = values.db.split(',').map((s) => s.trim()).filter(Boolean) as BenchDbKind[];
  for (const d of dbs) if (d !== 'pglite' && d !== 'postgres') throw new Error(`--db: unknown "${d}" (expected pglite, postgres)`);
  const levels = values.levels.split(',').map((s) => positiveInt(s.trim(), '--levels'));
  const quick = values.quick;
  const counts = new Map<number, number>();
  // Enough streams for a p95 to mean something at every level (≥ 200; 3 rounds at 100).
  // Nine streams per worker at the top level: enough after the synchronized start for a steady state.
  for (const l of levels) counts.set(l, quick ? Math.max(l, l === 1 ? 10 : l === 10 ? 30 : l) : Math.max(200, l * 9));
  if (values.streams) {
    for (const pair of values.streams.split(',')) {
      const [l, n] = pair.split(':');
      counts.set(positiveInt(l ?? '', '--streams level'), positiveInt(n ?? '', '--streams count'));
    }
  }
  return {
    quick,
    scenarios,
    dbs,
    pgUrl: values['pg-url'],
    levels,
    streams: counts,
    tokenDelayMs: positiveInt(values['token-delay'], '--token-delay'),
    rampMs: Number.isInteger(Number(values['ramp-ms'])) && Number(values['ramp-ms']) >= 0 ? Number(values['ramp-ms']) : (() => { throw new Error('--ramp-ms: a whole number ≥ 0'); })(),
    warmup: positiveInt(values.warmup ?? (quick ? '6' : '20'), '--warmup'),
    append: values['no-append'] ? false : quick ? values.append : true,
    json: values.json,
    cpuProf: values['cpu-prof'],
    traced: !values.untraced,
    env: Object.fromEntries(
      values.env.map((kv) => {
        const i = kv.indexOf('=');
        if (i < 1) throw new Error(`--env: expected KEY=VALUE, got "${kv}"`);
        return [kv.slice(0, i), kv.slice(i + 1)];
      }),
    ),
  };
}

/** A child process running a bench module through tsx, talking over IPC. */
class Child {
  readonly proc: ChildProcess;
  private waiting: Array<{ type: string; resolve: (m: any) => void; reject: (e: Error) => void }> = [];

  constructor(file: string) {
    this.proc = fork(path.join(HERE, file), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.proc.on('message', (m: { type: string; message?: string }) => {
      const i = this.waiting.findIndex((w) => w.type === m.type || m.type === 'error');
      if (i < 0) return;
      const [w] = this.waiting.splice(i, 1);
      if (m.type === 'error') w!.reject(new Error(`${file}: ${m.message}`));
      else w!.resolve(m);
    });
    this.proc.on('exit', (code) => {
      for (const w of this.waiting.splice(0)) w.reject(new Error(`${file} exited with ${code}`));
    });
  }

  request<T>(msg: unknown, reply: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ type: reply, resolve, reject });
      this.proc.send(msg as object);
    });
  }

  stop() {
    if (this.proc.connected) this.proc.disconnect();
  }
}

const mb = () => {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
};

async function runScenario(name: ScenarioName, db: BenchDbKind, opts: Opts, load: Child, log: (s: string) => void): Promise<ScenarioResult> {
  let model: Child | undefined;
  let modelBaseUrl: string | undefined;
  const env: Record<string, string> = { ...opts.env };
  if (name === 'fake-openai') {
    model = new Child('fake-model-process.ts');
    modelBaseUrl = (await model.request<{ baseUrl: string }>({ type: 'start', tokenDelayMs: opts.tokenDelayMs }, 'ready')).baseUrl;
    Object.assign(env, { ANSWERER: 'openai', CHAT_MODEL: 'gpt-fake', OPENAI_BASE_URL: modelBaseUrl, OPENAI_API_KEY: 'sk-bench' });
  }
  const fresh = db === 'pglite' ? freshPgliteFolder('chat', false) : await freshServerDatabase(opts.pgUrl, SERVER_DATABASES.chat);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kefu-chat-bench-'));
  log(`${name} on ${db}: booting the service (${fresh.env.DATA_DIR ?? fresh.env.DATABASE_URL}) and ingesting the sample knowledge base`);
  const service = await startService({ env: { ...env, ...fresh.env }, dataDir, modelBaseUrl, trace: opts.traced });
  const memoryBoot = mb();
  let modelCpuMs: number | undefined;
  const modelRecords = async () => {
    if (!model) return [];
    const r = await model.request<{ records: ModelRecord[]; cpuMs: number }>({ type: 'records' }, 'records');
    modelCpuMs = r.cpuMs;
    return r.records;
  };
  let scriptOffset = 0;
  const drive = (concurrency: number, streams: number, rampMs = 0) => {
    const req: LoadRequest = {
      type: 'run', baseUrl: service.baseUrl, knowledgeBase: service.knowledgeBase, concurrency, streams, scripts: CHAT_SCRIPTS, scriptOffset, timeoutMs: 60_000, rampMs,
    };
    scriptOffset += streams;
    return load.request<LoadResult>(req, 'result');
  };
  try {
    log(`${name}: warm-up, ${opts.warmup} streams at concurrency 2`);
    await drive(2, opts.warmup);
    await modelRecords();
    const levels: LevelResult[] = [];
    for (const concurrency of opts.levels) {
      const streams = opts.streams.get(concurrency)!;
      log(`${name}/${db}: ${concurrency} concurrent, ${streams} streams`);
      service.traces.clear();
      service.requests.length = 0;
      service.accepts.length = 0;
      service.resetPoolStats();
      const memoryBefore = mb();
      let peakRss = memoryBefore.rss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
      const eld = monitorEventLoopDelay({ resolution: 10 });
      eld.enable();
      const profiler = opts.cpuProf ? await startCpuProfile() : undefined;
      const main0 = mainThreadCpuMs();
      const times0 = mainThreadTimes();
      const cpu0 = process.cpuUsage();
      const machine0 = machineCpu();
      const load0 = os.loadavg();
      const result = await drive(concurrency, streams, opts.rampMs);
      const cpu = process.cpuUsage(cpu0);
      const machineBusy = machineBusyPercent(machine0, machineCpu());
      const main1 = mainThreadCpuMs();
      const times1 = mainThreadTimes();
      if (profiler) {
        const profile = await profiler.stop();
        fs.mkdirSync(opts.cpuProf!, { recursive: true });
        const file = path.join(opts.cpuProf!, `${name}-${db}-${concurrency}.cpuprofile`);
        fs.writeFileSync(file, JSON.stringify(profile));
        log(`CPU profile ${file}\n${renderProfileSummary(summarizeProfile(profile, 30), streams)}`);
      }
      eld.disable();
      clearInterval(sampler);
      const memoryAfter = mb();
      const records = await modelRecords();
      levels.push(
        levelResult({
          concurrency, result, records, nominalModelMs: opts.tokenDelayMs, served: [...service.requests], accepts: [...service.accepts], traces: service.traces, pool: service.pool, wallMs: result.wallMs,
          eventLoop: { p50: eld.percentile(50) / 1e6, p99: eld.percentile(99) / 1e6, max: eld.max / 1e6, mean: eld.mean / 1e6 },
          cpuPercent: ((cpu.user + cpu.system) / 1000 / result.wallMs) * 100,
          machineBusyPercent: machineBusy,
          clientCpuPercent: (result.cpuMs / result.wallMs) * 100,
          modelCpuPercent: model && modelCpuMs !== undefined ? (modelCpuMs / result.wallMs) * 100 : undefined,
          mainThreadCpuMs: main0 !== undefined && main1 !== undefined ? main1 - main0 : undefined,
          memoryBefore, memoryAfter, peakRss, loadAverage: load0,
        }),
      );
      const l = levels.at(-1)!;
      log(
        `${name}/${db} @ ${concurrency}: ${l.failed}/${l.streams} failed; first delta p50 ${l.firstDelta.p50.toFixed(0)} p95 ${l.firstDelta.p95.toFixed(0)} ms; ` +
          `done p95 ${l.done.p95.toFixed(0)} ms${l.overhead ? `; our overhead p95 ${l.overhead.p95.toFixed(0)} ms` : ''}; event-loop max ${l.eventLoop.max.toFixed(0)} ms; ` +
          `machine CPU ${l.machineBusyPercent === undefined ? '?' : l.machineBusyPercent.toFixed(0)}% of ${os.availableParallelism()} cores ` +
          `(load client ${l.clientCpuPercent?.toFixed(0)}%, fake model ${l.modelCpuPercent === undefined ? '–' : l.modelCpuPercent.toFixed(0)}% of one core); ` +
          `CPU ${(((l.cpuPercent / 100) * l.wallMs) / l.streams).toFixed(1)} ms/stream, main thread ${l.mainThreadCpuMs === undefined ? '?' : (l.mainThreadCpuMs / l.streams).toFixed(1)} ms/stream` +
          (times0 && times1 ? ` (user ${((times1.user - times0.user) / l.streams).toFixed(1)}, system ${((times1.system - times0.system) / l.streams).toFixed(1)})` : ''),
      );
    }
    return {
      name,
      db,
      settings: { ...env, OPENAI_API_KEY: env.OPENAI_API_KEY ? '(set)' : undefined, tokenDelayMs: name === 'fake-openai' ? opts.tokenDelayMs : undefined },
      answerer: service.ctx.answerer.id,
      bootMs: service.bootMs,
      ingestMs: service.ingestMs,
      memoryBoot,
      memoryEnd: mb(),
      levels,
    };
  } finally {
    await service.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await fresh.dispose();
    model?.stop();
  }
}

function levelResult(a: {
  concurrency: number;
  result: LoadResult;
  records: ModelRecord[];
  /**
   * The fake's nominal time to its first token, subtracted from every stream when no model call
   * carries a turn's tag: an untraced run, or answers on the model thread (whose fetch the
   * benchmark does not wrap).
   */
  nominalModelMs: number;
  served: import('./chat-service.js').ServedRequest[];
  accepts: number[];
  traces: Map<string, import('./chat-service.js').TurnTrace>;
  pool: import('./chat-service.js').PoolStats;
  wallMs: number;
  eventLoop: LevelResult['eventLoop'];
  cpuPercent: number;
  machineBusyPercent: number | undefined;
  clientCpuPercent: number;
  modelCpuPercent: number | undefined;
  mainThreadCpuMs: number | undefined;
  memoryBefore: LevelResult['memoryBefore'];
  memoryAfter: LevelResult['memoryAfter'];
  peakRss: number;
  loadAverage: number[];
}): LevelResult {
  const ok = a.result.streams.filter((s) => !s.failure);
  const failures = new Map<string, number>();
  for (const s of a.result.streams) if (s.failure) failures.set(s.failure.slice(0, 120), (failures.get(s.failure.slice(0, 120)) ?? 0) + 1);

  // The model's own time before the first token of each turn: the rewrite call (follow-ups) and
  // the streamed answer up to its first content chunk, as measured inside the fake.
  const byTurn = new Map<string, ModelRecord[]>();
  for (const r of a.records) if (r.turn) byTurn.set(r.turn, [...(byTurn.get(r.turn) ?? []), r]);
  const overhead: number[] = [];
  const overheadOf = new Map<StreamResult, number>();
  const modelFirst: number[] = [];
  const modelCalls: Record<string, number> = {};
  for (const r of a.records) modelCalls[r.purpose] = (modelCalls[r.purpose] ?? 0) + 1;
  const untagged = a.records.filter((r) => !r.turn).length;
  let withoutModelAnswer = 0;
  // Answers on the model thread leave from a fetch the benchmark does not wrap: their calls carry
  // no turn's tag, and the fake's nominal time stands in for them (rewrites, on the main thread,
  // are still matched when traced).
  const nominal = a.records.length > 0 && !a.records.some((r) => r.purpose === 'answer' && r.turn);
  if (a.records.length) {
    for (const s of ok) {
      const recs = byTurn.get(`${s.conversationId}#${s.turn}`) ?? [];
      const tagged = recs.find((r) => r.purpose === 'answer' && r.stream);
      const rewrite = recs.filter((r) => r.purpose === 'rewrite').reduce((t, r) => t + r.endMs, 0);
      const answer = tagged?.firstContentMs ?? (nominal && s.done?.kind !== 'clarification' ? a.nominalModelMs : undefined);
      if (answer === undefined) withoutModelAnswer++;
      const model = rewrite + (answer ?? 0);
      modelFirst.push(model);
      overhead.push(s.firstDeltaMs! - model);
      overheadOf.set(s, s.firstDeltaMs! - model);
    }
  }
  // Steady state: every worker started together (or over the ramp), so the first stream of each
  // met a crowd no real traffic sends at once, and at the end fewer and fewer workers remain.
  // The streams sent after all the first ones had ended and before the last was issued ran with
  // all `concurrency` workers busy and no synchronized start behind them.
  const bySend = [...a.result.streams].sort((x, y) => x.sentEpoch - y.sentEpoch);
  const firsts = bySend.slice(0, a.concurrency);
  const steadyFrom = Math.max(...firsts.map((s) => s.sentEpoch + s.endMs));
  const steadyTo = bySend.at(-1)?.sentEpoch ?? 0;
  const steady = ok.filter((s) => s.sentEpoch >= steadyFrom && s.sentEpoch <= steadyTo);
  const steadyOverhead = steady.map((s) => overheadOf.get(s)).filter((x): x is number => x !== undefined);
  const phase = (f: (s: StreamResult, t: import('./chat-service.js').TurnTrace | undefined) => number | undefined) =>
    summarize(ok.map((s) => f(s, a.traces.get(`${s.conversationId}#${s.turn}`))).filter((x): x is number => x !== undefined && Number.isFinite(x)));
  return {
    concurrency: a.concurrency,
    streams: a.result.streams.length,
    failed: a.result.streams.length - ok.length,
    failures: [...failures].map(([reason, count]) => ({ reason, count })),
    followUps: a.result.streams.filter((s) => s.turn > 0).length,
    zh: a.result.streams.filter((s) => s.lang === 'zh').length,
    wallMs: a.wallMs,
    throughput: a.result.streams.length / (a.wallMs / 1000),
    meta: summarize(ok.map((s) => s.metaMs!)),
    firstDelta: summarize(ok.map((s) => s.firstDeltaMs!)),
    done: summarize(ok.map((s) => s.doneMs!)),
    open: summarize(a.result.opens),
    overhead: overhead.length ? summarize(overhead) : undefined,
    steady: steady.length
      ? { streams: steady.length, firstDelta: summarize(steady.map((s) => s.firstDeltaMs!)), overhead: steadyOverhead.length ? summarize(steadyOverhead) : undefined }
      : undefined,
    modelFirstToken: modelFirst.length ? summarize(modelFirst) : undefined,
    modelCalls,
    untaggedModelCalls: untagged,
    turnsWithoutModelAnswer: withoutModelAnswer,
    overheadAgainstNominal: nominal,
    phases: {
      loadConversation: phase((_, t) => t?.phases.loadConversation),
      beginTurn: phase((_, t) => t?.phases.beginTurn),
      rewrite: phase((s) => s.done?.timings.rewriteMs),
      retrieval: phase((s) => s.done?.timings.retrievalMs),
      passages: phase((_, t) => t?.phases.passages),
      firstTokenServer: phase((s) => s.done?.timings.firstTokenMs),
      answer: phase((s) => s.done?.timings.answerMs),
      answererFirstText: phase((_, t) => t?.phases.answererFirstText),
      // The same minus the fake model's own time to its first content chunk: LangChain, the HTTP client, event-loop waits.
      answererNotModel: phase((s, t) => {
        const answer = (byTurn.get(`${s.conversationId}#${s.turn}`) ?? []).find((r) => r.purpose === 'answer' && r.stream);
        return t?.phases.answererFirstText !== undefined && answer?.firstContentMs !== undefined ? t.phases.answererFirstText - answer.firstContentMs : undefined;
      }),
      // Inbound: request written → the turn starts (HTTP, routing, body parsing, event-loop queue).
      inbound: phase((s, t) => (t ? t.startEpoch - s.sentEpoch : undefined)),
      // Outbound: the turn yields its first delta → the client has read it (SSE write, socket, client).
      outbound: phase((s, t) => (t?.firstDeltaEpoch !== undefined ? s.sentEpoch + s.firstDeltaMs! - t.firstDeltaEpoch : undefined)),
      finishTurn: phase((_, t) => t?.phases.finishTurn),
      dbWait: phase((_, t) => t?.dbWaitMs),
      dbHold: phase((_, t) => t?.dbHoldMs),
      dbCheckouts: phase((_, t) => t?.dbCheckouts),
    },
    // New connections: the k-th handshake (client side) against the k-th accept (server side);
    // the kernel's accept queue is first in, first out.
    acceptLag: (() => {
      const c = [...a.result.connects].sort((x, y) => x - y);
      const s = [...a.accepts].sort((x, y) => x - y);
      return summarize(c.slice(0, s.length).map((t, i) => s[i]! - t));
    })(),
    openServer: summarize(a.served.filter((r) => r.method === 'POST' && r.url === '/v1/conversations').map((r) => r.endEpoch - r.startEpoch)),
    pool: { busyPercent: (a.pool.busyMs / a.wallMs) * 100, wait: summarize(a.pool.waits), checkouts: a.pool.checkouts, maxWaiting: a.pool.maxWaiting },
    eventLoop: a.eventLoop,
    cpuPercent: a.cpuPercent,
    machineBusyPercent: a.machineBusyPercent,
    clientCpuPercent: a.clientCpuPercent,
    modelCpuPercent: a.modelCpuPercent,
    mainThreadCpuMs: a.mainThreadCpuMs,
    memoryBefore: a.memoryBefore,
    memoryAfter: a.memoryAfter,
    peakRss: a.peakRss,
    loadAverage: a.loadAverage,
    kinds: ok.reduce<Record<string, number>>((k, s) => ((k[s.done?.kind ?? '?'] = (k[s.done?.kind ?? '?'] ?? 0) + 1), k), {}),
    raw: a.result.streams,
    openLog: a.result.openLog,
    served: a.served,
  };
}

async function main() {
  const opts = options();
  // Warnings raised in the service's process (the customers and the fake model have their own).
  process.on('warning', (w) => console.error(`[service process] ${w.name}: ${w.message}`));
  const startedAt = new Date();
  const machine = machineInfo();
  const code = codeVersion();
  const server = opts.dbs.includes('postgres') ? await serverVersions(opts.pgUrl) : undefined;
  const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
  const load = new Child('chat-load-client.ts');
  const scenarios: ScenarioResult[] = [];
  try {
    for (const db of opts.dbs) for (const s of opts.scenarios) scenarios.push(await runScenario(s, db, opts, load, log));
  } finally {
    load.stop();
  }
  const report: ChatBenchReport = {
    startedAt,
    finishedAt: new Date(),
    mode: opts.quick ? 'quick' : 'full',
    command: ['npm run bench:chat', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    machine,
    loadAverageEnd: os.loadavg(),
    code,
    server,
    tokenDelayMs: opts.tokenDelayMs,
    traced: opts.traced,
    rampMs: opts.rampMs,
    warmup: opts.warmup,
    env: opts.env,
    scripts: CHAT_SCRIPTS,
    scenarios,
  };
  const markdown = renderChatReport(report);
  console.log(`\n${markdown}`);
  if (opts.append) {
    const file = path.join(ROOT, 'docs/benchmarks.md');
    appendReport(file, markdown);
    log(`appended to ${path.relative(process.cwd(), file)}`);
  } else {
    log('not appended to docs/benchmarks.md (quick run or --no-append; pass --append to record)');
  }
  if (opts.json) {
    fs.writeFileSync(opts.json, JSON.stringify(report, null, 2));
    log(`raw results: ${opts.json}`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
