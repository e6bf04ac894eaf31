import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyStartAt, historyTail } from '../../src/domain/memory.js';
import { PgConversationStore } from '../../src/adapters/db/pg-conversation-store.js';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { build } from '../helpers/build.js';
import { ingestSampleKb, SAMPLE_ENV } from '../helpers/sample-kb.js';

describe('where a turn starts reading history', () => {
  const historyStart = (c: { summaryThrough: number; messageCount: number }, window: number) => historyStartAt(c, historyTail(window));
  it('reads everything not yet summarised, and at least a tail of recent messages', () => {
    expect(historyStart({ summaryThrough: 0, messageCount: 500 }, 8)).toBe(0);
    expect(historyStart({ summaryThrough: 490, messageCount: 500 }, 8)).toBe(436);
    expect(historyStart({ summaryThrough: 100, messageCount: 500 }, 8)).toBe(100);
    expect(historyStart({ summaryThrough: 10, messageCount: 20 }, 8)).toBe(0);
    expect(historyStart({ summaryThrough: 490, messageCount: 500 }, 50)).toBe(400);
  });
});

describe.each(databases)('a long conversation on %s', (_name, open) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof build>>['app'];
  let ctx: Awaited<ReturnType<typeof build>>['ctx'];

  beforeAll(async () => {
    t = await open();
    ({ app, ctx } = await build(t, { ...SAMPLE_ENV, CHAT_HISTORY_WINDOW: '4' }));
    await ingestSampleKb(ctx);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  it('folds old messages into the summary once, then reads only the tail on later turns', async () => {
    const opened = await app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: 'demo' } });
    const id = opened.json().id as string;
    const earlier = Array.from({ length: 300 }, (_, i) =>
      i % 2 === 0 ? { role: 'user' as const, content: `第 ${i / 2} 个问题：订单 A${i} 什么时候发货？` } : { role: 'assistant' as const, content: `回答 ${i}` },
    );
    await ctx.conversations.appendHistory(id, earlier);

    // Watch what the turn reads, through the real store.
    const store = ctx.conversations;
    const original = store.turnContext.bind(store);
    const reads: Array<{ firstSeq: number; rows: number; withCitations: number; kbRevision?: number }> = [];
    store.turnContext = async (conversationId, opts) => {
      const r = await original(conversationId, opts);
      if (r)
        reads.push({
          firstSeq: r.history[0]?.seq ?? 0,
          rows: r.history.length,
          withCitations: r.history.filter((m) => m.citations.length).length,
          kbRevision: r.knowledgeBase?.revision,
        });
      return r;
    };
    try {
      const first = await app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, payload: { content: 'LM-S12 的电池容量是多少？' } });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().content).toContain('5,500mAh');
      // Nothing was summarised yet: the whole history is read once and folded.
      expect(reads[0]).toMatchObject({ firstSeq: 1, rows: 300 });
      // The knowledge base came in the same round trip.
      expect(reads[0]!.kbRevision).toBeGreaterThan(0);
      const afterFirst = (await store.get(id))!;
      expect(afterFirst.summaryThrough).toBeGreaterThan(250);
      expect(afterFirst.summary).toContain('订单 A');

      const second = await app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, payload: { content: 'LM-S12 支持 NFC 吗？' } });
      expect(second.statusCode, second.body).toBe(200);
      expect(second.json().content).toMatch(/NFC/);
      // A bounded tail now, not 300+ rows.
      expect(reads[1]!.firstSeq).toBeGreaterThan(201);
      expect(reads[1]!.rows).toBeLessThanOrEqual(70);
      // Without the answers' evidence, which the full history still has.
      expect(reads[1]!.withCitations).toBe(0);
      const full = await store.messages(id, { afterSeq: reads[1]!.firstSeq - 1 });
      expect(full.filter((m) => m.citations.length).length).toBeGreaterThan(0);
      const afterSecond = (await store.get(id))!;
      expect(afterSecond.summaryThrough).toBeGreaterThan(afterFirst.summaryThrough);
    } finally {
      store.turnContext = original;
    }
  });

  it("reads in one statement exactly what the separate reads give, and nothing of another tenant's", async () => {
    const opened = await app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: 'demo' } });
    const id = opened.json().id as string;
    await app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, payload: { content: '我很生气，LM-S12 的电池容量是多少？' } });
    await ctx.conversations.appendHistory(id, Array.from({ length: 80 }, (_, i) => ({ role: i % 2 ? ('assistant' as const) : ('user' as const), content: `消息 ${i}` })));
    await ctx.conversations.saveSummary(id, '顾客问了很多问题', 60);
    const store = ctx.conversations;
    const got = (await store.turnContext(id, { tail: 16 }))!;
    const conversation = (await store.get(id))!;
    expect(got.conversation).toEqual(conversation);
    // Not summarised (after 60) and at least the last 16 of 82: from seq 61 on.
    const separate = await store.messages(id, { afterSeq: historyStartAt(conversation, 16), brief: true });
    expect(separate[0]!.seq).toBe(61);
    expect(got.history).toEqual(separate);
    expect(got.history[0]!.createdAt).toBeInstanceOf(Date);
    expect(got.knowledgeBase).toEqual(await ctx.knowledgeBases.find(conversation.kbId));
    // The first turn's stored sentiment and confidence come back typed as the separate read types them.
    const first = (await store.turnContext(id, { tail: 100 }))!.history;
    expect(first).toEqual(await store.messages(id, { brief: true }));
    expect(first[1]!.confidence).toEqual(expect.any(Number));
    expect(first[0]!.sentiment).toMatchObject({ sentiment: 'negative' });

    expect(await store.turnContext('00000000-0000-4000-8000-000000000000', { tail: 16 })).toBeUndefined();
    expect(await store.turnContext('not-a-uuid', { tail: 16 })).toBeUndefined();
    expect(await new PgConversationStore(t.db, 'someone-else').turnContext(id, { tail: 16 })).toBeUndefined();
  });
});
