import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { build } from '../helpers/build.js';
import { suiteUpload } from '../helpers/evals.js';

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const CASES = [
  { id: 'p1', lang: 'zh', messages: [{ role: 'user', content: '太棒了，非常满意' }], expect: { sentiment: 'positive' } },
  { id: 'n1', lang: 'en', messages: [{ role: 'user', content: 'This is terrible, I want my money back' }], expect: { sentiment: 'negative' } },
];

describe.each(databases)('eval jobs run with their own tenant on %s', (_name, open) => {
  let t: TestDatabase;
  let b: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    t = await open();
    b = await build(t);
  }, 120_000);
  afterAll(async () => {
    await b?.app.close();
    await t?.cleanup();
  });

  it("a tenant created after start-up runs its uploaded suite as a job; its run and suite are its own", async () => {
    const created = (await b.app.inject({ method: 'POST', url: '/v1/tenants', payload: { id: 'qa-tenant', name: 'QA' } })).json();
    const qa = (await b.rawInject({ method: 'POST', url: '/v1/keys', headers: { authorization: `Bearer ${created.adminKey.key}` }, payload: { name: 'qa', role: 'qa' } })).json().key;
    const asQa = (opts: object) => b.rawInject({ ...opts, headers: { ...((opts as { headers?: object }).headers ?? {}), authorization: `Bearer ${qa}` } });
    const upload = suiteUpload({ 'mood.jsonl': jsonl(CASES) }, { name: 'mood', kind: 'sentiment' });
    const started = await asQa({ method: 'POST', url: '/v1/evals', payload: upload.payload, headers: upload.headers });
    expect(started.statusCode).toBe(202);
    const id = started.json().id;
    let run;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      run = (await asQa({ url: `/v1/evals/${id}` })).json();
      if (run.status === 'succeeded' || run.status === 'failed') break;
    }
    expect(run.status).toBe('succeeded');
    expect(run.results.total).toBe(2);
    // The default tenant sees neither the run nor the suite, and may store a suite of the same name.
    expect((await b.app.inject({ url: `/v1/evals/${id}` })).statusCode).toBe(404);
    expect(JSON.stringify((await b.app.inject({ url: '/v1/evals/suites' })).json())).not.toContain('"mood"');
    const same = suiteUpload({ 'mood.jsonl': jsonl(CASES.slice(0, 1)) }, { name: 'mood', kind: 'sentiment' });
    const mine = await b.app.inject({ method: 'POST', url: '/v1/evals', payload: same.payload, headers: same.headers });
    expect(mine.statusCode).toBe(202);
    const rows = (await t.db.pool.query(`SELECT tenant_id, case_count FROM eval_suites WHERE name = 'mood' ORDER BY tenant_id`)).rows;
    expect(rows).toEqual([
      { tenant_id: 'default', case_count: 1 },
      { tenant_id: 'qa-tenant', case_count: 2 },
    ]);
    expect((await t.db.pool.query('SELECT tenant_id FROM eval_runs WHERE id = $1', [id])).rows[0].tenant_id).toBe('qa-tenant');
  });
});
