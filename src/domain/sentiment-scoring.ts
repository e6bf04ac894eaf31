import type { Emotion, Sentiment } from '../ports/sentiment-analyzer.js';
import { EMOTIONS } from '../ports/sentiment-analyzer.js';

/**
 * Language-independent sentiment scoring over a sequence of matched units. An adapter turns a
 * message into units (lexicon cues, negators, intensifiers, contrast words, clause breaks); these
 * plain functions apply negation scope, intensity, contrast weighting and punctuation, then decide
 * sentiment and emotion.
 */
export type EmotionTag = Exclude<Emotion, 'neutral'>;

export type Unit =
  /** A lexicon cue: signed polarity (about -4..4), optional emotion, flags. */
  | { k: 'cue'; text: string; score: number; emotion?: EmotionTag; fixed?: boolean; caps?: boolean; polite?: boolean }
  /** A negator ("不", "not", "never"): flips the next cue within its scope. */
  | { k: 'neg'; text: string }
  /** An intensifier (factor > 1) or downtoner (< 1) for the next cue. */
  | { k: 'mod'; text: string; factor: number }
  /** Contrast ("但是", "but"): what came before it in the sentence counts less, what follows more. */
  | { k: 'but'; text: string }
  /** Concession ("虽然", "although"): its own clause counts less. */
  | { k: 'concede'; text: string }
  /** A clause break, with its punctuation ('!' and '?' change how the clause counts). */
  | { k: 'break'; punct: string }
  /** Any other word (only counts for scope distance). */
  | { k: 'word' };

export interface ScoringOptions {
  /** Units after a negator that it can reach. */
  negationScope: number;
  /** |raw score| below this is neutral. */
  neutralThreshold: number;
  /** Weight of negative evidence against positive (1 = equal; more made no difference on the shared suites). */
  negativeBias: number;
  /** Emotion for a negative message with no specific emotion cue. */
  defaultNegativeEmotion: EmotionTag;
  /**
   * Polarity of a negator that reaches no cue ("没发票", "it never showed up"): in customer
   * text an unmet expectation leans negative. 0 turns it off.
   */
  danglingNegation: number;
  /** Weight of the last sentence (a review or complaint usually ends on its verdict). */
  finalSentenceWeight: number;
  /** Cap on one cue's weight after all multipliers, so one shouted word cannot outvote a whole review. */
  maxCueWeight: number;
}

export const DEFAULT_SCORING: ScoringOptions = {
  negationScope: 3,
  neutralThreshold: 0.75,
  negativeBias: 1,
  defaultNegativeEmotion: 'angry',
  danglingNegation: 0.4,
  finalSentenceWeight: 1,
  maxCueWeight: 4,
};

export interface ScoredCue {
  text: string;
  score: number;
  emotion?: EmotionTag;
  negated: boolean;
}

export interface ScoreOutcome {
  sentiment: Sentiment;
  sentimentScore: number;
  confidence: number;
  emotion: Emotion;
  emotionScores: Record<Emotion, number>;
  raw: number;
  cues: ScoredCue[];
  signals: string[];
}

const CONTRAST_BEFORE = 0.5;
const CONTRAST_AFTER = 1.5;
const CONCESSION = 0.5;
const QUESTION_POSITIVE = 0.35;
const QUESTION_EVENT = 0.6;
/** Weight of polite cues (thanks, please) in a request. */
const POLITE_IN_REQUEST = 0.2;
const EXCLAMATION = 1.25;
const CAPS = 1.3;
const EMOTION_ONLY = 1.5;
/** Signals kept per message (the strongest cues, in text order): enough to explain, small to store. */
const MAX_SIGNALS = 16;

