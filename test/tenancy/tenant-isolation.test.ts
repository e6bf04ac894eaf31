import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { ROLES, type Role } from '../../src/domain/tenancy.js';
import { twoTenants, WIDGET_ORIGIN } from './fixtures.js';

type Fixture = Awaited<ReturnType<typeof twoTenants>>;
type Ids = Fixture['b'];

/**
 * Every /v1 route, the roles it admits besides admin, and a request that reaches its handler
 * (valid body, ids of tenant B). A route the service has and this table lacks fails the first
 * test: each new route must say here who may call it and be tried across tenants.
 */
const ROUTES: Record<string, { roles: Role[]; body?: (b: Ids) => unknown; multipart?: boolean }> = {
  'POST /v1/knowledge-bases': { roles: ['content'], body: (b) => ({ name: b.kbName }) },
  'GET /v1/knowledge-bases': { roles: ['content'] },
  'GET /v1/knowledge-bases/:kb': { roles: ['content'] },
  'PATCH /v1/knowledge-bases/:kb': { roles: ['content'], body: () => ({ description: 'changed by A' }) },
  'DELETE /v1/knowledge-bases/:kb': { roles: ['content'] },
  'POST /v1/knowledge-bases/:kb/documents': { roles: ['content'], multipart: true },
  'GET /v1/knowledge-bases/:kb/documents': { roles: ['content'] },
  'GET /v1/knowledge-bases/:kb/documents/:id': { roles: ['content'] },
  'DELETE /v1/knowledge-bases/:kb/documents/:id': { roles: ['content'] },
  'POST /v1/knowledge-bases/:kb/documents/:id/reingest': { roles: ['content'] },
  'POST /v1/knowledge-bases/:kb/search': { roles: ['content', 'widget'], body: () => ({ query: '退货政策' }) },
  'POST /v1/conversations': { roles: ['widget'], body: (b) => ({ knowledgeBaseId: b.kbId }) },
  'GET /v1/conversations/:id': { roles: ['widget', 'agent', 'qa'] },
  'POST /v1/conversations/:id/messages': { roles: ['widget'], body: () => ({ content: '退货政策是什么？' }) },
  'POST /v1/conversations/:id/handoff': { roles: ['widget', 'agent'], body: () => ({ reason: 'customer_request' }) },
  'POST /v1/conversations/:id/handoff/cancel': { roles: ['widget', 'agent'] },
  'GET /v1/conversations/:id/handoff': { roles: ['widget', 'agent'] },
  'POST /v1/conversations/:id/rating': { roles: ['widget'], body: () => ({ score: 5 }) },
  'GET /v1/conversations/:id/events': { roles: ['agent'] },
  'GET /v1/conversations/:id/stream': { roles: ['widget', 'agent'] },
  'GET /v1/models': { roles: ['content', 'widget'] },
  'POST /v1/chat/completions': { roles: ['content', 'widget'], body: (b) => ({ model: b.kbName, messages: [{ role: 'user', content: '退货政策？' }] }) },
  'POST /v1/agents': { roles: [], body: () => ({ name: 'A agent' }) },
  'GET /v1/agents': { roles: ['agent'] },
  'GET /v1/agents/:id': { roles: ['agent'] },
  'PATCH /v1/agents/:id': { roles: [], body: () => ({ name: 'renamed by A' }) },
  'DELETE /v1/agents/:id': { roles: [] },
  'PUT /v1/agents/:id/status': { roles: ['agent'], body: () => ({ status: 'online' }) },
  'GET /v1/agents/:id/conversations': { roles: ['agent'] },
  'POST /v1/agents/:id/claim': { roles: ['agent'], body: (b) => ({ conversationId: b.handedOffId }) },
  'POST /v1/agents/:id/conversations/:conversationId/messages': { roles: ['agent'], body: () => ({ content: 'hello from A' }) },
  'POST /v1/agents/:id/conversations/:conversationId/transfer': { roles: ['agent'], body: () => ({ skill: 'general' }) },
  'POST /v1/agents/:id/conversations/:conversationId/resolve': { roles: ['agent'], body: () => ({}) },
  'GET /v1/agents/:id/stream': { roles: ['agent'] },
  'GET /v1/analytics/conversations': { roles: ['analyst'] },
  'GET /v1/analytics/agents': { roles: ['analyst'] },
  'GET /v1/analytics/timeseries': { roles: ['analyst'] },
  'GET /v1/analytics/export.csv': { roles: ['analyst'] },
  'POST /v1/evals': { roles: ['qa'], body: (b) => ({ suite: b.suiteName }) },
  'GET /v1/evals': { roles: ['qa'] },
  'GET /v1/evals/:id': { roles: ['qa'] },
  'POST /v1/evals/:id/cancel': { roles: ['qa'] },
  'DELETE /v1/evals/:id': { roles: ['qa'] },
  'GET /v1/evals/suites': { roles: ['qa'] },
  'GET /v1/evals/suites/:name': { roles: ['qa'] },
  'DELETE /v1/evals/suites/:name': { roles: ['qa'] },
  'POST /v1/evals/cases': { roles: ['qa'], body: (b) => ({ messageId: b.messageId, verdict: 'right', suite: 'a-suite' }) },
  'POST /v1/keys': { roles: [], body: () => ({ name: 'k', role: 'analyst' }) },
  'GET /v1/keys': { roles: [] },
  'DELETE /v1/keys/:id': { roles: [] },
  'POST /v1/tenants': { roles: [], body: () => ({ id: `t-${Math.random().toString(16).slice(2, 8)}`, name: 'T' }) },
  'GET /v1/tenants': { roles: [] },
  'GET /v1/audit-log': { roles: [] },
  // The pages' own routes (widget self-service, console queue, admin FAQ editor).
  'GET /v1/knowledge-bases/:kb/faq/popular': { roles: ['widget', 'content', 'agent'] },
  'POST /v1/knowledge-bases/:kb/faq/entries': { roles: ['content'], body: () => ({ question: 'A 的问题？', answer: 'A 的答案。' }) },
  'PATCH /v1/knowledge-bases/:kb/documents/:documentId/faq-entries/:externalId': { roles: ['content'], body: () => ({ question: 'changed by A?', answer: 'A.' }) },
  'DELETE /v1/knowledge-bases/:kb/documents/:documentId/faq-entries/:externalId': { roles: ['content'] },
  'GET /v1/handoffs/queue': { roles: ['agent'] },
  'GET /v1/conversations/:id/queue': { roles: ['widget', 'agent'] },
};

