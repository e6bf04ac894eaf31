import type { MessageSentiment } from './conversation.js';

/**
 * Skill routing, as pure functions over plain numbers: the service and `npm run bench:routing`
 * run exactly this code, so the benchmark measures the router that ships.
 */

export interface RoutingAgent {
  id: string;
  skills: Record<string, number>;
  languages: readonly string[];
  maxConcurrent: number;
  active: number;
  online: boolean;
  /** ms epoch of the last assignment; null = never (idle longest). */
  lastAssignedAt: number | null;
}

export interface QueueItem {
  id: string;
  skill: string | null;
  language: string | null;
  /** 0..1, from emotion and escalation reason. */
  urgency: number;
  /** ms epoch when it entered the queue. */
  queuedAt: number;
}

export interface RoutingSettings {
  /** Waiting this long counts as much as full urgency (1.0) in the queue order. */
  urgencyWaitMs: number;
  /**
   * A conversation waits this long for an agent with the right skill before any agent who
   * speaks the language may take it: short waits beat perfect matches, but not at first.
   */
  mismatchAfterMs: number;
}

export const DEFAULT_ROUTING: RoutingSettings = { urgencyWaitMs: 300_000, mismatchAfterMs: 60_000 };

const EMOTION_URGENCY: Record<MessageSentiment['emotion'], number> = {
  angry: 0.8,
  anxious: 0.65,
  sad: 0.45,
  surprised: 0.25,
  neutral: 0.1,
  happy: 0,
};
const REASON_URGENCY: Record<string, number> = { sensitive_intent: 0.2, negative_emotion: 0.15, repeated_failure: 0.1 };

/**
 * Urgency of a conversation from the emotion of its recent customer messages (the latest
 * counts most, weighted by the analyzer's confidence) and the escalation reason.
 */
export function urgencyOf(trajectory: ReadonlyArray<MessageSentiment | null>, reason?: string): number {
  const recent = trajectory.filter((s): s is MessageSentiment => !!s).slice(-3);
  let score = 0;
  let weight = 0;
  recent.forEach((s, i) => {
    const w = (i + 1) * Math.max(0.3, s.confidence);
    score += w * EMOTION_URGENCY[s.emotion];
    weight += w;
  });
  const emotion = weight ? score / weight : 0.1;
  return Math.min(1, Math.round((emotion + (reason ? (REASON_URGENCY[reason] ?? 0) : 0)) * 1000) / 1000);
}

/** Queue priority: urgency, plus waiting time so that no low-urgency conversation starves. */
export function priorityOf(item: QueueItem, now: number, s: RoutingSettings): number {
  return item.urgency + Math.max(0, now - item.queuedAt) / s.urgencyWaitMs;
}

export function orderQueue<T extends QueueItem>(items: readonly T[], now: number, s: RoutingSettings): T[] {
  return [...items].sort((a, b) => priorityOf(b, now, s) - priorityOf(a, now, s) || a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : 1));
}

export interface Candidate {
  agent: RoutingAgent;
  /** The agent's level in the needed skill; 0 = mismatch (or no skill needed). */
  level: number;
  mismatch: boolean;
}

/**
 * Agents who may take `item` now, best first: online with spare capacity and speaking the
 * customer's language (an agent with no languages listed is taken to speak any); those with
 * the skill before those without (who qualify only after `mismatchAfterMs`); then least
 * loaded, higher skill level, and idle longest, so no agent starves or floods.
 */
export function rankAgents(item: QueueItem, agents: readonly RoutingAgent[], now: number, s: RoutingSettings): Candidate[] {
  const waited = now - item.queuedAt;
  const out: Candidate[] = [];
  for (const agent of agents) {
    if (!agent.online || agent.active >= agent.maxConcurrent) continue;
    if (item.language && agent.languages.length && !agent.languages.includes(item.language)) continue;
    const level = item.skill ? (agent.skills[item.skill] ?? 0) : 0;
    const mismatch = !!item.skill && level === 0;
    if (mismatch && waited < s.mismatchAfterMs) continue;
    out.push({ agent, level, mismatch });
  }
  return out.sort(
    (a, b) =>
      Number(a.mismatch) - Number(b.mismatch) ||
      a.agent.active / a.agent.maxConcurrent - b.agent.active / b.agent.maxConcurrent ||
      b.level - a.level ||
      (a.agent.lastAssignedAt ?? -Infinity) - (b.agent.lastAssignedAt ?? -Infinity) ||
      (a.agent.id < b.agent.id ? -1 : 1),
  );
}

/**
 * One dispatch round, in two passes over the queue in priority order: first every item that
 * an agent with its skill can take, then (for items past `mismatchAfterMs`) whatever slots are
 * left. Without the first pass an urgent item would take the last slot of a specialist whom a
 * matching item behind it needed, and under overload most work would end up mismatched (and
 * slower, which deepens the overload). Loads are updated as it goes. The service executes
 * the plan with conditional updates (an assignment another instance made first is skipped);
 * the benchmark applies it directly.
 */
export function planAssignments(
  queue: readonly QueueItem[],
  agents: readonly RoutingAgent[],
  now: number,
  s: RoutingSettings,
): Array<{ itemId: string; agentId: string; mismatch: boolean }> {
  const pool = agents.map((a) => ({ ...a }));
  const plan: Array<{ itemId: string; agentId: string; mismatch: boolean }> = [];
  const ordered = orderQueue(queue, now, s);
  const taken = new Set<string>();
  for (const pass of ['match', 'fallback'] as const) {
    for (const item of ordered) {
      if (taken.has(item.id)) continue;
      const best = rankAgents(item, pool, now, s).find((c) => pass === 'fallback' || !c.mismatch);
      if (!best) continue;
      best.agent.active += 1;
      best.agent.lastAssignedAt = now;
      taken.add(item.id);
      plan.push({ itemId: item.id, agentId: best.agent.id, mismatch: best.mismatch });
    }
  }
  return plan;
}
