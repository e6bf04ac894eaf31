import type { IntentClassifier, SkillExemplar } from '../src/ports/intent-classifier.js';
import { confusionCounts, groupIntentMetrics, intentMetrics, topConfusions, type IntentMetrics, type IntentRecord } from './intent-metrics.js';
import { reliabilityTable, type ReliabilityRow } from './answer-metrics.js';
import { lastUserMessage, type Suite } from './suite-loader.js';
import type { CaseOutcome } from './case-result.js';
import { mapInOrder } from './in-order-pool.js';

export interface IntentSuiteReport {
  suite: string;
  kind: 'intent';
  pipeline: string;
  cases: number;
  skills: number;
  exemplars: number;
  metrics: IntentMetrics;
  by_lang: Record<string, IntentMetrics>;
  /** Per `meta.domain` where cases have one (clinc150). */
  by_domain?: Record<string, IntentMetrics>;
  /** What the classifier chose on the exemplars alone (threshold, cross-validated accuracy ...), when it says. */
  calibration?: unknown;
  /** Building the classifier from the exemplars, calibration included. */
  train_ms: number;
  latency_ms: { p50: number; p95: number };
  messages_per_s: number;
  top_confusions: Array<{ gold: string; pred: string; count: number }>;
  /** Every (gold, predicted) pair with its count, `(escalate)` for out of scope: the confusion matrix. */
  confusion: Array<{ gold: string; pred: string; count: number }>;
  /** The classifier's confidence in buckets against the share routed right (escalate cases: right when escalated). */
  reliability: { rows: ReliabilityRow[]; ece: number };
  failures: Array<{
    id: string;
    lang: string;
    text: string;
    expected: { action: string; skill?: string };
    got: { skill: string | null; score: number; confidence: number; runner_up?: { skill: string; score: number } };
  }>;
}

/**
 * Scores an `intent` suite: a classifier is built from the suite's own skills file (as the service
 * builds one from a knowledge base's configured exemplars), then the last user message of each case
 * is classified; a null skill means the classifier escalates (out of scope).
 */
export async function runIntentSuite(
  suite: Suite,
  build: (exemplars: SkillExemplar[]) => IntentClassifier | Promise<IntentClassifier>,
  /** `concurrency`: cases classified at once (for a classifier that calls a model; default 1). */
  opts: { onCase?: (outcome: CaseOutcome) => unknown; limit?: number; concurrency?: number } = {},
): Promise<IntentSuiteReport> {
  const exemplars = suite.skills ?? [];
  const t0 = performance.now();
  const classifier = await build(exemplars);
  const trainMs = Math.round(performance.now() - t0);
  const cases = suite.cases.slice(0, opts.limit ?? Infinity);
  const records: IntentRecord[] = [];
  const failures: IntentSuiteReport['failures'] = [];
  const latencies: number[] = [];
  const scored: Array<{ confidence: number; correct: boolean }> = [];
  const started = performance.now();
  const classified = await mapInOrder(cases, opts.concurrency ?? 1, async (c) => {
    const text = lastUserMessage(c);
    const t1 = performance.now();
    const r = await classifier.classify(text, { language: c.lang });
    const latencyMs = performance.now() - t1;
    const gold = c.expect.action === 'escalate' ? null : c.expect.skill!;
    await opts.onCase?.({
      stage: 'intent', id: c.id, lang: c.lang, question: text, expected: { action: c.expect.action!, ...(gold ? { skill: gold } : {}) },
      got: { skill: r.skill, score: r.score }, confidence: r.confidence, correct: r.skill === gold, latencyMs,
    });
    return { c, text, r, latencyMs, gold };
  });
  const wallMs = performance.now() - started;
  for (const { c, text, r, latencyMs, gold } of classified) {
    latencies.push(latencyMs);
    const slices = typeof c.meta.domain === 'string' ? [`domain:${c.meta.domain}`] : [];
    records.push({ lang: c.lang, slices, gold, pred: r.skill, ...(r.ranking.length ? { top: r.ranking[0].skill } : {}) });
    scored.push({ confidence: r.confidence, correct: r.skill === gold });
    if (r.skill !== gold) {
      const runnerUp = r.ranking.find((x) => x.skill !== r.skill);
      failures.push({
        id: c.id,
        lang: c.lang,
        text: text.slice(0, 300),
        expected: { action: c.expect.action!, ...(gold ? { skill: gold } : {}) },
        got: { skill: r.skill, score: r.score, confidence: r.confidence, ...(runnerUp ? { runner_up: runnerUp } : {}) },
      });
    }
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 1000) / 1000;
  const byDomain = groupIntentMetrics(records, (r) => r.slices);
  return {
    suite: suite.name,
    kind: 'intent',
    pipeline: classifier.id,
    cases: records.length,
    skills: new Set(exemplars.map((e) => e.skill)).size,
    exemplars: exemplars.length,
    metrics: intentMetrics(records),
    by_lang: groupIntentMetrics(records, (r) => [r.lang]),
    ...(Object.keys(byDomain).length ? { by_domain: byDomain } : {}),
    ...('calibration' in classifier ? { calibration: (classifier as { calibration: unknown }).calibration } : {}),
    train_ms: trainMs,
    latency_ms: { p50: pct(0.5), p95: pct(0.95) },
    messages_per_s: wallMs ? Math.round((records.length / wallMs) * 1000) : 0,
    top_confusions: topConfusions(records),
    confusion: confusionCounts(records),
    reliability: reliabilityTable(scored),
    failures,
  };
}
