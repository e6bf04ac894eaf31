import type { Turn } from './conversation.js';

/**
 * The offline follow-up rewriter: turns "那它多少钱？" after "LM-X20 Pro 有什么功能" into
 * "LM-X20 Pro 多少钱" so retrieval runs on a stand-alone query. Only the *topic* of the earlier
 * turn is carried over, never its passages or its whole wording: carrying the old question
 * along is what makes Dify and FastGPT keep answering the previous question (Dify #26460).
 */

type Lang = 'zh' | 'en';

// Model codes and product names: "LM-X20 Pro", "LM-Buds 3", "X20", "HTTP 502".
const CODE_RE = /(?<![A-Za-z0-9])[A-Za-z]{1,6}(?:-[A-Za-z]{1,8})?[- ]?\d+[A-Za-z0-9]*(?:\s+(?:Pro|Max|Plus|Ultra|Lite|Mini|SE))?(?![A-Za-z0-9])/g;

const ZH_PRONOUN_RE = /(它们|它的|它|这款|那款|这个|那个|这台|那台|此款|该款|该产品|这部|那部|这种|那种|这件|那件)/;
const EN_PRONOUN_RE = /\b(it|its|it's|this one|that one|them|they|their|this|that)\b/i;
const ZH_SWITCH_RE = /^(?:那|那么|还有|另外|换成|如果是|要是|如果)?\s*(.{1,24}?)\s*(?:呢|怎么样|如何)\s*[？?。.!！]*$/;
const EN_SWITCH_RE = /^(?:and\s+)?(?:what|how)\s+about\s+(.{1,60}?)\s*[?.!]*$|^and\s+(?:for\s+|the\s+)?(.{1,60}?)\s*\?+$/i;
const ZH_CONTINUATION_RE = /^(那|那么|还有|另外|再问一下|顺便问下|然后)/;
const EN_CONTINUATION_RE = /^(and|also|what about|how about|then|so)\b/i;

// Where a Chinese question's predicate starts: the topic is what comes before.
const ZH_PREDICATE_RE =
  /(的(?!话)|怎么|怎样|如何|多少|多久|多长|几[天个年次]|是否|是不是|能不能|能否|可不可以|可以|可否|吗|么|呢|有没有|有什么|有哪些|支持|是什么|在哪|哪里|哪个|哪些|为什么|为啥|什么|啥|需要|要不要|会不会|还能|能|会|要|坏了|不能|无法|没有|不|是)/;
const ZH_FILLER_RE = /^(请问一下|请问|你好|您好|在吗|我想问一下|我想问下|我想问问|我想问|我想知道|想问下|想问一下|问一下|问下|顺便问一下|顺便问下|请教一下|麻烦问下|那么|那|还有|另外)[，,、\s]*/;
// Acknowledgements that open a new question ("好的。另外…", "行。问下…", "对了，…"): only with punctuation after them.
const ZH_INTERJECTION_RE = /^(对了|好的|好吧|好|行|嗯|哦|OK|ok)[，,、。.!！\s]+/;

const EN_LEAD = new Set(
  'what how when where why which who whom whose can could do does did is are was were will would should shall may might must have has had i you we my our your me the a an much many long often to be there any some please tell know want need'.split(
    ' ',
  ),
);
const EN_PREPOSITIONS = new Set(['on', 'for', 'of', 'about', 'with', 'from', 'in']);
const EN_DETERMINERS = new Set(['a', 'an', 'the', 'my', 'your', 'our']);
const EN_HEAD_STOP = new Set(
  "is are was were be been do does did has have had can could will would should won't can't don't doesn't isn't to and or but when if so then which who that".split(' '),
);

export function productCodes(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(CODE_RE)) {
    const code = m[0].trim();
    // Needs a capital letter: "step 3" or "top 5" are not codes.
    if (/[A-Z]/.test(code)) found.add(code);
  }
  return [...found];
}

function stripTrailingPunctuation(s: string): string {
  return s.replace(/[\s？?。.!！,，、]+$/u, '').trim();
}

