import type { AgentCounts, AnalyticsFilter, ConversationCounts, Interval, TimeseriesCounts } from '../domain/analytics.js';

/**
 * Sums and counts over the analytics event log (migrations/007), one method per report. Every
 * figure is about the conversations opened in [filter.from, filter.to), whenever their later
 * events happened; idle and busy time is clock time inside the range.
 */
export interface AnalyticsStore {
  /** Brings the store up to date with every event committed so far; reports call it first. */
  refresh(): Promise<void>;
  conversationCounts(filter: AnalyticsFilter): Promise<ConversationCounts>;
  escalationsByReason(filter: AnalyticsFilter): Promise<Record<string, number>>;
  /** Questions the bot said it had no answer to, most frequent first. */
  topUnanswered(filter: AnalyticsFilter, opts: { limit: number }): Promise<Array<{ question: string; count: number }>>;
  /** Per agent and per team; status periods are cut at `now` when the range reaches past it. */
  agentCounts(filter: AnalyticsFilter, now: Date): Promise<{ agents: Map<string, AgentCounts>; teams: Map<string, AgentCounts> }>;
  /** One entry per bucket from the one holding `from` to the one holding `to`, empty buckets included. */
  timeseries(filter: AnalyticsFilter, interval: Interval, timeZone: string): Promise<TimeseriesCounts[]>;
}
