import { conversationTopic } from '../domain/handoff-events.js';
import type { EventBus } from '../ports/event-bus.js';
import type { HandoffStore } from '../ports/handoff-store.js';
import { publishAll, type Clock, type Log } from './handoff-settings.js';

/** An agent takes a queued conversation, or accepts one offered to them. Of two agents claiming at once exactly one wins (the other gets 409 CONVERSATION_TAKEN). */
export function createClaimConversation(deps: { handoffs: HandoffStore; bus: EventBus; clock: Clock; log?: Log }) {
  return async function claimConversation(agentId: string, conversationId: string) {
    const h = await deps.handoffs.claim(agentId, conversationId, deps.clock.now());
    await publishAll(deps.bus, [[conversationTopic(conversationId), { type: 'status', conversationId, status: 'assigned', agentId }]], deps.log);
    return h;
  };
}
