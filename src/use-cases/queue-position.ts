import { ConversationNotFound } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { SelfServiceQueries } from '../ports/self-service-queries.js';

const QUEUE_WINDOW = 1000;

/**
 * The customer's place in the queue while waiting for a person. Not queued (still with the bot,
 * already assigned, resolved): position null, so the widget can poll without special cases.
 */
export function createQueuePosition(deps: { conversations: ConversationStore; queries: SelfServiceQueries; clock: Clock }) {
  return async (conversationId: string) => {
    const c = await deps.conversations.get(conversationId);
    if (!c) throw new ConversationNotFound(`Conversation ${conversationId} not found`);
    if (c.status !== 'queued') return { conversationId, status: c.status, position: null, ahead: null, queueLength: null, waitingSeconds: null };
    const queue = await deps.queries.queue(QUEUE_WINDOW);
    const mine = queue.find((q) => q.conversationId === conversationId);
    return {
      conversationId,
      status: c.status,
      position: mine?.position ?? null,
      ahead: mine ? mine.position - 1 : null,
      queueLength: queue.length,
      waitingSeconds: mine ? Math.max(0, Math.round((deps.clock.now().getTime() - mine.queuedAt.getTime()) / 1000)) : null,
    };
  };
}
