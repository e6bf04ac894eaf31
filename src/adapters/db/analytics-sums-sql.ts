import { CONFIDENCE_BUCKETS, type AnalyticsFilter } from '../../domain/analytics.js';
import { Params } from './analytics-filter-sql.js';

/*
 * The additive figures of a set of conversations, and where a report reads them from: whole
 * hours from the hourly rollup, the conversations of partial hours (and every conversation when
 * an agent, team or skill filter applies) from the conversation rollup. Both speak the same
 * columns: an hourly row is the sum of its conversations' projections below.
 */

const buckets = Array.from({ length: CONFIDENCE_BUCKETS }, (_, i) => `b${i}`);
export const SUMS = [
  'conversations', 'handled', 'effective', 'engaged', 'escalated', 'escalations', 'r1', 'r2', 'r3', 'r4', 'r5', 'score_sum',
  'queue_ms', 'queue_n', 'response_ms', 'response_n', 'duration_ms', 'duration_n', 'first_ms', 'first_n', 'answers', ...buckets,
  'confidence_sum', 'confidence_n',
] as const;

const ms = (later: string, earlier: string) => `round(extract(epoch FROM ${later} - ${earlier}) * 1000)::bigint`;
const bothReplyAndAssignment = 'first_reply IS NOT NULL AND first_assigned IS NOT NULL';

/** One conversation rollup row's contribution to each sum (docs/analytics.md defines them). */
const PROJECTION: Record<(typeof SUMS)[number], string> = {
  conversations: '1',
  handled: '(first_assigned IS NOT NULL)::int',
  effective: '(first_reply IS NOT NULL AND customer_with_agent)::int',
  engaged: 'engaged::int',
  escalated: '(engaged AND cardinality(escalation_reasons) > 0)::int',
  escalations: 'cardinality(escalation_reasons)',
  r1: 'rating_counts[1]',
  r2: 'rating_counts[2]',
  r3: 'rating_counts[3]',
  r4: 'rating_counts[4]',
  r5: 'rating_counts[5]',
  score_sum: 'score_sum',
  queue_ms: 'queue_ms',
  queue_n: 'queue_n',
  response_ms: 'response_ms',
  response_n: 'response_n',
  // Duration counts conversations in which the customer wrote or asked for a person.
  duration_ms: `CASE WHEN engaged THEN ${ms('last_activity', 'opened_at')} ELSE 0 END`,
  duration_n: 'engaged::int',
  first_ms: `CASE WHEN ${bothReplyAndAssignment} THEN ${ms('first_reply', 'first_assigned')} ELSE 0 END`,
  first_n: `(${bothReplyAndAssignment})::int`,
  answers: 'answers',
  ...(Object.fromEntries(buckets.map((b, i) => [b, `confidence_buckets[${i + 1}]`])) as Record<(typeof buckets)[number], string>),
  confidence_sum: 'confidence_sum',
  confidence_n: 'confidence_n',
};

export const projectedColumns = SUMS.map((c) => `${PROJECTION[c]} AS ${c}`).join(', ');
export const summedColumns = SUMS.map((c) => `sum(${c}) AS ${c}`).join(', ');

const HOUR = 3_600_000;

/** Whole hours inside [from, to): [ceil(from), floor(to)), or null when there is none. */
function wholeHours(f: AnalyticsFilter): { start: Date; end: Date } | null {
  const start = Math.ceil(f.from.getTime() / HOUR) * HOUR;
  const end = Math.floor(f.to.getTime() / HOUR) * HOUR;
  return start < end ? { start: new Date(start), end: new Date(end) } : null;
}

const hasPeopleFilter = (f: AnalyticsFilter) => !!(f.agentId || f.team || f.skill);

/**
 * Where a report reads the conversations of `f` from: `hourly` (conditions on the hourly rollup,
 * or null when no whole hour applies) and `conversations` (conditions on the conversation
 * rollup). `byHour` false forces every conversation through the conversation rollup (a time
 * zone whose days do not start on a UTC hour).
 */
export function sources(tenantId: string, f: AnalyticsFilter, p: Params, opts: { byHour?: boolean } = {}): { hourly: string | null; conversations: string } {
  // Both rollups carry the tenant: a report only ever sums its own tenant's conversations.
  const same: string[] = [`tenant_id = ${p.add(tenantId)}`];
  if (f.knowledgeBaseId) same.push(`kb_id = ${p.add(f.knowledgeBaseId)}::uuid`);
  if (f.channel) same.push(`channel = ${p.add(f.channel)}`);
  const from = p.add(f.from);
  const to = p.add(f.to);
  const hours = opts.byHour === false || hasPeopleFilter(f) ? null : wholeHours(f);
  if (!hours) {
    const people: string[] = [];
    // Containment (@>) rather than = ANY: the GIN indexes on the arrays answer it.
    if (f.agentId) people.push(`agent_ids @> ARRAY[${p.add(f.agentId)}::uuid]`);
    if (f.team) people.push(`teams @> ARRAY[${p.add(f.team)}::text]`);
    if (f.skill) people.push(`skills @> ARRAY[${p.add(f.skill)}::text]`);
    return { hourly: null, conversations: [`opened_at >= ${from}`, `opened_at < ${to}`, ...same, ...people].join(' AND ') };
  }
  const hs = p.add(hours.start);
  const he = p.add(hours.end);
  return {
    hourly: [`hour >= ${hs}`, `hour < ${he}`, ...same].join(' AND '),
    conversations: [`((opened_at >= ${from} AND opened_at < ${hs}) OR (opened_at >= ${he} AND opened_at < ${to}))`, ...same].join(' AND '),
  };
}

/** Rows (`at`, then every sum) of the conversations selected by `sources`. */
export function sumRows(src: { hourly: string | null; conversations: string }): string {
  const conversations = `SELECT opened_at AS at, ${projectedColumns} FROM analytics_conversation_rollup WHERE ${src.conversations}`;
  return src.hourly ? `SELECT hour AS at, ${SUMS.join(', ')} FROM analytics_hourly_rollup WHERE ${src.hourly} UNION ALL ${conversations}` : conversations;
}

/** Rows (key, n) of escalation reasons or unanswered questions of the selected conversations. */
export function keyCountRows(src: { hourly: string | null; conversations: string }, which: 'reasons' | 'unanswered'): string {
  const array = which === 'reasons' ? 'escalation_reasons' : 'unanswered';
  const conversations = `SELECT k AS key, 1 AS n FROM analytics_conversation_rollup, unnest(${array}) AS k WHERE ${src.conversations} AND cardinality(${array}) > 0`;
  return src.hourly
    ? `SELECT e.key, e.value::bigint AS n FROM analytics_hourly_rollup, jsonb_each_text(${which}) AS e WHERE ${src.hourly} UNION ALL ${conversations}`
    : conversations;
}
