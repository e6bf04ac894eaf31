import { buildApp } from '../../src/app.js';
import { createContext } from '../../src/composition-root.js';
import type { MessageSentiment } from '../../src/domain/conversation.js';
import type { Env } from '../../src/config/config.js';
import type { Database } from '../../src/adapters/db/database.js';
import { testConfig, withAdminKey } from '../helpers/build.js';

/** A clock the test moves by hand, so accept timeouts and waiting times need no sleeping. */
export function manualClock(start = Date.parse('2026-03-02T09:00:00Z')) {
  let now = start;
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

/** The service on `db` with a manual clock; routing falls back to other skills after 60 s. */
export async function buildHandoffApp(db: Database, env: Env = {}) {
  const clock = manualClock();
  const config = testConfig({ HANDOFF_SWEEP_MS: '0', ...env });
  const ctx = await createContext(config, { db, clock });
  const app = await buildApp(config, { ctx });
  await app.ready();
  const { adminKey, rawInject } = await withAdminKey(app, ctx);
  return { app, ctx, clock, config, adminKey, rawInject };
}

export const angry: MessageSentiment = { sentiment: 'negative', sentimentScore: -0.8, emotion: 'angry', confidence: 0.9, analyzer: 'test' };
export const calm: MessageSentiment = { sentiment: 'neutral', sentimentScore: 0, emotion: 'neutral', confidence: 0.8, analyzer: 'test' };

type Ctx = Awaited<ReturnType<typeof buildHandoffApp>>['ctx'];

/** A bot conversation with two turns: a failed answer citing a passage, then an angry customer. */
export async function conversationWithHistory(ctx: Ctx, kbId: string, opts: { customerId?: string; language?: 'zh' | 'en' } = {}) {
  const c = await ctx.conversations.create({ kbId, channel: 'web', customerId: opts.customerId ?? 'cust-1', language: opts.language ?? 'zh', metadata: { contact: { phone: '13800000000' } } });
  const turn = async (content: string, sentiment: MessageSentiment, answer: string, confidence: number) => {
    const { userMessage, assistantMessage } = await ctx.conversations.beginTurn({ conversationId: c.id, content, language: opts.language ?? 'zh', staleAfterMs: 60_000, sentiment });
    await ctx.conversations.finishTurn({
      messageId: assistantMessage.id,
      conversationId: c.id,
      userMessageId: userMessage.id,
      query: content,
      status: 'complete',
      content: answer,
      kind: confidence < 0.3 ? 'no_answer' : 'answer',
      citations: [
        { index: 1, type: 'chunk', id: '42', documentId: '00000000-0000-0000-0000-000000000001', sourcePath: 'zh/refund.md', title: '退款', headingPath: ['退款'], snippet: '退款将在 3-5 个工作日内原路退回', score: 0.41 },
      ],
      confidence,
      usage: null,
      timings: {},
      prompt: null,
    });
  };
  await turn('我的退款怎么还没到？', calm, '退款将在 3-5 个工作日内原路退回。[1]', 0.55);
  await turn('已经两周了！太离谱了，我要投诉', angry, '抱歉，我没有找到相关信息。', 0.08);
  return c;
}
