/**
 * Speed of the offline intent classifier on intent suites:
 *   npx tsx bench/intent-bench.ts ../shared/evals/suites/banking77 ../shared/evals/suites/clinc150 ../shared/evals/suites/smp2017-zh
 * Build time from the suite's exemplars (training + cross-validated calibration; CPU time too, and
 * CPU time of training alone with a fixed threshold), then one warm-up pass and three timed passes over the cases' last user
 * messages (single thread).
 */
import { ExemplarIntentClassifier } from '../src/adapters/intent/exemplar-intent-classifier.js';
import { JiebaAnalyzer } from '../src/adapters/text/jieba-analyzer.js';
import { lastUserMessage, loadSuite } from '../evals/suite-loader.js';

const analyzer = new JiebaAnalyzer();
const rows: string[][] = [['suite', 'exemplars', 'skills', 'build ms', 'build CPU ms', 'no-CV build CPU ms', 'messages', 'messages/s', 'CPU µs/message']];
// CPU time of this process alongside wall time: on a shared machine the wall clock mostly measures the other jobs.
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (const p of process.argv.slice(2)) {
  const suite = loadSuite(p);
  const exemplars = suite.skills ?? [];
  const t0 = performance.now();
  const c0 = cpu();
  const c = ExemplarIntentClassifier.create(analyzer, exemplars);
  const build = performance.now() - t0;
  const buildCpu = cpu() - c0;
  const c1 = cpu();
  ExemplarIntentClassifier.create(analyzer, exemplars, { oosThreshold: 0.5, calibrate: false });
  const buildNoCv = cpu() - c1;
  const msgs = suite.cases.map((x) => lastUserMessage(x));
  for (const m of msgs) c.classifySync(m);
  const passes = 3;
  const t2 = performance.now();
  const c2 = cpu();
  for (let k = 0; k < passes; k++) for (const m of msgs) c.classifySync(m);
  const ms = performance.now() - t2;
  const msCpu = cpu() - c2;
  const n = msgs.length * passes;
  rows.push([suite.name, String(exemplars.length), String(c.skills.length), build.toFixed(0), buildCpu.toFixed(0), buildNoCv.toFixed(0), String(msgs.length), String(Math.round((n / ms) * 1000)), ((msCpu / n) * 1000).toFixed(1)]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n'));
