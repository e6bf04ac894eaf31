import type { IntentMetrics } from './intent-metrics.js';
import type { IntentSuiteReport } from './run-intent-suite.js';

/** Summary table of `intent` suites: overall, per language and per domain where cases have one. */
export function printIntentTable(reports: IntentSuiteReport[]) {
  if (!reports.length) return;
  const rows: string[][] = [['suite', 'slice', 'cases', 'routing acc', 'top-1 acc', 'false esc', 'esc cases', 'oos P', 'oos R', 'oos F1', 'chat P', 'chat R', 'ms/msg', 'msg/s']];
  const opt = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(3));
  const row = (suite: string, slice: string, m: IntentMetrics, ms: string, rate: string) => [
    suite, slice, String(m.cases), opt(m.routing_accuracy), opt(m.top1_accuracy), opt(m.false_escalation_rate), String(m.escalate_cases),
    opt(m.oos_precision), opt(m.oos_recall), opt(m.oos_f1), opt(m.chat_precision), opt(m.chat_recall), ms, rate,
  ];
  for (const r of reports) {
    rows.push(row(r.suite, 'all', r.metrics, r.latency_ms.p50.toFixed(3), String(r.messages_per_s)));
    for (const [k, m] of Object.entries(r.by_lang)) rows.push(row('', k, m, '', ''));
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log('\n' + rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n'));
}
