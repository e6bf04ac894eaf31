import { createContext, type AppContext } from '../src/composition-root.js';
import type { Config } from '../src/config/config.js';
import { ingestKnowledge } from './ingest-knowledge.js';
import type { Turn } from '../src/domain/conversation.js';
import type { Passage, PipelineAnswer, RetrievalPipeline } from './pipeline.js';
import { collectAnswer, type ChatEvent } from '../src/domain/chat-events.js';
import type { Suite } from './suite-loader.js';

/** The product's own pipeline (same composition root as the service) on a throwaway database. */
export async function createOurPipeline(config: Config, onFile?: () => void): Promise<RetrievalPipeline> {
  const ctx: AppContext = await createContext(config);
  return {
    name: 'ours',
    prepare: (knowledge: Suite['knowledge']) => ingestKnowledge(ctx, knowledge, onFile),
    async docs(kb, query, k) {
      const r = await ctx.searchKnowledge(kb, query, { topK: k, include: ['chunk'] });
      return r.hits.map((h): Passage => ({ sourcePath: h.sourcePath, headingPath: h.type === 'chunk' ? h.headingPath : [] }));
    },
    async faq(kb, query, k) {
      const r = await ctx.searchKnowledge(kb, query, { topK: k, include: ['faq'] });
      return r.hits.flatMap((h) => (h.type === 'faq' ? [h.externalId] : []));
    },
    // Through the chat use case itself: a conversation, its earlier turns, then the last message.
    async answer(kb, messages): Promise<PipelineAnswer> {
      const conversation = await ctx.openConversation({ knowledgeBase: kb, channel: 'eval', language: 'auto' });
      const earlier = messages.slice(0, -1);
      if (earlier.length) await ctx.conversations.appendHistory(conversation.id, earlier);
      const events: ChatEvent[] = [];
      for await (const e of ctx.answerTurn(conversation.id, messages[messages.length - 1]!.content, new AbortController().signal)) events.push(e);
      const a = collectAnswer(events);
      const stored = (await ctx.conversations.messages(conversation.id)).at(-1);
      const c = a.citations[0];
      return {
        text: a.content,
        kind: a.kind,
        confidence: a.confidence,
        query: a.query,
        cited: c ? { sourcePath: c.sourcePath, headingPath: c.headingPath, faqId: c.externalId } : undefined,
        features: stored?.metadata.features as Record<string, number> | undefined,
        escalated: !!a.handoff,
        escalationReason: a.handoff ? String(a.handoff.reason) : undefined,
      };
    },
    // The service's own rewriter (local unless an LLM is configured), fed what the service would have
    // stored: each earlier user turn with the stand-alone query it was rewritten to then, in the same window.
    async rewrite(history, question, lang) {
      const signal = new AbortController().signal;
      const window = ctx.config.chat.historyWindow;
      const turns: Turn[] = [];
      for (const m of history) {
        if (m.role === 'user') {
          const r = await ctx.rewriter.rewrite({ question: m.content, history: turns.slice(-window), summary: '', language: lang }, signal);
          turns.push({ role: 'user', content: m.content, query: r.query });
        } else turns.push({ role: 'assistant', content: m.content });
      }
      return ctx.rewriter.rewrite({ question, history: turns.slice(-window), summary: '', language: lang }, signal);
    },
    close: () => ctx.close(),
  };
}
