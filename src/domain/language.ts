import type { Language } from '../ports/text-analyzer.js';

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/**
 * Chinese when Han characters make a meaningful share of the text. A Chinese sentence with a
 * few English product names is still Chinese; an English paragraph quoting one 汉字 is not.
 */
export function detectLanguage(text: string): Language {
  const han = text.match(HAN)?.length ?? 0;
  if (han === 0) return 'en';
  const latinWords = text.match(LATIN_WORD)?.length ?? 0;
  // One Chinese word is ~1.7 characters; compare in words.
  return han / 1.7 >= latinWords * 0.5 ? 'zh' : 'en';
}
