import { reliabilityTable } from './answer-metrics.js';
import { chatKindTables } from './chat-kinds-report.js';
import type { ChatKindReport } from './chat-kind-runners.js';
import { checkGoals } from './docs-goals.js';
import type { IntentMetrics } from './intent-metrics.js';
import { escalationMetrics, type AnswerStats } from './run-answer-suite.js';
import type { IntentSuiteReport } from './run-intent-suite.js';
import type { RetrievalMetrics } from './retrieval-metrics.js';
import type { SentimentSuiteReport } from './run-sentiment-suite.js';
import type { RetrievalReport, SuiteReport } from './run-suites.js';
import type { MultiTurnMetrics } from './run-retrieval-suite.js';

/** The generated section of docs/evals.md: every table of one `npm run eval:docs` run, in Markdown. */
export interface RunInfo {
  command: string;
  date: string;
  commit: string;
  machine: string;
  node: string;
  seconds: number;
  load: { start: number[]; end: number[] };
  configuration: string;
}

const BASELINE = 'langchain-baseline';
const f = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3));
const esc = (s: string) => s.replace(/\|/g, '\\|');

/** A Markdown table; columns whose header is in `left` are left-aligned, the others right-aligned. */
export function markdownTable(rows: string[][], left = 1): string {
  const [head, ...body] = rows;
  const align = head!.map((_, i) => (i < left ? '---' : '---:'));
  return [head!, align, ...body].map((r) => `| ${r.map(esc).join(' | ')} |`).join('\n');
}

const pair = (a: number | null | undefined, b: number | null | undefined) => [f(a), f(b)];

function retrievalTable(reports: RetrievalReport[]): string {
  const rows = [['suite', 'slice', 'cases', 'hit@1 ours', 'hit@1 LangChain', 'hit@5 ours', 'hit@5 LangChain', 'mrr@10 ours', 'mrr@10 LangChain', 'p50 ms ours']];
  // A suite of escalate cases only (cross-product-oos) has nothing to rank: it is in the escalation table.
  for (const r of reports.filter((x) => x.pipeline !== BASELINE && x.metrics.cases > 0)) {
    const b = reports.find((x) => x.suite === r.suite && x.pipeline === BASELINE);
    const slice = (label: string, m: RetrievalMetrics | undefined, bm: RetrievalMetrics | undefined, p50 = '') => [
      label === 'all' ? r.suite : '', label, String(m?.cases ?? '–'),
      ...pair(m?.['hit@1'], bm?.['hit@1']), ...pair(m?.['hit@5'], bm?.['hit@5']), ...pair(m?.['mrr@10'], bm?.['mrr@10']), p50,
    ];
    rows.push(slice('all', r.metrics, b?.metrics, r.latency_ms.p50.toFixed(1)));
    for (const [k, m] of Object.entries({ ...r.by_lang, ...(r.by_source ?? {}) })) rows.push(slice(k, m, { ...b?.by_lang, ...(b?.by_source ?? {}) }[k]));
  }
  return markdownTable(rows, 2);
}

function answersTable(reports: RetrievalReport[]): string {
  const rows = [['suite', 'slice', 'answer cases', 'answer_f1 ours', 'answer_f1 LangChain', 'grounded ours', 'grounded LangChain', 'declined ours', 'declined LangChain', 'answer_judge ours', 'answer_judge LangChain']];
  for (const r of reports.filter((x) => x.pipeline !== BASELINE && x.answers)) {
    const a = r.answers!;
    const b = reports.find((x) => x.suite === r.suite && x.pipeline === BASELINE)?.answers;
    const slice = (label: string, m: AnswerStats | undefined, bm: AnswerStats | undefined) => [
      label === 'all' ? r.suite : '', label, String(m?.cases ?? '–'),
      ...pair(m?.answer_f1, bm?.answer_f1), ...pair(m?.grounded_correct, bm?.grounded_correct), ...pair(m?.declined, bm?.declined), ...pair(m?.answer_judge, bm?.answer_judge),
    ];
    if (!a.answers.cases) continue;
    rows.push(slice('all', a.answers, b?.answers));
    for (const [k, m] of Object.entries({ ...a.by_lang, ...(a.by_source ?? {}) })) rows.push(slice(k, m, { ...b?.by_lang, ...(b?.by_source ?? {}) }[k]));
  }
  return markdownTable(rows, 2);
}

