import { firstHitRank, groupMetrics, retrievalMetrics, type RankRecord, type RetrievalMetrics } from './retrieval-metrics.js';
import { passageHits, type RetrievalPipeline } from './pipeline.js';
import { lastUserMessage, type Suite } from './suite-loader.js';
import type { CaseOutcome } from './case-result.js';

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
  /** Cases with history only: the last turn scored alone and as rewritten from its history. */
  multi_turn?: MultiTurnReport;
}

export interface MultiTurnMetrics {
  cases: number;
  /** The last message alone (what the main metrics score). */
  without: RetrievalMetrics;
  /** The stand-alone query the pipeline's rewriter made from the history; null without a rewriter. */
  with: RetrievalMetrics | null;
  /** Share of cases the rewriter changed; null without a rewriter. */
  rewritten: number | null;
}

export interface MultiTurnReport extends MultiTurnMetrics {
  by_lang: Record<string, MultiTurnMetrics>;
  /** By `meta.pattern` (pronoun, ellipsis, switch, ...) where cases carry one. */
  by_pattern: Record<string, MultiTurnMetrics>;
  records: Array<{ id: string; lang: string; pattern?: string; question: string; query?: string; rewritten?: boolean; rank_without: number | null; rank_with?: number | null; got_with?: unknown }>;
}

const DEPTH = 10;

/** Scores `docs` and `faq` suites: rank of the first retrieved passage / entry that answers the case. */
export async function runRetrievalSuite(
  suite: Suite,
  pipeline: RetrievalPipeline,
  kb: string,
  opts: { onCase?: (outcome: CaseOutcome) => unknown; limit?: number } = {},
): Promise<RetrievalSuiteReport> {
  const kind = suite.kind as 'docs' | 'faq';
  const answerable = suite.cases.filter((c) => c.expect.action === 'answer').slice(0, opts.limit ?? Infinity);
  const records: RankRecord[] = [];
  const failures: RetrievalSuiteReport['failures'] = [];
  const latencies: number[] = [];
  const multi: MultiTurnReport['records'] = [];
  const retrieve = async (c: (typeof answerable)[number], q: string) => {
    if (kind === 'docs') {
      const passages = await pipeline.docs(kb, q, DEPTH);
      const rank = firstHitRank(passages, (p) => passageHits(p, c.expect.sources ?? []), DEPTH);
      const sources = passages.slice(0, DEPTH).map((p) => ({ path: p.sourcePath, heading: p.headingPath?.at(-1) }));
      return { rank, got: sources.slice(0, 3) as unknown, sources: sources as unknown[] };
    }
    const ids = await pipeline.faq(kb, q, DEPTH);
    return { rank: firstHitRank(ids, (id) => id === c.expect.faq_id, DEPTH), got: ids.slice(0, 3) as unknown, sources: ids.slice(0, DEPTH) as unknown[] };
  };
  for (const c of answerable) {
    const q = lastUserMessage(c);
    const t0 = performance.now();
    const { rank, got, sources } = await retrieve(c, q);
    const latencyMs = performance.now() - t0;
    latencies.push(latencyMs);
    const slices = [
      ...(typeof c.meta.source === 'string' ? [`source:${c.meta.source}`] : []),
      ...(c.meta.self_contained === false ? ['not_self_contained'] : []),
    ];
    records.push({ lang: c.lang, rank, slices });
    if (rank !== 1)
      failures.push({ id: c.id, lang: c.lang, question: q.slice(0, 300), expected: kind === 'docs' ? c.expect.sources : c.expect.faq_id, got, rank: rank ?? null });
    if (c.messages.length > 1) {
      const pattern = typeof c.meta.pattern === 'string' ? c.meta.pattern : undefined;
      const record: MultiTurnReport['records'][number] = { id: c.id, lang: c.lang, pattern, question: q.slice(0, 300), rank_without: rank ?? null };
      if (pipeline.rewrite) {
        const r = await pipeline.rewrite(c.messages.slice(0, -1), q, c.lang);
        const w = r.query === q ? { rank, got } : await retrieve(c, r.query);
        Object.assign(record, { query: r.query, rewritten: r.rewritten, rank_with: w.rank ?? null, got_with: w.got });
      }
      multi.push(record);
    }
    const expected = kind === 'docs' ? c.expect.sources : c.expect.faq_id;
    await opts.onCase?.({ stage: 'retrieval', id: c.id, lang: c.lang, question: q, expected, got, sources, rank: rank ?? null, correct: rank === 1, latencyMs });
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
    ...(multi.length ? { multi_turn: multiTurnReport(multi) } : {}),
  };
}

function multiTurnMetrics(rs: MultiTurnReport['records']): MultiTurnMetrics {
  const ranks = (pick: (r: MultiTurnReport['records'][number]) => number | null | undefined) =>
    retrievalMetrics(rs.map((r) => ({ lang: r.lang, rank: pick(r) ?? undefined, slices: [] })));
  const hasRewriter = rs.every((r) => r.rewritten !== undefined);
  return {
    cases: rs.length,
    without: ranks((r) => r.rank_without),
    with: hasRewriter ? ranks((r) => r.rank_with) : null,
    rewritten: hasRewriter ? Math.round((rs.filter((r) => r.rewritten).length / rs.length) * 10000) / 10000 : null,
  };
}

function multiTurnReport(records: MultiTurnReport['records']): MultiTurnReport {
  const group = (key: (r: MultiTurnReport['records'][number]) => string | undefined) => {
    const groups = new Map<string, MultiTurnReport['records']>();
    for (const r of records) {
      const k = key(r);
      if (k) groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, rs]) => [k, multiTurnMetrics(rs)]));
  };
  return { ...multiTurnMetrics(records), by_lang: group((r) => r.lang), by_pattern: group((r) => r.pattern), records };
}
