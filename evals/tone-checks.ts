import { detectLanguage } from '../src/domain/language.js';

/**
 * Does an answer apply the tone template it should (prompts/tone-*.md)? Read from the text alone,
 * so any answerer (the local one, a chat model) is judged the same way: the opening sentence
 * (an apology for an angry customer, reassurance for an anxious one, nothing for a neutral one),
 * something after it (the fix comes right away), the customer's language, numbered steps in order.
 */
export type ToneName = 'calm-apologetic' | 'reassuring' | 'concise';

const APOLOGY = /抱歉|对不起|歉意|不好意思|给您(带来|添)了?(麻烦|不便|不好)|\bsorry\b|\bapologi[sz]e|\bapologies\b/i;
const REASSURANCE =
  /别着急|不要着急|不用着急|别担心|不用担心|不要担心|放心|别急|我来帮|马上帮|帮您(确认|处理|查|解决)|\bdon'?t worry\b|\bdo not worry\b|\bno need to worry\b|\brest assured\b|\bI('|’)?ll help\b|\bI will help\b|\bI can help\b|\bI('|’)m here to help\b|\blet me help\b|\bwe('|’)?ll (get|sort)\b/i;
const FILLER =
  /^\s*(亲[，,！!～~]?|您好|你好|哈喽|嗨|感谢(您的)?(提问|咨询|耐心)|很高兴(为您服务)?|好的呢|hi\b|hello\b|hey\b|dear customer|great question|good question|thanks?( you)? for (asking|reaching out|contacting)|happy to help|sure thing)/i;
const EXCLAMATION_OR_EMOJI = /[!！]|\p{Extended_Pictographic}/u;

/** The first sentence (or line), where the template's opening belongs. */
export function openingOf(text: string): { opening: string; body: string } {
  const t = text.trim();
  const m = /[。！？!?\n]|\.(?=\s|$)/.exec(t);
  const end = m ? m.index + m[0].length : t.length;
  return { opening: t.slice(0, end).trim(), body: t.slice(end).trim() };
}

/** Numbered steps: each run of `1. 2. 3.` (or 1、 1) 1）) must count up from 1 without gaps; a Markdown `1. 1. 1.` run counts too. */
export function stepsOrder(text: string): 'none' | 'ordered' | 'disordered' {
  const nums = [...text.matchAll(/^\s*(\d{1,2})[.、)）](?!\d)/gm)].map((m) => Number(m[1]));
  if (nums.length < 2) return 'none';
  const runs: number[][] = [];
  for (const n of nums) {
    if (n === 1 && (!runs.length || runs[runs.length - 1]!.length)) runs.push([]);
    if (!runs.length) runs.push([]);
    runs[runs.length - 1]!.push(n);
  }
  const ok = runs.every((r) => r.every((n, i) => n === i + 1) || r.every((n) => n === 1));
  return ok ? 'ordered' : 'disordered';
}

/** The answer is in the customer's language, and so is everything after its first paragraph (not only an opening line). */
export function inLanguage(text: string, lang: 'zh' | 'en'): boolean {
  const t = text.trim();
  if (!t) return false;
  if (detectLanguage(t) !== lang) return false;
  const rest = t.split(/\n\s*\n/).slice(1).join('\n\n').trim();
  return !rest || detectLanguage(rest) === lang;
}

export interface ToneCheck {
  /** The opening the template asks for is there (concise: no apology, reassurance or filler). */
  opening: boolean;
  /** Something follows the opening (the fix or the answer itself). */
  body: boolean;
  /** calm-apologetic only: no exclamation marks, no emoji. */
  calm: boolean;
  language: boolean;
  steps: 'none' | 'ordered' | 'disordered';
  /** All of the above that apply to this tone. */
  applied: boolean;
}

/**
 * `declined`: the turn said it could not answer. "Sorry, I could not find this" is then the
 * content, not padding, so a concise reply may start with it.
 */
export function checkTone(text: string, tone: ToneName, lang: 'zh' | 'en', opts: { declined?: boolean } = {}): ToneCheck {
  const { opening, body } = openingOf(text);
  const apology = APOLOGY.test(opening);
  const reassurance = REASSURANCE.test(opening);
  const calm = !EXCLAMATION_OR_EMOJI.test(text);
  const hasBody = body.replace(/[\s\p{P}]/gu, '').length >= 4;
  const openingOk =
    tone === 'calm-apologetic' ? apology : tone === 'reassuring' ? reassurance : (opts.declined || !apology) && !reassurance && !FILLER.test(opening);
  const language = inLanguage(text, lang);
  const steps = stepsOrder(text);
  const applied = openingOk && language && steps !== 'disordered' && (tone === 'concise' || hasBody) && (tone !== 'calm-apologetic' || calm);
  return { opening: openingOk, body: hasBody, calm, language, steps, applied };
}