/** Tenant B's id for a path parameter of a route. */
function fill(url: string, b: Ids): string {
  return url.replace(/:(\w+)/g, (_m, p: string) => {
    if (p === 'kb') return b.kbId;
    if (p === 'conversationId') return b.handedOffId;
    if (p === 'name') return b.suiteName;
    if (url.includes('/documents/')) return b.docId;
    if (url.startsWith('/v1/agents')) return b.agentId;
    if (url.startsWith('/v1/evals')) return b.runId;
    if (url.startsWith('/v1/keys')) return b.keyId;
    if (url.includes('/handoff') || url.endsWith('/rating')) return b.handedOffId;
    return b.conversationId;
  });
}

const upload = () => {
  const boundary = '----tenancy';
  const payload = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.md"\r\nContent-Type: text/markdown\r\n\r\n# A\n\ntenant A text\r\n--${boundary}--\r\n`,
  );
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
};

describe.each(databases)('tenants and roles on %s', (_name, open) => {
  let t: TestDatabase;
  let f: Fixture;
  beforeAll(async () => {
    t = await open();
    f = await twoTenants(t);
  }, 180_000);
  afterAll(async () => {
    await f?.app.close();
    await t?.cleanup();
  });

  const call = (key: string | null, method: string, url: string, opts: { body?: unknown; multipart?: boolean; origin?: string } = {}) => {
    const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
    if (opts.origin) headers.origin = opts.origin;
    if (opts.multipart) {
      const u = upload();
      return f.rawInject({ method: method as 'POST', url, payload: u.payload, headers: { ...headers, ...u.headers } });
    }
    return f.rawInject({ method: method as 'GET', url, headers, ...(opts.body !== undefined ? { payload: opts.body as object } : {}) });
  };
  const spec = (r: { method: string; url: string }) => ROUTES[`${r.method} ${r.url}`]!;

  it('every /v1 route is in the table, with the roles it declares', () => {
    const declared = Object.fromEntries(f.app.protectedRoutes.map((r) => [`${r.method} ${r.url}`, [...r.roles].sort()]));
    const expected = Object.fromEntries(Object.entries(ROUTES).map(([k, v]) => [k, [...v.roles].sort()]));
    expect(declared).toEqual(expected);
  });

  it('401 UNAUTHENTICATED on every /v1 route without a key, with an unknown key, or a secret key in the URL; probes and docs stay public', async () => {
    for (const r of f.app.protectedRoutes) {
      const url = fill(r.url, f.b);
      for (const key of [null, 'kf_live_not-a-real-key', 'nonsense']) {
        const res = await call(key, r.method, url, { body: spec(r).body?.(f.b) });
        expect(res.statusCode, `${r.method} ${r.url} with ${key}`).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHENTICATED');
      }
    }
    const inQuery = await f.rawInject({ url: `/v1/knowledge-bases?key=${f.aAdmin}` });
    expect(inQuery.statusCode).toBe(401);
    expect(inQuery.json().error.message).toMatch(/not accepted in the URL/);
    for (const url of ['/healthz', '/readyz', '/docs/json']) expect((await f.rawInject({ url })).statusCode, url).toBe(200);
  });

  it('role matrix: each role is refused (403 FORBIDDEN) outside its routes and admitted on its own', async () => {
    const admitted: string[] = [];
    for (const r of f.app.protectedRoutes) {
      const s = spec(r);
      // Tenant A's own ids do not exist: an admitted role gets past auth to a 404 or a 2xx.
      const url = r.url.replace(/:(\w+)/g, (_m, p: string) => (p === 'kb' ? 'none' : p === 'name' ? 'none' : '00000000-0000-4000-8000-000000000000'));
      for (const role of ROLES) {
        const ids = { ...f.b, kbName: `matrix-${role}-${Math.random().toString(16).slice(2, 8)}` };
        const res = await call(f.keys[role], r.method, url, { body: s.body?.(ids), multipart: s.multipart, origin: role === 'widget' ? WIDGET_ORIGIN : undefined });
        // Tenants are the operator's: an admin of any other tenant is refused too.
        const allowed = (role === 'admin' && !r.url.startsWith('/v1/tenants')) || s.roles.includes(role);
        if (allowed) {
          expect([401, 403], `${role} on ${r.method} ${r.url}: ${res.body}`).not.toContain(res.statusCode);
          admitted.push(`${role} ${r.method} ${r.url}`);
        } else {
          expect(res.statusCode, `${role} on ${r.method} ${r.url}`).toBe(403);
          expect(res.json().error.code).toBe('FORBIDDEN');
        }
      }
    }
    // Plain successes of each role on its own ground.
    const ok = async (role: Role, method: string, url: string, body?: unknown) => {
      const res = await call(f.keys[role], method, url, { body, origin: role === 'widget' ? WIDGET_ORIGIN : undefined });
      expect(res.statusCode, `${role} ${method} ${url}: ${res.body}`).toBeGreaterThanOrEqual(200);
      expect(res.statusCode).toBeLessThan(300);
      return res.json();
    };
    const kb = await ok('content', 'POST', '/v1/knowledge-bases', { name: 'a-shop' });
    await ok('content', 'GET', `/v1/knowledge-bases/${kb.id}/documents`);
    const conv = await ok('widget', 'POST', '/v1/conversations', { knowledgeBaseId: kb.id });
    await ok('widget', 'GET', `/v1/conversations/${conv.id}`);
    await ok('agent', 'GET', '/v1/agents');
    await ok('agent', 'GET', `/v1/conversations/${conv.id}/events`);
    await ok('qa', 'GET', '/v1/evals');
    await ok('qa', 'GET', '/v1/evals/suites');
    await ok('analyst', 'GET', '/v1/analytics/conversations');
    await ok('admin', 'GET', '/v1/audit-log');
    expect(admitted.length).toBeGreaterThan(f.app.protectedRoutes.length);
  });

  it("tenant A's admin cannot read, change or infer anything of tenant B through any route", async () => {
    // Ids, and B's suite name; not B's knowledge base name, which A reuses for its own below.
    const secrets = [f.b.kbId, f.b.docId, f.b.conversationId, f.b.handedOffId, f.b.messageId, f.b.agentId, f.b.suiteName, f.b.runId, f.b.keyId];
    for (const r of f.app.protectedRoutes) {
      const s = spec(r);
      const url = fill(r.url, f.b);
      const res = await call(f.aAdmin, r.method, url, { body: s.body?.(f.b), multipart: s.multipart });
      const where = `${r.method} ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`;
      if (r.url.includes(':')) {
        // Ids of B answer exactly what a missing id answers (the same code; the message names the id asked for).
        expect(res.statusCode, where).toBe(404);
        const missing = Object.fromEntries(Object.entries(f.b).map(([k, v]) => [k, k === 'kbName' || k === 'suiteName' ? `missing-${k}` : '00000000-0000-4000-8000-000000000000']));
        const other = await call(f.aAdmin, r.method, fill(r.url, missing as Ids), { body: s.body?.(missing as Ids), multipart: s.multipart });
        expect(other.statusCode, where).toBe(404);
        expect(res.json().error.code, where).toBe(other.json().error.code);
      }
      // What A sent itself (an id in the URL, a name in the body) may come back; nothing else of B's.
      const sent = url + JSON.stringify(s.body?.(f.b) ?? '');
      for (const secret of secrets.filter((x) => !sent.includes(x))) expect(res.body.includes(secret), `${where} leaks ${secret}`).toBe(false);
    }
    // B's data is all still there, unchanged.
    const b = (url: string) => f.app.inject({ url });
    expect((await b(`/v1/knowledge-bases/${f.b.kbId}`)).json().description).toBe('');
    expect((await b(`/v1/knowledge-bases/${f.b.kbId}/documents/${f.b.docId}`)).statusCode).toBe(200);
    expect((await b(`/v1/conversations/${f.b.conversationId}`)).json().messages.length).toBe(2);
    expect((await b(`/v1/agents/${f.b.agentId}`)).json().name).toBe('B agent');
    expect((await b(`/v1/evals/suites/${f.b.suiteName}`)).statusCode).toBe(200);
    expect((await b('/v1/keys')).json().items.find((k: { id: string }) => k.id === f.b.keyId).revokedAt).toBeNull();
    // A created its own knowledge base with B's name: names are unique per tenant only.
    const aKbs = (await call(f.aAdmin, 'GET', '/v1/knowledge-bases')).json().items;
    expect(aKbs.map((k: { name: string }) => k.name)).toContain(f.b.kbName);
  });

  it("search never returns another tenant's chunks, analytics count only the tenant's own, SSE streams of B do not open", async () => {
    // A's knowledge base with B's name and a document on the same subject.
    const aKb = (await call(f.aAdmin, 'GET', '/v1/knowledge-bases')).json().items.find((k: { name: string }) => k.name === f.b.kbName);
    const up = upload();
    await f.rawInject({ method: 'POST', url: `/v1/knowledge-bases/${aKb.id}/documents`, payload: up.payload, headers: { ...up.headers, authorization: `Bearer ${f.aAdmin}` } });
    const hits = (await call(f.aAdmin, 'POST', `/v1/knowledge-bases/${f.b.kbName}/search`, { body: { query: '退货政策 七天' } })).json();
    for (const h of hits.results ?? hits.items ?? []) expect(JSON.stringify(h)).not.toContain(f.b.docId);
    expect(JSON.stringify(hits)).not.toContain('七天无理由退货');

    const range = `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 3_600_000).toISOString()}`;
    const count = async (tenant: string) => Number((await t.db.pool.query('SELECT count(*) AS n FROM conversations WHERE tenant_id = $1', [tenant])).rows[0].n);
    // One more conversation in A than in B, so the figures cannot agree by chance.
    while ((await count(f.aId)) <= (await count('default')))
      await call(f.keys.widget, 'POST', '/v1/conversations', { body: { knowledgeBaseId: aKb.id }, origin: WIDGET_ORIGIN });
    const [inA, inB] = [await count(f.aId), await count('default')];
    expect(inB).toBeGreaterThanOrEqual(2);
    const bFigures = (await f.app.inject({ url: `/v1/analytics/conversations?${range}` })).json();
    const aFigures = (await call(f.keys.analyst, 'GET', `/v1/analytics/conversations?${range}`)).json();
    expect(JSON.stringify(aFigures)).toContain(`"conversations":${inA}`);
    expect(JSON.stringify(bFigures)).toContain(`"conversations":${inB}`);
    expect(JSON.stringify(aFigures)).not.toContain(`"conversations":${inA + inB}`);

    for (const url of [`/v1/conversations/${f.b.conversationId}/stream`, `/v1/agents/${f.b.agentId}/stream`]) {
      const res = await call(f.aAdmin, 'GET', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).not.toContain('event-stream');
    }
    // Eval runs and suites of B are invisible to A.
    expect((await call(f.keys.qa, 'GET', '/v1/evals')).json().items.map((r: { id: string }) => r.id)).not.toContain(f.b.runId);
    expect(JSON.stringify((await call(f.keys.qa, 'GET', '/v1/evals/suites')).json())).not.toContain(f.b.suiteName);
  });

  it('widget keys: only from their allowed origins, only chat routes; a stricter budget than secret keys', async () => {
    const list = `/v1/conversations`;
    const open = (origin?: string) => call(f.keys.widget, 'POST', list, { body: { knowledgeBaseId: 'none' }, origin });
    expect((await open()).json().error.code).toBe('ORIGIN_NOT_ALLOWED');
    expect((await open('https://evil.example.com')).statusCode).toBe(403);
    expect((await open('https://evil.example.com')).json().error.code).toBe('ORIGIN_NOT_ALLOWED');
    expect((await open(WIDGET_ORIGIN)).statusCode).toBe(404); // past auth: no such knowledge base in A
    // A widget key may come in the URL (a browser's EventSource sends no headers).
    const viaQuery = await f.rawInject({ url: `/v1/conversations/00000000-0000-4000-8000-000000000000?key=${f.keys.widget}`, headers: { origin: WIDGET_ORIGIN } });
    expect(viaQuery.statusCode).toBe(404);
    expect((await call(f.keys.widget, 'GET', '/v1/knowledge-bases', { origin: WIDGET_ORIGIN })).statusCode).toBe(403);
    // The widget's FAQ search box: FAQ entries only, a few at a time, whatever it asks for.
    const aKb = (await call(f.aAdmin, 'GET', '/v1/knowledge-bases')).json().items[0];
    const up = upload();
    await f.rawInject({ method: 'POST', url: `/v1/knowledge-bases/${aKb.id}/documents`, payload: up.payload, headers: { ...up.headers, authorization: `Bearer ${f.aAdmin}` } });
    const staffHits = (await call(f.keys.content, 'POST', `/v1/knowledge-bases/${aKb.id}/search`, { body: { query: 'tenant A text', include: ['chunk'] } })).json().hits;
    expect(staffHits.length).toBeGreaterThan(0);
    const widgetSearch = await call(f.keys.widget, 'POST', `/v1/knowledge-bases/${aKb.id}/search`, { body: { query: 'tenant A text', include: ['chunk'], topK: 100 }, origin: WIDGET_ORIGIN });
    expect(widgetSearch.statusCode).toBe(200);
    expect(widgetSearch.json().hits.filter((h: { type: string }) => h.type !== 'faq')).toEqual([]);
    expect(f.keys.widget.startsWith('kf_pub_')).toBe(true);
    expect(f.keys.content.startsWith('kf_live_')).toBe(true);
    expect(f.config.rateLimit.widgetMax).toBeLessThan(f.config.rateLimit.max);
  });

  it('revoked keys get 401 at once; keys are stored only as sha256 hashes; creating keys and tenants is audited', async () => {
    const created = (await call(f.aAdmin, 'POST', '/v1/keys', { body: { name: 'short-lived', role: 'content' } })).json();
    expect(created.key).toMatch(/^kf_live_[\w-]{40,}$/);
    expect((await call(created.key, 'GET', '/v1/knowledge-bases')).statusCode).toBe(200);
    const listed = (await call(f.aAdmin, 'GET', '/v1/keys')).json().items;
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(listed.find((k: { id: string }) => k.id === created.id)).toMatchObject({ role: 'content', name: 'short-lived', prefix: created.key.slice(0, 12) });
    // The table holds no key, only its hash.
    const dump = JSON.stringify((await t.db.pool.query('SELECT * FROM api_keys')).rows);
    for (const key of [created.key, f.aAdmin, f.bAdmin, ...Object.values(f.keys)]) expect(dump).not.toContain(key);
    expect(dump).toContain((await import('../../src/adapters/db/pg-tenant-store.js')).hashKey(created.key));

    expect((await call(f.aAdmin, 'DELETE', `/v1/keys/${created.id}`)).json().revokedAt).not.toBeNull();
    const revoked = await call(created.key, 'GET', '/v1/knowledge-bases');
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('UNAUTHENTICATED');
    // Only the default tenant's admins manage tenants.
    expect((await call(f.aAdmin, 'POST', '/v1/tenants', { body: { id: 'x-tenant', name: 'X' } })).statusCode).toBe(403);

    const audit = (await call(f.aAdmin, 'GET', '/v1/audit-log?limit=100')).json().items as Array<{ action: string; target: string }>;
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['key.create', 'key.revoke', 'kb.create', 'document.create']));
    expect(audit.find((a) => a.action === 'key.revoke')!.target).toBe(created.id);
    const bAudit = (await f.app.inject({ url: '/v1/audit-log?limit=500' })).json().items as Array<{ action: string; target: string }>;
    expect(bAudit.map((a) => a.action)).toEqual(expect.arrayContaining(['kb.create', 'document.create', 'agent.create', 'key.create', 'tenant.create']));
    // Each tenant sees its own log only.
    expect(audit.some((a) => a.target === f.b.kbId)).toBe(false);
    // Pagination by id.
    const page = (await call(f.aAdmin, 'GET', '/v1/audit-log?limit=2')).json();
    expect(page.items).toHaveLength(2);
    const next = (await call(f.aAdmin, 'GET', `/v1/audit-log?limit=2&before=${page.nextBefore}`)).json();
    expect(next.items[0].id).toBeLessThan(page.items[1].id + 1);
  });

  it('audits a KB update and delete, a document delete and a suite delete in their own transaction', async () => {
    const kb = (await call(f.aAdmin, 'POST', '/v1/knowledge-bases', { body: { name: 'audited' } })).json();
    await call(f.aAdmin, 'PATCH', `/v1/knowledge-bases/${kb.id}`, { body: { description: 'x' } });
    const up = upload();
    const doc = (await f.rawInject({ method: 'POST', url: `/v1/knowledge-bases/${kb.id}/documents`, payload: up.payload, headers: { ...up.headers, authorization: `Bearer ${f.aAdmin}` } })).json();
    const docId = doc.items[0].document.id;
    await call(f.aAdmin, 'DELETE', `/v1/knowledge-bases/${kb.id}/documents/${docId}`);
    await call(f.aAdmin, 'DELETE', `/v1/knowledge-bases/${kb.id}`);
    const actions = (await call(f.aAdmin, 'GET', '/v1/audit-log?limit=20')).json().items.map((a: { action: string; target: string }) => `${a.action} ${a.target}`);
    expect(actions).toEqual(expect.arrayContaining([`kb.update ${kb.id}`, `kb.delete ${kb.id}`, `document.delete ${docId}`]));
  });
});
