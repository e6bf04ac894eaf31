import type { MultiTurnMetrics, RetrievalSuiteReport } from './run-retrieval-suite.js';

/** Follow-up turns of suites whose cases carry history: the last message alone vs rewritten from the history. */
export function printMultiTurnTable(reports: RetrievalSuiteReport[]) {
  const withHistory = reports.filter((r) => r.multi_turn);
  if (!withHistory.length) return;
  const f = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(3));
  const rows: string[][] = [['suite', 'pipeline', 'slice', 'cases', 'rewritten', 'hit@1 alone', 'hit@1 rewr.', 'hit@5 alone', 'hit@5 rewr.', 'mrr@10 alone', 'mrr@10 rewr.']];
  const row = (suite: string, pipeline: string, slice: string, m: MultiTurnMetrics) => [
    suite, pipeline, slice, String(m.cases), m.rewritten === null ? '-' : m.rewritten.toFixed(3),
    ...(['hit@1', 'hit@5', 'mrr@10'] as const).flatMap((k) => [f(m.without[k]), f(m.with?.[k])]),
  ];
  for (const r of withHistory) {
    const mt = r.multi_turn!;
    rows.push(row(r.suite, r.pipeline, 'all', mt));
    for (const [k, m] of Object.entries(mt.by_lang)) rows.push(row('', '', k, m));
    for (const [k, m] of Object.entries(mt.by_pattern)) rows.push(row('', '', `pattern:${k}`, m));
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`\nFollow-up turns (cases with history): last message alone vs rewritten from the history\n${rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n')}`);
}
