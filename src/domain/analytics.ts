import { InvalidInput } from './errors.js';

/**
 * Dashboard figures (会话分析, 人工客服分析, the bot's side) and the pure arithmetic on them. The
 * store sums and counts over the event log; rates and averages are made here, once, so every
 * report divides the same way. Definitions: docs/analytics.md.
 */

export interface AnalyticsFilter {
  from: Date;
  to: Date;
  channel?: string;
  knowledgeBaseId?: string;
  agentId?: string;
  skill?: string;
  team?: string;
}

export type Interval = 'hour' | 'day';

/** A sum of durations and how many there were. */
export interface DurationSum {
  ms: number;
  n: number;
}

export interface ConversationCounts {
  conversations: number;
  handledByHumans: number;
  effectiveHuman: number;
  /** Conversations in which the customer wrote or asked for a person. */
  engaged: number;
  /** Engaged conversations handed to people at least once. */
  escalated: number;
  ratingCounts: [number, number, number, number, number];
  queue: DurationSum;
  duration: DurationSum;
  firstResponse: DurationSum;
  response: DurationSum;
  answers: number;
  /** Bot answers per confidence tenth: [0, .1), [.1, .2) … [.9, 1]. */
  confidenceBuckets: number[];
}

export interface AgentCounts {
  idleMs: number;
  busyMs: number;
  conversations: number;
  transferred: number;
  effective: number;
  unreplied: number;
  firstResponse: DurationSum;
  response: DurationSum;
  holding: DurationSum;
  ratings: number;
  satisfied: number;
}

export interface TimeseriesCounts {
  t: Date;
  conversations: number;
  handledByHumans: number;
  escalations: number;
  answers: number;
  confidence: { sum: number; n: number };
  ratings: number;
  scoreSum: number;
}

export const CONFIDENCE_BUCKETS = 10;
/** A rating at or above this counts as satisfied (满意). */
export const SATISFIED_SCORE = 4;
export const TOP_UNANSWERED = 20;

export const rate = (n: number, of: number): number | null => (of > 0 ? n / of : null);
export const avgSeconds = (d: DurationSum): number | null => (d.n > 0 ? d.ms / d.n / 1000 : null);

export function conversationReport(c: ConversationCounts, escalationsByReason: Record<string, number>, topUnanswered: Array<{ question: string; count: number }>) {
  const ratings = c.ratingCounts.reduce((s, x) => s + x, 0);
  return {
    totals: {
      conversations: c.conversations,
      handledByHumans: c.handledByHumans,
      effectiveHuman: c.effectiveHuman,
      ratings,
      ratingDistribution: Object.fromEntries(c.ratingCounts.map((n, i) => [String(i + 1), n])) as Record<'1' | '2' | '3' | '4' | '5', number>,
      avgQueueSeconds: avgSeconds(c.queue),
      avgDurationSeconds: avgSeconds(c.duration),
      avgFirstResponseSeconds: avgSeconds(c.firstResponse),
      avgResponseSeconds: avgSeconds(c.response),
    },
    bot: {
      answers: c.answers,
      deflectionRate: rate(c.engaged - c.escalated, c.engaged),
      escalationRate: rate(c.escalated, c.engaged),
      escalationsByReason,
      confidenceHistogram: c.confidenceBuckets.map((count, i) => ({ from: i / CONFIDENCE_BUCKETS, to: (i + 1) / CONFIDENCE_BUCKETS, count })),
      topUnanswered,
    },
  };
}

export function agentFigures(a: AgentCounts) {
  return {
    idleSeconds: a.idleMs / 1000,
    busySeconds: a.busyMs / 1000,
    conversations: a.conversations,
    transferred: a.transferred,
    effective: a.effective,
    unreplied: a.unreplied,
    unrepliedRate: rate(a.unreplied, a.conversations),
    avgFirstResponseSeconds: avgSeconds(a.firstResponse),
    avgResponseSeconds: avgSeconds(a.response),
    avgDurationSeconds: avgSeconds(a.holding),
    satisfactionRate: rate(a.satisfied, a.ratings),
  };
}

export function timeseriesPoint(p: TimeseriesCounts) {
  return {
    t: p.t.toISOString(),
    conversations: p.conversations,
    handledByHumans: p.handledByHumans,
    escalations: p.escalations,
    answers: p.answers,
    avgConfidence: p.confidence.n > 0 ? p.confidence.sum / p.confidence.n : null,
    ratings: p.ratings,
    avgRating: p.ratings > 0 ? p.scoreSum / p.ratings : null,
  };
}

export const emptyAgentCounts = (): AgentCounts => ({
  idleMs: 0, busyMs: 0, conversations: 0, transferred: 0, effective: 0, unreplied: 0,
  firstResponse: { ms: 0, n: 0 }, response: { ms: 0, n: 0 }, holding: { ms: 0, n: 0 }, ratings: 0, satisfied: 0,
});

const DAY_MS = 86_400_000;
/** A year of history at most per request, and no more points than a chart can show. */
export const MAX_RANGE_DAYS = 366;
export const MAX_POINTS = 5000;

/** Refuses a range that is empty, reversed or too long (400 INVALID_INPUT). */
export function checkRange(from: Date, to: Date, interval?: Interval): void {
  if (!(from.getTime() < to.getTime())) throw new InvalidInput('`from` must be before `to`', { details: { field: 'from' } });
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
    throw new InvalidInput(`The range may span at most ${MAX_RANGE_DAYS} days`, { details: { field: 'to', maxDays: MAX_RANGE_DAYS } });
  if (interval) {
    const points = Math.ceil((to.getTime() - from.getTime()) / (interval === 'hour' ? 3_600_000 : DAY_MS)) + 1;
    if (points > MAX_POINTS)
      throw new InvalidInput(`That range has too many ${interval}s for one chart (at most ${MAX_POINTS}); use interval=day`, {
        details: { field: 'interval', maxPoints: MAX_POINTS },
      });
  }
}

/** Whether `timeZone`'s offset from UTC at `at` is a whole number of hours (most are; India's is not). */
export function wholeHourOffset(timeZone: string, at: Date): boolean {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((x) => x.type === 'timeZoneName')?.value ?? '';
  const m = /GMT(?:[+-](\d{2}):(\d{2}))?$/.exec(name);
  return !!m && (m[2] === undefined || m[2] === '00');
}
