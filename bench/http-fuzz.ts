import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { fuzzApp, formatFuzzTable } from '../test/fuzz/fuzz-routes.js';
import { startFuzzTarget } from '../test/fuzz/fuzz-target.js';
import { codeVersion, machineInfo } from './machine-info.js';
import { codeLine, loadAverageLine } from './report-markdown.js';

/**
 * The long fuzz run (`npm run fuzz -- --seconds 600`): the same properties as
 * test/fuzz/http-fuzz.test.ts (every route, no 5xx, no crash) with a bigger time budget and a
 * random seed; prints the table and appends it to docs/reliability.md. Exits 1 on any failure,
 * printing the inputs that caused it.
 */
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '600' }, seed: { type: 'string' }, out: { type: 'string', default: 'docs/reliability.md' }, 'no-append': { type: 'boolean', default: false } } });
const seconds = Number(values.seconds);
const machine = machineInfo();
const target = await startFuzzTarget();
const unhandled: unknown[] = [];
process.on('unhandledRejection', (err) => unhandled.push(err));
let report;
try {
  report = await fuzzApp(target.app, {
    baseUrl: target.baseUrl,
    known: target.known,
    headers: target.headers,
    budgetMs: seconds * 1000,
    seed: values.seed ? Number(values.seed) : undefined,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  const health = (await target.app.inject({ url: '/healthz' })).statusCode;
  const table = formatFuzzTable(report);
  console.log(`\n${report.inputs} inputs in ${(report.ms / 1000).toFixed(0)} s, seed ${report.seed}; /healthz after: ${health}; unhandled rejections: ${unhandled.length}\n${table}`);
  for (const f of report.failures) console.log(JSON.stringify(f));
  if (!values['no-append'])
    fs.appendFileSync(
      values.out,
      [
        `\n### Fuzz run ${new Date().toISOString()}`,
        '',
        `- Command: \`npm run fuzz -- --seconds ${seconds}${values.seed ? ` --seed ${values.seed}` : ''}\` (seed ${report.seed})`,
        codeLine(codeVersion()),
        `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB.toFixed(1)} GiB, ${machine.os}, Node ${machine.node}, PGlite ${machine.pglite}`,
        loadAverageLine(machine, (await import('node:os')).loadavg()),
        `- ${report.inputs} inputs in ${(report.ms / 1000).toFixed(0)} s; responses ≥ 500: ${report.failures.length}; unhandled rejections: ${unhandled.length}; /healthz afterwards: ${health}`,
        '',
        table,
        '',
      ].join('\n'),
    );
} finally {
  await target.close();
}
process.exit(report && report.failures.length === 0 && unhandled.length === 0 ? 0 : 1);
