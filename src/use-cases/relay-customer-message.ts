import type { MessageSentiment } from '../domain/conversation.js';
import { EmptyMessage, MessageTooLarge } from '../domain/errors.js';
import { agentTopic } from '../domain/handoff-events.js';
import type { EventBus } from '../ports/event-bus.js';
import type { HandoffStore } from '../ports/handoff-store.js';
import { publishAll, type Clock, type Log } from './handoff-settings.js';

/**
 * A customer message while the conversation is queued or with an agent: stored without a bot
 * answer and pushed to the assigned agent's stream. The chat turn calls this instead of the
 * bot when the conversation's status is 'queued' or 'assigned' (409 ILLEGAL_TRANSITION for a
 * conversation that is not with humans).
 */
export function createRelayCustomerMessage(deps: { handoffs: HandoffStore; bus: EventBus; clock: Clock; maxMessageChars: number; log?: Log }) {
  return async function relayCustomerMessage(conversationId: string, rawContent: string, opts: { sentiment?: MessageSentiment | null } = {}) {
    const content = rawContent.trim();
    if (!content) throw new EmptyMessage('The message is empty', { details: { field: 'content' } });
    if (content.length > deps.maxMessageChars)
      throw new MessageTooLarge(`The message is longer than ${deps.maxMessageChars} characters`, { details: { max: deps.maxMessageChars } });
    const { message, agentId } = await deps.handoffs.customerMessage({ conversationId, content, sentiment: opts.sentiment, at: deps.clock.now() });
    if (agentId)
      await publishAll(
        deps.bus,
        [[agentTopic(agentId), { type: 'customer_message', conversationId, message: { id: message.id, seq: message.seq, content: message.content } }]],
        deps.log,
      );
    return { message, deliveredTo: agentId };
  };
}
