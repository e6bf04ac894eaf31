import type { AnalyzedText } from '../ports/text-analyzer.js';

export interface WeightedTerm {
  term: string;
  weight: number;
}

export const TERM_WEIGHTS = { word: 1, bigram: 0.5, code: 1.5, synonym: 0.4, phrase: 0.7, unigram: 0.75 } as const;

/**
 * Query terms for BM25: whole words count fully, character bigrams (which only bridge
 * segmentation differences) half, codes more; synonyms from the editable list are added at a
 * discount so an exact wording still wins.
 */
export type TermWeights = { [K in keyof typeof TERM_WEIGHTS]: number };

export function weightQueryTerms(
  a: AnalyzedText,
  synonymsOf: (word: string) => string[] = () => [],
  tw: TermWeights = TERM_WEIGHTS,
): WeightedTerm[] {
  const words = new Set(a.words);
  const codes = new Set(a.codes);
  const phrases = new Set(a.phrases);
  const unigrams = new Set(a.unigrams);
  const weights = new Map<string, number>();
  const add = (t: string, w: number) => weights.set(t, Math.max(weights.get(t) ?? 0, w));
  for (const t of a.terms) add(t, codes.has(t) ? tw.code : words.has(t) ? tw.word : phrases.has(t) ? tw.phrase : unigrams.has(t) ? tw.unigram : tw.bigram);
  for (const w of words) for (const s of synonymsOf(w)) if (!weights.has(s)) add(s, tw.synonym);
  return [...weights].map(([term, weight]) => ({ term, weight }));
}
