/**
 * Answer confidence from retrieval evidence alone, so the offline default has one too. Each
 * feature is in [0,1]; a logistic model turns them into a probability that the top passage
 * answers the question. The coefficients are fitted by `evals/calibrate-confidence.ts` on the
 * shared suites (reliability table in docs/evals.md); with an LLM, its own grounding
 * judgement is blended in afterwards.
 */
export interface ConfidenceFeatures {
  /** Share of the question's key terms (weighted by rarity) found in the top passage. */
  coverage: number;
  /** How far the top hit is ahead of the second: (s1 - s2) / s1. */
  margin: number;
  /** Share of the queried channels that rank the top hit first. */
  agreement: number;
  /** The top hit's fused score over the best score possible with these channels. */
  strength: number;
  /** 1 when the top hit is an FAQ entry, else 0. */
  faq: number;
  /** Share of the question's key terms the knowledge base uses at all: a product it never mentions is out of scope. */
  known: number;
  /** Coverage with each term weighted by its rarity in the knowledge base (unknown terms count most). */
  idfCoverage: number;
}

export interface ConfidenceModel {
  bias: number;
  weights: Record<keyof ConfidenceFeatures, number>;
}

// Fitted 2026-11-25 by `npx tsx evals/calibrate-confidence.ts evals/out/calib-3.json` on 1,068
// answers (dify-docs and apisix-docs FAQ-page questions, cross-product-oos, stackfaq; not the
// evaluation-only GitHub-issue quotes or atec-zh): ECE 0.058 on them, reliability in docs/evals.md.
export const DEFAULT_CONFIDENCE_MODEL: ConfidenceModel = {
  bias: -4.236,
  weights: { coverage: 2.061, margin: 1.396, agreement: 1.138, strength: -0.034, faq: 1.276, known: 0.365, idfCoverage: 2.489 },
};

export function confidenceFrom(f: ConfidenceFeatures, model: ConfidenceModel = DEFAULT_CONFIDENCE_MODEL): number {
  let z = model.bias;
  for (const k of Object.keys(model.weights) as Array<keyof ConfidenceFeatures>) z += model.weights[k] * f[k];
  return 1 / (1 + Math.exp(-z));
}

/** Blends the model's own grounding judgement with retrieval evidence. */
export function blendGrounding(retrieval: number, grounding: number | undefined): number {
  if (grounding === undefined || !Number.isFinite(grounding)) return retrieval;
  const g = Math.min(1, Math.max(0, grounding));
  return Math.min(retrieval, 0.5 * retrieval + 0.5 * g) + (g >= 0.8 ? 0.1 * (1 - retrieval) : 0);
}

/** Weighted share of `queryTerms` (term → weight) a passage earns (`credited`: term → weight earned). */
export function termCoverage(queryTerms: Map<string, number>, credited: Map<string, number>): number {
  let total = 0;
  let found = 0;
  for (const [term, w] of queryTerms) {
    total += w;
    found += Math.min(w, credited.get(term) ?? 0);
  }
  return total > 0 ? found / total : 0;
}
