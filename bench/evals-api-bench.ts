/**
 * npm run bench:evals [-- --db pglite,postgres] [--pg-url URL] [--no-append]
 *
 * The QA API (POST /v1/evals) on each database: how long a 10,000-case upload takes to be
 * accepted (202), split into validation and storage; then job throughput in scored cases per
 * second for a live knowledge base (retrieval, then with answers), a 10k-case sentiment suite and
 * a configured suite with knowledge paths (throwaway in-memory database + ingest included), each
 * beside runSuites() called directly (no API: no progress or result writes). While the live job
 * runs, a request that reads the database (GET /v1/evals/:id) is timed every 50 ms: what a
 * polling QA engineer, or a customer, waits while a job holds the database.
 * Requests go through `inject` (in process, no socket). Appends to docs/benchmarks.md.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { createContext } from '../src/composition-root.js';
import { createLivePipeline } from '../evals/live-pipeline.js';
import { runSuites } from '../evals/run-suites.js';
import { loadSuite, type Suite } from '../evals/suite-loader.js';
import { ingestSampleKb, SAMPLE_ENV } from '../test/helpers/sample-kb.js';
import { tenThousandCases } from '../test/helpers/eval-cases.js';
import { appendReport, ms, table } from './report-markdown.js';
import { freshPgliteFolder, freshServerDatabase, SERVER_DATABASES, type FreshDatabase } from './bench-databases.js';
import { summarize } from './latency-stats.js';
import { codeVersion, machineInfo } from './machine-info.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : def;
};
const dbs = arg('--db', 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
const pgUrl = arg('--pg-url', 'postgres://postgres@127.0.0.1:5432/postgres');
const append = !process.argv.includes('--no-append');

function multipart(files: Record<string, string>, fields: Record<string, string> = {}) {
  const b = `----bench${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const [k, v] of Object.entries(files))
    parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${k}"\r\n\r\n`), Buffer.from(v), Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${b}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

const LIVE_YAML = 'name: bench-live\nkind: docs\nknowledge: []\nknowledge_base: demo\ncases: cases.jsonl\n';
const SENTIMENT = ['太棒了，非常满意', '气死我了，还没发货', 'It arrived on time, thanks', 'This is terrible, I want a refund', '请问在哪里查看订单'];
const sentimentCases = (n: number) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ id: `s-${i}`, lang: i % 5 < 2 || i % 5 === 4 ? 'zh' : 'en', messages: [{ role: 'user', content: `${SENTIMENT[i % 5]} ${i}` }], expect: { sentiment: ['positive', 'negative', 'positive', 'negative', 'neutral'][i % 5] } })).join('\n') + '\n';

interface Row { db: string; job: string; cases: number; apiS: number; directS: number | null; probe?: string }
const uploads: string[][] = [];
const rows: Row[] = [];

for (const kind of dbs) {
  const fresh: FreshDatabase = kind === 'pglite' ? freshPgliteFolder('evals', false) : await freshServerDatabase(pgUrl, SERVER_DATABASES.evals);
  const config = loadConfig({ LOG_LEVEL: 'warn', AUTH_ENABLED: 'false', ...SAMPLE_ENV, ...fresh.env, EVAL_SUITES_DIRS: path.join(ROOT, 'evals/suites') });
  const ctx = await createContext(config);
  const app = await buildApp(config, { ctx, ownsContext: true, fastify: { logger: false } });
  await app.ready();
  await ingestSampleKb(ctx, 'demo');
  const { evals } = app;
  const post = (body: object) => app.inject({ method: 'POST', url: '/v1/evals', ...body });
  const waitDone = async (id: string) => {
    await evals.queue.idle();
    const run = await evals.runs.get(id);
    if (run?.status !== 'succeeded') throw new Error(`run ${id} ${run?.status}: ${JSON.stringify(run?.error)}`);
    return run;
  };

  // 1. A 10k-case upload: the request until 202, and its parts measured alone.
  const big = tenThousandCases();
  const files = [{ name: 'suite.yaml', bytes: Buffer.from(LIVE_YAML) }, { name: 'cases.jsonl', bytes: Buffer.from(big) }];
  const request: number[] = [], parse: number[] = [], store: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t0 = performance.now();
    const res = await post(multipart({ 'suite.yaml': LIVE_YAML, 'cases.jsonl': big }, { answers: 'false' }));
    if (res.statusCode !== 202) throw new Error(`upload: ${res.statusCode} ${res.body}`);
    if (i) request.push(performance.now() - t0); // the first one warms the code paths
    await evals.queue.cancel(res.json().id);
    await evals.queue.idle();
    const t1 = performance.now();
    const engine = await import('../evals/eval-engine.js').then((m) => m.createEvalEngine(ctx, { suites: evals.suites }));
    const parsed = await engine.parseUpload(files, { answers: 'false' });
    const t2 = performance.now();
    await evals.suites.replace(parsed.suite, parsed.cases);
    if (i) parse.push(t2 - t1), store.push(performance.now() - t2);
  }
  const p = (xs: number[]) => `${ms(summarize(xs).p50)} (${ms(Math.min(...xs))}–${ms(Math.max(...xs))})`;
  uploads.push([kind, `${(Buffer.byteLength(big) / 1024 / 1024).toFixed(1)} MB`, p(request), p(parse), p(store)]);

  // 2. Throughput through the API, and the same suite through runSuites() directly.
  const jobSeconds = (run: { startedAt: Date | null; finishedAt: Date | null }) => (run.finishedAt!.getTime() - run.startedAt!.getTime()) / 1000;
  const live = async (limit: number, answers: boolean, label: string) => {
    const run = await waitDone((await post({ payload: { suite: 'bench-live', limit, answers } })).json().id);
    // The same job again, timing a GET every 50 ms while it runs (apart, so it does not slow the figure above).
    const probes: number[] = [];
    const id = (await post({ payload: { suite: 'bench-live', limit, answers } })).json().id;
    let running = true;
    const probing = (async () => {
      while (running) {
        const s = performance.now();
        await app.inject({ url: `/v1/evals/${id}?limit=1` });
        probes.push(performance.now() - s);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    await waitDone(id);
    running = false;
    await probing;
    const suite: Suite = { ...(await evalsSuite('bench-live')), knowledgeBase: (await ctx.knowledgeBases.find('demo'))!.id };
    const t1 = performance.now();
    await runSuites([suite], { config, limit, answers, live: createLivePipeline(ctx) });
    const q = summarize(probes);
    rows.push({ db: kind, job: label, cases: run.progress.done, apiS: jobSeconds(run), directS: (performance.now() - t1) / 1000, probe: `${ms(q.p50)} / ${ms(q.p95)} / ${ms(q.max)} (${q.n})` });
  };
  const evalsSuite = async (name: string): Promise<Suite> => {
    const s = (await evals.suites.get(name))!;
    return { dir: '', file: name, name, kind: s.kind as Suite['kind'], knowledge: [], cases: (await evals.suites.cases(s.id)) as Suite['cases'] };
  };
  await live(2000, false, 'live KB, retrieval, 2,000 cases');
  await live(300, true, 'live KB, retrieval + answers, 300 cases');

  const sent = sentimentCases(10_000);
  let run = await waitDone((await post(multipart({ 'mood.jsonl': sent }, { name: 'bench-mood', kind: 'sentiment' }))).json().id);
  let t0 = performance.now();
  await runSuites([await evalsSuite('bench-mood')], { config });
  rows.push({ db: kind, job: 'sentiment, 10,000 cases', cases: run.progress.done, apiS: jobSeconds(run), directS: (performance.now() - t0) / 1000 });

  run = await waitDone((await post({ payload: { suite: 'multi-turn' } })).json().id);
  t0 = performance.now();
  await runSuites([loadSuite(path.join(ROOT, 'evals/suites/multi-turn'))], { config: { ...config, database: { kind: 'pglite', dataDir: 'memory://' }, redis: undefined } });
  rows.push({ db: kind, job: 'configured suite multi-turn (in-memory DB + ingest included)', cases: run.progress.done, apiS: jobSeconds(run), directS: (performance.now() - t0) / 1000 });

  await app.close();
  await fresh.dispose();
}

const m = machineInfo();
const v = codeVersion();
const report = [
  `## QA API: upload and job throughput, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `Command: \`npx tsx bench/evals-api-bench.ts${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}\` · commit ${v.commit.slice(0, 12)}${v.modified.length ? ` (modified: ${v.modified.join(', ')})` : ''} · ${m.cpu}, ${m.cores} cores, ${m.os}, Node ${m.node}, PGlite ${m.pglite} · load average at start ${m.loadAverage.map((x) => x.toFixed(2)).join(' ')}`,
  '',
  'A 10,000-case upload (suite.yaml + cases.jsonl on a live knowledge base) until the 202, ms, p50 (min–max) of 3 after a warm-up; "validation" is the shared loader on the files, "storage" the one write of the stored suite:',
  '',
  table(['database', 'upload size', 'request → 202', 'validation', 'storage'], uploads),
  '',
  'Jobs: scored cases (a case answered too counts twice) per second, from the run\'s start to its end as recorded (progress and result writes included), beside runSuites() called directly on the same suite (no writes); and, in a second run of the same job, a GET /v1/evals/:id made every 50 ms, ms p50 / p95 / max (n):',
  '',
  table(
    ['database', 'job', 'scored', 'API cases/s', 'direct cases/s', 'GET during the job'],
    rows.map((r) => [r.db, r.job, String(r.cases), (r.cases / r.apiS).toFixed(0), r.directS ? (r.cases / r.directS).toFixed(0) : '–', r.probe ?? '']),
  ),
  '',
].join('\n');
console.log(report);
if (append) {
  appendReport(path.join(ROOT, 'docs/benchmarks.md'), report);
  console.log('appended to docs/benchmarks.md');
}
process.exit(0);
