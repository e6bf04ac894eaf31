import { binaryScores, confusionPairs, percentiles, share, sliced } from './binary-metrics.js';
import { citedLabel, type ChatHarness, type TurnResult } from './chat-harness.js';
import type { Suite } from './suite-loader.js';

/**
 * `handoff` suites: whole conversations played turn by turn through the chat use case, with the
 * escalation policy and the need classifier (the suite's skills file) as configured. Scored on the
 * first handoff, if any: whether there should have been one, its reason code and its skill.
 */
export interface HandoffMetrics {
  cases: number;
  handoff_precision: number | null;
  handoff_recall: number | null;
  handoff_f1: number | null;
  handoff_accuracy: number | null;
  /** Among conversations rightly handed off: the expected reason code. */
  reason_accuracy: number | null;
  /** Among conversations rightly handed off that name a skill: routed to it. */
  skill_accuracy: number | null;
}

export interface HandoffRecord {
  id: string;
  lang: string;
  slices: string[];
  turns: string[];
  expected: boolean;
  expected_reason: string | null;
  expected_skill: string | null;
  handed_off: boolean;
  reason: string | null;
  detail: string | null;
  skill: string | null;
  /** 1-based customer turn at which the bot handed off. */
  turn: number | null;
  /** What the bot did at each turn it answered (answer, faq, no_answer, clarification, handoff). */
  kinds: string[];
  confidences: Array<number | null>;
  /** Each answered turn's first citation. */
  cited: Array<string | null>;
  last_text: string;
  latency_ms: number;
}

export interface HandoffSuiteReport {
  suite: string;
  kind: 'handoff';
  pipeline: string;
  answerer: string;
  cases: number;
  metrics: HandoffMetrics;
  counts: { handoff_cases: number; handed_off: number; reason_cases: number; skill_cases: number };
  by_lang: Record<string, HandoffMetrics>;
  by_slice: Record<string, HandoffMetrics>;
  /** Expected reason (or `(none)`) against the first handoff's reason (or `(none)`). */
  confusion: Array<{ gold: string; pred: string; count: number }>;
  latency_ms: { p50: number; p95: number };
  records: HandoffRecord[];
  failures: Array<{ id: string; lang: string; question: string; expected: string; got: string; confidence: number | null }>;
}

function metrics(rows: HandoffRecord[]): HandoffMetrics {
  const b = binaryScores(rows.map((r) => ({ gold: r.expected, pred: r.handed_off })));
  const tp = rows.filter((r) => r.expected && r.handed_off);
  const skilled = tp.filter((r) => r.expected_skill);
  return {
    cases: rows.length,
    handoff_precision: b.precision,
    handoff_recall: b.recall,
    handoff_f1: b.f1,
    handoff_accuracy: b.accuracy,
    reason_accuracy: share(tp.filter((r) => r.reason === r.expected_reason).length, tp.length),
    skill_accuracy: share(skilled.filter((r) => r.skill === r.expected_skill).length, skilled.length),
  };
}

const wrong = (r: HandoffRecord) =>
  r.expected !== r.handed_off || (r.expected && (r.reason !== r.expected_reason || (!!r.expected_skill && r.skill !== r.expected_skill)));

export async function runHandoffSuite(
  suite: Suite,
  h: ChatHarness,
  opts: { limit?: number; onCase?: () => void; signal?: AbortSignal } = {},
): Promise<HandoffSuiteReport> {
  const records: HandoffRecord[] = [];
  for (const c of suite.cases.slice(0, opts.limit ?? Infinity)) {
    opts.signal?.throwIfAborted();
    const conversation = await h.open();
    const turns = c.messages.map((m) => m.content);
    const results: TurnResult[] = [];
    let at: number | null = null;
    // Each customer turn through the bot, until the first handoff (later ones would go to people).
    for (const [i, text] of turns.entries()) {
      const r = await h.say(conversation, text);
      results.push(r);
      if (r.handoff) {
        at = i + 1;
        break;
      }
    }
    const first = results.find((r) => r.handoff)?.handoff ?? null;
    const e = c.expect;
    records.push({
      id: c.id, lang: c.lang, slices: [`reason:${e.handoff ? e.reason : 'none'}`], turns,
      expected: !!e.handoff, expected_reason: e.reason ?? null, expected_skill: e.skill ?? null,
      handed_off: !!first, reason: first?.reason ?? null, detail: first?.detail ?? null, skill: first?.skill ?? null, turn: at,
      kinds: results.map((r) => r.kind), confidences: results.map((r) => r.confidence), cited: results.map((r) => citedLabel(r.citations)), last_text: results.at(-1)?.text ?? '',
      latency_ms: results.reduce((s, r) => s + r.latencyMs, 0),
    });
    opts.onCase?.();
  }
  const failures = records.filter(wrong).map((r) => ({
    id: r.id,
    lang: r.lang,
    question: r.turns.join('\n→ '),
    expected: r.expected ? `hand off: ${r.expected_reason}${r.expected_skill ? `, skill ${r.expected_skill}` : ''}` : 'stay with the bot',
    got: r.handed_off
      ? `handed off at turn ${r.turn}: ${r.reason}${r.detail ? ` (${r.detail})` : ''}, skill ${r.skill ?? '-'}`
      : `no handoff; turns: ${r.kinds.join(', ')}; last: ${r.last_text.slice(0, 160)}`,
    confidence: r.confidences.at(-1) ?? null,
  }));
  return {
    suite: suite.name,
    kind: 'handoff',
    pipeline: 'ours',
    answerer: h.answerer,
    cases: records.length,
    metrics: metrics(records),
    counts: {
      handoff_cases: records.filter((r) => r.expected).length,
      handed_off: records.filter((r) => r.handed_off).length,
      reason_cases: records.filter((r) => r.expected && r.handed_off).length,
      skill_cases: records.filter((r) => r.expected && r.handed_off && r.expected_skill).length,
    },
    ...sliced(records, metrics),
    confusion: confusionPairs(records.map((r) => ({ gold: r.expected_reason ?? '(none)', pred: r.reason ?? '(none)' }))),
    latency_ms: percentiles(records.map((r) => r.latency_ms)),
    records,
    failures,
  };
}
