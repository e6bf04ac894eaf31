import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { build } from '../helpers/build.js';
import { EXAMPLES, SAMPLE_ENV, ingestSampleKb } from '../helpers/sample-kb.js';
import { evalsHelpers, suiteUpload, tenThousandCases } from '../helpers/evals.js';

const FIXTURES = path.resolve(EXAMPLES, '../test/fixtures');

const SUITE_YAML = `name: api-sample
kind: docs
lang: mixed
knowledge:
  - path: examples/sample-kb
cases: cases.jsonl
`;
const CASES = [
  { id: 's1', lang: 'zh', messages: [{ role: 'user', content: 'LM-X20 Pro 防水吗？' }], expect: { action: 'answer', sources: [{ path: 'zh/products.md', heading: 'LM-X20 Pro' }, { path: 'en/products.md', heading: 'LM-X20 Pro' }] } },
  { id: 's2', lang: 'zh', messages: [{ role: 'user', content: '七天无理由退货需要满足什么条件' }], expect: { action: 'answer', sources: [{ path: 'zh/returns-warranty.md', heading: '七天无理由退货' }] } },
  { id: 's3', lang: 'en', messages: [{ role: 'user', content: 'Can I pay in instalments?' }], expect: { action: 'answer', sources: [{ path: 'en/account-payment.md', heading: 'Paying in instalments' }] } },
  { id: 's4', lang: 'en', messages: [{ role: 'user', content: 'Do you sell electric cars?' }], expect: { action: 'escalate' } },
];
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe.each(databases)('QA API: eval runs on %s', (_name, open) => {
  let t: TestDatabase;
  let h: ReturnType<typeof evalsHelpers>;
  let app: Awaited<ReturnType<typeof build>>['app'];
  let ctx: Awaited<ReturnType<typeof build>>['ctx'];
  const env = {
    ...SAMPLE_ENV,
    EVAL_SUITES_DIRS: FIXTURES,
    EVAL_KNOWLEDGE_DIRS: `${EXAMPLES},${FIXTURES}`,
    EVAL_MAX_UPLOAD_BYTES: String(6 * 1024 * 1024),
  };

  beforeAll(async () => {
    t = await open();
    ({ app, ctx } = await build(t, env));
    await ingestSampleKb(ctx, 'demo');
    h = evalsHelpers(app);
  });
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  it('runs an uploaded suite over the sample knowledge base as a job, with metrics and per-case results failures first', async () => {
    const res = await h.upload(suiteUpload({ 'suite.yaml': SUITE_YAML, 'cases.jsonl': jsonl(CASES) }));
    expect(res.statusCode).toBe(202);
    const id = res.json().id;
    expect(res.headers.location).toBe(`/v1/evals/${id}`);
    expect(res.json()).toMatchObject({ status: 'queued', suites: ['api-sample'], options: { answers: false, baseline: false }, progress: { done: 0, total: 3 } });

    const run = await h.waitFor(id, ['succeeded']);
    expect(run.progress).toMatchObject({ done: 3, total: 3 });
    expect(run.startedAt).toBeTruthy();
    expect(run.finishedAt).toBeTruthy();
    const row = run.metrics.find((m: { pipeline: string }) => m.pipeline === 'ours');
    expect(row).toMatchObject({ suite: 'api-sample', kind: 'docs', cases: 3 });
    expect(row.metrics['hit@5']).toBeGreaterThan(0);
    // One retrieval row per answerable case, failures (correct: false) listed first.
    expect(run.results.total).toBe(3);
    const correct = run.results.items.map((r: { correct: boolean }) => r.correct);
    expect(correct).toEqual([...correct].sort((a, b) => Number(a) - Number(b)));
    expect(run.results.failed).toBe(correct.filter((c: boolean) => !c).length);
    const s1 = run.results.items.find((r: { caseId: string }) => r.caseId === 's1');
    expect(s1).toMatchObject({ suite: 'api-sample', pipeline: 'ours', stage: 'retrieval', lang: 'zh', question: 'LM-X20 Pro 防水吗？' });
    expect(s1.sources.length).toBeGreaterThan(0);
    expect(typeof s1.latencyMs).toBe('number');

    const page = (await app.inject({ url: `/v1/evals/${id}?limit=1&offset=1&include=reports` })).json();
    expect(page.results).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(page.results.items).toHaveLength(1);
    expect(page.reports[0]).toMatchObject({ suite: 'api-sample', pipeline: 'ours' });

    const list = (await app.inject({ url: '/v1/evals?suite=api-sample' })).json();
    expect(list.items.map((r: { id: string }) => r.id)).toContain(id);
    expect(list.items.find((r: { id: string }) => r.id === id).metrics).toEqual(run.metrics);

    // The stored suite runs again by name, and exports as the shared format.
    const again = await h.start({ suite: 'api-sample', limit: 1 });
    expect(again.statusCode).toBe(202);
    expect((await h.waitFor(again.json().id, ['succeeded'])).results.total).toBe(1);
    const exported = await app.inject({ url: '/v1/evals/suites/api-sample?format=jsonl' });
    expect(exported.headers['content-type']).toContain('application/x-ndjson');
    expect(exported.body.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(['s1', 's2', 's3', 's4']);
    expect((await app.inject({ url: '/v1/evals/suites/api-sample?format=yaml' })).body).toContain('path: examples/sample-kb');
    // A run with knowledge paths opens and fills a throwaway database (measured 25-60 s on 2 busy cores).
  }, 240_000);

  it('runs a configured suite by name, and a single cases JSONL described by form fields', async () => {
    const byName = await h.start({ suite: 'tiny-sentiment' });
    expect(byName.statusCode).toBe(202);
    const run = await h.waitFor(byName.json().id, ['succeeded']);
    expect(run.results.total).toBe(7);
    expect(run.results.items[0].stage).toBe('sentiment');

    const cases = [
      { id: 'f1', lang: 'zh', messages: [{ role: 'user', content: '太棒了，非常满意' }], expect: { sentiment: 'positive' } },
      { id: 'f2', lang: 'en', messages: [{ role: 'user', content: 'This is terrible, I want my money back' }], expect: { sentiment: 'negative' } },
    ];
    const single = await h.upload(suiteUpload({ 'mood.jsonl': jsonl(cases) }, { name: 'mood-check', kind: 'sentiment' }));
    expect(single.statusCode).toBe(202);
    expect((await h.waitFor(single.json().id, ['succeeded'])).results.total).toBe(2);

    const suites = (await app.inject({ url: '/v1/evals/suites' })).json().items;
    expect(suites).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'mood-check', origin: 'stored', createdBy: 'upload', cases: 2 }),
      expect.objectContaining({ name: 'tiny-sentiment', origin: 'configured', cases: 7 }),
    ]));
  });

  it('refuses a suite that breaks the format with 422 naming file, line and field', async () => {
    const bad = async (files: Record<string, string>, fields?: Record<string, string>) => {
      const res = await h.upload(suiteUpload(files, fields));
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('INVALID_SUITE');
      return res.json().error.details;
    };
    const broken = jsonl(CASES).split('\n');
    broken[2] = '{"id": "s3", "lang": "en",';
    expect(await bad({ 'suite.yaml': SUITE_YAML, 'cases.jsonl': broken.join('\n') })).toEqual({ file: 'cases.jsonl', line: 3, field: 'json' });
    const noSources = [CASES[0], { ...CASES[1], expect: { action: 'answer' } }];
    expect(await bad({ 'suite.yaml': SUITE_YAML, 'cases.jsonl': jsonl(noSources) })).toEqual({ file: 'cases.jsonl', line: 2, field: 'expect.sources' });
    expect(await bad({ 'suite.yaml': SUITE_YAML, 'cases.jsonl': jsonl([{ ...CASES[0], lang: 'fr' }]) })).toEqual({ file: 'cases.jsonl', line: 1, field: 'lang' });
    // Knowledge that does not exist, or lies outside EVAL_KNOWLEDGE_DIRS.
    expect(await bad({ 'suite.yaml': SUITE_YAML.replace('examples/sample-kb', 'examples/no-such-kb'), 'cases.jsonl': jsonl(CASES) }))
      .toEqual({ file: 'suite.yaml', line: null, field: 'knowledge[0].path' });
    expect(await bad({ 'suite.yaml': SUITE_YAML.replace('examples/sample-kb', 'src'), 'cases.jsonl': jsonl(CASES) }))
      .toEqual({ file: 'suite.yaml', line: null, field: 'knowledge[0].path' });
    // The cases file must be one of the upload's, never a path on the server.
    expect(await bad({ 'suite.yaml': SUITE_YAML.replace('cases: cases.jsonl', 'cases: ../../etc/passwd'), 'cases.jsonl': jsonl(CASES) }))
      .toMatchObject({ file: 'suite.yaml', field: 'cases' });
    expect(await bad({ 'suite.yaml': 'name: x\nkind: [docs\n', 'cases.jsonl': jsonl(CASES) })).toMatchObject({ file: 'suite.yaml', field: 'yaml' });
    expect(await bad({ 'suite.yaml': SUITE_YAML.replace('kind: docs', 'kind: recipes'), 'cases.jsonl': jsonl(CASES) })).toMatchObject({ file: 'suite.yaml', field: 'kind' });
    expect(await bad({ 'cases.jsonl': jsonl(CASES) }, { kind: 'docs' })).toMatchObject({ file: '(form fields)', field: 'name' });
    expect(await bad({ 'suite.yaml': SUITE_YAML.replace('knowledge:\n  - path: examples/sample-kb', 'knowledge: []\nknowledge_base: no-such-kb'), 'cases.jsonl': jsonl(CASES) }))
      .toEqual({ file: 'suite.yaml', line: null, field: 'knowledge_base' });
    // Nothing was stored by the refused uploads.
    expect((await app.inject({ url: '/v1/evals/suites/x' })).statusCode).toBe(404);
  });

  it('answers 404 for an unknown suite or run, 413 for an oversized upload, 409 for a configured name', async () => {
    const unknown = await h.start({ suite: 'no-such-suite' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'SUITE_NOT_FOUND', details: { suite: 'no-such-suite' } });
    for (const url of ['/v1/evals/00000000-0000-0000-0000-000000000000', '/v1/evals/not-a-uuid']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('EVAL_RUN_NOT_FOUND');
    }
    const big = await h.upload(suiteUpload({ 'suite.yaml': SUITE_YAML, 'cases.jsonl': 'x'.repeat(6 * 1024 * 1024 + 1) }));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('FILE_TOO_LARGE');
    const clash = await h.upload(suiteUpload({ 'suite.yaml': SUITE_YAML.replace('api-sample', 'tiny-sentiment'), 'cases.jsonl': jsonl(CASES) }));
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('SUITE_CONFLICT');
    const noBody = await app.inject({ method: 'POST', url: '/v1/evals', payload: { suite: 'tiny-sentiment', limit: 0 } });
    expect(noBody.statusCode).toBe(400);
  });

  it('accepts a 10,000-case upload as a job at once, and cancels it mid-run keeping what it scored', async () => {
    const started = performance.now();
    const res = await h.upload(suiteUpload({ 'suite.yaml': 'name: big-live\nkind: docs\nknowledge: []\nknowledge_base: demo\ncases: cases.jsonl\n', 'cases.jsonl': tenThousandCases() }, { answers: 'false' }));
    const ms = performance.now() - started;
    expect(res.statusCode).toBe(202);
    expect(res.json().progress.total).toBe(10_000);
    // Figure for the report, not an assertion (timings live in bench/evals-api-bench.ts).
    console.info(`10k-case upload answered 202 in ${Math.round(ms)} ms`);
    const id = res.json().id;

    const running = await h.waitFor(id, ['running'], (r) => r.progress.done > 0);
    expect(running.progress.done).toBeLessThan(10_000);
    const cancel = await app.inject({ method: 'DELETE', url: `/v1/evals/${id}` });
    expect(cancel.statusCode).toBe(202);
    const done = await h.waitFor(id, ['cancelled']);
    expect(done.progress.done).toBeLessThan(10_000);
    expect(done.results.total).toBeGreaterThan(0);
    expect(done.metrics).toBeNull();
    // Cancelling again is harmless; a finished run cannot be cancelled.
    expect((await app.inject({ method: 'POST', url: `/v1/evals/${id}/cancel` })).json().status).toBe('cancelled');
    const finished = (await app.inject({ url: '/v1/evals?status=succeeded&limit=1' })).json().items[0].id;
    const refused = await app.inject({ method: 'POST', url: `/v1/evals/${finished}/cancel` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('EVAL_RUN_FINISHED');
  });

  it('cancels a queued run at once', async () => {
    const first = await h.start({ suite: 'big-live', limit: 2000 });
    const second = await h.start({ suite: 'tiny-sentiment' });
    const cancelled = await app.inject({ method: 'POST', url: `/v1/evals/${second.json().id}/cancel` });
    expect(cancelled.statusCode).toBe(202);
    expect(cancelled.json().status).toBe('cancelled');
    await app.inject({ method: 'POST', url: `/v1/evals/${first.json().id}/cancel` });
    await h.waitFor(first.json().id, ['cancelled']);
    expect((await app.inject({ url: `/v1/evals/${second.json().id}` })).json()).toMatchObject({ status: 'cancelled', startedAt: null });
  });

  it('at start-up fails the runs a dead process left running, and takes up the queued ones', async () => {
    const left = await t.db.pool.query(`INSERT INTO eval_runs (suites, status, started_at, progress_total) VALUES ('{tiny-sentiment}', 'running', now(), 7) RETURNING id`);
    const queued = await t.db.pool.query(`INSERT INTO eval_runs (suites, options, progress_total) VALUES ('{tiny-sentiment}', '{"answers": false, "baseline": false}', 7) RETURNING id`);
    const restarted = await build(t, env);
    try {
      const crashed = (await restarted.app.inject({ url: `/v1/evals/${left.rows[0].id}` })).json();
      expect(crashed.status).toBe('failed');
      expect(crashed.error.code).toBe('INTERRUPTED');
      expect(crashed.finishedAt).toBeTruthy();
      expect((await evalsHelpers(restarted.app).waitFor(queued.rows[0].id, ['succeeded'])).results.total).toBe(7);

      // A cancel asked through another instance reaches the one running the job at its next progress write.
      const other = evalsHelpers(restarted.app);
      const elsewhere = (await other.start({ suite: 'big-live', limit: 3000 })).json().id;
      await other.waitFor(elsewhere, ['running'], (r) => r.progress.done > 0);
      expect((await app.inject({ method: 'POST', url: `/v1/evals/${elsewhere}/cancel` })).json()).toMatchObject({ status: 'running', cancelRequested: true });
      await h.waitFor(elsewhere, ['cancelled']);

      // A service that stops records its running job as interrupted, keeping what it scored.
      const stopped = (await other.start({ suite: 'big-live', limit: 3000 })).json().id;
      await other.waitFor(stopped, ['running'], (r) => r.progress.done > 0);
      await restarted.app.close();
      const interrupted = (await app.inject({ url: `/v1/evals/${stopped}` })).json();
      expect(interrupted).toMatchObject({ status: 'failed', error: { code: 'INTERRUPTED' } });
      expect(interrupted.results.total).toBeGreaterThan(0);
    } finally {
      await restarted.app.close();
    }
  });
});
