import type { MessageSentiment } from './conversation.js';

/**
 * How to speak to this customer now. Angry customers get an apology and the fix first; anxious
 * ones reassurance and the fastest path; everyone else a concise answer without padding.
 */
export type Tone = 'calm-apologetic' | 'reassuring' | 'concise';

export function toneFor(sentiment: MessageSentiment | null | undefined, minConfidence = 0.45): Tone {
  if (!sentiment || sentiment.sentiment !== 'negative' || sentiment.confidence < minConfidence) return 'concise';
  if (sentiment.emotion === 'angry') return 'calm-apologetic';
  if (sentiment.emotion === 'anxious' || sentiment.emotion === 'sad') return 'reassuring';
  return 'concise';
}
