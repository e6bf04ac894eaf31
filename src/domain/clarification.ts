import { productCodes } from './follow-up.js';

/**
 * When a question names a kind of product but not which one, and the best passages are about
 * several different models, asking "which one?" beats answering for the wrong model.
 */
export interface ClarifyCandidate {
  score: number;
  /** Title and heading trail of the passage. */
  labels: string[];
}

const MAX_OPTIONS = 4;

export function clarificationOptions(question: string, context: string, hits: ClarifyCandidate[], closeness = 0.8): string[] {
  if (productCodes(question).length || productCodes(context).length || hits.length < 2) return [];
  const top = hits[0]!.score;
  const options: string[] = [];
  for (const [i, h] of hits.slice(0, 6).entries()) {
    if (h.score < top * closeness) break;
    // The most specific code on the passage's trail names its model.
    const codes = h.labels.flatMap((l) => productCodes(l));
    const code = codes[codes.length - 1];
    // The best passage is not about one model: the question is probably general.
    if (!code && i === 0) return [];
    if (code && !options.includes(code)) options.push(code);
  }
  return options.length >= 2 ? options.slice(0, MAX_OPTIONS) : [];
}
