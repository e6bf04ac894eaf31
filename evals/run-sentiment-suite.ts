import type { SentimentAnalyzer } from '../src/ports/sentiment-analyzer.js';
import { groupSentimentMetrics, sentimentMetrics, type SentimentMetrics, type SentimentRecord } from './sentiment-metrics.js';
import { confusionCounts } from './intent-metrics.js';
import { lastUserMessage, type Suite } from './suite-loader.js';
import type { CaseOutcome } from './case-result.js';
import { mapInOrder } from './in-order-pool.js';

export interface SentimentSuiteReport {
  suite: string;
  kind: 'sentiment';
  pipeline: string;
  cases: number;
  metrics: SentimentMetrics;
  by_lang: Record<string, SentimentMetrics>;
  by_source?: Record<string, SentimentMetrics>;
  latency_ms: { p50: number; p95: number };
  messages_per_s: number;
  /** Every (gold, predicted) sentiment pair with its count, and the same for cases carrying an emotion: confusion matrices. */
  confusion: Array<{ gold: string; pred: string; count: number }>;
  emotion_confusion?: Array<{ gold: string; pred: string; count: number }>;
  failures: Array<{ id: string; lang: string; text: string; expected: { sentiment: string; emotion?: string }; got: { sentiment: string; emotion: string; score: number }; signals?: string[] }>;
}

/** Scores a `sentiment` suite: the last user message of each case through the analyzer. */
export async function runSentimentSuite(
  suite: Suite,
  analyzer: SentimentAnalyzer,
  /** `concurrency`: cases analysed at once (for an analyzer that calls a model; default 1). */
  opts: { onCase?: (outcome: CaseOutcome) => unknown; limit?: number; concurrency?: number } = {},
): Promise<SentimentSuiteReport> {
  const cases = suite.cases.filter((c) => c.expect.sentiment).slice(0, opts.limit ?? Infinity);
  const records: SentimentRecord[] = [];
  const failures: SentimentSuiteReport['failures'] = [];
  const latencies: number[] = [];
  const started = performance.now();
  const analysed = await mapInOrder(cases, opts.concurrency ?? 1, async (c) => {
    const text = lastUserMessage(c);
    const t0 = performance.now();
    // The case's language is known from the suite; the analyzer is told, as the service tells it the conversation's language.
    const r = await analyzer.analyze(text, { language: c.lang });
    const latencyMs = performance.now() - t0;
    const correct = !(r.sentiment !== c.expect.sentiment || (c.expect.emotion && r.emotion !== c.expect.emotion));
    await opts.onCase?.({
      stage: 'sentiment', id: c.id, lang: c.lang, question: text,
      expected: { sentiment: c.expect.sentiment!, ...(c.expect.emotion ? { emotion: c.expect.emotion } : {}) },
      got: { sentiment: r.sentiment, emotion: r.emotion, score: r.sentimentScore }, confidence: r.confidence, correct, latencyMs,
    });
    return { c, text, r, latencyMs, correct };
  });
  const wallMs = performance.now() - started;
  for (const { c, text, r, latencyMs, correct } of analysed) {
    latencies.push(latencyMs);
    const slices = typeof c.meta.source === 'string' ? [`source:${c.meta.source}`] : [];
    records.push({ lang: c.lang, slices, gold: c.expect.sentiment!, pred: r.sentiment, goldEmotion: c.expect.emotion, predEmotion: r.emotion });
    if (!correct)
      failures.push({
        id: c.id,
        lang: c.lang,
        text: text.slice(0, 300),
        expected: { sentiment: c.expect.sentiment!, ...(c.expect.emotion ? { emotion: c.expect.emotion } : {}) },
        got: { sentiment: r.sentiment, emotion: r.emotion, score: r.sentimentScore },
        signals: r.signals,
      });
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 1000) / 1000;
  const bySource = groupSentimentMetrics(records, (r) => r.slices);
  return {
    suite: suite.name,
    kind: 'sentiment',
    pipeline: analyzer.id,
    cases: records.length,
    metrics: sentimentMetrics(records),
    by_lang: groupSentimentMetrics(records, (r) => [r.lang]),
    ...(Object.keys(bySource).length ? { by_source: bySource } : {}),
    latency_ms: { p50: pct(0.5), p95: pct(0.95) },
    messages_per_s: wallMs ? Math.round((records.length / wallMs) * 1000) : 0,
    confusion: confusionCounts(records),
    ...(records.some((r) => r.goldEmotion) ? { emotion_confusion: confusionCounts(records.filter((r) => r.goldEmotion).map((r) => ({ gold: r.goldEmotion!, pred: r.predEmotion }))) } : {}),
    failures,
  };
}
