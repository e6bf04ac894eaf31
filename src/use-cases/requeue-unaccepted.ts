import { agentTopic } from '../domain/handoff-events.js';
import type { AgentRepository } from '../ports/agent-repository.js';
import type { EventBus } from '../ports/event-bus.js';
import type { HandoffStore } from '../ports/handoff-store.js';
import type { DispatchQueue } from './dispatch-queue.js';
import { publishAll, type Clock, type HandoffSettings, type Log } from './handoff-settings.js';

/**
 * Run periodically by every instance: offers not accepted within the timeout go back to the
 * queue, and their agent is set away, since an agent who does not respond is probably not at
 * the desk and would otherwise be offered the same conversation again. Safe to run on several
 * instances at once: the requeue is conditional on the offer still being open.
 */
export function createRequeueUnaccepted(deps: {
  handoffs: HandoffStore;
  agents: AgentRepository;
  dispatch: DispatchQueue;
  bus: EventBus;
  clock: Clock;
  settings: HandoffSettings;
  log?: Log;
}) {
  return async function requeueUnaccepted(): Promise<{ requeued: string[]; assigned: number }> {
    const now = deps.clock.now();
    const stale = await deps.handoffs.unaccepted(new Date(now.getTime() - deps.settings.acceptTimeoutMs));
    const requeued: string[] = [];
    for (const s of stale) {
      const h = await deps.handoffs.requeue({
        conversationId: s.conversationId,
        fromAgentId: s.agentId,
        reason: 'accept_timeout',
        actor: { kind: 'system' },
        at: now,
        onlyUnaccepted: true,
      }).catch(() => null); // resolved or transferred meanwhile
      if (!h) continue;
      requeued.push(s.conversationId);
      const agent = await deps.agents.get(s.agentId);
      if (agent?.status === 'online') await deps.agents.setStatus(s.agentId, 'away', now);
      await publishAll(deps.bus, [[agentTopic(s.agentId), { type: 'unassigned', agentId: s.agentId, conversationId: s.conversationId, reason: 'accept_timeout' }]], deps.log);
    }
    const made = await deps.dispatch();
    return { requeued, assigned: made.length };
  };
}
