import { reliabilityTable } from './answer-metrics.js';
import { escalationMetrics, type AnswerSuiteReport } from './run-answer-suite.js';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}
const f = (x: number | null) => (x === null ? '—' : x.toFixed(3));

/** Answer correctness per suite and slice, then one reliability table over every answer. */
export function printAnswerTables(reports: AnswerSuiteReport[]) {
  if (!reports.length) return;
  const rows = [['suite', 'pipeline', 'slice', 'cases', 'answer_f1', 'answer_judge', 'grounded', 'declined', 'esc. declined', 'p50 ms']];
  for (const r of reports) {
    rows.push([r.suite, r.pipeline, 'all', String(r.answers.cases), f(r.answers.answer_f1), f(r.answers.answer_judge), f(r.answers.grounded_correct), f(r.answers.declined),
      r.escalate_cases ? `${f(r.escalate_declined)} of ${r.escalate_cases}` : '', String(r.latency_ms.p50)]);
    for (const [k, s] of Object.entries({ ...r.by_lang, ...(r.by_source ?? {}) }))
      rows.push(['', '', k, String(s.cases), f(s.answer_f1), f(s.answer_judge), f(s.grounded_correct), f(s.declined), '', '']);
  }
  console.log(`\nAnswers\n${table(rows)}`);
  // Escalation per knowledge base: suites that share one (apisix-docs + cross-product-oos) are pooled.
  const escRows = [['pipeline', 'knowledge (suites pooled)', 'cases', 'escalate cases', 'precision', 'recall', 'F1', 'in-scope escalated']];
  for (const pipeline of [...new Set(reports.map((r) => r.pipeline))]) {
    for (const knowledge of [...new Set(reports.map((r) => r.knowledge))]) {
      const pool = reports.filter((r) => r.pipeline === pipeline && r.knowledge === knowledge);
      if (!pool.length) continue;
      const m = escalationMetrics(pool.map((r) => r.escalation));
      escRows.push([pipeline, pool.map((r) => r.suite).join(' + '), String(m.tp + m.fp + m.fn + m.tn), String(m.tp + m.fn), f(m.precision), f(m.recall), f(m.f1), f(m.in_scope_escalated)]);
    }
  }
  console.log(`\nEscalation (escalate = positive class)\n${table(escRows)}`);
  for (const pipeline of [...new Set(reports.map((r) => r.pipeline))]) {
    const all = reports.filter((r) => r.pipeline === pipeline).flatMap((r) => r.records);
    const rel = reliabilityTable(all.map((r) => ({ confidence: r.confidence, correct: r.correct })));
    const relRows = [['confidence', 'cases', 'mean predicted', 'observed correct']];
    for (const b of rel.rows) relRows.push([b.bucket, String(b.cases), b.meanConfidence.toFixed(3), b.observedCorrect.toFixed(3)]);
    console.log(`\nReliability (${pipeline}, ${all.length} answers, ECE ${rel.ece.toFixed(3)})\n${table(relRows)}`);
  }
}
