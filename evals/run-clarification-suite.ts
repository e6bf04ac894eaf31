import { binaryScores, percentiles, share, sliced, confusionPairs } from './binary-metrics.js';
import { citedLabel, citesExpected, type ChatHarness, type TurnResult } from './chat-harness.js';
import type { Suite, SuiteCase } from './suite-loader.js';

/**
 * `clarification` suites: does the bot ask which one the customer means when the question is
 * ambiguous, and only then? And once the customer answers the clarifying question, does that turn
 * find the right section? Scored on what the bot did (the turn's kind, or a chat model's own
 * "which one?" question), never on the case's wording.
 */
export interface ClarificationMetrics {
  cases: number;
  clarification_precision: number | null;
  clarification_recall: number | null;
  clarification_f1: number | null;
  clarification_accuracy: number | null;
  /** Share of the expected options a clarifying question named (over the clarified cases that list options). */
  options_recall: number | null;
  /** The customer's reply to the clarifying question: rank of an expected source for the query that turn retrieved with. */
  'follow_up_hit@1': number | null;
  'follow_up_hit@5': number | null;
  /** The reply's answer rests on an expected source (its first citation). */
  follow_up_grounded: number | null;
}

export interface ClarificationRecord {
  id: string;
  lang: string;
  slices: string[];
  question: string;
  expected: boolean;
  clarified: boolean;
  kind: string;
  text: string;
  /** The answer's first citation (`path # heading` or an FAQ id). */
  cited: string | null;
  options: string[];
  options_recall: number | null;
  confidence: number | null;
  latency_ms: number;
  follow_up?: { reply: string; kind: string; query: string; rank: number | null; grounded: boolean; cited: string | null; text: string };
}

export interface ClarificationSuiteReport {
  suite: string;
  kind: 'clarification';
  pipeline: string;
  answerer: string;
  cases: number;
  metrics: ClarificationMetrics;
  counts: { clarify_cases: number; clarified: number; follow_up_cases: number };
  by_lang: Record<string, ClarificationMetrics>;
  by_slice: Record<string, ClarificationMetrics>;
  confusion: Array<{ gold: string; pred: string; count: number }>;
  latency_ms: { p50: number; p95: number };
  records: ClarificationRecord[];
  failures: Array<{ id: string; lang: string; question: string; expected: string; got: string; confidence: number | null }>;
}

/** A chat model may ask its own "which one?" instead of the service's clarification turn. */
export function asksWhich(text: string): boolean {
  return /(哪(一|个|款|种|台|部)|哪个型号|which (one|model|phone|of|version)|what model)[^。.!！]*[?？]\s*$/i.test(text.trim());
}

const norm = (s: string) => s.toLowerCase().replace(/[\s\-_]+/g, '').replace(/^lm/, '');

/** Share of the expected options the clarification names (in its text or its stored options). */
export function optionsRecall(expected: string[], r: Pick<TurnResult, 'text' | 'options'>): number {
  const said = norm(r.text) + ' ' + r.options.map(norm).join(' ');
  return expected.filter((o) => said.includes(norm(o))).length / expected.length;
}

function metrics(rows: ClarificationRecord[]): ClarificationMetrics {
  const b = binaryScores(rows.map((r) => ({ gold: r.expected, pred: r.clarified })));
  const opts = rows.filter((r) => r.options_recall !== null);
  const follow = rows.filter((r) => r.follow_up);
  const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 10000) / 10000 : null);
  return {
    cases: rows.length,
    clarification_precision: b.precision,
    clarification_recall: b.recall,
    clarification_f1: b.f1,
    clarification_accuracy: b.accuracy,
    options_recall: mean(opts.map((r) => r.options_recall!)),
    'follow_up_hit@1': share(follow.filter((r) => r.follow_up!.rank === 1).length, follow.length),
    'follow_up_hit@5': share(follow.filter((r) => r.follow_up!.rank !== null && r.follow_up!.rank <= 5).length, follow.length),
    follow_up_grounded: share(follow.filter((r) => r.follow_up!.grounded).length, follow.length),
  };
}

async function runCase(h: ChatHarness, c: SuiteCase): Promise<ClarificationRecord> {
  const conversation = await h.open(c.messages.slice(0, -1) as Array<{ role: 'user' | 'assistant'; content: string }>);
  const question = c.messages[c.messages.length - 1]!.content;
  const first = await h.say(conversation, question);
  const clarified = first.kind === 'clarification' || asksWhich(first.text);
  const e = c.expect;
  const record: ClarificationRecord = {
    id: c.id,
    lang: c.lang,
    slices: typeof c.meta.ambiguity === 'string' ? [`ambiguity:${c.meta.ambiguity}`] : [],
    question,
    expected: !!e.clarify,
    clarified,
    kind: first.kind,
    text: first.text,
    cited: citedLabel(first.citations),
    options: first.options,
    options_recall: clarified && e.options ? optionsRecall(e.options, first) : null,
    confidence: first.confidence,
    latency_ms: first.latencyMs,
  };
  if (e.follow_up) {
    // The conversation goes on whatever the bot did: the customer names what they meant.
    const next = await h.say(conversation, e.follow_up.reply);
    const rank = next.kind === 'relayed' ? null : await h.rank(next.query, e.follow_up);
    const cited = next.citations[0];
    record.follow_up = { reply: e.follow_up.reply, kind: next.kind, query: next.query, rank, grounded: !!cited && citesExpected(cited, e.follow_up), cited: citedLabel(next.citations), text: next.text };
  }
  return record;
}

export async function runClarificationSuite(
  suite: Suite,
  h: ChatHarness,
  opts: { limit?: number; onCase?: () => void; signal?: AbortSignal } = {},
): Promise<ClarificationSuiteReport> {
  const records: ClarificationRecord[] = [];
  for (const c of suite.cases.slice(0, opts.limit ?? Infinity)) {
    opts.signal?.throwIfAborted();
    const r = await runCase(h, c);
    records.push(r);
    opts.onCase?.();
  }
  const failures = records
    .filter((r) => r.expected !== r.clarified || (r.follow_up && !r.follow_up.grounded))
    .map((r) => ({
      id: r.id,
      lang: r.lang,
      question: r.follow_up ? `${r.question}\n→ ${r.follow_up.reply}` : r.question,
      expected: r.expected ? `clarify${r.follow_up ? ', then the reply finds an expected source' : ''}` : 'answer without clarifying',
      got: `${r.clarified ? 'clarified' : r.kind}: ${r.text.slice(0, 200)}${r.follow_up ? `\n→ ${r.follow_up.kind} (query "${r.follow_up.query}", rank ${r.follow_up.rank ?? '-'}): ${r.follow_up.text.slice(0, 160)}` : ''}`,
      confidence: r.confidence,
    }));
  return {
    suite: suite.name,
    kind: 'clarification',
    pipeline: 'ours',
    answerer: h.answerer,
    cases: records.length,
    metrics: metrics(records),
    counts: { clarify_cases: records.filter((r) => r.expected).length, clarified: records.filter((r) => r.clarified).length, follow_up_cases: records.filter((r) => r.follow_up).length },
    ...sliced(records, metrics),
    confusion: confusionPairs(records.map((r) => ({ gold: r.expected ? 'clarify' : 'answer', pred: r.clarified ? 'clarify' : 'answer' }))),
    latency_ms: percentiles(records.map((r) => r.latency_ms)),
    records,
    failures,
  };
}
