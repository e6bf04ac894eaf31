/**
 * npm run bench:auth [-- --requests 2000] [--db pglite,postgres] [--no-append]
 *
 * What authentication costs a request: the same cheap route (GET /v1/knowledge-bases, one
 * indexed query) through `inject`, on one database, with AUTH_ENABLED=false, with an API key
 * whose lookup is cached (the common case: the cache keeps a key 5 s), and with the cache cleared
 * before every request (sha256 of the key plus one indexed lookup in api_keys). Requests of the
 * three modes are interleaved so load on the machine hits them alike. Prints the table and appends
 * it to docs/benchmarks.md. The server database comes from TEST_DATABASE_URL (a fresh schema).
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { createContext } from '../src/composition-root.js';
import { loadConfig } from '../src/config/config.js';
import { pgliteDatabase, postgresDatabase, type TestDatabase } from '../test/helpers/databases.js';
import { summarize } from './latency-stats.js';
import { codeVersion, machineInfo } from './machine-info.js';
import { appendReport, codeLine, loadAverageLine, ms, table } from './report-markdown.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { requests: { type: 'string', default: '2000' }, db: { type: 'string', default: 'pglite,postgres' }, 'no-append': { type: 'boolean', default: false } },
});
const N = Number(values.requests);
const machine = machineInfo();
const code = codeVersion();

async function measure(kind: string, open: () => Promise<TestDatabase>) {
  const t = await open();
  const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_ENABLED: 'false' } as const;
  const on = loadConfig({ ...env });
  const off = loadConfig({ ...env, AUTH_ENABLED: 'false' });
  const ctx = await createContext(on, { db: t.db });
  const withAuth = await buildApp(on, { ctx });
  const without = await buildApp(off, { ctx });
  await Promise.all([withAuth.ready(), without.ready()]);
  const { key } = await ctx.tenants.createKey('default', { name: 'bench', role: 'admin' }, null);
  await ctx.knowledgeBases.create({ name: 'bench' });
  const headers = { authorization: `Bearer ${key}` };
  const modes = {
    'no auth (AUTH_ENABLED=false)': () => without.inject({ url: '/v1/knowledge-bases' }),
    'API key, cached lookup': () => withAuth.inject({ url: '/v1/knowledge-bases', headers }),
    'API key, lookup every request': () => {
      withAuth.forgetKeys();
      return withAuth.inject({ url: '/v1/knowledge-bases', headers });
    },
  };
  const samples = Object.fromEntries(Object.keys(modes).map((m) => [m, [] as number[]]));
  for (let i = 0; i < N + 200; i++) {
    for (const [mode, run] of Object.entries(modes)) {
      const started = performance.now();
      const res = await run();
      const took = performance.now() - started;
      if (res.statusCode !== 200) throw new Error(`${mode}: ${res.statusCode} ${res.body}`);
      if (i >= 200) samples[mode]!.push(took); // the first 200 warm up
    }
  }
  await withAuth.close();
  await without.close();
  await t.cleanup();
  const base = summarize(samples['no auth (AUTH_ENABLED=false)']!);
  return Object.entries(samples).map(([mode, s]) => {
    const x = summarize(s);
    return [kind, mode, ms(x.p50), ms(x.p95), mode.startsWith('no auth') ? '–' : `${ms(x.p50 - base.p50)} / ${ms(x.p95 - base.p95)}`];
  });
}

const rows: string[][] = [];
for (const kind of values.db!.split(',')) {
  rows.push(...(await measure(kind, kind === 'postgres' ? postgresDatabase : pgliteDatabase)));
}
const end = os.loadavg();
const report = [
  `## Authentication overhead (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
  '',
  `- Command: \`npm run bench:auth -- --requests ${N} --db ${values.db}\``,
  `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB.toFixed(0)} GiB, ${machine.os}, Node ${machine.node}, PGlite ${machine.pglite}`,
  codeLine(code),
  loadAverageLine(machine, end),
  `- ${N} requests per mode (after 200 of warm-up), interleaved; GET /v1/knowledge-bases through \`inject\`; milliseconds`,
  '',
  table(['database', 'mode', 'p50 ms', 'p95 ms', 'overhead p50 / p95 ms'], rows),
  '',
].join('\n');
console.log(report);
if (!values['no-append']) {
  appendReport(path.join(ROOT, 'docs/benchmarks.md'), report);
  console.log('appended to docs/benchmarks.md');
}
