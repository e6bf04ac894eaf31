import { maskText } from '../../domain/pii-masking.js';

/**
 * What customer-written text goes through before it leaves for an external model (chat,
 * rewriting, summaries, judging, query embeddings). With PII_MASK_MODEL_INPUT the customer's
 * phone numbers, emails, ID and card numbers reach the model as `[PHONE]`, `[EMAIL]`, … .
 * Knowledge-base passages are the company's own text and go unmasked (a hotline number in
 * the docs is an answer, not a leak).
 */
export type ModelInputFilter = (text: string) => string;

export const unfiltered: ModelInputFilter = (text) => text;

export function modelInputFilter(maskPii: boolean): ModelInputFilter {
  return maskPii ? (text) => maskText(text, 'placeholder') : unfiltered;
}
