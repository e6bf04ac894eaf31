import type { AgentStatus } from '../domain/agents.js';
import { agentTopic } from '../domain/handoff-events.js';
import type { AgentRepository } from '../ports/agent-repository.js';
import type { EventBus } from '../ports/event-bus.js';
import type { HandoffStore } from '../ports/handoff-store.js';
import type { DispatchQueue } from './dispatch-queue.js';
import { publishAll, type Clock, type Log } from './handoff-settings.js';

/**
 * 示闲 / 示忙: online agents receive new conversations, busy and away agents keep the ones they
 * have, and an agent going offline or away gives back offers not yet accepted.
 */
export function createSetAgentStatus(deps: { agents: AgentRepository; handoffs: HandoffStore; dispatch: DispatchQueue; bus: EventBus; clock: Clock; log?: Log }) {
  return async function setAgentStatus(agentId: string, status: AgentStatus) {
    const now = deps.clock.now();
    const { agent, previous } = await deps.agents.setStatus(agentId, status, now);
    if (status === 'offline' || status === 'away') {
      for (const h of await deps.handoffs.assignedTo(agentId)) {
        if (h.acceptedAt) continue;
        const r = await deps.handoffs.requeue({
          conversationId: h.conversationId,
          fromAgentId: agentId,
          reason: `agent_${status}`,
          actor: { kind: 'system' },
          at: now,
          onlyUnaccepted: true,
        }).catch(() => null); // accepted, resolved or transferred meanwhile
        if (r) await publishAll(deps.bus, [[agentTopic(agentId), { type: 'unassigned', agentId, conversationId: h.conversationId, reason: `agent_${status}` }]], deps.log);
      }
    }
    if (status === 'online' || previous === 'online') await deps.dispatch();
    return deps.agents.get(agentId).then((a) => a ?? agent);
  };
}
