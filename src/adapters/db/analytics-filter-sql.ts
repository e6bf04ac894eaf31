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
 * WHERE conditions on an agent or team rollup row (migrations/007): the conversations opened in
 * the range. Knowledge base and channel belong to the conversation; agent and team select the
 * agent's (team's) own rows, skill their conversations about it.
 */
export function peopleConditions(tenantId: string, f: AnalyticsFilter, p: Params): string {
  const where = [`tenant_id = ${p.add(tenantId)}`, `opened_at >= ${p.add(f.from)}`, `opened_at < ${p.add(f.to)}`];
  if (f.knowledgeBaseId) where.push(`kb_id = ${p.add(f.knowledgeBaseId)}::uuid`);
  if (f.channel) where.push(`channel = ${p.add(f.channel)}`);
  if (f.agentId) where.push(`agent_id = ${p.add(f.agentId)}::uuid`);
  if (f.team) where.push(`team = ${p.add(f.team)}`);
  if (f.skill) where.push(`skills @> ARRAY[${p.add(f.skill)}::text]`);
  return where.join(' AND ');
}
