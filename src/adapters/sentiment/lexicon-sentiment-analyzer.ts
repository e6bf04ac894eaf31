import fs from 'node:fs';
import path from 'node:path';
import { detectLanguage } from '../../domain/language.js';
import { DEFAULT_SCORING, scoreUnits, type ScoringOptions, type Unit } from '../../domain/sentiment-scoring.js';
import type { SentimentAnalyzer, SentimentResult } from '../../ports/sentiment-analyzer.js';
import type { Language } from '../../ports/text-analyzer.js';
import { LEXICON_DIR } from '../text/lexicon-files.js';
import { entryToUnit, loadSentimentLexicon, type SentimentLexicon } from './sentiment-lexicon.js';

export const SENTIMENT_LEXICON_DIR = path.join(LEXICON_DIR, 'sentiment');

export interface LexiconSentimentOptions {
  /** Lexicon files per language; default: lexicon/sentiment/{zh,en,emoji}.txt. */
  zhFiles?: string[];
  enFiles?: string[];
  /** Traditional → simplified character pairs; default lexicon/sentiment/zh-hant.txt. */
  zhTraditionalFile?: string;
  scoring?: Partial<Record<Language, Partial<ScoringOptions>>>;
}

// Punctuation after NFKC (full-width ！？，。 become ASCII or stay as CJK marks).
const BREAK_CHARS = new Map<string, string>([
  ['!', '!'], ['?', '?'], ['.', '.'], ['。', '.'], ['\n', '\n'], [',', ','], ['、', ','], [';', ','], [':', ','],
  ['…', ','], ['~', ','], ['～', ','], ['(', ','], [')', ','], ['"', ','], ['“', ','], ['”', ','], ['「', ','], ['」', ','],
]);
const HAN = /\p{Script=Han}/u;
/** Chinese reviews and complaints tend to end on their verdict (总之, 总的来说, 下次还会来). */
const ZH_SCORING: Partial<ScoringOptions> = { finalSentenceWeight: 1.5 };
const CLAUSE_CONTRAST = new Set(['就是', '只是']);
const EN_TOKEN = /#[a-z0-9_]+|[a-z0-9]+(?:['’][a-z]+)*|[!?.,;:\n]|\p{Extended_Pictographic}|\[[^\]\s]{1,8}\]/giu;

/**
 * Offline sentiment and emotion from hand-written lexicons (lexicon/sentiment/): Chinese by
 * longest match over the lexicon (no segmenter needed: cue words are matched where they stand,
 * and `skip` entries keep 好像 from reading as 好), English by tokens and phrases with prefix
 * entries. The scoring (negation scope, intensity, contrast, punctuation) is src/domain/sentiment-scoring.ts.
 */
export class LexiconSentimentAnalyzer implements SentimentAnalyzer {
  readonly id = 'lexicon:v1';
  private readonly zh: SentimentLexicon;
  private readonly en: SentimentLexicon;
  private readonly scoring: Record<Language, ScoringOptions>;
  /** Traditional → simplified characters, so 繁體 messages match the simplified lexicon. */
  private readonly toSimplified: Map<string, string>;

  constructor(opts: LexiconSentimentOptions = {}) {
    const emoji = path.join(SENTIMENT_LEXICON_DIR, 'emoji.txt');
    this.zh = loadSentimentLexicon(opts.zhFiles ?? [path.join(SENTIMENT_LEXICON_DIR, 'zh.txt'), emoji], 'chars');
    this.en = loadSentimentLexicon(opts.enFiles ?? [path.join(SENTIMENT_LEXICON_DIR, 'en.txt'), emoji], 'words');
    this.toSimplified = readCharMap(opts.zhTraditionalFile ?? path.join(SENTIMENT_LEXICON_DIR, 'zh-hant.txt'));
    this.scoring = {
      zh: { ...DEFAULT_SCORING, ...ZH_SCORING, ...opts.scoring?.zh },
      en: { ...DEFAULT_SCORING, ...opts.scoring?.en },
    };
  }

