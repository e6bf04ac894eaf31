import type { Language } from './text-analyzer.js';

/** One labelled example of a skill (routing label), e.g. `{skill: "refund", text: "我要退款"}`. */
export interface SkillExemplar {
  skill: string;
  text: string;
}

export interface IntentResult {
  /** The skill to route to, or null when the message is out of scope for every configured skill. */
  skill: string | null;
  /** Score of the best skill (the classifier's own scale; higher is better). */
  score: number;
  /** Estimated probability in [0, 1] that `skill` (or the out-of-scope verdict) is right. */
  confidence: number;
  /** Every skill, best first, with its score, also when `skill` is null. */
  ranking: Array<{ skill: string; score: number }>;
  /** Which classifier decided, when not the one asked (an LLM classifier's offline fallback). */
  classifier?: string;
}

/**
 * Need analysis for handoff routing: which skill a customer message belongs to. Built from
 * exemplars (per knowledge base in the service, the suite's skills file in the eval runner).
 * Async so that an LLM-backed adapter can implement it; the offline adapter answers synchronously underneath.
 */
export interface IntentClassifier {
  /** Identity recorded with results, e.g. `exemplar:v1`. */
  readonly id: string;
  readonly skills: readonly string[];
  classify(text: string, opts?: { language?: Language }): Promise<IntentResult>;
}
