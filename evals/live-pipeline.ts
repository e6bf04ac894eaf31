import type { AppContext } from '../src/composition-root.js';
import { createAnswering } from '../src/adapters/answering/create-answering.js';
import { MemoryConversationStore } from '../src/adapters/memory/memory-conversation-store.js';
import { collectAnswer, type ChatEvent } from '../src/domain/chat-events.js';
import type { Turn } from '../src/domain/conversation.js';
import { createAnswerTurn } from '../src/use-cases/answer-turn.js';
import type { Passage, PipelineAnswer, RetrievalPipeline } from './pipeline.js';

/**
 * Our pipeline on a LIVE knowledge base of the running service (suites with `knowledge_base`):
 * the service's own search, evidence, answerer and escalation policy over its stored data, with
 * no ingest. Unlike `our-pipeline.ts` nothing is written to the service: the chat use case runs
 * on conversations held in memory and without a handoff step, so an eval case that escalates is
 * recorded as escalated but pages no agent and leaves no conversation behind.
 */
export function createLivePipeline(ctx: AppContext): RetrievalPipeline {
  const conversations = new MemoryConversationStore();
  const { prompts, config } = ctx;
  const answerTurn = createAnswerTurn({
    conversations,
    knowledgeBases: ctx.knowledgeBases,
    sentiment: ctx.sentiment,
    escalation: config.escalation,
    renderHandoffReply: (language) => prompts.render('local-handoff', language),
    searchKnowledge: ctx.searchKnowledge,
    evidence: ctx.evidence,
    ...createAnswering(config, prompts),
    renderClarification: (language, options) => prompts.render('local-clarify', language, { options: options.join(language === 'zh' ? '、' : ', ') }),
    settings: config.chat,
  });
  return {
    name: 'ours',
    async prepare() {
      throw new Error('a live knowledge base is not ingested: the suite names it with knowledge_base');
    },
    // Chunks and FAQ entries: a live knowledge base mixes both, and a case made from a conversation
    // may expect either. An FAQ entry counts as the section headed by its question.
    async docs(kb, query, k) {
      const r = await ctx.searchKnowledge(kb, query, { topK: k, include: ['chunk', 'faq'] });
      return r.hits.map((h): Passage => ({ sourcePath: h.sourcePath, headingPath: h.type === 'chunk' ? h.headingPath : [h.question] }));
    },
    async faq(kb, query, k) {
      const r = await ctx.searchKnowledge(kb, query, { topK: k, include: ['faq'] });
      return r.hits.flatMap((h) => (h.type === 'faq' ? [h.externalId] : []));
    },
    async answer(kb, messages): Promise<PipelineAnswer> {
      const conversation = await conversations.create({ kbId: kb, channel: 'eval' });
      try {
        const earlier = messages.slice(0, -1);
        if (earlier.length) await conversations.appendHistory(conversation.id, earlier);
        const events: ChatEvent[] = [];
        for await (const e of answerTurn(conversation.id, messages[messages.length - 1]!.content, new AbortController().signal)) events.push(e);
        const a = collectAnswer(events);
        const stored = (await conversations.messages(conversation.id)).at(-1);
        const c = a.citations[0];
        return {
          text: a.content,
          kind: a.kind,
          confidence: a.confidence,
          query: a.query,
          cited: c ? { sourcePath: c.sourcePath, headingPath: c.type === 'faq' ? [await faqQuestion(kb, c.documentId, c.id)] : c.headingPath, faqId: c.externalId } : undefined,
          features: stored?.metadata.features as Record<string, number> | undefined,
          escalated: !!a.handoff,
          escalationReason: a.handoff ? String(a.handoff.reason) : undefined,
        };
      } finally {
        conversations.delete(conversation.id);
      }
    },
    // As in our-pipeline.ts: each earlier user turn with the stand-alone query it was rewritten to then.
    async rewrite(history, question, lang) {
      const signal = new AbortController().signal;
      const window = config.chat.historyWindow;
      const turns: Turn[] = [];
      for (const m of history) {
        if (m.role === 'user') {
          const r = await ctx.rewriter.rewrite({ question: m.content, history: turns.slice(-window), summary: '', language: lang }, signal);
          turns.push({ role: 'user', content: m.content, query: r.query });
        } else turns.push({ role: 'assistant', content: m.content });
      }
      return ctx.rewriter.rewrite({ question, history: turns.slice(-window), summary: '', language: lang }, signal);
    },
    close: async () => undefined,
  };

  async function faqQuestion(kb: string, documentId: string, entryId: string): Promise<string> {
    const entries = await ctx.documents.faqEntries(kb, documentId);
    return entries.find((e) => e.id === entryId)?.question ?? '';
  }
}
