import { conversationTopic } from '../domain/handoff-events.js';
import type { EventBus } from '../ports/event-bus.js';
import type { HandoffStore } from '../ports/handoff-store.js';
import type { DispatchQueue } from './dispatch-queue.js';
import { publishAll, type Clock, type Log } from './handoff-settings.js';

/** The customer stops waiting for a person (or leaves the agent): back to the bot, freeing the agent's slot. */
export function createCancelHandoff(deps: { handoffs: HandoffStore; dispatch: DispatchQueue; bus: EventBus; clock: Clock; log?: Log }) {
  return async function cancelHandoff(conversationId: string) {
    const h = await deps.handoffs.finish({ conversationId, action: 'return_to_bot', reason: 'customer_cancelled', actor: { kind: 'customer' }, at: deps.clock.now() });
    await publishAll(deps.bus, [[conversationTopic(conversationId), { type: 'status', conversationId, status: 'bot', agentId: h.agentId }]], deps.log);
    if (h.agentId) await deps.dispatch();
    return h;
  };
}