  async analyze(text: string, opts: { language?: Language } = {}): Promise<SentimentResult> {
    return this.analyzeSync(text, opts);
  }

  analyzeSync(text: string, opts: { language?: Language } = {}): SentimentResult {
    const language = opts.language ?? detectLanguage(text);
    const units = language === 'zh' ? this.zhUnits(text) : this.enUnits(text);
    const out = scoreUnits(units, this.scoring[language]);
    return {
      sentiment: out.sentiment,
      sentimentScore: out.sentimentScore,
      confidence: out.confidence,
      emotion: out.emotion,
      emotionScores: out.emotionScores,
      language,
      signals: out.signals,
    };
  }

  /** Chinese: forward longest match; unmatched characters are plain words. */
  zhUnits(raw: string): Unit[] {
    let text = clean(raw).toLowerCase();
    if ([...text].some((c) => this.toSimplified.has(c))) text = [...text].map((c) => this.toSimplified.get(c) ?? c).join('');
    const units: Unit[] = [];
    const { terms, maxByFirst } = this.zh;
    let i = 0;
    while (i < text.length) {
      const ch = text[i];
      let matched = false;
      for (let len = Math.min(maxByFirst.get(ch) ?? 0, text.length - i); len >= 1; len--) {
        const t = len === 1 ? ch : text.slice(i, i + len);
        const e = terms.get(t);
        if (e) {
          // "X不错，就是Y": 就是 / 只是 opening a clause is a minor reservation (its clause counts half); elsewhere a plain word.
          const clauseInitial = !units.length || units[units.length - 1].k === 'break';
          const u = CLAUSE_CONTRAST.has(t) ? (clauseInitial ? { k: 'concede' as const, text: t } : { k: 'word' as const }) : entryToUnit(t, e);
          if (u) units.push(u);
          i += len;
          matched = true;
          break;
        }
      }
      if (matched) continue;
      // 吗 ends a yes/no question even when the customer leaves out the question mark.
      if (ch === '吗') {
        units.push({ k: 'break', punct: '?' });
        i++;
        while (i < text.length && (text[i] === '?' || text[i] === '？')) i++;
        continue;
      }
      const b = BREAK_CHARS.get(ch);
      if (b === '?' || b === '!') {
        i = pushPunctuation(units, text, i);
        continue;
      }
      if (b) units.push({ k: 'break', punct: b });
      else if (HAN.test(ch)) units.push({ k: 'word' });
      else if (/[a-z0-9]/.test(ch)) {
        // A Latin or digit run counts as one word; English cue words inside Chinese text are looked up.
        let j = i + 1;
        while (j < text.length && /[a-z0-9']/.test(text[j])) j++;
        const w = text.slice(i, j);
        const e = this.en.terms.get(w);
        const u = e && e.kind === 'cue' ? entryToUnit(w, e) : undefined;
        units.push(u ?? { k: 'word' });
        i = j;
        continue;
      }
      i++;
    }
    // 好 right before another cue is an intensifier (好担心, 好慢), not "good".
    for (let k = 0; k + 1 < units.length; k++) {
      const u = units[k];
      if (u.k === 'cue' && (u.text === '好' || u.text === '好好') && units[k + 1].k === 'cue') units[k] = { k: 'mod', text: u.text, factor: 1.4 };
    }
    return units;
  }

  /** English: tokens, longest phrase match (up to the longest entry), prefix entries, squeezed elongations. */
  enUnits(raw: string): Unit[] {
    const text = clean(raw)
      .replace(/https?:\/\/\S+/g, ' ')
      .replace(/@\w+/g, ' ');
    const toks = [...text.matchAll(EN_TOKEN)].map((m) => m[0]);
    const lower = toks.map((t) => t.toLowerCase().replace(/’/g, "'"));
    const units: Unit[] = [];
    const { terms, prefixes, maxLength, phraseStarts } = this.en;
    let i = 0;
    while (i < toks.length) {
      const t = lower[i];
      const b = t.length === 1 ? BREAK_CHARS.get(t) : undefined;
      if (b) {
        i = pushPunctuation(units, lower, i);
        continue;
      }
      if (t.startsWith('#')) {
        units.push(...this.hashtagUnits(t.slice(1)));
        i++;
        continue;
      }
      let matched = false;
      for (let n = phraseStarts.has(t) ? Math.min(maxLength, toks.length - i) : 0; n >= 2; n--) {
        const phrase = lower.slice(i, i + n).join(' ');
        const e = terms.get(phrase);
        if (e) {
          const u = entryToUnit(phrase, e, toks.slice(i, i + n).every(isShouting));
          if (u) units.push(u);
          i += n;
          matched = true;
          break;
        }
      }
      if (matched) continue;
      const e = lookupWord(t, terms, prefixes);
      const u = e ? entryToUnit(t, e, isShouting(toks[i])) : undefined;
      units.push(u ?? { k: 'word' });
      i++;
    }
    return units;
  }

  /**
   * A hashtag is a word, or words run together (#neveragain, #worst_service_ever): the whole tag if it
   * is an entry, else the cue words of four or more letters found in it, longest first, not overlapping.
   */
  private hashtagUnits(tag: string): Unit[] {
    const whole = lookupWord(tag.replace(/_/g, ''), this.en.terms, this.en.prefixes);
    if (whole) {
      const u = entryToUnit(tag, whole);
      return u && u.k === 'cue' ? [u] : [];
    }
    const body = tag.replace(/_/g, '');
    const out: Unit[] = [];
    let i = 0;
    while (i < body.length) {
      let hit = 0;
      for (let len = Math.min(16, body.length - i); len >= 4 && !hit; len--) {
        const e = this.en.terms.get(body.slice(i, i + len));
        if (e && e.kind === 'cue') {
          out.push({ k: 'cue', text: `#${body.slice(i, i + len)}`, score: e.score, emotion: e.emotion, fixed: true });
          hit = len;
        }
      }
      i += hit || 1;
    }
    return out;
  }
}

/**
 * A run of ! and ?: one clause break; "?!", "!?" or "???" is exasperation ("how long does it take??!"),
 * a negative cue of its own. Returns the index after the run.
 */
function pushPunctuation(units: Unit[], seq: ArrayLike<string>, i: number): number {
  let run = '';
  let j = i;
  while (j < seq.length && (seq[j] === '!' || seq[j] === '?')) run += seq[j++];
  if (!run) {
    units.push({ k: 'break', punct: BREAK_CHARS.get(seq[i]) ?? ',' });
    return i + 1;
  }
  if ((run.includes('?') && run.includes('!')) || run.length >= 3 && run.includes('?')) units.push({ k: 'cue', text: run, score: -1, emotion: 'angry', fixed: true });
  units.push({ k: 'break', punct: run.includes('?') ? '?' : '!' });
  return j;
}

function readCharMap(file: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const body = line.replace(/#.*/, '').trim();
    if (!body) continue;
    const [from, to] = body.split(/\s+/);
    if (from && to) map.set(from, to);
  }
  return map;
}

function lookupWord(t: string, terms: SentimentLexicon['terms'], prefixes: SentimentLexicon['prefixes']) {
  const direct = terms.get(t);
  if (direct) return direct;
  // "sooo", "loooove": squeeze letters repeated three or more times.
  if (/(.)\1\1/.test(t)) {
    const one = t.replace(/(.)\1{2,}/g, '$1');
    const two = t.replace(/(.)\1{2,}/g, '$1$1');
    const hit = terms.get(two) ?? terms.get(one);
    if (hit) return hit;
  }
  for (let k = t.length; k >= 3; k--) {
    const p = prefixes.get(t.slice(0, k));
    if (p) return p;
  }
  return undefined;
}

/** An all-caps word of three or more letters ("NEVER", "WORST") reads as shouting. */
const isShouting = (t: string) => t.length >= 3 && /^[A-Z]+$/.test(t);

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };
function clean(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/&(amp|lt|gt|quot|apos|#39);/g, (m) => ENTITIES[m] ?? m)
    .replace(/\uFE0F/g, '');
}
