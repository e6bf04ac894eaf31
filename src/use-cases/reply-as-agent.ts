import { EmptyMessage, MessageTooLarge } from '../domain/errors.js';
import { conversationTopic } from '../domain/handoff-events.js';
import type { EventBus } from '../ports/event-bus.js';
import type { HandoffStore } from '../ports/handoff-store.js';
import { publishAll, type Clock, type Log } from './handoff-settings.js';

/** An agent's message to the customer: stored as role 'agent', then pushed to the conversation's stream on whichever instance holds it. */
export function createReplyAsAgent(deps: { handoffs: HandoffStore; bus: EventBus; clock: Clock; maxMessageChars: number; log?: Log }) {
  return async function replyAsAgent(agentId: string, conversationId: string, rawContent: string) {
    const content = rawContent.trim();
    if (!content) throw new EmptyMessage('The message is empty', { details: { field: 'content' } });
    if (content.length > deps.maxMessageChars)
      throw new MessageTooLarge(`The message is longer than ${deps.maxMessageChars} characters`, { details: { max: deps.maxMessageChars } });
    const message = await deps.handoffs.agentReply(agentId, conversationId, content, deps.clock.now());
    await publishAll(
      deps.bus,
      [[conversationTopic(conversationId), { type: 'agent_message', conversationId, agentId, message: { id: message.id, seq: message.seq, content: message.content } }]],
      deps.log,
    );
    return message;
  };
}
