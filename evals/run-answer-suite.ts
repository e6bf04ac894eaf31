import fs from 'node:fs';
import { answerF1, reliabilityTable, type ReliabilityRow } from './answer-metrics.js';
import { passageHits, type PipelineAnswer, type RetrievalPipeline } from './pipeline.js';
import type { Suite, SuiteCase } from './suite-loader.js';
import type { CaseOutcome } from './case-result.js';

export interface AnswerStats {
  cases: number;
  answer_f1: number | null;
  /** Share judged correct by the configured judge model; null without one. */
  answer_judge: number | null;
  /** Share of answerable cases whose answer rests on a passage / entry that answers them. */
  grounded_correct: number;
  /** Share of answerable cases the pipeline declined (said it did not know). */
  declined: number;
}

export interface AnswerSuiteReport {
  suite: string;
  kind: 'docs' | 'faq';
  pipeline: string;
  answers: AnswerStats;
  by_lang: Record<string, AnswerStats>;
  by_source?: Record<string, AnswerStats>;
  /** Cases that must not be answered from this knowledge (`action: escalate`): share declined. */
  escalate_cases: number;
  escalate_declined: number | null;
  reliability: { rows: ReliabilityRow[]; ece: number };
  /** Escalation with `escalate` as the positive class (pool suites that share a knowledge base with escalationMetrics). */
  escalation: EscalationCounts & { precision: number; recall: number; f1: number; in_scope_escalated: number };
  /** The suite's knowledge, to pool suites that share it. */
  knowledge: string;
  latency_ms: { p50: number; p95: number };
  records: Array<{ id: string; lang: string; source?: string; action: string; kind: string; confidence: number; correct: boolean; f1: number | null; judged?: boolean; escalated: boolean; reason?: string; features?: Record<string, number>; query?: string }>;
  failures: Array<{ id: string; lang: string; question: string; got: string; expected: string | undefined; f1: number | null; confidence: number }>;
}

export interface AnswerJudge {
  readonly id: string;
  judge(input: { question: string; reference: string; answer: string; language: 'zh' | 'en' }): Promise<boolean>;
}

export interface EscalationCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function escalationCounts(records: Array<{ action: string; escalated: boolean }>): EscalationCounts {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const r of records) {
    const positive = r.action === 'escalate';
    if (r.escalated) c[positive ? 'tp' : 'fp']++;
    else c[positive ? 'fn' : 'tn']++;
  }
  return c;
}

/** escalation_precision / recall / F1 over pooled counts, and the share of in-scope cases escalated. */
export function escalationMetrics(parts: EscalationCounts[]) {
  const c = parts.reduce((a, b) => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn, tn: a.tn + b.tn }), { tp: 0, fp: 0, fn: 0, tn: 0 });
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { ...c, precision, recall, f1, in_scope_escalated: c.fp + c.tn ? c.fp / (c.fp + c.tn) : 0 };
}

/** FAQ answers by id, from the suite's FAQ files: the reference answer of a `faq` case. */
function faqAnswers(suite: Suite): Map<string, string> {
  const out = new Map<string, string>();
  for (const k of suite.knowledge)
    if (k.type === 'faq-file')
      for (const line of fs.readFileSync(k.path, 'utf8').split('\n'))
        if (line.trim()) {
          const e = JSON.parse(line) as { id: string; answer: string };
          out.set(e.id, e.answer);
        }
  return out;
}

function isCorrect(suite: Suite, c: SuiteCase, a: PipelineAnswer): boolean {
  if (c.expect.action === 'escalate') return a.kind === 'no_answer';
  if (a.kind === 'no_answer' || a.kind === 'clarification' || !a.cited) return false;
  if (suite.kind === 'faq') return a.cited.faqId === c.expect.faq_id;
  return passageHits(a.cited, c.expect.sources ?? []);
}

function stats(rows: AnswerSuiteReport['records']): AnswerStats {
  const answerable = rows.filter((r) => r.action === 'answer');
  const scored = answerable.filter((r) => r.f1 !== null);
  const judged = answerable.filter((r) => r.judged !== undefined);
  return {
    cases: answerable.length,
    answer_f1: scored.length ? scored.reduce((s, r) => s + r.f1!, 0) / scored.length : null,
    answer_judge: judged.length ? judged.filter((r) => r.judged).length / judged.length : null,
    grounded_correct: answerable.length ? answerable.filter((r) => r.correct).length / answerable.length : 0,
    declined: answerable.length ? answerable.filter((r) => r.kind === 'no_answer').length / answerable.length : 0,
  };
}

