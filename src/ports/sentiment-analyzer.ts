import type { Language } from './text-analyzer.js';

export type Sentiment = 'negative' | 'neutral' | 'positive';
export type Emotion = 'angry' | 'anxious' | 'sad' | 'happy' | 'surprised' | 'neutral';
export const SENTIMENTS: readonly Sentiment[] = ['negative', 'neutral', 'positive'];
export const EMOTIONS: readonly Emotion[] = ['angry', 'anxious', 'sad', 'happy', 'surprised', 'neutral'];

export interface SentimentResult {
  sentiment: Sentiment;
  /** Signed polarity in [-1, 1]; 0 is neutral. */
  sentimentScore: number;
  /** How sure the analyzer is of `sentiment`, in [0, 1]. */
  confidence: number;
  emotion: Emotion;
  /** One score per emotion in [0, 1], summing to 1. */
  emotionScores: Record<Emotion, number>;
  language: Language;
  /** The cues that decided it, for explanation and logs (e.g. `退款(-2)`, `not+happy`, `but>`). */
  signals?: string[];
  /** Which analyzer produced it, when not the one asked (an LLM analyzer's lexicon fallback). */
  analyzer?: string;
}

/**
 * Sentiment and emotion of one customer message. Async so that an LLM-backed adapter can
 * implement it; the offline lexicon adapter answers synchronously underneath.
 */
export interface SentimentAnalyzer {
  /** Identity recorded with stored results, e.g. `lexicon:v1`. */
  readonly id: string;
  analyze(text: string, opts?: { language?: Language }): Promise<SentimentResult>;
}
