import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { build } from '../helpers/build.js';
import { ingestSampleKb, SAMPLE_ENV } from '../helpers/sample-kb.js';

describe.each(databases)('chat API on %s', (_name, open) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof build>>['app'];
  let ctx: Awaited<ReturnType<typeof build>>['ctx'];

  beforeAll(async () => {
    t = await open();
    ({ app, ctx } = await build(t, SAMPLE_ENV));
    await ingestSampleKb(ctx);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  const openConversation = async (body: Record<string, unknown> = {}) => {
    const res = await app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: 'demo', channel: 'web', ...body } });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const send = (id: string, content: unknown) => app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, payload: { content } });

  it('answers from the knowledge base with citations, confidence and timings, and keeps the history', async () => {
    const id = await openConversation({ customerId: 'c-1' });
    const res = await send(id, 'LM-S12 的电池容量是多少？');
    expect(res.statusCode).toBe(200);
    const a = res.json();
    expect(a.kind).toBe('answer');
    expect(a.content).toContain('5,500mAh');
    expect(a.citations.length).toBeGreaterThan(0);
    expect(a.citations[0].sourcePath).toBe('zh/products.md');
    expect(a.citations[0].headingPath).toContain('LM-S12');
    expect(a.confidence).toBeGreaterThan(0.5);
    expect(a.confidence).toBeLessThanOrEqual(1);
    expect(a.timings.retrievalMs).toBeGreaterThan(0);

    const history = (await app.inject({ method: 'GET', url: `/v1/conversations/${id}` })).json();
    expect(history.customerId).toBe('c-1');
    expect(history.messages.map((m: any) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    expect(history.messages[1].content).toBe(a.content);
    expect(history.messages[1].citations[0].id).toBe(a.citations[0].id);
    expect(history.messages[1].confidence).toBeCloseTo(a.confidence, 5);
  });

  it('returns a strongly matching FAQ answer verbatim, in the customer language', async () => {
    const id = await openConversation();
    const zh = (await send(id, '怎么查物流？')).json();
    expect(zh.kind).toBe('faq');
    expect(zh.content).toMatch(/^在乐摩 App 或官网进入「我的」→「我的订单」/);
    expect(zh.citations[0].type).toBe('faq');
  });

  it('rewrites a follow-up into a stand-alone query and does not carry the old topic', async () => {
    const id = await openConversation();
    const first = (await send(id, 'LM-S12 支持 NFC 吗？')).json();
    expect(first.rewritten).toBe(false);
    const follow = (await send(id, '那它多少钱？')).json();
    expect(follow.rewritten).toBe(true);
    expect(follow.query).toContain('LM-S12');
    expect(follow.query).not.toContain('NFC');
    expect(follow.content).toContain('2,699');
    const other = (await send(id, '那 LM-A5 呢？')).json();
    expect(other.query).toContain('LM-A5');
    expect(other.query).not.toContain('LM-S12');
    expect(other.content).toContain('1,299');
  });

  it('asks which model when the question fits several, and uses the reply', async () => {
    const id = await openConversation();
    const ask = (await send(id, '手机的电池多大？')).json();
    expect(ask.kind).toBe('clarification');
    for (const model of ['LM-X20 Pro', 'LM-S12', 'LM-A5']) expect(ask.content).toContain(model);
    const reply = (await send(id, 'LM-A5')).json();
    expect(reply.rewritten).toBe(true);
    expect(reply.query).toContain('电池');
    expect(reply.content).toContain('5,000mAh');
    expect(reply.content).toContain('33W');
  });

  it('says it does not know instead of guessing', async () => {
    const id = await openConversation({ language: 'en' });
    const a = (await send(id, 'Do you sell refrigerators with an ice maker?')).json();
    expect(a.kind).toBe('no_answer');
    expect(a.confidence).toBeLessThan(0.3);
    expect(a.content).toMatch(/could not find/);
  });

  it('hands off at once when the customer asks for a person, and records the sentiment of every message', async () => {
    const id = await openConversation();
    const a = (await send(id, '别废话了，转人工！')).json();
    expect(a.kind).toBe('handoff');
    expect(a.handoff).toMatchObject({ reason: 'customer_request' });
    expect(a.content).toContain('转接人工客服');
    expect(a.citations).toEqual([]);
    const messages = (await app.inject({ method: 'GET', url: `/v1/conversations/${id}` })).json().messages;
    expect(messages[0].sentiment).toMatchObject({ analyzer: expect.any(String), sentiment: expect.stringMatching(/negative|neutral|positive/) });
    expect(messages[1].metadata.escalation).toEqual({ escalate: true, reason: 'customer_request' });
  });

  it('answers an angry customer with an apology first, a calm one without', async () => {
    const angry = (await send(await openConversation(), '气死我了，等了一个星期还没到！快递一般几天能到？')).json();
    expect(angry.content).toMatch(/^非常抱歉/);
    expect(angry.content).toContain('顺丰');
    const calm = (await send(await openConversation(), '快递一般几天能到？')).json();
    expect(calm.content).toMatch(/^所有订单都用顺丰速运发货/);
  });

  it('hands off sensitive intents after answering, with the reason', async () => {
    const id = await openConversation();
    const a = (await send(id, '我要投诉，LM-S12 的屏幕有问题怎么办')).json();
    expect(a.handoff).toMatchObject({ reason: 'sensitive_intent', detail: 'complaint' });
  });

  it('refuses bad input with codes and stores nothing half', async () => {
    const missingKb = await app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: 'nope' } });
    expect([missingKb.statusCode, missingKb.json().error.code]).toEqual([404, 'KB_NOT_FOUND']);
    const missing = await send('00000000-0000-0000-0000-000000000000', 'hi');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'CONVERSATION_NOT_FOUND']);
    const notUuid = await send('not-a-uuid', 'hi');
    expect(notUuid.statusCode).toBe(404);

    const id = await openConversation();
    const empty = await send(id, '   ');
    expect([empty.statusCode, empty.json().error.code]).toEqual([422, 'EMPTY_MESSAGE']);
    const huge = await send(id, 'x'.repeat(100 * 1024));
    expect([huge.statusCode, huge.json().error.code]).toEqual([413, 'MESSAGE_TOO_LARGE']);
    const wrongType = await send(id, 42);
    expect(wrongType.statusCode).toBe(400);
    const badUtf8 = await app.inject({
      method: 'POST',
      url: `/v1/conversations/${id}/messages`,
      headers: { 'content-type': 'application/json' },
      payload: Buffer.concat([Buffer.from('{"content":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]),
    });
    expect([badUtf8.statusCode, badUtf8.json().error.code]).toEqual([400, 'INVALID_ENCODING']);
    const history = (await app.inject({ method: 'GET', url: `/v1/conversations/${id}` })).json();
    expect(history.messages).toEqual([]);
  });

  it('refuses a second message while an answer is being generated (409), and a dead turn stops blocking', async () => {
    const id = await openConversation();
    // An answer in progress, as another request would leave it.
    const running = await ctx.conversations.beginTurn({ conversationId: id, content: '第一个问题', language: 'zh', staleAfterMs: 60_000 });
    const busy = await send(id, '第二个问题');
    expect([busy.statusCode, busy.json().error.code]).toEqual([409, 'CONVERSATION_BUSY']);
    // With a short stale limit the abandoned turn is closed out as failed and the new one runs.
    await t.db.pool.query(`UPDATE conversations SET active_since = now() - interval '1 hour' WHERE id = $1`, [id]);
    const next = await send(id, 'LM-A5 有 NFC 吗？');
    expect(next.statusCode).toBe(200);
    const messages = (await app.inject({ method: 'GET', url: `/v1/conversations/${id}` })).json().messages;
    expect(messages.find((m: any) => m.id === running.assistantMessage.id).status).toBe('failed');
    expect(messages.map((m: any) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it('lets exactly one of two simultaneous turns start, and a finished turn frees the conversation', async () => {
    const id = await openConversation();
    const start = (content: string) => ctx.conversations.beginTurn({ conversationId: id, content, language: 'zh', staleAfterMs: 60_000 });
    const results = await Promise.allSettled([start('甲'), start('乙')]);
    const started = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(started).toHaveLength(1);
    expect(refused.map((r) => r.reason.code)).toEqual(['CONVERSATION_BUSY']);
    const { userMessage, assistantMessage } = (started[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof start>>>).value;
    expect([userMessage.seq, userMessage.role, assistantMessage.seq, assistantMessage.status]).toEqual([1, 'user', 2, 'streaming']);
    const done = await ctx.conversations.finishTurn({
      messageId: assistantMessage.id, conversationId: id, userMessageId: userMessage.id, query: '甲?', status: 'complete', content: '答',
      kind: 'answer', citations: [], confidence: 0.5, usage: null, timings: { totalMs: 1 }, prompt: null, metadata: { note: 1 },
    });
    expect([done.status, done.content, done.metadata]).toEqual(['complete', '答', { note: 1 }]);
    // Free again: the next turn starts and numbers on.
    const next = await start('丙');
    expect([next.userMessage.seq, next.assistantMessage.seq]).toEqual([3, 4]);
    const stored = (await ctx.conversations.messages(id)).map((m) => [m.seq, m.role, m.status, m.query]);
    expect(stored).toEqual([[1, 'user', 'complete', '甲?'], [2, 'assistant', 'complete', null], [3, 'user', 'complete', null], [4, 'assistant', 'streaming', null]]);
  });

  it('refuses a turn on a conversation that does not exist', async () => {
    await expect(
      ctx.conversations.beginTurn({ conversationId: '00000000-0000-4000-8000-000000000000', content: '喂', language: 'zh', staleAfterMs: 60_000 }),
    ).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
  });
});
