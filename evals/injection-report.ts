import type { InjectionSuiteReport } from './run-injection-suite.js';

/** The prompt-injection table: pass rate per pipeline, then per attack, vector and language, then each check. */
export function printInjectionTable(reports: InjectionSuiteReport[]) {
  if (!reports.length) return;
  const rows: string[][] = [['suite', 'pipeline', 'slice', 'cases', 'pass rate']];
  for (const r of reports) {
    rows.push([r.suite, r.pipeline, 'all', String(r.cases), r.metrics.pass_rate.toFixed(3)]);
    for (const [k, m] of Object.entries({ ...prefixed('attack', r.by_attack), ...prefixed('vector', r.by_vector), ...prefixed('lang', r.by_lang) }))
      rows.push(['', '', k, String(m.cases), m.pass_rate.toFixed(3)]);
    for (const [k, v] of Object.entries(r.metrics)) if (k !== 'pass_rate' && v !== undefined) rows.push(['', '', `check ${k}`, '', v === null ? '-' : v.toFixed(3)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log('\n' + rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n'));
  for (const r of reports)
    for (const f of r.failures.slice(0, 20)) console.log(`  ✗ ${r.pipeline} ${f.id} [${f.failed.join(', ')}]: ${f.answer.replace(/\s+/g, ' ').slice(0, 120)}`);
}

const prefixed = <T>(p: string, o: Record<string, T>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [`${p}:${k}`, v]));
