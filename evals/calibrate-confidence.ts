import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { reliabilityTable } from './answer-metrics.js';
import { confidenceFrom, type ConfidenceFeatures, type ConfidenceModel } from '../src/domain/confidence.js';

/**
 * Fits the answer-confidence model (src/domain/confidence.ts) by logistic regression on the
 * per-answer records of `npm run eval -- ... --answers --json FILE`, and prints the reliability
 * table before and after. Only cases whose text may be learned from are fitted on: by default
 * GitHub-issue quotes (evaluation only) and the atec-zh suite (research/evaluation only) are
 * left out of the fit but still reported.
 *
 *   npx tsx evals/calibrate-confidence.ts evals/out/a.json [more.json] [--exclude-suite atec-zh] [--exclude-source github_issue]
 */
const KEYS: Array<keyof ConfidenceFeatures> = ['coverage', 'margin', 'agreement', 'strength', 'faq', 'known', 'idfCoverage'];

interface Rec {
  suite: string;
  source?: string;
  action: string;
  correct: boolean;
  features: ConfidenceFeatures;
}

function fit(recs: Rec[], l2 = 0.01, iterations = 4000, rate = 0.5): ConfidenceModel {
  let bias = 0;
  const w = Object.fromEntries(KEYS.map((k) => [k, 0])) as Record<keyof ConfidenceFeatures, number>;
  // Balance suites so the big FAQ suite does not decide the docs calibration alone.
  const perSuite = new Map<string, number>();
  for (const r of recs) perSuite.set(r.suite, (perSuite.get(r.suite) ?? 0) + 1);
  const weight = (r: Rec) => recs.length / perSuite.size / perSuite.get(r.suite)!;
  const total = recs.reduce((s, r) => s + weight(r), 0);
  for (let it = 0; it < iterations; it++) {
    let gb = 0;
    const gw = Object.fromEntries(KEYS.map((k) => [k, 0])) as Record<keyof ConfidenceFeatures, number>;
    for (const r of recs) {
      const p = confidenceFrom(r.features, { bias, weights: w });
      const e = (p - (r.correct ? 1 : 0)) * weight(r);
      gb += e;
      for (const k of KEYS) gw[k] += e * r.features[k];
    }
    bias -= (rate * gb) / total;
    for (const k of KEYS) w[k] -= rate * (gw[k] / total + l2 * w[k]);
  }
  return { bias, weights: w };
}

function report(label: string, recs: Rec[], model?: ConfidenceModel) {
  const rel = reliabilityTable(recs.map((r) => ({ confidence: confidenceFrom(r.features, model), correct: r.correct })));
  console.log(`\n${label}: ${recs.length} answers, ECE ${rel.ece.toFixed(3)}`);
  console.log('| confidence | answers | mean predicted | observed correct |\n| --- | ---: | ---: | ---: |');
  for (const b of rel.rows) console.log(`| ${b.bucket} | ${b.cases} | ${b.meanConfidence.toFixed(3)} | ${b.observedCorrect.toFixed(3)} |`);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'exclude-suite': { type: 'string', multiple: true, default: ['atec-zh'] }, 'exclude-source': { type: 'string', multiple: true, default: ['github_issue'] } },
});
const recs: Rec[] = [];
for (const file of positionals) {
  for (const report of JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ suite: string; pipeline?: string; answers?: { records: Array<Rec & { features?: ConfidenceFeatures }> } }>) {
    if (!report.answers || (report.pipeline && report.pipeline !== 'ours')) continue;
    for (const r of report.answers.records) if (r.features && r.features.known !== undefined) recs.push({ suite: report.suite, source: r.source, action: r.action, correct: r.correct, features: r.features });
  }
}
const fitSet = recs.filter((r) => !values['exclude-suite']!.includes(r.suite) && !(r.source && values['exclude-source']!.includes(r.source)));
report('All answers, current model', recs);
const model = fit(fitSet);
console.log(`\nFitted on ${fitSet.length} answers from ${[...new Set(fitSet.map((r) => r.suite))].join(', ')}:`);
console.log(JSON.stringify({ bias: +model.bias.toFixed(3), weights: Object.fromEntries(KEYS.map((k) => [k, +model.weights[k].toFixed(3)])) }));
report('Fit set, fitted model', fitSet, model);
report('All answers, fitted model', recs, model);
for (const suite of new Set(recs.map((r) => r.suite))) report(`${suite}, fitted model`, recs.filter((r) => r.suite === suite), model);

// Escalating below a threshold: apisix-docs and cross-product-oos share a knowledge base and are
// pooled (the only suites with escalate cases); docs and FAQ suites alone give the in-scope rate.
const pools: Record<string, string[]> = { 'apisix-docs + cross-product-oos': ['apisix-docs', 'cross-product-oos'], 'dify-docs': ['dify-docs'], stackfaq: ['stackfaq'], 'atec-zh': ['atec-zh'] };
console.log('\n| threshold | pool | escalate cases | precision | recall | F1 | in-scope escalated |\n| ---: | --- | ---: | ---: | ---: | ---: | ---: |');
for (const t of [0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7]) {
  for (const [name, suites] of Object.entries(pools)) {
    const pool = recs.filter((r) => suites.includes(r.suite));
    if (!pool.length) continue;
    let tp = 0, fp = 0, fn = 0, tn = 0;
    for (const r of pool) {
      const esc = confidenceFrom(r.features, model) < t;
      if (r.action === 'escalate') esc ? tp++ : fn++;
      else esc ? fp++ : tn++;
    }
    const p = tp + fp ? tp / (tp + fp) : 0;
    const rc = tp + fn ? tp / (tp + fn) : 0;
    const f = p + rc ? (2 * p * rc) / (p + rc) : 0;
    console.log(`| ${t} | ${name} | ${tp + fn} | ${p.toFixed(3)} | ${rc.toFixed(3)} | ${f.toFixed(3)} | ${(fp / Math.max(1, fp + tn)).toFixed(3)} |`);
  }
}
