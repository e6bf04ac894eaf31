/**
 * The analytics event log (migrations/007): one row per thing that happened, the single source
 * of the dashboard. Definitions of what each metric counts are in docs/analytics.md.
 */
export type AnalyticsEventType =
  | 'conversation_opened'
  | 'customer_message'
  | 'bot_answer'
  | 'escalated'
  | 'queued'
  | 'assigned'
  | 'accepted'
  | 'agent_reply'
  | 'transferred'
  | 'requeued'
  | 'resolved'
  | 'returned_to_bot'
  | 'closed'
  | 'rated'
  | 'agent_status';

/** What a store records; the conversation's knowledge base, channel and opening time and the agent's team are filled in from the rows themselves. */
export interface AnalyticsEventInput {
  type: AnalyticsEventType;
  at: Date;
  conversationId?: string | null;
  agentId?: string | null;
  handoffId?: string | null;
  skill?: string | null;
  reason?: string | null;
  kind?: string | null;
  status?: string | null;
  fromStatus?: string | null;
  confidence?: number | null;
  score?: number | null;
  /** The wait this event ends (see the migration). */
  durationMs?: number | null;
  question?: string | null;
  data?: Record<string, unknown> | null;
}

const QUESTION_MAX_CHARS = 200;

/**
 * The grouping key of "top unanswered questions": the same question typed with different case,
 * spacing, full-width characters or end punctuation counts once ("LM-X20 多少钱？" and
 * "lm-x20  多少钱?" are one question).
 */
export function normalizeQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s?!.,;:~。？！，；：…、]+$/u, '')
    .slice(0, QUESTION_MAX_CHARS);
}

/** Milliseconds from `since` to `until`, never negative (clocks of two instances may disagree slightly). */
export function elapsedMs(since: Date | null | undefined, until: Date): number | null {
  if (!since) return null;
  return Math.max(0, until.getTime() - since.getTime());
}
