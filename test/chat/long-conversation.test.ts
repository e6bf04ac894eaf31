import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyStart } from '../../src/use-cases/answer-turn.js';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { build } from '../helpers/build.js';
import { ingestSampleKb, SAMPLE_ENV } from '../helpers/sample-kb.js';

describe('where a turn starts reading history', () => {
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
    const original = store.messages.bind(store);
    const reads: Array<{ afterSeq: number; rows: number; withCitations: number }> = [];
    store.messages = async (conversationId, opts) => {
      const rows = await original(conversationId, opts);
      reads.push({ afterSeq: opts?.afterSeq ?? 0, rows: rows.length, withCitations: rows.filter((m) => m.citations.length).length });
      return rows;
    };
    try {
      const first = await app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, payload: { content: 'LM-S12 的电池容量是多少？' } });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().content).toContain('5,500mAh');
      // Nothing was summarised yet: the whole history is read once and folded.
      expect(reads[0]).toMatchObject({ afterSeq: 0, rows: 300 });
      const afterFirst = (await store.get(id))!;
      expect(afterFirst.summaryThrough).toBeGreaterThan(250);
      expect(afterFirst.summary).toContain('订单 A');

      const second = await app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, payload: { content: 'LM-S12 支持 NFC 吗？' } });
      expect(second.statusCode, second.body).toBe(200);
      expect(second.json().content).toMatch(/NFC/);
      // A bounded tail now, not 300+ rows.
      expect(reads[1]!.afterSeq).toBeGreaterThan(200);
      expect(reads[1]!.rows).toBeLessThanOrEqual(70);
      // Without the answers' evidence, which the full history still has.
      expect(reads[1]!.withCitations).toBe(0);
      const full = await original(id, { afterSeq: reads[1]!.afterSeq });
      expect(full.filter((m) => m.citations.length).length).toBeGreaterThan(0);
      const afterSecond = (await store.get(id))!;
      expect(afterSecond.summaryThrough).toBeGreaterThan(afterFirst.summaryThrough);
    } finally {
      store.messages = original;
    }
  });
});
