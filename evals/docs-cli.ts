import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig, type Config } from '../src/config/config.js';
import { renderDocsSection, replaceSection, type RunInfo } from './docs-tables.js';
import { renderHtmlReport, type AnyReport } from './html-report.js';
import { runSuites, type ProgressSink, type SuiteReport } from './run-suites.js';
import { loadSuite, SuiteFormatError } from './suite-loader.js';
import { expandSuitePaths } from './suite-paths.js';

/**
 * `npm run eval:docs`: every shared suite and ours, our pipeline beside the LangChain baseline,
 * with answers, in one run; the JSON goes to evals/out/docs.json and the tables into the marked
 * section of docs/evals.md. `--from FILE.json` re-renders an earlier run of this command.
 */
const USAGE = 'usage: npm run eval:docs [-- [--from evals/out/docs.json] [--json FILE] [--doc docs/evals.md] [suite paths...]]';
const DEFAULT_SUITES = ['../shared/evals/suites', 'evals/suites'];

const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();

function commitOf(): string {
  try {
    const dirty = git('status', '--porcelain', '--', 'src', 'evals', 'ingest', 'prompts', 'lexicon', 'migrations', 'examples');
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes' : ''}`;
  } catch {
    return 'unknown';
  }
}

function describeConfig(c: Config): string {
  const answerer = c.chat.answerer === 'local' ? 'local answerer' : `${c.chat.answerer} chat model ${c.chat.model}`;
  const judge = c.evalJudge.model ? `judge ${c.evalJudge.provider}:${c.evalJudge.model}` : 'no judge model (`answer_judge` –)';
  const offline = c.chat.answerer === 'local' && c.embedding.provider === 'local' ? 'the offline default: ' : '';
  return `${offline}${answerer}, embedder ${c.embedding.provider}:${c.embedding.model} (vector channel weight ${c.retrieval.weights.vector}), ${judge}, in-memory PGlite per run, every other setting at its default`;
}

const loadAvg = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

async function run(paths: string[], jsonFile: string): Promise<{ reports: SuiteReport[]; info: RunInfo }> {
  const suites = expandSuitePaths(paths).map(loadSuite);
  const config: Config = { ...loadConfig(), database: { kind: 'pglite', dataDir: 'memory://' } };
  const bars = new cliProgress.MultiBar({ format: ' {label} |{bar}| {value}/{total}', hideCursor: true, noTTYOutput: true, notTTYSchedule: 30_000 }, cliProgress.Presets.shades_classic);
  const progress: ProgressSink = { track: (label, total) => bars.create(total, 0, { label: label.padEnd(28) }) };
  const start = loadAvg();
  const t0 = performance.now();
  let reports: SuiteReport[];
  try {
    ({ reports } = await runSuites(suites, { config, baseline: true, answers: true, progress }));
  } finally {
    bars.stop();
  }
  const cpus = os.cpus();
  const info: RunInfo = {
    command: 'npm run eval:docs',
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    commit: commitOf(),
    machine: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    node: process.version,
    seconds: Math.round((performance.now() - t0) / 1000),
    load: { start, end: loadAvg() },
    configuration: describeConfig(config),
  };
  fs.mkdirSync(path.dirname(path.resolve(jsonFile)), { recursive: true });
  fs.writeFileSync(jsonFile, JSON.stringify(reports, null, 2));
  fs.writeFileSync(infoFile(jsonFile), JSON.stringify(info, null, 2));
  return { reports, info };
}

const infoFile = (json: string) => json.replace(/\.json$/, '') + '.info.json';

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { from: { type: 'string' }, json: { type: 'string', default: 'evals/out/docs.json' }, doc: { type: 'string', default: 'docs/evals.md' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return console.log(USAGE);
  const doc = fs.readFileSync(values.doc, 'utf8');
  replaceSection(doc, ''); // fail before a long run when the markers are missing
  let reports: SuiteReport[];
  let info: RunInfo;
  if (values.from) {
    reports = JSON.parse(fs.readFileSync(values.from, 'utf8')) as SuiteReport[];
    info = JSON.parse(fs.readFileSync(infoFile(values.from), 'utf8')) as RunInfo;
  } else {
    ({ reports, info } = await run(positionals.length ? positionals : DEFAULT_SUITES, values.json));
    const html = values.json.replace(/\.json$/, '') + '.html';
    fs.writeFileSync(html, renderHtmlReport(reports as unknown as AnyReport[], { title: `npm run eval:docs ${info.date}` }));
    console.log(`\nwrote ${values.json}, ${infoFile(values.json)} and ${html} (${info.seconds} s)`);
  }
  fs.writeFileSync(values.doc, replaceSection(doc, renderDocsSection(reports, info), values.doc));
  console.log(`wrote the generated section of ${values.doc}`);
}

main().catch((err) => {
  console.error(err instanceof SuiteFormatError ? `Invalid suite: ${err.message}` : err);
  process.exit(err instanceof SuiteFormatError ? 2 : 1);
});
