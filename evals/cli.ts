import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig, type Config } from '../src/config/config.js';
import { printAnswerTables } from './answer-report.js';
import { printMultiTurnTable } from './multi-turn-report.js';
import type { RetrievalSuiteReport } from './run-retrieval-suite.js';
import type { SentimentSuiteReport } from './run-sentiment-suite.js';
import { loadSuite, SuiteFormatError } from './suite-loader.js';
import { expandSuitePaths } from './suite-paths.js';
import type { IntentSuiteReport } from './run-intent-suite.js';
import { printIntentTable } from './intent-report.js';
import { printInjectionTable } from './injection-report.js';
import type { InjectionSuiteReport } from './run-injection-suite.js';
import { checkThresholds, compareReports, formatComparison, incomparable, loadThresholds, seededSample, ThresholdsError, type GateReport } from './gate.js';
import { renderHtmlReport, type AnyReport } from './html-report.js';
import { runSuites, type ProgressSink, type RetrievalReport } from './run-suites.js';
import { printChatKindTables } from './chat-kinds-report.js';
import type { ChatKindReport } from './chat-kind-runners.js';

const USAGE = 'usage: npm run eval -- <suite.yaml | suite folder | folder of suites>... [--json FILE] [--baseline] [--answers] [--limit N] [--sample N] [--db-url URL]\n  [--report FILE.html] [--compare BASELINE.json] [--gate] [--thresholds FILE.yaml]';
const DEFAULT_THRESHOLDS = path.join(path.dirname(new URL(import.meta.url).pathname), 'thresholds.yaml');

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'string' },
      baseline: { type: 'boolean', default: false },
      answers: { type: 'boolean', default: false },
      limit: { type: 'string' },
      sample: { type: 'string' },
      report: { type: 'string' },
      compare: { type: 'string' },
      gate: { type: 'boolean', default: false },
      thresholds: { type: 'string' },
      'db-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !positionals.length) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const suites = expandSuitePaths(positionals).map(loadSuite);
  // A fixed sample per suite (seeded by the suite name), so CI scores the same cases every run.
  const sample = values.sample ? Number(values.sample) : undefined;
  if (sample !== undefined && !(sample > 0)) throw new ThresholdsError(`--sample: must be a positive number, got ${values.sample}`);
  if (sample) for (const s of suites) s.cases = seededSample(s.cases, sample, s.name);
  // Read the gate's inputs before the run, so a bad file fails fast.
  const thresholdsFile = values.thresholds ?? (values.gate || values.compare ? DEFAULT_THRESHOLDS : undefined);
  const thresholds = thresholdsFile ? loadThresholds(thresholdsFile) : undefined;
  const gate = values.gate || !!values.thresholds;
  const baselineRun = values.compare ? (JSON.parse(fs.readFileSync(values.compare, 'utf8')) as GateReport[]) : undefined;
  const base = loadConfig();
  // Its own throwaway database unless told otherwise, so it runs beside a live service.
  const config: Config = {
    ...base,
    database: values['db-url'] ? { kind: 'postgres', url: values['db-url'], poolMax: 4 } : { kind: 'pglite', dataDir: 'memory://' },
  };
  const limit = values.limit ? Number(values.limit) : undefined;
  const bars = new cliProgress.MultiBar({ format: ' {label} |{bar}| {value}/{total}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 10_000 }, cliProgress.Presets.shades_classic);
  const progress: ProgressSink = { track: (label, total) => bars.create(total, 0, { label: label.padEnd(28) }) };
  let run: Awaited<ReturnType<typeof runSuites>>;
  try {
    run = await runSuites(suites, { config, baseline: values.baseline, answers: values.answers, limit, progress });
  } finally {
    bars.stop();
  }
  const { reports } = run;
  for (const line of run.skipped) console.log(`\n${line}; skipped`);
  const retrieval = reports.filter((r): r is RetrievalReport => r.kind === 'docs' || r.kind === 'faq');
  printTable(retrieval);
  printMultiTurnTable(retrieval);
  if (values.answers) printAnswerTables(retrieval.flatMap((r) => (r.answers ? [r.answers] : [])));
  printSentimentTable(reports.filter((r): r is SentimentSuiteReport => r.kind === 'sentiment'));
  printIntentTable(reports.filter((r): r is IntentSuiteReport => r.kind === 'intent'));
  printChatKindTables(reports.filter((r): r is ChatKindReport => r.kind === 'clarification' || r.kind === 'tone' || r.kind === 'handoff'));
  printInjectionTable(reports.filter((r): r is InjectionSuiteReport => r.kind === 'injection'));
  if (values.json) {
    fs.mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    fs.writeFileSync(values.json, JSON.stringify(reports, null, 2));
    console.log(`\nwrote ${values.json}`);
  }
  // The gate and the HTML report read the reports loosely (as they read an earlier run's JSON).
  const loose = reports as unknown as AnyReport[];
  if (values.report) {
    fs.mkdirSync(path.dirname(path.resolve(values.report)), { recursive: true });
    fs.writeFileSync(values.report, renderHtmlReport(loose, { baseline: baselineRun, title: `Eval report ${new Date().toISOString()}`, thresholds: gate ? thresholds : undefined }));
    console.log(`wrote ${values.report}`);
  }
  let failed = false;
  if (baselineRun) {
    const changes = compareReports(baselineRun, loose, thresholds?.tolerance);
    console.log(`\nCompared with ${values.compare}\n${formatComparison(changes)}`);
    for (const line of incomparable(baselineRun, loose)) console.log(`  not compared, different cases: ${line}`);
    failed ||= changes.some((c) => c.status === 'regression');
  }
  if (thresholds && gate) {
    const misses = checkThresholds(loose, thresholds);
    console.log(`\nGate (${thresholdsFile}): ${misses.length ? `${misses.length} metric(s) below threshold` : 'all thresholds met'}`);
    for (const f of misses) console.log(`  FAIL ${f.suite} (${f.pipeline}) ${f.metric}: ${f.reason}`);
    failed ||= misses.length > 0;
  }
  if (failed) process.exit(1);
}

function printTable(reports: RetrievalSuiteReport[]) {
  if (!reports.length) return;
  const rows: string[][] = [['suite', 'pipeline', 'slice', 'cases', 'hit@1', 'hit@5', 'mrr@10', 'p50 ms']];
  for (const r of reports) {
    rows.push([r.suite, r.pipeline, 'all', String(r.cases), ...fmt(r.metrics), String(r.latency_ms.p50)]);
    for (const [k, m] of Object.entries({ ...r.by_lang, ...(r.by_source ?? {}) })) rows.push(['', '', k, String(m.cases), ...fmt(m), '']);
  }
  printRows(rows);
}

function printSentimentTable(reports: SentimentSuiteReport[]) {
  if (!reports.length) return;
  const rows: string[][] = [['suite', 'slice', 'cases', 'accuracy', 'macro-F1', 'neg R', 'emo cases', 'emo macro-F1', 'angry R', 'anxious R', 'msg/s']];
  const opt = (x: number | null) => (x === null ? '-' : x.toFixed(3));
  const row = (suite: string, slice: string, m: SentimentSuiteReport['metrics'], rate: string) =>
    [suite, slice, String(m.cases), m.sentiment_accuracy.toFixed(3), m.sentiment_macro_f1.toFixed(3), opt(m.negative_recall), String(m.emotion_cases), opt(m.emotion_macro_f1), opt(m.angry_recall), opt(m.anxious_recall), rate];
  for (const r of reports) {
    rows.push(row(r.suite, 'all', r.metrics, String(r.messages_per_s)));
    for (const [k, m] of Object.entries({ ...r.by_lang, ...(r.by_source ?? {}) })) rows.push(row('', k, m, ''));
  }
  printRows(rows);
}

function printRows(rows: string[][]) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log('\n' + rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n'));
}
const fmt = (m: { 'hit@1': number; 'hit@5': number; 'mrr@10': number }) => [m['hit@1'], m['hit@5'], m['mrr@10']].map((x) => x.toFixed(3));

main().catch((err) => {
  const bad = err instanceof SuiteFormatError || err instanceof ThresholdsError;
  console.error(err instanceof SuiteFormatError ? `Invalid suite: ${err.message}` : err instanceof ThresholdsError ? `Invalid gate input: ${err.message}` : err);
  process.exit(bad ? 2 : 1);
});
