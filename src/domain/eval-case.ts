import type { Conversation, Message } from './conversation.js';
import { ExpectationRequired, InvalidInput } from './errors.js';
import { detectLanguage } from './language.js';

/** One case line of the shared suite format (../shared/evals/FORMAT.md). */
export interface EvalCaseBody {
  id: string;
  lang: 'zh' | 'en';
  messages: Array<{ role: 'user' | 'assistant'; content: string }>;
  expect: EvalExpectation;
  meta: Record<string, unknown>;
}

export interface EvalCaseSource {
  path: string;
  heading: string | null;
}

export interface EvalExpectation {
  action?: 'answer' | 'escalate';
  sources?: EvalCaseSource[];
  answer?: string;
  [field: string]: unknown;
}

/**
 * What the QA engineer says about the turn: `wrong` (a failed turn, a 👎 answer; the default) or
 * `right` (pin what the bot did as the expectation, so a good answer stays good).
 */
export type Verdict = 'wrong' | 'right';

export interface TurnForCase {
  conversation: Pick<Conversation, 'id' | 'kbId' | 'language'>;
  /** The conversation's messages in seq order. */
  messages: Message[];
  /** The message the request named: the customer's message or the bot's answer to it. */
  target: Message;
  /** The question of each cited FAQ entry, by citation id: an entry counts as the section its question heads. */
  faqQuestions: Map<string, string>;
}

// Enough context for a follow-up; a case is a regression test, not an archive of the conversation.
const MAX_HISTORY = 20;

/**
 * Turns one conversation turn into an eval case: the customer message with the conversation
 * before it as history, its language, and the expectation: the one given, else a default from
 * what the bot did and the verdict (see docs/evals.md "QA API").
 */
export function caseFromTurn(turn: TurnForCase, request: { verdict: Verdict; expect?: EvalExpectation; id?: string; meta?: Record<string, unknown> }, now: Date): EvalCaseBody {
  const { messages, target } = turn;
  if (target.role !== 'user' && target.role !== 'assistant')
    throw new InvalidInput('messageId must name a customer message or the bot answer to one', { details: { field: 'messageId', role: target.role } });
  const question = target.role === 'user' ? target : messages.filter((m) => m.role === 'user' && m.seq < target.seq).at(-1);
  if (!question) throw new InvalidInput('The answer has no customer message before it', { details: { field: 'messageId' } });
  const next = messages.find((m) => m.role === 'user' && m.seq > question.seq);
  const answer =
    target.role === 'assistant' ? target : messages.find((m) => m.role === 'assistant' && m.seq > question.seq && (!next || m.seq < next.seq));

  const history = messages
    .filter((m) => m.seq < question.seq && m.content.trim() && (m.role === 'user' || ((m.role === 'assistant' || m.role === 'agent') && m.status === 'complete')))
    .slice(-MAX_HISTORY)
    .map((m) => ({ role: m.role === 'user' ? ('user' as const) : ('assistant' as const), content: m.content }));
  const cited = answer ? sourcesOf(answer, turn.faqQuestions) : [];
  const bot = answer
    ? { kind: answer.kind, status: answer.status, confidence: answer.confidence, escalated: escalated(answer), answer: answer.content.slice(0, 500), cited }
    : null;
  const expect = request.expect && Object.keys(request.expect).length ? given(request.expect) : defaulted(request.verdict, answer, cited);
  return {
    id: request.id ?? `msg-${question.id}`,
    lang: question.language ?? turn.conversation.language ?? detectLanguage(question.content),
    messages: [...history, { role: 'user', content: question.content }],
    expect,
    meta: {
      ...request.meta,
      source: 'conversation',
      conversation_id: turn.conversation.id,
      message_id: question.id,
      ...(answer ? { answer_message_id: answer.id } : {}),
      verdict: request.verdict,
      bot,
      created_at: now.toISOString(),
    },
  };
}

function given(expect: EvalExpectation): EvalExpectation {
  const action = expect.action ?? (expect.sources?.length || expect.answer ? 'answer' : undefined);
  if (!action) throw new ExpectationRequired('expect.action: answer or escalate', { details: { field: 'expect.action' } });
  if (action === 'answer' && !expect.sources?.length)
    throw new ExpectationRequired('expect.sources: required when action is answer (the sections that answer the question)', { details: { field: 'expect.sources' } });
  return { ...expect, action };
}

/** What the bot should have done, from what it did and whether the QA engineer calls it right. */
function defaulted(verdict: Verdict, answer: Message | undefined, cited: EvalCaseSource[]): EvalExpectation {
  const need = (why: string) => new ExpectationRequired(`${why}; say what was expected in expect (action, sources, answer)`, { details: { field: 'expect' } });
  if (!answer || answer.status !== 'complete') throw need('The bot gave no complete answer to this message');
  const declined = answer.kind === 'no_answer' || answer.kind === 'handoff' || escalated(answer);
  if (verdict === 'right') {
    if (declined) return { action: 'escalate' };
    if (answer.kind === 'clarification') throw need('A clarifying question cannot be pinned as the expected answer');
    if (!cited.length) throw need('The answer cites no source to pin');
    return { action: 'answer', sources: cited, answer: answer.content };
  }
  // Wrong and it answered: it should not have answered that from its knowledge. When the right
  // section does exist, the QA engineer names it in expect.sources instead.
  if (!declined) return { action: 'escalate' };
  throw need('The bot declined or handed over, so the right answer is not in the conversation');
}

function escalated(m: Message): boolean {
  return m.kind === 'handoff' || (m.metadata.escalation as { escalate?: boolean } | undefined)?.escalate === true;
}

function sourcesOf(m: Message, faqQuestions: Map<string, string>): EvalCaseSource[] {
  const seen = new Set<string>();
  const out: EvalCaseSource[] = [];
  for (const c of m.citations) {
    const s = { path: c.sourcePath, heading: c.type === 'faq' ? (faqQuestions.get(c.id) ?? null) : (c.headingPath.at(-1) ?? null) };
    const key = `${s.path}\0${s.heading}`;
    if (!seen.has(key)) out.push(s), seen.add(key);
  }
  return out;
}