function groupBy(rows: AnswerSuiteReport['records'], key: (r: AnswerSuiteReport['records'][number]) => string | undefined) {
  const groups = new Map<string, AnswerSuiteReport['records']>();
  for (const r of rows) {
    const k = key(r);
    if (k) groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return Object.fromEntries([...groups].map(([k, v]) => [k, stats(v)]));
}

/** Answers every case through the pipeline and scores the answers (see answer-metrics.ts). */
export async function runAnswerSuite(
  suite: Suite,
  pipeline: RetrievalPipeline,
  kb: string,
  opts: { onCase?: (outcome: CaseOutcome) => unknown; limit?: number; judge?: AnswerJudge } = {},
): Promise<AnswerSuiteReport | undefined> {
  if (!pipeline.answer || (suite.kind !== 'docs' && suite.kind !== 'faq')) return undefined;
  const references = suite.kind === 'faq' ? faqAnswers(suite) : new Map<string, string>();
  const records: AnswerSuiteReport['records'] = [];
  const failures: AnswerSuiteReport['failures'] = [];
  const latencies: number[] = [];
  for (const c of suite.cases.slice(0, opts.limit ?? Infinity)) {
    const t0 = performance.now();
    const a = await pipeline.answer(kb, c.messages);
    const latencyMs = performance.now() - t0;
    latencies.push(latencyMs);
    const reference = suite.kind === 'faq' ? references.get(c.expect.faq_id ?? '') : c.expect.answer;
    const f1 = c.expect.action === 'answer' && reference ? answerF1(a.text, reference) : null;
    const correct = isCorrect(suite, c, a);
    const judged =
      opts.judge && reference && c.expect.action === 'answer'
        ? await opts.judge.judge({ question: c.messages.at(-1)!.content, reference, answer: a.text, language: c.lang })
        : undefined;
    const source = typeof c.meta.source === 'string' ? c.meta.source : undefined;
    records.push({
      id: c.id, lang: c.lang, source, action: c.expect.action ?? 'answer', kind: a.kind, confidence: a.confidence, correct, f1, judged,
      escalated: !!a.escalated, reason: a.escalationReason, features: a.features, query: a.query,
    });
    if (!correct || (f1 !== null && f1 < 0.5))
      failures.push({ id: c.id, lang: c.lang, question: c.messages.at(-1)!.content.slice(0, 300), got: a.text.slice(0, 300), expected: reference?.slice(0, 300), f1, confidence: a.confidence });
    await opts.onCase?.({
      stage: 'answer', id: c.id, lang: c.lang, question: c.messages.at(-1)!.content,
      expected: { action: c.expect.action ?? 'answer', ...(reference ? { answer: reference } : {}), ...(c.expect.sources ? { sources: c.expect.sources } : {}), ...(c.expect.faq_id ? { faq_id: c.expect.faq_id } : {}) },
      got: { kind: a.kind, text: a.text, escalated: !!a.escalated, ...(a.escalationReason ? { reason: a.escalationReason } : {}), f1, ...(judged !== undefined ? { judged } : {}) },
      sources: a.cited ? [{ path: a.cited.sourcePath, heading: a.cited.headingPath?.at(-1), ...(a.cited.faqId ? { faq_id: a.cited.faqId } : {}) }] : [],
      confidence: a.confidence, correct, latencyMs,
    });
  }
  latencies.sort((x, y) => x - y);
  const pct = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 10) / 10;
  const escalate = records.filter((r) => r.action === 'escalate');
  return {
    suite: suite.name,
    kind: suite.kind,
    pipeline: pipeline.name,
    answers: stats(records),
    by_lang: groupBy(records, (r) => r.lang),
    ...(suite.kind === 'docs' ? { by_source: groupBy(records, (r) => r.source && `source:${r.source}`) } : {}),
    escalate_cases: escalate.length,
    escalate_declined: escalate.length ? escalate.filter((r) => r.kind === 'no_answer').length / escalate.length : null,
    reliability: reliabilityTable(records.map((r) => ({ confidence: r.confidence, correct: r.correct }))),
    escalation: escalationMetrics([escalationCounts(records)]),
    knowledge: suite.knowledge.map((k) => k.path).join(' + '),
    latency_ms: { p50: pct(0.5), p95: pct(0.95) },
    records,
    failures: failures.sort((x, y) => (x.f1 ?? 0) - (y.f1 ?? 0)),
  };
}
