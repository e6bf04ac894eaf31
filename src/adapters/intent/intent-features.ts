import type { TextAnalyzer } from '../../ports/text-analyzer.js';
import type { FeatureBag } from '../../domain/intent-model.js';

export interface IntentFeatureWeights {
  /** Whole words: jieba words, stemmed English words. */
  word: number;
  /** Adjacent English word pairs. */
  phrase: number;
  /** Chinese character bigrams. */
  bigram: number;
  /** Single Han characters. */
  unigram: number;
  /** English question and function words the search analyzer drops (how, why, can, my ...): they carry intent. */
  functionWord: number;
  /** Character n-grams of English words (typos, inflections the stemmer misses). */
  charGram: number;
  /** Chinese stop characters the search analyzer drops (你, 吗, 呢 ...). */
  zhFunctionChar: number;
  /** Chinese character trigrams. */
  trigram: number;
}

// Chosen by 5-fold cross-validation on the shared suites' skills files (exemplars only), see docs/evals.md.
export const DEFAULT_FEATURE_WEIGHTS: IntentFeatureWeights = { word: 1, phrase: 0.4, bigram: 0.6, unigram: 0.3, functionWord: 0.7, charGram: 0.3, trigram: 0, zhFunctionChar: 0.5 };

const LATIN_WORD = /[a-z][a-z']*/g;
const HAN_RUN = /\p{Script=Han}+/gu;

/** The bag of weighted features the intent model sees for one text. */
export function intentFeatures(analyzer: TextAnalyzer, text: string, w: IntentFeatureWeights = DEFAULT_FEATURE_WEIGHTS): FeatureBag {
  const a = analyzer.analyze(text, { phrases: w.phrase > 0, unigrams: w.unigram > 0 });
  const counts = new Map<string, { n: number; w: number }>();
  const add = (f: string, weight: number) => {
    if (weight <= 0) return;
    const c = counts.get(f);
    if (c) {
      c.n++;
      c.w = Math.max(c.w, weight);
    } else counts.set(f, { n: 1, w: weight });
  };
  const words = new Set(a.words);
  const phrases = new Set(a.phrases);
  const unigrams = new Set(a.unigrams);
  const codes = new Set(a.codes);
  for (const t of a.terms) {
    if (codes.has(t) || words.has(t)) add(`w:${t}`, w.word);
    else if (phrases.has(t)) add(`p:${t}`, w.phrase);
    else if (unigrams.has(t)) add(`u:${t}`, w.unigram);
    else add(`b:${t}`, w.bigram);
  }
  const lower = text.normalize('NFKC').toLowerCase();
  if (w.zhFunctionChar > 0) {
    // The search analyzer drops 你/我/吗/呢 ...: addressing the bot and asking are intent too.
    const kept = new Set(a.unigrams);
    for (const m of lower.matchAll(HAN_RUN)) for (const ch of m[0]) if (!kept.has(ch)) add(`f:${ch}`, w.zhFunctionChar);
  }
  if (w.trigram > 0) for (const m of lower.matchAll(HAN_RUN)) for (let i = 0; i + 3 <= m[0].length; i++) add(`t:${m[0].slice(i, i + 3)}`, w.trigram);
  if (w.functionWord > 0 || w.charGram > 0) {
    const kept = new Set(a.words);
    for (const m of lower.matchAll(LATIN_WORD)) {
      const word = m[0];
      if (w.functionWord > 0 && !kept.has(word)) add(`f:${word}`, w.functionWord);
      if (w.charGram > 0 && word.length >= 4) {
        const padded = `^${word}$`;
        for (let i = 0; i + 4 <= padded.length; i++) add(`c:${padded.slice(i, i + 4)}`, w.charGram);
      }
    }
  }
  const bag: FeatureBag = new Map();
  for (const [f, c] of counts) bag.set(f, c.w * (1 + Math.log(c.n)));
  return bag;
}
