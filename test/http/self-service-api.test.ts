import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, multipart } from '../helpers/build.js';
import { databases, type TestDatabase } from '../helpers/databases.js';

const FAQ_CSV = `id,question,answer,lang
f1,怎么查物流,在"我的订单"里点击"查看物流"即可看到快递进度。,zh
f2,How long does delivery take?,Two to three days.,en
f3,支持货到付款吗,支持，部分地区除外。,zh
`;

/** The pages' read models: the widget's popular questions, the console's queue, a customer's place in it. */
describe.each(databases)('self-service API on %s', (_name, open) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof build>>['app'];
  let kbId: string;

  beforeAll(async () => {
    t = await open();
    ({ app } = await build(t, { HANDOFF_SWEEP_MS: '0' }));
    kbId = (await app.inject({ method: 'POST', url: '/v1/knowledge-bases', payload: { name: 'shop' } })).json().id;
    const up = await app.inject({ method: 'POST', url: `/v1/knowledge-bases/${kbId}/documents`, ...multipart([{ name: 'faq.csv', content: FAQ_CSV, type: 'text/csv' }]) });
    expect(up.statusCode).toBeLessThan(300);
  });
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  const openConversation = async () =>
    (await app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: kbId, channel: 'web' } })).json().id as string;

  it('popular questions: entries in the asked language first, then the most cited first', async () => {
    const en = (await app.inject(`/v1/knowledge-bases/shop/faq/popular?language=en&limit=2`)).json();
    expect(en.items.map((i: { question: string }) => i.question)).toEqual(['How long does delivery take?', '怎么查物流']);

    // An answer citing f3 makes it the most popular of the zh entries.
    const c = await openConversation();
    const answered = await app.inject({ method: 'POST', url: `/v1/conversations/${c}/messages`, payload: { content: '支持货到付款吗' } });
    expect(answered.json().citations?.[0]?.externalId ?? answered.json().message?.citations?.[0]?.externalId).toBe('f3');
    const zh = (await app.inject(`/v1/knowledge-bases/${kbId}/faq/popular?language=zh`)).json();
    expect(zh.items[0]).toMatchObject({ question: '支持货到付款吗', uses: 1 });
    expect(zh.items).toHaveLength(3);
  });

  it('popular questions: unknown knowledge base 404, bad query 400', async () => {
    expect((await app.inject('/v1/knowledge-bases/nope/faq/popular')).json().error.code).toBe('KB_NOT_FOUND');
    expect((await app.inject(`/v1/knowledge-bases/${kbId}/faq/popular?limit=0`)).statusCode).toBe(400);
    expect((await app.inject(`/v1/knowledge-bases/${kbId}/faq/popular?language=fr`)).statusCode).toBe(400);
  });

  it('the queue in serving order, and each customer their place in it', async () => {
    const [a, b, idle] = [await openConversation(), await openConversation(), await openConversation()];
    for (const id of [a, b]) expect((await app.inject({ method: 'POST', url: `/v1/conversations/${id}/handoff`, payload: {} })).statusCode).toBe(201);

    const queue = (await app.inject('/v1/handoffs/queue')).json();
    expect(queue.items.map((q: { conversationId: string; position: number }) => [q.conversationId, q.position])).toEqual([[a, 1], [b, 2]]);
    expect(queue.items[0]).toMatchObject({ reason: 'customer_request', waitingSeconds: expect.any(Number) });

    expect((await app.inject(`/v1/conversations/${b}/queue`)).json()).toMatchObject({ status: 'queued', position: 2, ahead: 1, queueLength: 2 });
    expect((await app.inject(`/v1/conversations/${idle}/queue`)).json()).toMatchObject({ status: 'bot', position: null });

    // Leaving the queue moves the next one up.
    await app.inject({ method: 'POST', url: `/v1/conversations/${a}/handoff/cancel` });
    expect((await app.inject(`/v1/conversations/${b}/queue`)).json()).toMatchObject({ position: 1, ahead: 0 });
    expect((await app.inject('/v1/conversations/00000000-0000-0000-0000-000000000000/queue')).json().error.code).toBe('CONVERSATION_NOT_FOUND');
  });

  it('FAQ editing: add, edit, delete re-ingest the list; stale versions are refused', async () => {
    const list = (await app.inject(`/v1/knowledge-bases/${kbId}/documents?kind=faq`)).json().items[0];
    const added = await app.inject({
      method: 'POST',
      url: `/v1/knowledge-bases/${kbId}/faq/entries`,
      payload: { documentId: list.id, version: list.version, question: '可以开发票吗', answer: '可以，下单时选择电子发票。', altQuestions: ['发票怎么开'] },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ outcome: 'updated', document: { id: list.id, version: list.version + 1, chunkCount: 4 } });
    // Searchable at once, by its other wording too.
    const hit = (await app.inject({ method: 'POST', url: `/v1/knowledge-bases/${kbId}/search`, payload: { query: '发票怎么开', include: ['faq'] } })).json().hits[0];
    expect(hit).toMatchObject({ question: '可以开发票吗', altQuestions: ['发票怎么开'] });

    // An edit made on the old version is refused: the other editor's entry is not lost.
    const stale = await app.inject({ method: 'PATCH', url: `/v1/knowledge-bases/${kbId}/documents/${list.id}/faq-entries/f1`, payload: { question: 'x', answer: 'y', version: list.version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('FAQ_VERSION_CONFLICT');

    const edited = await app.inject({
      method: 'PATCH',
      url: `/v1/knowledge-bases/${kbId}/documents/${list.id}/faq-entries/f1`,
      payload: { question: '怎么查物流？', answer: '在订单详情里查看物流。', altQuestions: ['快递到哪了'], version: list.version + 1 },
    });
    expect(edited.statusCode).toBe(200);
    const entries = (await app.inject(`/v1/knowledge-bases/${kbId}/documents/${list.id}`)).json().entries;
    expect(entries.find((e: { externalId: string }) => e.externalId === 'f1')).toMatchObject({ answer: '在订单详情里查看物流。', altQuestions: ['快递到哪了'] });

    const removed = await app.inject({ method: 'DELETE', url: `/v1/knowledge-bases/${kbId}/documents/${list.id}/faq-entries/f2?version=${list.version + 2}` });
    expect(removed.json().document.chunkCount).toBe(3);
    const missing = await app.inject({ method: 'DELETE', url: `/v1/knowledge-bases/${kbId}/documents/${list.id}/faq-entries/nope` });
    expect(missing.json().error.code).toBe('FAQ_ENTRY_NOT_FOUND');
  });

  it('FAQ editing: the first entry of a knowledge base creates faq.csv; documents are not FAQ lists', async () => {
    const other = (await app.inject({ method: 'POST', url: '/v1/knowledge-bases', payload: { name: 'empty' } })).json().id;
    const r = await app.inject({ method: 'POST', url: `/v1/knowledge-bases/${other}/faq/entries`, payload: { question: 'Do you ship abroad?', answer: 'Not yet.' } });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ outcome: 'created', document: { sourcePath: 'faq.csv', chunkCount: 1 } });
    const doc = await app.inject({ method: 'POST', url: `/v1/knowledge-bases/${other}/documents`, ...multipart([{ name: 'a.md', content: '# A\n\nSome text here.', type: 'text/markdown' }]) });
    const notFaq = await app.inject({ method: 'PATCH', url: `/v1/knowledge-bases/${other}/documents/${doc.json().items[0].document.id}/faq-entries/x`, payload: { question: 'q', answer: 'a' } });
    expect(notFaq.json().error.code).toBe('FAQ_NOT_EDITABLE');
  });
});

