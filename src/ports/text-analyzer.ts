export type Language = 'zh' | 'en';

export interface AnalyzedText {
  /** Search terms in text order: words (segmented Chinese, stemmed English), Chinese character bigrams, codes. */
  terms: string[];
  /** Whole words only (no bigrams), for features that should not double-count. */
  words: string[];
  /** Normalised product codes, SKUs, model and error numbers ("LM-X20 Pro" → "lmx20"). */
  codes: string[];
  /**
   * Adjacent English content-word pairs, joined ("stripprefix"), when asked for. Passages are
   * indexed with them because error messages and option names are phrases; short FAQ questions
   * are not (measured: bag-of-words matches paraphrased questions better).
   */
  phrases: string[];
  /**
   * Single Han characters, when asked for: short Chinese FAQ questions often differ from the
   * user's wording by one character word (还/借/退), which bigrams alone miss.
   */
  unigrams: string[];
  language: Language;
}

/** Language-aware tokenisation shared by indexing, querying and the local embedder. */
export interface TextAnalyzer {
  analyze(text: string, opts?: { phrases?: boolean; unigrams?: boolean }): AnalyzedText;
  /** Adds product names and shop words so they are never split. */
  addWords(words: Array<{ word: string; freq?: number; tag?: string }>): void;
}