/** Applies modifiers to cues: returns each cue with its effective weight. */
export function weighCues(units: Unit[], opts: ScoringOptions = DEFAULT_SCORING): { cues: ScoredCue[]; signals: string[] } {
  const signals: string[] = [];
  const cues: Array<ScoredCue & { clause: number; sentence: number }> = [];
  let sentence = 0;
  let clause = 0;
  let clauseStart = 0; // first cue index of the current clause
  let sentenceStart = 0; // first cue index since the last contrast or sentence end
  let negLeft = 0;
  let negText = '';
  let factor = 1;
  let modLeft = 0;
  let conceding = false;
  let contrastAfter = false;
  // Thanks in a request ("can you check? thanks") is politeness, not praise.
  const isRequest = units.some((u) => u.k === 'break' && u.punct === '?');
  const dangle = () => {
    if (negLeft && opts.danglingNegation) cues.push({ text: `${negText}…`, score: -opts.danglingNegation, negated: false, clause, sentence });
    negLeft = 0;
  };
  const endClause = (punct: string) => {
    dangle();
    if (punct === '!' || punct === '?') {
      for (let i = clauseStart; i < cues.length; i++) {
        if (punct === '!') cues[i].score *= EXCLAMATION;
        else if (cues[i].score > 0) cues[i].score *= QUESTION_POSITIVE;
        // "Is flight 12 cancelled?" asks about an event; "why is it ALWAYS late?!" still complains (emotion cues stay).
        else if (!cues[i].emotion) cues[i].score *= QUESTION_EVENT;
      }
    }
    if (punct === '.' || punct === '!' || punct === '?' || punct === '\n') {
      sentenceStart = cues.length;
      sentence++;
    }
    clauseStart = cues.length;
    clause++;
    negLeft = 0;
    modLeft = 0;
    factor = 1;
    conceding = false;
  };
  for (const u of units) {
    switch (u.k) {
      case 'neg':
        dangle();
        negLeft = opts.negationScope;
        negText = u.text;
        break;
      case 'mod':
        factor *= u.factor;
        modLeft = 2;
        break;
      case 'but':
        for (let i = sentenceStart; i < cues.length; i++) cues[i].score *= CONTRAST_BEFORE;
        signals.push(`${u.text}>`);
        dangle();
        clauseStart = cues.length;
        conceding = false;
        // Everything after the contrast, to the end of the message, carries more weight.
        factor = 1;
        contrastAfter = true;
        break;
      case 'concede':
        conceding = true;
        break;
      case 'break':
        endClause(u.punct);
        break;
      case 'word':
        if (negLeft === 1) dangle();
        else if (negLeft) negLeft--;
        if (modLeft && --modLeft === 0) factor = 1;
        break;
      case 'cue': {
        let score = u.score * (modLeft ? factor : 1);
        let negated = false;
        let emotion = u.emotion;
        // A weak negative cue under negation stays negative ("don't make me wait"); the negator dangles.
        if (negLeft && !u.fixed && (score > 0 || score <= -1.5)) {
          negated = true;
          // "not good" is clearly negative; "not bad" only mildly positive.
          score = score > 0 ? -score * 0.8 : -score * 0.3;
          emotion = undefined;
          negLeft = 0;
        }
        if (u.caps) score *= CAPS;
        if (conceding) score *= CONCESSION;
        if (contrastAfter) score *= CONTRAST_AFTER;
        if (u.polite && isRequest) score *= POLITE_IN_REQUEST;
        cues.push({ text: negated ? `${negText}+${u.text}` : u.text, score, emotion, negated, clause, sentence });
        modLeft = 0;
        factor = 1;
        break;
      }
    }
  }
  dangle();
  // In a message of several sentences, the last one with any cue carries the verdict.
  const lastWithCue = cues.length ? cues[cues.length - 1].sentence : -1;
  if (opts.finalSentenceWeight !== 1 && cues.length && cues[0].sentence !== lastWithCue)
    for (const c of cues) if (c.sentence === lastWithCue) c.score *= opts.finalSentenceWeight;
  for (const c of cues) c.score = Math.max(-opts.maxCueWeight, Math.min(opts.maxCueWeight, c.score));
  return { cues: cues.map(({ clause: _c, sentence: _s, ...c }) => c), signals };
}

