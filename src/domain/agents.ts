import { InvalidInput, UnknownSkill } from './errors.js';

export type AgentStatus = 'online' | 'busy' | 'away' | 'offline';

export interface Agent {
  id: string;
  name: string;
  /** Skill name → level 1 (can help) … 5 (expert). */
  skills: Record<string, number>;
  languages: string[];
  maxConcurrent: number;
  /** 班组: agents are grouped by team in the analytics. */
  team: string | null;
  status: AgentStatus;
  statusSince: Date;
  /** Conversations assigned and not yet resolved. */
  activeCount: number;
  lastAssignedAt: Date | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** Refuses skills outside the configured catalogue, so a typo cannot create a queue nobody serves. */
export function checkSkills(skills: Iterable<string>, catalogue: readonly string[]): void {
  const unknown = [...skills].filter((s) => !catalogue.includes(s));
  if (unknown.length)
    throw new UnknownSkill(`Unknown skill${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, { details: { unknown, known: catalogue } });
}

export function checkSkillLevels(skills: Record<string, number>, catalogue: readonly string[]): void {
  checkSkills(Object.keys(skills), catalogue);
  for (const [skill, level] of Object.entries(skills))
    if (!Number.isInteger(level) || level < 1 || level > 5)
      throw new InvalidInput(`Skill level of ${skill} must be an integer from 1 to 5`, { details: { skill, level } });
}

/**
 * Time spent per status from an agent's status changes, up to `until`: idle time (示闲) is
 * 'online', busy time (示忙) is 'busy'.
 */
export function timeInStatus(changes: Array<{ toStatus: AgentStatus; at: Date }>, until: Date): Record<AgentStatus, number> {
  const out: Record<AgentStatus, number> = { online: 0, busy: 0, away: 0, offline: 0 };
  for (let i = 0; i < changes.length; i++) {
    const end = i + 1 < changes.length ? changes[i + 1]!.at : until;
    out[changes[i]!.toStatus] += Math.max(0, end.getTime() - changes[i]!.at.getTime());
  }
  return out;
}
