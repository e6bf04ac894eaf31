import type { AuditOf } from '../domain/tenancy.js';
import { checkSkillLevels, timeInStatus, type Agent } from '../domain/agents.js';
import { AgentNotFound } from '../domain/errors.js';
import type { AgentRepository, NewAgent } from '../ports/agent-repository.js';
import type { Clock, HandoffSettings } from './handoff-settings.js';
import type { DispatchQueue } from './dispatch-queue.js';

/** Agent records: skills are checked against the catalogue; idle/busy time is derived from status changes. */
export function createManageAgents(deps: { agents: AgentRepository; dispatch: DispatchQueue; clock: Clock; settings: HandoffSettings }) {
  const withTimes = async (agent: Agent) => {
    const times = timeInStatus(await deps.agents.statusChanges(agent.id), deps.clock.now());
    return { ...agent, idleMs: times.online, busyMs: times.busy, awayMs: times.away };
  };
  return {
    async create(input: NewAgent, audit?: AuditOf) {
      checkSkillLevels(input.skills, deps.settings.skills);
      const agent = await deps.agents.create(input, deps.clock.now(), audit);
      if (agent.status === 'online') await deps.dispatch();
      return agent;
    },
    async get(id: string) {
      const agent = await deps.agents.get(id);
      if (!agent) throw new AgentNotFound(`Agent ${id} not found`);
      return withTimes(agent);
    },
    list: () => deps.agents.list(),
    async update(id: string, patch: Partial<Omit<NewAgent, 'status'>>) {
      if (patch.skills) checkSkillLevels(patch.skills, deps.settings.skills);
      const agent = await deps.agents.update(id, patch, deps.clock.now());
      // More capacity or a new skill may unblock the queue.
      if (agent.status === 'online') await deps.dispatch();
      return agent;
    },
    remove: (id: string, audit?: AuditOf) => deps.agents.delete(id, audit),
  };
}

export type ManageAgents = ReturnType<typeof createManageAgents>;