/** The thing a question is about: its product codes, else the words before its predicate. */
export function topicOf(question: string, lang: Lang): string {
  const codes = productCodes(question);
  if (codes.length) return codes.join(' ');
  const text = stripTrailingPunctuation(question);
  if (lang === 'zh') {
    let rest = text;
    for (let i = 0; i < 3; i++) rest = rest.replace(ZH_INTERJECTION_RE, '').replace(ZH_FILLER_RE, '');
    rest = rest.replace(/^(我|你们|您)(的|想|要|在|买的|刚买的)?/, '');
    const cut = rest.search(ZH_PREDICATE_RE);
    const head = (cut > 0 ? rest.slice(0, cut) : rest).trim();
    return head.length >= 2 && head.length <= 16 ? head : '';
  }
  const words = text.split(/\s+/);
  const lower = words.map((w) => w.toLowerCase().replace(/[^a-z0-9'-]/g, ''));
  // "… the warranty on the earbuds" → the object of the last preposition.
  for (let i = lower.length - 2; i >= 0; i--) {
    if (EN_PREPOSITIONS.has(lower[i]!)) {
      const stop = lower.findIndex((w, j) => j > i && EN_HEAD_STOP.has(w));
      const tail = words.slice(i + 1, stop < 0 ? undefined : stop).filter((_, j) => !EN_DETERMINERS.has(lower[i + 1 + j]!));
      if (tail.length && tail.length <= 4) return tail.join(' ');
      break;
    }
  }
  let start = 0;
  while (start < lower.length && EN_LEAD.has(lower[start]!)) start++;
  // "… send back a faulty phone", "how big is the screen": the noun phrase after a determiner near the start.
  const det = lower.slice(start, start + 4).findIndex((w) => EN_DETERMINERS.has(w));
  if (det >= 0 && start + det + 1 < lower.length) start += det + 1;
  // Up to three words, ending where the verb or the next clause starts ("order is going" → "order").
  const head: string[] = [];
  for (let i = start; i < words.length && head.length < 3; i++) {
    if (EN_HEAD_STOP.has(lower[i]!) || EN_PREPOSITIONS.has(lower[i]!)) break;
    head.push(words[i]!.replace(/[,;:]+$/, ''));
    if (/[,;:]$/.test(words[i]!)) break;
  }
  return head.join(' ');
}

const EN_CLAUSE_OPENERS = new Set('if when while because so i we you he she they my our it there is are was were do does did can could will would should'.split(' '));

/** What "那X呢" / "what about X" swaps in must be a thing ("S12", "信用卡", "the price"), not a clause of its own. */
function isSwitchSubject(subject: string, lang: Lang): boolean {
  if (productCodes(subject).length) return true;
  if (lang === 'zh') {
    const s = subject.replace(/(的话|的)$/, '');
    return s.length <= 12 && !ZH_PREDICATE_RE.test(s);
  }
  const words = subject.toLowerCase().split(/\s+/);
  return words.length <= 5 && !EN_CLAUSE_OPENERS.has(words[0]!);
}

function isFollowUp(question: string, lang: Lang): boolean {
  const q = question.trim();
  if (lang === 'zh') {
    if (ZH_PRONOUN_RE.test(q) || ZH_CONTINUATION_RE.test(q) || /呢[？?]?$/.test(q)) return true;
    // Very short and without a subject of its own: "多少钱？", "保修多久"
    return q.replace(/[\s？?。！!，,]/g, '').length <= 5 && productCodes(q).length === 0;
  }
  if (EN_PRONOUN_RE.test(q) || EN_CONTINUATION_RE.test(q)) return true;
  return q.split(/\s+/).length <= 3 && productCodes(q).length === 0;
}

/** The stand-alone query of the most recent user turn (its rewrite when there was one). */
function lastUserQuery(history: Turn[]): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const t = history[i]!;
    if (t.role === 'user') return t.query || t.content;
  }
  return undefined;
}

/**
 * The topic of the most recent user turn. A turn that only pointed back ("Will a courier come and
 * get it?", rewritten to "... get faulty phone") is about what it pointed at, so its own leftover
 * words ("courier come") are not the topic: look through it to the turn it referred to.
 */
function conversationTopic(history: Turn[], lang: Lang): string {
  const pronoun = lang === 'zh' ? ZH_PRONOUN_RE : EN_PRONOUN_RE;
  let fallback: string | undefined;
  for (let i = history.length - 1; i >= 0; i--) {
    const t = history[i]!;
    if (t.role !== 'user') continue;
    const query = t.query || t.content;
    fallback ??= query;
    const pointedBack = query !== t.content && pronoun.test(t.content) && !productCodes(t.content).length;
    if (!pointedBack) return topicOf(query, lang);
  }
  return fallback ? topicOf(fallback, lang) : '';
}

/** The clarifying question just asked, if the last assistant turn was one. */
function pendingClarification(history: Turn[]): string | undefined {
  const last = history[history.length - 1];
  if (last?.role !== 'assistant' || last.kind !== 'clarification') return undefined;
  const q = last.metadata?.clarifies;
  return typeof q === 'string' ? q : undefined;
}

const ZH_QUESTION_MARK_RE = /[？?]|吗|么|呢|怎|什么|啥|多少|哪|谁|为何|能不能|可不可以|是不是|有没有|要不要/;
const EN_QUESTION_START = new Set('what how when where why which who whom whose can could do does did is are was were will would should shall may might'.split(' '));

/**
 * A question put to the customer in plain text (an LLM answerer's, a human agent's, or our own
 * clarification as an OpenAI-compatible client sends it back: role and content only), when the
 * reply is a short answer and not a question of its own ("S12 的", "about 3 weeks ago").
 */
function pendingQuestion(question: string, history: Turn[], lang: Lang): string | undefined {
  const last = history[history.length - 1];
  if (!last || (last.role !== 'assistant' && last.role !== 'agent') || !/[？?][」"')）\s]*$/.test(last.content)) return undefined;
  const q = question.trim();
  if (lang === 'zh') {
    if (q.replace(/\s/g, '').length > 12 || ZH_QUESTION_MARK_RE.test(q)) return undefined;
  } else {
    const words = q.split(/\s+/);
    if (words.length > 6 || q.endsWith('?') || EN_QUESTION_START.has(words[0]!.toLowerCase())) return undefined;
  }
  return lastUserQuery(history);
}

export function rewriteFollowUp(question: string, history: Turn[], lang: Lang): { query: string; rewritten: boolean } {
  return rewriteResolved(question, withQueries(history, lang), lang);
}

/**
 * History a client sends (the OpenAI-compatible endpoint stores role and content only) carries no
 * stand-alone queries: resolve each earlier user turn the way the service would have, oldest
 * first, so "能插耳机吗" after "A5 适合老人用吗" / "价格多少" still knows the A5.
 */
function withQueries(history: Turn[], lang: Lang): Turn[] {
  if (history.every((t) => t.role !== 'user' || t.query)) return history;
  const out: Turn[] = [];
  for (const t of history) out.push(t.role === 'user' && !t.query ? { ...t, query: rewriteResolved(t.content, out.slice(), lang).query } : t);
  return out;
}

function rewriteResolved(question: string, history: Turn[], lang: Lang): { query: string; rewritten: boolean } {
  const q = question.trim();
  // The reply to our clarifying question (or to any question just put to the customer)
  // completes the question it interrupted.
  const clarified = pendingClarification(history) ?? pendingQuestion(q, history, lang);
  if (clarified) {
    const codes = productCodes(q);
    const detail = stripTrailingPunctuation(q);
    const base = clarified;
    if (codes.length && productCodes(base).length === 0) return { query: `${codes.join(' ')} ${base}`, rewritten: true };
    return { query: `${detail} ${base}`, rewritten: true };
  }

  const previous = lastUserQuery(history);
  if (!previous || !isFollowUp(q, lang)) return { query: q, rewritten: false };
  const topic = conversationTopic(history, lang);
  if (!topic) return { query: q, rewritten: false };
  const ownCodes = productCodes(q);

  // "那 LM-A5 呢？" / "What about the LM-A5?": the earlier question, about something else.
  const sw = lang === 'zh' ? q.match(ZH_SWITCH_RE) : q.match(EN_SWITCH_RE);
  const subject = sw ? stripTrailingPunctuation((sw[1] ?? sw[2] ?? '').replace(/^(the|a|an)\s+/i, '')) : '';
  if (subject && isSwitchSubject(subject, lang) && !ZH_PRONOUN_RE.test(subject) && !EN_PRONOUN_RE.test(subject)) {
    // "and the price?" after a question about a model: another side of the same model, not a new
    // model. Keep the model (the topic) and take the new aspect, never the old question's wording.
    if (productCodes(topic).length && !productCodes(subject).length) return { query: `${topic} ${subject}`, rewritten: true };
    const replaced = previous.includes(topic) ? previous.replace(topic, subject) : `${subject} ${previous}`;
    return { query: stripTrailingPunctuation(replaced), rewritten: true };
  }
  // The customer named a new product: a new topic, not a follow-up.
  if (ownCodes.length && !productCodes(previous).some((c) => ownCodes.includes(c))) return { query: q, rewritten: false };

  const pronoun = lang === 'zh' ? ZH_PRONOUN_RE : EN_PRONOUN_RE;
  let body = q;
  // "那" opens a follow-up ("那它多少钱"), but "那个 / 那款 …" is the pronoun itself.
  if (lang === 'zh') body = body.replace(/^(那么|那(?![个款台部种件些])|还有|另外|然后)[，,\s]*/, '');
  else body = body.replace(/^(and|also|so|then)[,\s]+/i, '');
  if (pronoun.test(body)) {
    const replacement = lang === 'en' && /^(its|their)$/i.test(body.match(pronoun)![0]) ? `${topic}'s` : topic;
    return { query: stripTrailingPunctuation(body.replace(pronoun, replacement)), rewritten: true };
  }
  if (body.includes(topic)) return { query: q, rewritten: false };
  return { query: stripTrailingPunctuation(lang === 'zh' ? `${topic} ${body}` : `${body} (${topic})`), rewritten: true };
}
