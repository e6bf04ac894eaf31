import path from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { stemmer } from 'stemmer';
import { detectLanguage } from '../../domain/language.js';
import type { AnalyzedText, TextAnalyzer } from '../../ports/text-analyzer.js';
import { LEXICON_DIR, readUserDict, readWordList } from './lexicon-files.js';

const HAN_RUN = /\p{Script=Han}+/u;
// Han runs, or Latin/digit runs that may be joined by - _ . (codes, versions, identifiers).
const ALNUM = '(?:(?!\\p{Script=Han})[\\p{L}\\p{N}])+';
const RUN = new RegExp(`\\p{Script=Han}+|${ALNUM}(?:[-_.]${ALNUM})*`, 'gu');
const HAS_DIGIT = /\d/;
// Markdown's backslash escapes ("max\_tokens" renders as max_tokens): the character is literal.
const MD_ESCAPE = /\\([!-/:-@[-`{-~])/g;
const HAS_LETTER = /\p{L}/u;

export interface JiebaAnalyzerOptions {
  userDictFiles?: string[];
}

/**
 * jieba for Chinese (measured best here; Intl.Segmenter splits shop words), light stemming for
 * English, character bigrams so that segmentation differences between a question and a passage
 * still overlap, and codes kept whole so "LM-X20" is found exactly.
 */
export class JiebaAnalyzer implements TextAnalyzer {
  private readonly jieba: Jieba;
  private readonly stopwords: Set<string>;

  constructor(opts: JiebaAnalyzerOptions = {}) {
    this.jieba = Jieba.withDict(dict);
    this.stopwords = new Set([
      ...readWordList(path.join(LEXICON_DIR, 'stopwords-en.txt')),
      ...readWordList(path.join(LEXICON_DIR, 'stopwords-zh.txt')),
    ]);
    for (const f of opts.userDictFiles ?? []) this.addWords(readUserDict(f));
  }

  addWords(words: Array<{ word: string; freq?: number; tag?: string }>): void {
    if (!words.length) return;
    const lines = words.map((w) => [w.word, w.freq ?? 20000, w.tag ?? 'nz'].join(' ')).join('\n');
    this.jieba.loadDict(Buffer.from(lines, 'utf8'));
  }

  analyze(raw: string, opts: { phrases?: boolean; unigrams?: boolean } = {}): AnalyzedText {
    const text = raw.normalize('NFKC').replace(MD_ESCAPE, '$1').toLowerCase();
    const terms: string[] = [];
    const words: string[] = [];
    const codes: string[] = [];
    const phrases: string[] = [];
    const unigrams: string[] = [];
    let prevLatin: string | undefined;
    // Previous English content word, for word-pair "phrase" terms; reset at punctuation.
    let prevWord: string | undefined;
    let lastEnd = 0;
    for (const m of text.matchAll(RUN)) {
      const run = m[0];
      if (!/^\s*$/.test(text.slice(lastEnd, m.index))) prevWord = undefined;
      lastEnd = m.index! + run.length;
      if (HAN_RUN.test(run)) {
        prevLatin = undefined;
        prevWord = undefined;
        for (const w of this.jieba.cutForSearch(run, true)) {
          if (!this.stopwords.has(w)) {
            terms.push(w);
            words.push(w);
          }
        }
        for (let i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
        if (opts.unigrams) {
          for (const ch of run) {
            if (this.stopwords.has(ch)) continue;
            terms.push(ch);
            unigrams.push(ch);
          }
        }
        continue;
      }
      const parts = run.split(/[-_.]/).filter(Boolean);
      for (const p of parts) {
        if (this.stopwords.has(p)) continue;
        const w = HAS_DIGIT.test(p) ? p : stemmer(p);
        terms.push(w);
        words.push(w);
        if (opts.phrases && prevWord) {
          phrases.push(prevWord + w);
          terms.push(prevWord + w);
        }
        prevWord = w;
      }
      if (parts.length > 1 && (HAS_DIGIT.test(run) || run.includes('_'))) {
        pushCode(codes, terms, parts.join(''));
        for (const p of parts) if (HAS_DIGIT.test(p) && HAS_LETTER.test(p)) pushCode(codes, terms, p);
      } else if (parts.length === 1 && HAS_DIGIT.test(run) && HAS_LETTER.test(run)) {
        pushCode(codes, terms, run);
      }
      // "LM X20" written with a space still finds "LM-X20"; "within 7" or "take 1" is no code.
      if (prevLatin && prevLatin.length <= 4 && parts.length === 1 && HAS_DIGIT.test(run) && HAS_LETTER.test(run) && !HAS_DIGIT.test(prevLatin)) {
        pushCode(codes, terms, prevLatin + run);
      }
      prevLatin = parts.length === 1 ? run : undefined;
    }
    return { terms, words, codes: [...new Set(codes)], phrases, unigrams, language: detectLanguage(raw) };
  }
}

function pushCode(codes: string[], terms: string[], code: string) {
  if (code.length < 2 || code.length > 64) return;
  codes.push(code);
  terms.push(code);
}
