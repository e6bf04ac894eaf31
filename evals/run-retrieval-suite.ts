import { firstHitRank, groupMetrics, retrievalMetrics, type RankRecord, type RetrievalMetrics } from './retrieval-metrics.js';
import { passageHits, type RetrievalPipeline } from './pipeline.js';
import { lastUserMessage, type Suite } from './suite-loader.js';

export interface RetrievalSuiteReport {
  suite: string;
  kind: 'docs' | 'faq';
  pipeline: string;
  cases: number;
  metrics: RetrievalMetrics;
  by_lang: Record<string, RetrievalMetrics>;
  by_source?: Record<string, RetrievalMetrics>;
  latency_ms: { p50: number; p95: number };
  failures: Array<{ id: string; lang: string; question: string; expected: unknown; got: unknown; rank: number | null }>;
}

const DEPTH = 10;

/** Scores `docs` and `faq` suites: rank of the first retrieved passage / entry that answers the case. */
export async function runRetrievalSuite(
  suite: Suite,
  pipeline: RetrievalPipeline,
  kb: string,
  opts: { onCase?: () => void; limit?: number } = {},
): Promise<RetrievalSuiteReport> {
  const kind = suite.kind as 'docs' | 'faq';
  const answerable = suite.cases.filter((c) => c.expect.action === 'answer').slice(0, opts.limit ?? Infinity);
  const records: RankRecord[] = [];
  const failures: RetrievalSuiteReport['failures'] = [];
  const latencies: number[] = [];
  for (const c of answerable) {
    const q = lastUserMessage(c);
    const t0 = performance.now();
    let rank: number | undefined;
    let got: unknown;
    if (kind === 'docs') {
      const passages = await pipeline.docs(kb, q, DEPTH);
      rank = firstHitRank(passages, (p) => passageHits(p, c.expect.sources ?? []), DEPTH);
      got = passages.slice(0, 3).map((p) => ({ path: p.sourcePath, heading: p.headingPath?.at(-1) }));
    } else {
      const ids = await pipeline.faq(kb, q, DEPTH);
      rank = firstHitRank(ids, (id) => id === c.expect.faq_id, DEPTH);
      got = ids.slice(0, 3);
    }
    latencies.push(performance.now() - t0);
    const slices = [
      ...(typeof c.meta.source === 'string' ? [`source:${c.meta.source}`] : []),
      ...(c.meta.self_contained === false ? ['not_self_contained'] : []),
    ];
    records.push({ lang: c.lang, rank, slices });
    if (rank !== 1)
      failures.push({ id: c.id, lang: c.lang, question: q.slice(0, 300), expected: kind === 'docs' ? c.expect.sources : c.expect.faq_id, got, rank: rank ?? null });
    opts.onCase?.();
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 10) / 10;
  return {
    suite: suite.name,
    kind,
    pipeline: pipeline.name,
    cases: records.length,
    metrics: retrievalMetrics(records),
    by_lang: groupMetrics(records, (r) => [r.lang]),
    ...(kind === 'docs' ? { by_source: groupMetrics(records, (r) => r.slices) } : {}),
    latency_ms: { p50: pct(0.5), p95: pct(0.95) },
    failures: failures.sort((a, b) => (b.rank ?? 99) - (a.rank ?? 99)),
  };
}
