import type { Language } from '../ports/text-analyzer.js';
import { systemClock, type Clock } from '../ports/clock.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { KnowledgeBaseRepository } from '../ports/knowledge-store.js';
import { requireKnowledgeBase } from './require-knowledge-base.js';

export function createOpenConversation(deps: { knowledgeBases: KnowledgeBaseRepository; conversations: ConversationStore; clock?: Clock }) {
  const clock = deps.clock ?? systemClock;
  return async function openConversation(input: {
    knowledgeBase: string;
    channel?: string;
    customerId?: string | null;
    language?: Language | 'auto' | null;
    metadata?: Record<string, unknown>;
  }) {
    const kb = await requireKnowledgeBase(deps.knowledgeBases, input.knowledgeBase);
    return deps.conversations.create({
      kbId: kb.id,
      channel: input.channel ?? 'api',
      customerId: input.customerId ?? null,
      language: input.language === 'auto' ? null : (input.language ?? null),
      metadata: input.metadata,
      at: clock.now(),
    });
  };
}
