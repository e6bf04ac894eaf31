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
});
