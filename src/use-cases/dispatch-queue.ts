import { agentTopic, conversationTopic, type HandoffEvent } from '../domain/handoff-events.js';
import { planAssignments } from '../domain/routing.js';
import type { EventBus } from '../ports/event-bus.js';
import type { Handoff, HandoffStore } from '../ports/handoff-store.js';
import { publishAll, type Clock, type HandoffSettings, type Log } from './handoff-settings.js';

/**
 * One routing round: plans with the pure router over a snapshot of the queue and the online
 * agents, then executes each assignment with conditional updates. An assignment another
 * instance made first is skipped; the next round (a handoff, an agent coming online, a
 * resolution, the periodic sweep) picks up what is left.
 */
export function createDispatchQueue(deps: { handoffs: HandoffStore; bus: EventBus; clock: Clock; settings: HandoffSettings; log?: Log }) {
  return async function dispatchQueue(): Promise<Handoff[]> {
    const now = deps.clock.now();
    const { queue, agents } = await deps.handoffs.routingState();
    if (!queue.length || !agents.length) return [];
    const made: Handoff[] = [];
    for (const step of planAssignments(queue, agents, now.getTime(), deps.settings.routing)) {
      const h = await deps.handoffs.assign(step.itemId, step.agentId, now);
      if (h) made.push(h);
    }
    await publishAll(
      deps.bus,
      made.flatMap((h): Array<[string, HandoffEvent]> => [
        [agentTopic(h.agentId!), { type: 'assignment', agentId: h.agentId!, conversationId: h.conversationId, handoffId: h.id, skill: h.skill, urgency: h.urgency, accepted: false }],
        [conversationTopic(h.conversationId), { type: 'status', conversationId: h.conversationId, status: 'assigned', agentId: h.agentId }],
      ]),
      deps.log,
    );
    return made;
  };
}

export type DispatchQueue = ReturnType<typeof createDispatchQueue>;