/** Decides sentiment and emotion from weighted cues. */
export function decide(cues: ScoredCue[], opts: ScoringOptions = DEFAULT_SCORING, extraSignals: string[] = []): ScoreOutcome {
  let pos = 0;
  let neg = 0;
  const emo: Record<Emotion, number> = { angry: 0, anxious: 0, sad: 0, happy: 0, surprised: 0, neutral: 0 };
  for (const c of cues) {
    if (c.score > 0) pos += c.score;
    else neg -= c.score;
    // An emotion cue with little or no polarity (竟然, "wow") still counts as a clear cue of its emotion.
    if (c.emotion) emo[c.emotion] += Math.abs(c.score) < 1 ? EMOTION_ONLY : Math.abs(c.score);
  }
  const raw = pos - neg * opts.negativeBias;
  const sentiment: Sentiment = Math.abs(raw) < opts.neutralThreshold ? 'neutral' : raw > 0 ? 'positive' : 'negative';
  const sentimentScore = round(Math.tanh(raw / 3));
  const margin = Math.abs(raw) - opts.neutralThreshold;
  const confidence = round(
    sentiment === 'neutral'
      ? 0.5 + 0.4 * (1 - Math.abs(raw) / opts.neutralThreshold) * (cues.length ? 0.7 : 1)
      : 0.5 + 0.5 * Math.tanh(margin / 1.5),
  );
  const emotion = pickEmotion(sentiment, emo, opts);
  return {
    sentiment,
    sentimentScore,
    confidence,
    emotion,
    emotionScores: emotionDistribution(emo, emotion, sentiment),
    raw,
    cues,
    signals: [...strongest(cues, MAX_SIGNALS).map((c) => `${c.text}(${round(c.score)})`), ...extraSignals.slice(0, 4)],
  };
}

function strongest(cues: ScoredCue[], n: number): ScoredCue[] {
  if (cues.length <= n) return cues;
  const keep = new Set([...cues].sort((a, b) => Math.abs(b.score) - Math.abs(a.score)).slice(0, n));
  return cues.filter((c) => keep.has(c));
}

function pickEmotion(sentiment: Sentiment, emo: Record<Emotion, number>, opts: ScoringOptions): Emotion {
  const best = (among: Emotion[]) => among.reduce((a, b) => (emo[b] > emo[a] ? b : a));
  if (sentiment === 'negative') {
    const e = best(['angry', 'anxious', 'sad']);
    if (emo[e] > 0) return e;
    if (emo.surprised > 0) return 'surprised';
    return opts.defaultNegativeEmotion;
  }
  if (sentiment === 'positive') {
    // A positive message whose only emotion cues are negative ones (worry that ended well) is happy.
    return emo.surprised > emo.happy ? 'surprised' : 'happy';
  }
  const e = best(['surprised', 'anxious', 'angry', 'sad', 'happy']);
  return emo[e] >= 1 ? e : 'neutral';
}

function emotionDistribution(emo: Record<Emotion, number>, chosen: Emotion, sentiment: Sentiment): Record<Emotion, number> {
  const raw = { ...emo, neutral: sentiment === 'neutral' ? 1 : 0.25 };
  const top = Math.max(...EMOTIONS.map((e) => raw[e]));
  raw[chosen] = Math.max(raw[chosen], top) + 0.5;
  const sum = EMOTIONS.reduce((s, e) => s + raw[e], 0);
  return Object.fromEntries(EMOTIONS.map((e) => [e, round(raw[e] / sum)])) as Record<Emotion, number>;
}

/** Weighs and decides in one step. */
export function scoreUnits(units: Unit[], opts: ScoringOptions = DEFAULT_SCORING): ScoreOutcome {
  const { cues, signals } = weighCues(units, opts);
  return decide(cues, opts, signals);
}

const round = (x: number) => Math.round(x * 1000) / 1000;
