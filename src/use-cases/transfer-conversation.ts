import { checkSkills } from '../domain/agents.js';
import { InvalidInput } from '../domain/errors.js';
import { agentTopic, conversationTopic } from '../domain/handoff-events.js';
import type { EventBus } from '../ports/event-bus.js';
import type { HandoffStore } from '../ports/handoff-store.js';
import type { DispatchQueue } from './dispatch-queue.js';
import { publishAll, type Clock, type HandoffSettings, type Log } from './handoff-settings.js';

/**
 * Transfer to a named agent (who must have room, and accept it like any offer) or to a skill
 * (back into the queue with the new skill, keeping its original waiting time).
 */
export function createTransferConversation(deps: { handoffs: HandoffStore; dispatch: DispatchQueue; bus: EventBus; clock: Clock; settings: HandoffSettings; log?: Log }) {
  return async function transferConversation(agentId: string, conversationId: string, to: { agentId?: string; skill?: string; note?: string }) {
    if (!!to.agentId === !!to.skill) throw new InvalidInput('Transfer to exactly one of: an agent, a skill', { details: { fields: ['toAgentId', 'skill'] } });
    if (to.agentId === agentId) throw new InvalidInput('The conversation is already with this agent', { details: { field: 'toAgentId' } });
    const at = deps.clock.now();
    if (to.agentId) {
      const h = await deps.handoffs.transferToAgent({ conversationId, fromAgentId: agentId, toAgentId: to.agentId, reason: to.note ?? 'transfer', at });
      await publishAll(
        deps.bus,
        [
          [agentTopic(agentId), { type: 'unassigned', agentId, conversationId, reason: 'transferred' }],
          [agentTopic(to.agentId), { type: 'assignment', agentId: to.agentId, conversationId, handoffId: h.id, skill: h.skill, urgency: h.urgency, accepted: false }],
          [conversationTopic(conversationId), { type: 'status', conversationId, status: 'assigned', agentId: to.agentId }],
        ],
        deps.log,
      );
      return h;
    }
    checkSkills([to.skill!], deps.settings.skills);
    const requeued = await deps.handoffs.requeue({ conversationId, fromAgentId: agentId, skill: to.skill!, reason: to.note ?? 'transfer', actor: { kind: 'agent', id: agentId }, at });
    await publishAll(
      deps.bus,
      [
        [agentTopic(agentId), { type: 'unassigned', agentId, conversationId, reason: 'transferred' }],
        [conversationTopic(conversationId), { type: 'status', conversationId, status: 'queued' }],
      ],
      deps.log,
    );
    const made = await deps.dispatch();
    return made.find((h) => h.conversationId === conversationId) ?? requeued!;
  };
}
