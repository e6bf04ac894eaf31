import type { ChatKindReport } from './chat-kind-runners.js';
import type { ClarificationMetrics } from './run-clarification-suite.js';
import type { HandoffMetrics } from './run-handoff-suite.js';
import type { ToneMetrics } from './run-tone-suite.js';

/**
 * Summary tables of the chat behaviour suites (clarification, tone, handoff): overall, per language
 * and per slice. Rows of strings, so the CLI prints them padded and `npm run eval:docs` as Markdown.
 */
export interface Table {
  title: string;
  rows: string[][];
}

const f = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(3));

function table<M extends { cases: number }>(
  title: string,
  head: string[],
  reports: Array<{ suite: string; answerer: string; metrics: M; by_lang: Record<string, M>; by_slice: Record<string, M>; latency_ms: { p50: number } }>,
  cells: (m: M) => string[],
): Table {
  const rows = [['suite', 'answerer', 'slice', 'cases', ...head, 'p50 ms']];
  for (const r of reports) {
    rows.push([r.suite, r.answerer, 'all', String(r.metrics.cases), ...cells(r.metrics), r.latency_ms.p50.toFixed(1)]);
    for (const [k, m] of Object.entries({ ...r.by_lang, ...r.by_slice })) rows.push(['', '', k, String(m.cases), ...cells(m), '']);
  }
  return { title, rows };
}

export function chatKindTables(reports: ChatKindReport[]): Table[] {
  const out: Table[] = [];
  const clar = reports.filter((r) => r.kind === 'clarification');
  if (clar.length)
    out.push(table<ClarificationMetrics>('Clarification: asks "which one?" when (and only when) it should; the reply then finds the right section',
      ['clarify P', 'clarify R', 'clarify F1', 'accuracy', 'options R', 'follow-up hit@1', 'follow-up hit@5', 'follow-up grounded'], clar,
      (m) => [m.clarification_precision, m.clarification_recall, m.clarification_f1, m.clarification_accuracy, m.options_recall, m['follow_up_hit@1'], m['follow_up_hit@5'], m.follow_up_grounded].map(f)));
  const tone = reports.filter((r) => r.kind === 'tone');
  if (tone.length)
    out.push(table<ToneMetrics>('Tone: the template chosen from the customer\'s mood, and whether the answer applies it',
      ['tone acc', 'applied', 'opening', 'language', 'steps ordered', 'steps given', 'answered'], tone,
      (m) => [m.tone_accuracy, m.tone_applied, m.opening_ok, m.language_match, m.steps_ordered, m.steps_given, m.answered].map(f)));
  const hand = reports.filter((r) => r.kind === 'handoff');
  if (hand.length)
    out.push(table<HandoffMetrics>('Handoff: conversations played turn by turn; the first handoff, its reason and its skill',
      ['handoff P', 'handoff R', 'handoff F1', 'accuracy', 'reason acc', 'skill acc'], hand,
      (m) => [m.handoff_precision, m.handoff_recall, m.handoff_f1, m.handoff_accuracy, m.reason_accuracy, m.skill_accuracy].map(f)));
  return out;
}

export function printChatKindTables(reports: ChatKindReport[]) {
  for (const t of chatKindTables(reports)) {
    const widths = t.rows[0]!.map((_, i) => Math.max(...t.rows.map((r) => r[i]!.length)));
    console.log(`\n${t.title}\n${t.rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')}`);
  }
}
