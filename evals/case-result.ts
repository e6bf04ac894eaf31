/**
 * One scored case, handed to `onCase` by every kind's runner as it completes. The CLI only counts
 * them (its progress bars); the QA API stores each one (eval_results) so a QA engineer can read
 * why a case failed and quality can be charted case by case over time.
 */
export interface CaseOutcome {
  /** What was scored: retrieval, answer, sentiment, intent, ... (a docs case run with answers has two). */
  stage: string;
  id: string;
  lang: string;
  /** The scored (last) user message. */
  question: string;
  expected: unknown;
  got: unknown;
  /** Retrieved (or cited) sources in rank order. */
  sources?: unknown[];
  /** Rank of the first passage / entry that answers the case (retrieval), null when none in the top 10. */
  rank?: number | null;
  confidence?: number | null;
  /** The stage's own verdict, the one its failures list uses. */
  correct: boolean;
  latencyMs: number;
}

/** A case outcome with the suite and pipeline it belongs to. */
export type CaseResult = CaseOutcome & { suite: string; pipeline: string };
