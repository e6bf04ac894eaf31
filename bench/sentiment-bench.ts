/**
 * Throughput of the offline sentiment analyzer on the messages of sentiment suites:
 *   npx tsx bench/sentiment-bench.ts ../shared/evals/suites/zh-reviews ../shared/evals/suites/airline-en
 * One warm-up pass, then three timed passes over each suite's last user messages (single thread).
 */
import { LexiconSentimentAnalyzer } from '../src/adapters/sentiment/lexicon-sentiment-analyzer.js';
import { lastUserMessage, loadSuite } from '../evals/suite-loader.js';

const analyzer = new LexiconSentimentAnalyzer();
const rows: string[][] = [['suite', 'messages', 'avg chars', 'messages/s', 'µs/message']];
for (const p of process.argv.slice(2)) {
  const suite = loadSuite(p);
  const msgs = suite.cases.map((c) => ({ text: lastUserMessage(c), language: c.lang }));
  for (const m of msgs) analyzer.analyzeSync(m.text, m);
  const passes = 3;
  const t0 = performance.now();
  for (let k = 0; k < passes; k++) for (const m of msgs) analyzer.analyzeSync(m.text, m);
  const ms = performance.now() - t0;
  const n = msgs.length * passes;
  const chars = msgs.reduce((s, m) => s + m.text.length, 0) / msgs.length;
  rows.push([suite.name, String(msgs.length), chars.toFixed(0), String(Math.round((n / ms) * 1000)), ((ms / n) * 1000).toFixed(1)]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
console.log(rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n'));