function escalationTable(reports: RetrievalReport[]): string {
  const mine = reports.filter((x) => x.pipeline !== BASELINE && x.answers).map((x) => x.answers!);
  const rows = [['knowledge (suites pooled)', 'cases', 'escalate cases', 'precision', 'recall', 'F1', 'in-scope escalated']];
  for (const knowledge of [...new Set(mine.map((a) => a.knowledge))]) {
    const pool = mine.filter((a) => a.knowledge === knowledge);
    const m = escalationMetrics(pool.map((a) => a.escalation));
    rows.push([pool.map((a) => a.suite).join(' + '), String(m.tp + m.fp + m.fn + m.tn), String(m.tp + m.fn), ...(m.tp + m.fn ? [f(m.precision), f(m.recall), f(m.f1)] : ['–', '–', '–']), f(m.in_scope_escalated)]);
  }
  return markdownTable(rows);
}

function reliabilityMarkdown(reports: RetrievalReport[]): string {
  const records = reports.filter((x) => x.pipeline !== BASELINE && x.answers).flatMap((x) => x.answers!.records);
  const rel = reliabilityTable(records.map((r) => ({ confidence: r.confidence, correct: r.correct })));
  const rows = [['confidence', 'answers', 'mean predicted', 'observed correct']];
  for (const b of rel.rows) rows.push([b.bucket, String(b.cases), b.meanConfidence.toFixed(3), b.observedCorrect.toFixed(3)]);
  return `${markdownTable(rows)}\n\nECE ${rel.ece.toFixed(3)} over ${records.length} answers (ours, every docs and faq suite of the run; "correct" = the answer rests on an expected source, or declines an escalate case).`;
}

function multiTurnTable(reports: RetrievalReport[]): string {
  const rows = [['suite', 'pipeline', 'slice', 'cases', 'rewritten', 'hit@1 alone', 'hit@1 rewritten', 'hit@5 alone', 'hit@5 rewritten', 'mrr@10 alone', 'mrr@10 rewritten']];
  for (const r of reports.filter((x) => x.multi_turn)) {
    const row = (label: string, m: MultiTurnMetrics) => [
      label === 'all' ? r.suite : '', label === 'all' ? r.pipeline : '', label, String(m.cases), f(m.rewritten),
      ...(['hit@1', 'hit@5', 'mrr@10'] as const).flatMap((k) => [f(m.without[k]), f(m.with?.[k])]),
    ];
    const mt = r.multi_turn!;
    rows.push(row('all', mt));
    if (r.pipeline === BASELINE) continue;
    for (const [k, m] of Object.entries(mt.by_lang)) rows.push(row(k, m));
    for (const [k, m] of Object.entries(mt.by_pattern)) rows.push(row(`pattern:${k}`, m));
  }
  return markdownTable(rows, 3);
}

function intentTable(reports: IntentSuiteReport[]): string {
  const rows = [['suite', 'slice', 'cases', 'routing acc', 'top-1 acc', 'false esc', 'oos P', 'oos R', 'oos F1', 'chat P', 'chat R']];
  const row = (suite: string, slice: string, m: IntentMetrics) => [suite, slice, String(m.cases), f(m.routing_accuracy), f(m.top1_accuracy), f(m.false_escalation_rate), f(m.oos_precision), f(m.oos_recall), f(m.oos_f1), f(m.chat_precision), f(m.chat_recall)];
  for (const r of reports) {
    rows.push(row(r.suite, 'all', r.metrics));
    for (const [k, m] of Object.entries(r.by_lang)) rows.push(row('', k, m));
  }
  return markdownTable(rows, 2);
}

