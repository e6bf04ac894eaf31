import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { build, multipart } from '../helpers/build.js';

const ZH_DOC = `# 乐摩 LM-X20 Pro 手机

## 价格与配置
LM-X20 Pro 售价 4999 元，256GB 存储，支持花呗分期。

## 保修政策
整机保修一年，电池保修六个月。人为损坏不在保修范围内。
`;
const EN_DOC = `# Shipping

## Delivery times
Orders ship within 24 hours. Standard delivery takes 2-3 days; express delivery arrives the next day.

## Tracking
Every order gets a tracking number by email once it leaves the warehouse.
`;
const FAQ_CSV = `id,question,answer,alt_questions,lang
f1,怎么查物流,在"我的订单"里点击"查看物流"即可看到快递进度。,快递到哪了|物流信息在哪看,zh
f2,Can I pay in installments?,"Yes, installments of 3, 6 or 12 months are available at checkout.",Do you offer monthly payments?,en
`;

describe.each(databases)('knowledge-base API on %s', (_name, open) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof build>>['app'];
  let ctx: Awaited<ReturnType<typeof build>>['ctx'];
  let kbId: string;

  beforeAll(async () => {
    t = await open();
    ({ app, ctx } = await build(t, { MAX_UPLOAD_BYTES: String(64 * 1024) }));
    const res = await app.inject({ method: 'POST', url: '/v1/knowledge-bases', payload: { name: 'shop' } });
    expect(res.statusCode).toBe(201);
    kbId = res.json().id;
  });
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  const upload = (files: Parameters<typeof multipart>[0], kb = kbId, query = '') => {
    const { payload, headers } = multipart(files);
    return app.inject({ method: 'POST', url: `/v1/knowledge-bases/${kb}/documents${query}`, payload, headers });
  };

  it('refuses a duplicate knowledge-base name and an unknown knowledge base', async () => {
    const dup = await app.inject({ method: 'POST', url: '/v1/knowledge-bases', payload: { name: 'shop' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('KB_EXISTS');
    const missing = await upload([{ name: 'a.md', content: '# a\ntext' }], '00000000-0000-0000-0000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('KB_NOT_FOUND');
    const bad = await app.inject({ method: 'POST', url: '/v1/knowledge-bases', payload: { name: '' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_INPUT');
  });

  it('ingests documents and FAQ lists, and re-ingesting unchanged files is a no-op', async () => {
    const first = await upload([
      { name: 'zh/phones.md', content: ZH_DOC },
      { name: 'en/shipping.md', content: EN_DOC },
      { name: 'faq.csv', content: FAQ_CSV },
    ]);
    expect(first.statusCode).toBe(201);
    expect(first.json().items.map((i: { outcome: string }) => i.outcome)).toEqual(['created', 'created', 'created']);
    const again = await upload([{ name: 'zh/phones.md', content: ZH_DOC }]);
    expect(again.statusCode).toBe(200);
    expect(again.json().items[0].outcome).toBe('unchanged');
    expect(again.json().items[0].document.version).toBe(1);

    const list = await app.inject({ url: `/v1/knowledge-bases/${kbId}/documents` });
    expect(list.json().total).toBe(3);
    const faq = list.json().items.find((d: { sourcePath: string }) => d.sourcePath === 'faq.csv');
    const detail = await app.inject({ url: `/v1/knowledge-bases/${kbId}/documents/${faq.id}` });
    expect(detail.json().entries).toHaveLength(2);
    expect(detail.json().entries[0].altQuestions).toEqual(['快递到哪了', '物流信息在哪看']);
  });

  it('replaces a changed document atomically and bumps its version', async () => {
    const changed = ZH_DOC.replace('4999', '4599');
    const res = await upload([{ name: 'zh/phones.md', content: changed }]);
    expect(res.statusCode).toBe(200);
    const doc = res.json().items[0].document;
    expect(res.json().items[0].outcome).toBe('updated');
    expect(doc.version).toBe(2);
    const detail = await app.inject({ url: `/v1/knowledge-bases/${kbId}/documents/${doc.id}` });
    const text = detail.json().chunks.map((c: { content: string }) => c.content).join('\n');
    expect(text).toContain('4599');
    expect(text).not.toContain('4999');
    expect(detail.json().chunks.map((c: { position: number }) => c.position)).toEqual([...detail.json().chunks.keys()]);
  });

  it('hit test: exact model codes, Chinese questions, FAQ paraphrases and cross-checks its scores', async () => {
    const code = await app.inject({ method: 'POST', url: `/v1/knowledge-bases/${kbId}/search`, payload: { query: 'lm x20 pro 多少钱' } });
    expect(code.statusCode).toBe(200);
    const top = code.json().hits[0];
    expect(top.type).toBe('chunk');
    expect(top.headingPath).toEqual(['乐摩 LM-X20 Pro 手机', '价格与配置']);
    expect(top.channels.code).toBeDefined();

    const faq = await app.inject({ method: 'POST', url: `/v1/knowledge-bases/${kbId}/search`, payload: { query: '我的快递到哪了？', include: ['faq'] } });
    expect(faq.json().hits[0]).toMatchObject({ type: 'faq', externalId: 'f1' });

    const en = await app.inject({ method: 'POST', url: `/v1/knowledge-bases/${kbId}/search`, payload: { query: 'how do I track my order', include: ['chunk'] } });
    expect(en.json().hits[0].headingPath).toEqual(['Shipping', 'Tracking']);
    const scores = en.json().hits.map((h: { score: number }) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const empty = await app.inject({ method: 'POST', url: `/v1/knowledge-bases/${kbId}/search`, payload: { query: '' } });
    expect(empty.statusCode).toBe(400);
  });

  it('rejects bad uploads with a clear 4xx code and stores nothing for them', async () => {
    const cases: Array<[Parameters<typeof multipart>[0][number], number, string]> = [
      [{ name: 'empty.md', content: '' }, 422, 'EMPTY_DOCUMENT'],
      [{ name: 'fake.pdf', content: 'this is not a pdf at all' }, 422, 'UNPARSEABLE_FILE'],
      [{ name: 'tool.exe', content: 'MZ....' }, 415, 'UNSUPPORTED_FILE_TYPE'],
      [{ name: '../../etc/passwd.md', content: '# x\ny' }, 400, 'INVALID_FILENAME'],
      [{ name: 'big.md', content: '# big\n' + 'x'.repeat(70 * 1024) }, 413, 'FILE_TOO_LARGE'],
      [{ name: 'faq-missing.csv', content: 'question,foo\nq,a\n' }, 422, 'INVALID_FAQ_FILE'],
    ];
    for (const [file, status, code] of cases) {
      const res = await upload([file]);
      expect({ name: file.name, status: res.statusCode, code: res.json().error?.code }).toEqual({ name: file.name, status, code });
    }
    const notMultipart = await app.inject({ method: 'POST', url: `/v1/knowledge-bases/${kbId}/documents`, payload: { a: 1 } });
    expect(notMultipart.statusCode).toBeGreaterThanOrEqual(400);
    expect(notMultipart.statusCode).toBeLessThan(500);
    const ready = await app.inject({ url: `/v1/knowledge-bases/${kbId}/documents?status=ready` });
    expect(ready.json().items.map((d: { sourcePath: string }) => d.sourcePath).sort()).toEqual(['en/shipping.md', 'faq.csv', 'zh/phones.md']);
  });

  it('concurrent uploads of the same new file leave one copy', async () => {
    const doc = '# Returns\n\nYou can return any phone within 7 days.\n';
    const results = await Promise.all([1, 2, 3].map(() => upload([{ name: 'returns.md', content: doc }])));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    const list = await app.inject({ url: `/v1/knowledge-bases/${kbId}/documents?q=returns` });
    expect(list.json().total).toBe(1);
    const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.source_path = 'returns.md'`);
    expect(rows[0].n).toBe(list.json().items[0].chunkCount);
  });

  it('re-ingests from the stored original and deletes documents', async () => {
    const list = await app.inject({ url: `/v1/knowledge-bases/${kbId}/documents?q=shipping` });
    const id = list.json().items[0].id;
    const re = await app.inject({ method: 'POST', url: `/v1/knowledge-bases/${kbId}/documents/${id}/reingest` });
    expect(re.statusCode).toBe(200);
    expect(re.json().document.version).toBe(2);
    const del = await app.inject({ method: 'DELETE', url: `/v1/knowledge-bases/${kbId}/documents/${id}` });
    expect(del.statusCode).toBe(204);
    const gone = await app.inject({ url: `/v1/knowledge-bases/${kbId}/documents/${id}` });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('DOCUMENT_NOT_FOUND');
    const search = await app.inject({ method: 'POST', url: `/v1/knowledge-bases/${kbId}/search`, payload: { query: 'tracking number', include: ['chunk'] } });
    expect(search.json().hits.every((h: { sourcePath: string }) => h.sourcePath !== 'en/shipping.md')).toBe(true);
    // The in-memory index follows re-ingestion and deletion: it holds exactly the stored rows.
    const { rows } = await t.db.pool.query('SELECT (SELECT count(*)::int FROM chunks WHERE kb_id = $1) AS chunks, (SELECT count(*)::int FROM faq_questions WHERE kb_id = $1) AS faq', [kbId]);
    const indexes = await ctx.index.lexical.indexes(kbId);
    expect({ chunks: indexes.chunks.size, faq: indexes.faq.size }).toEqual(rows[0]);
  });

  it('serves health, readiness and OpenAPI docs', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ url: '/readyz' })).json().status).toBe('ready');
    const spec = await app.inject({ url: '/docs/json' });
    expect(Object.keys(spec.json().paths)).toContain('/v1/knowledge-bases/{kb}/search');
  });
});
