import { conversationTopic } from '../domain/handoff-events.js';
import type { EventBus } from '../ports/event-bus.js';
import type { HandoffStore } from '../ports/handoff-store.js';
import type { DispatchQueue } from './dispatch-queue.js';
import { publishAll, type Clock, type Log } from './handoff-settings.js';

/** The agent resolves the conversation (the customer may then rate it) or hands it back to the bot; either frees a slot, so the queue runs again. */
export function createResolveConversation(deps: { handoffs: HandoffStore; dispatch: DispatchQueue; bus: EventBus; clock: Clock; log?: Log }) {
  return async function resolveConversation(agentId: string, conversationId: string, opts: { toBot?: boolean; note?: string } = {}) {
    const h = await deps.handoffs.finish({
      conversationId,
      agentId,
      action: opts.toBot ? 'return_to_bot' : 'resolve',
      reason: opts.note ?? (opts.toBot ? 'returned_to_bot' : 'resolved'),
      actor: { kind: 'agent', id: agentId },
      at: deps.clock.now(),
    });
    await publishAll(deps.bus, [[conversationTopic(conversationId), { type: 'status', conversationId, status: opts.toBot ? 'bot' : 'resolved', agentId }]], deps.log);
    await deps.dispatch();
    return h;
  };
}