function sentimentTable(reports: SentimentSuiteReport[]): string {
  const rows = [['suite', 'slice', 'cases', 'accuracy', 'macro-F1', 'neg R', 'emotion cases', 'emotion macro-F1', 'angry R', 'anxious R']];
  for (const r of reports)
    for (const [k, m] of Object.entries({ all: r.metrics, ...r.by_lang, ...(r.by_source ?? {}) }))
      rows.push([k === 'all' ? r.suite : '', k, String(m.cases), f(m.sentiment_accuracy), f(m.sentiment_macro_f1), f(m.negative_recall), String(m.emotion_cases), f(m.emotion_macro_f1), f(m.angry_recall), f(m.anxious_recall)]);
  return markdownTable(rows, 2);
}

function goalsTable(reports: SuiteReport[]): string {
  const rows = [['issue', 'goal', 'result', 'met', 'gap', 'why not met']];
  for (const g of checkGoals(reports)) rows.push([`#${g.issue}`, g.goal, g.result, g.status === 'met' ? '**met**' : g.status, g.gap ?? '', g.why ?? '']);
  return markdownTable(rows, 6);
}

export function renderDocsSection(reports: SuiteReport[], info: RunInfo): string {
  const retrieval = reports.filter((r): r is RetrievalReport => r.kind === 'docs' || r.kind === 'faq');
  const intent = reports.filter((r): r is IntentSuiteReport => r.kind === 'intent');
  const sentiment = reports.filter((r): r is SentimentSuiteReport => r.kind === 'sentiment');
  const chat = reports.filter((r): r is ChatKindReport => r.kind === 'clarification' || r.kind === 'tone' || r.kind === 'handoff');
  const suites = [...new Set(reports.map((r) => r.suite))];
  const out = [
    `Generated by \`${info.command}\` on ${info.date} at commit \`${info.commit}\`: ${suites.length} suites in ${Math.floor(info.seconds / 60)} min ${Math.round(info.seconds % 60)} s ` +
      `on ${info.machine}, Node ${info.node} (load average ${info.load.start.map((x) => x.toFixed(1)).join(' / ')} at the start, ${info.load.end.map((x) => x.toFixed(1)).join(' / ')} at the end). ` +
      `Configuration: ${info.configuration}. \`ours\` is the service's pipeline through its own composition root; \`LangChain\` is the plain baseline ` +
      '(RecursiveCharacterTextSplitter + the same embedder + MemoryVectorStore, vector-only top-k, answering with the same answerer) in the same run. Do not edit by hand: rerun the command.',
    '### Goals of issues 3, 4 and 5 measured by this run',
    goalsTable(reports),
  ];
  if (retrieval.length) out.push('### Retrieval (docs and faq suites)', retrievalTable(retrieval));
  if (retrieval.some((r) => r.answers)) {
    out.push('### Answers', answersTable(retrieval));
    out.push('### Escalation (escalate = positive class; suites sharing a knowledge base pooled)', escalationTable(retrieval));
    out.push('### Confidence calibration', reliabilityMarkdown(retrieval));
  }
  if (retrieval.some((r) => r.multi_turn)) out.push('### Follow-up turns: the last message alone vs rewritten from the history', multiTurnTable(retrieval));
  if (intent.length) out.push('### Intent routing', intentTable(intent));
  if (sentiment.length) out.push('### Sentiment', sentimentTable(sentiment));
  for (const t of chatKindTables(chat)) out.push(`### ${t.title}`, markdownTable(t.rows, 3));
  return out.join('\n\n');
}

export const BEGIN = '<!-- eval:docs:begin (generated by npm run eval:docs; do not edit by hand) -->';
export const END = '<!-- eval:docs:end -->';

/** Replaces what lies between the markers; refuses a document without them, so the prose is never touched. */
export function replaceSection(doc: string, section: string, file = 'docs/evals.md'): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file}: the markers ${BEGIN} and ${END} are missing or out of order`);
  return `${doc.slice(0, start + BEGIN.length)}\n${section}\n${doc.slice(end)}`;
}
