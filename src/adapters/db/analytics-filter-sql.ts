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
 * WHERE conditions selecting the events of the conversations opened in the range, on an
 * `analytics_events` row aliased `alias`.
 *
 * Knowledge base and channel are the same on every event of a conversation: plain conditions.
 * Agent, skill and team select conversations in which they took part: a semi-join on the rows
 * that carry them (the assignment, replies, …), so the conversation's other events (opening, bot
 * answers, rating) are counted with it. `ownRows` instead keeps only the rows of that agent,
 * skill or team, for the per-agent report.
 */
export function cohortConditions(f: AnalyticsFilter, p: Params, opts: { alias?: string; ownRows?: boolean } = {}): string {
  const a = opts.alias ? `${opts.alias}.` : '';
  const from = p.add(f.from);
  const to = p.add(f.to);
  const where = [`${a}opened_at >= ${from}`, `${a}opened_at < ${to}`];
  if (f.knowledgeBaseId) where.push(`${a}kb_id = ${p.add(f.knowledgeBaseId)}::uuid`);
  if (f.channel) where.push(`${a}channel = ${p.add(f.channel)}`);
  const involved: string[] = [];
  if (f.agentId) involved.push(`agent_id = ${p.add(f.agentId)}::uuid`);
  if (f.skill) involved.push(`skill = ${p.add(f.skill)}`);
  if (f.team) involved.push(`team = ${p.add(f.team)}`);
  if (involved.length) {
    if (opts.ownRows) where.push(...involved.map((c) => `${a}${c}`));
    else
      where.push(
        `${a}conversation_id IN (SELECT conversation_id FROM analytics_events WHERE opened_at >= ${from} AND opened_at < ${to} AND ${involved.join(' AND ')})`,
      );
  }
  return where.join(' AND ');
}
