import type { AnalyticsFilter } from '../../domain/analytics.js';

/** Collects query parameters and hands out their placeholders, so filter SQL stays parameterized. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * WHERE conditions on a rollup row (migrations/007): the conversations opened in the range.
 * Knowledge base and channel belong to the conversation. On the conversation rollup, agent,
 * team and skill select the conversations they took part in; on the agent rollup (`perAgent`),
 * agent and team select the agent's own rows and skill the agent's conversations about it.
 */
export function rollupConditions(f: AnalyticsFilter, p: Params, perAgent = false): string {
  const where = [`opened_at >= ${p.add(f.from)}`, `opened_at < ${p.add(f.to)}`];
  if (f.knowledgeBaseId) where.push(`kb_id = ${p.add(f.knowledgeBaseId)}::uuid`);
  if (f.channel) where.push(`channel = ${p.add(f.channel)}`);
  if (f.agentId) where.push(perAgent ? `agent_id = ${p.add(f.agentId)}::uuid` : `${p.add(f.agentId)}::uuid = ANY(agent_ids)`);
  if (f.team) where.push(perAgent ? `team = ${p.add(f.team)}` : `${p.add(f.team)}::text = ANY(teams)`);
  if (f.skill) where.push(`${p.add(f.skill)}::text = ANY(skills)`);
  return where.join(' AND ');
}
