import { confusionPairs, percentiles, share, sliced } from './binary-metrics.js';
import { citedLabel, type ChatHarness } from './chat-harness.js';
import type { Suite } from './suite-loader.js';
import { checkTone, type ToneCheck, type ToneName } from './tone-checks.js';

/**
 * `tone` suites: customer messages carrying an emotion, answered through the chat use case. Scored:
 * whether the service chose the expected template (from the message's sentiment), and whether the
 * answer text applies it (tone-checks.ts: opening, fix right after it, the customer's language,
 * steps in order), whoever wrote the answer.
 */
export interface ToneMetrics {
  cases: number;
  /** The template the service chose is the expected one. */
  tone_accuracy: number | null;
  /** The answer applies the expected template (every check of tone-checks.ts that applies to it). */
  tone_applied: number | null;
  /** The opening alone: apology / reassurance / none, as expected. */
  opening_ok: number | null;
  language_match: number | null;
  /** Over answers with numbered steps: the steps count up from 1 without gaps. */
  steps_ordered: number | null;
  /** Over cases that expect steps: the answer gives them, in order. */
  steps_given: number | null;
  /** Share answered (not declined, not handed over): a tone only helps when there is an answer. */
  answered: number | null;
}

export interface ToneRecord {
  id: string;
  lang: 'zh' | 'en';
  slices: string[];
  question: string;
  expected: ToneName;
  chosen: string | null;
  kind: string;
  text: string;
  /** The answer's first citation (`path # heading` or an FAQ id). */
  cited: string | null;
  check: ToneCheck;
  steps_expected: boolean;
  confidence: number | null;
  latency_ms: number;
}

export interface ToneSuiteReport {
  suite: string;
  kind: 'tone';
  pipeline: string;
  answerer: string;
  cases: number;
  metrics: ToneMetrics;
  counts: Record<ToneName, number> & { steps_cases: number; with_steps: number };
  by_lang: Record<string, ToneMetrics>;
  by_slice: Record<string, ToneMetrics>;
  /** Expected template (rows) against the one chosen. */
  confusion: Array<{ gold: string; pred: string; count: number }>;
  latency_ms: { p50: number; p95: number };
  records: ToneRecord[];
  failures: Array<{ id: string; lang: string; question: string; expected: string; got: string; confidence: number | null }>;
}

function metrics(rows: ToneRecord[]): ToneMetrics {
  const stepped = rows.filter((r) => r.check.steps !== 'none');
  const wanted = rows.filter((r) => r.steps_expected);
  return {
    cases: rows.length,
    tone_accuracy: share(rows.filter((r) => r.chosen === r.expected).length, rows.length),
    tone_applied: share(rows.filter((r) => r.check.applied).length, rows.length),
    opening_ok: share(rows.filter((r) => r.check.opening).length, rows.length),
    language_match: share(rows.filter((r) => r.check.language).length, rows.length),
    steps_ordered: share(stepped.filter((r) => r.check.steps === 'ordered').length, stepped.length),
    steps_given: share(wanted.filter((r) => r.check.steps === 'ordered').length, wanted.length),
    answered: share(rows.filter((r) => r.kind === 'answer' || r.kind === 'faq').length, rows.length),
  };
}

const why = (r: ToneRecord) =>
  [
    r.chosen !== r.expected ? `chose ${r.chosen ?? 'no tone'}` : '',
    !r.check.opening ? 'opening' : '',
    !r.check.body && r.expected !== 'concise' ? 'nothing after the opening' : '',
    !r.check.calm && r.expected === 'calm-apologetic' ? '! or emoji' : '',
    !r.check.language ? 'language' : '',
    r.check.steps === 'disordered' ? 'steps out of order' : '',
    r.steps_expected && r.check.steps !== 'ordered' ? 'no numbered steps' : '',
  ].filter(Boolean).join(', ');

export async function runToneSuite(
  suite: Suite,
  h: ChatHarness,
  opts: { limit?: number; onCase?: () => void; signal?: AbortSignal } = {},
): Promise<ToneSuiteReport> {
  const records: ToneRecord[] = [];
  for (const c of suite.cases.slice(0, opts.limit ?? Infinity)) {
    opts.signal?.throwIfAborted();
    const conversation = await h.open(c.messages.slice(0, -1) as Array<{ role: 'user' | 'assistant'; content: string }>);
    const question = c.messages[c.messages.length - 1]!.content;
    const r = await h.say(conversation, question);
    const expected = c.expect.tone!;
    records.push({
      id: c.id, lang: c.lang, slices: [`tone:${expected}`], question, expected, chosen: r.tone, kind: r.kind, text: r.text, cited: citedLabel(r.citations),
      check: checkTone(r.text, expected, c.lang, { declined: r.kind === 'no_answer' }), steps_expected: !!c.expect.steps, confidence: r.confidence, latency_ms: r.latencyMs,
    });
    opts.onCase?.();
  }
  const failures = records
    .filter((r) => !r.check.applied || r.chosen !== r.expected || (r.steps_expected && r.check.steps !== 'ordered'))
    .map((r) => ({ id: r.id, lang: r.lang, question: r.question, expected: r.expected, got: `${r.kind} (${why(r)}): ${r.text.slice(0, 240)}`, confidence: r.confidence }));
  const count = (t: ToneName) => records.filter((r) => r.expected === t).length;
  return {
    suite: suite.name,
    kind: 'tone',
    pipeline: 'ours',
    answerer: h.answerer,
    cases: records.length,
    metrics: metrics(records),
    counts: {
      'calm-apologetic': count('calm-apologetic'), reassuring: count('reassuring'), concise: count('concise'),
      steps_cases: records.filter((r) => r.steps_expected).length, with_steps: records.filter((r) => r.check.steps !== 'none').length,
    },
    ...sliced(records, metrics),
    confusion: confusionPairs(records.map((r) => ({ gold: r.expected, pred: r.chosen ?? '(none)' }))),
    latency_ms: percentiles(records.map((r) => r.latency_ms)),
    records,
    failures,
  };
}
