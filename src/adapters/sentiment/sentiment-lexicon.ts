import fs from 'node:fs';
import type { EmotionTag, Unit } from '../../domain/sentiment-scoring.js';

/**
 * One entry of a sentiment lexicon file (format in lexicon/sentiment/README.md):
 * a cue with a signed polarity and optional emotion, or a modifier (negator, intensifier,
 * contrast, concession), or `skip` (a neutral word that shadows a shorter cue: 好像 hides 好).
 */
export type LexiconEntry =
  | { kind: 'cue'; score: number; emotion?: EmotionTag; fixed: boolean; polite?: boolean }
  | { kind: 'neg' }
  | { kind: 'mod'; factor: number }
  | { kind: 'but' }
  | { kind: 'concede' }
  | { kind: 'skip' };

export interface SentimentLexicon {
  /** Exact terms (multiword English terms joined by single spaces). */
  terms: Map<string, LexiconEntry>;
  /** English prefix entries (`disappoint*`), longest first when matching. */
  prefixes: Map<string, LexiconEntry>;
  /** Longest term in characters (Chinese) or in words (English). */
  maxLength: number;
  /** First words of multiword English terms (phrases are only tried from these). */
  phraseStarts: Set<string>;
  /** Longest Chinese term starting with each character (longest match tries no longer slice). */
  maxByFirst: Map<string, number>;
}

const EMOTIONS = new Set(['angry', 'anxious', 'sad', 'happy', 'surprised']);

export function parseSentimentLexicon(text: string, file = 'lexicon', unit: 'chars' | 'words' = 'chars', into?: SentimentLexicon): SentimentLexicon {
  const lex: SentimentLexicon = into ?? { terms: new Map(), prefixes: new Map(), maxLength: 1, phraseStarts: new Set(), maxByFirst: new Map() };
  text.split('\n').forEach((line, i) => {
    const body = line.replace(/(^|\s)#.*/, '').trim();
    if (!body) return;
    const [rawTerm, value, ...rest] = body.split(/\s+/);
    const where = `${file}:${i + 1}`;
    if (!value) throw new Error(`${where}: missing value for "${rawTerm}"`);
    let term = rawTerm.replace(/_/g, ' ').normalize('NFKC').toLowerCase();
    // English tokens split off final punctuation: "seriously?" is the phrase "seriously ?".
    if (unit === 'words') term = term.replace(/(\w)([!?])$/, '$1 $2');
    let entry: LexiconEntry;
    if (value === 'neg' || value === 'but' || value === 'concede' || value === 'skip') entry = { kind: value };
    else if (/^x\d+(\.\d+)?$/.test(value)) entry = { kind: 'mod', factor: Number(value.slice(1)) };
    else if (/^[-+]?\d+(\.\d+)?$/.test(value)) {
      const emotion = rest.find((r) => EMOTIONS.has(r)) as EmotionTag | undefined;
      const unknown = rest.find((r) => !EMOTIONS.has(r) && r !== 'fixed' && r !== 'polite' && r !== '-');
      if (unknown) throw new Error(`${where}: unknown field "${unknown}"`);
      // Emoji and emoticons are never negated ("don't go 😭").
      entry = { kind: 'cue', score: Number(value), emotion, fixed: rest.includes('fixed') || !/[\p{L}\p{N}]/u.test(rawTerm.replace(/[[\]]/g, '')), polite: rest.includes('polite') };
    } else throw new Error(`${where}: bad value "${value}"`);
    if (term.endsWith('*') && unit === 'words') lex.prefixes.set(term.slice(0, -1), entry);
    else lex.terms.set(term, entry);
    const len = unit === 'words' ? term.split(' ').length : term.length;
    if (unit === 'words' && len > 1) lex.phraseStarts.add(term.split(' ')[0]);
    if (unit === 'chars') lex.maxByFirst.set(term[0], Math.max(lex.maxByFirst.get(term[0]) ?? 0, len));
    lex.maxLength = Math.max(lex.maxLength, len);
  });
  return lex;
}

export function loadSentimentLexicon(files: string[], unit: 'chars' | 'words'): SentimentLexicon {
  const lex: SentimentLexicon = { terms: new Map(), prefixes: new Map(), maxLength: 1, phraseStarts: new Set(), maxByFirst: new Map() };
  for (const f of files) parseSentimentLexicon(fs.readFileSync(f, 'utf8'), f, unit, lex);
  return lex;
}

export function entryToUnit(text: string, e: LexiconEntry, caps = false): Unit | undefined {
  switch (e.kind) {
    case 'cue':
      return { k: 'cue', text, score: e.score, emotion: e.emotion, fixed: e.fixed, caps, polite: e.polite };
    case 'neg':
      return { k: 'neg', text };
    case 'mod':
      return { k: 'mod', text, factor: e.factor };
    case 'but':
      return { k: 'but', text };
    case 'concede':
      return { k: 'concede', text };
    case 'skip':
      return { k: 'word' };
  }
}
