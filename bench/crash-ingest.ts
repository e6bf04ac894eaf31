import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase, type DatabaseTarget } from '../src/adapters/db/database.js';
import { inspectIngest, reviseSome, uploadFolder, writeCorpus, type IngestState } from '../test/helpers/ingest-crash.js';
import { killHard, startService, stopService } from '../test/helpers/service-process.js';
import { codeVersion, machineInfo } from './machine-info.js';
import { codeLine, loadAverageLine, table } from './report-markdown.js';
import { SeededRandom } from './seeded-random.js';

/**
 * kill -9 of the service during ingestion, N times per database (`npm run crash:ingest -- --kills 20`):
 * the service (`src/server.ts`, its own process) receives a large folder as uploads, a few at a
 * time, and is killed at a random moment; the database is then inspected with the service dead
 * (no half document, no duplicate, no half-applied update, the lexical index rebuilt from it
 * matches), some files are edited, and the next round starts the service and uploads the folder
 * again. A last round must finish the job. Prints a table per database and appends the figures
 * to docs/reliability.md.
 */
const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    files: { type: 'string', default: '400' },
    target: { type: 'string', default: 'both' },
    'db-url': { type: 'string', default: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    seed: { type: 'string', default: '42' },
    'no-append': { type: 'boolean', default: false },
  },
});
const kills = Number(values.kills);
const files = Number(values.files);
const rng = new SeededRandom(Number(values.seed));
const random = () => rng.next();
const machine = machineInfo();
const targets = values.target === 'both' ? ['pglite', 'postgres'] : [values.target!];

interface Round {
  round: number;
  acknowledged: number;
  killedAfterMs: number;
  state: IngestState;
}

async function withServerDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `kefu_crash_${Date.now()}`;
  const admin = new pg.Client({ connectionString: values['db-url'] });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(values['db-url']!);
  url.pathname = `/${name}`;
  const c = new pg.Client({ connectionString: url.href });
  await c.connect();
  await c.query('CREATE EXTENSION IF NOT EXISTS vector; CREATE EXTENSION IF NOT EXISTS pg_trgm;');
  await c.end();
  try {
    return await fn(url.href);
  } finally {
    const drop = new pg.Client({ connectionString: values['db-url'] });
    await drop.connect();
    await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await drop.end();
  }
}

async function run(target: string): Promise<{ rounds: Round[]; final: IngestState; finalOutcomes: Record<string, number>; corpusRevised: number; ms: number }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `crash-${target}-`));
  const corpusDir = path.join(tmp, 'corpus');
  const corpus = writeCorpus(corpusDir, files);
  const started = performance.now();
  const go = async (env: Record<string, string>, dbTarget: DatabaseTarget) => {
    const inspect = async () => {
      const db = await openDatabase(dbTarget);
      try {
        return await inspectIngest(db, 'crash');
      } finally {
        await db.close();
      }
    };
    const rounds: Round[] = [];
    let revised = 0;
    for (let i = 1; i <= kills; i++) {
      const svc = await startService({ ...env, RATE_LIMIT_ENABLED: 'false', AUTH_ENABLED: 'false' });
      if (!svc.url) throw new Error(`service did not start:\n${svc.output()}`);
      if (i === 1) await fetch(`${svc.url}/v1/knowledge-bases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"crash"}' });
      // Killed at a random moment between 0.2 s and 4 s into the uploads: mid-request, mid-transaction or between files.
      const delay = 200 + random() * 3800;
      let killedAt = 0;
      // A fresh order each round, as parallel uploads of a folder would go: the kill lands among
      // new and changed files, not always on the first ones (already stored and skipped).
      const order = [...corpus].sort(() => random() - 0.5);
      const round = uploadFolder(svc.url, 'crash', corpusDir, order, {
        onFirst: () =>
          setTimeout(() => {
            killedAt = delay;
            svc.child.kill('SIGKILL');
          }, delay),
      });
      const r = await round;
      await killHard(svc);
      const state = await inspect();
      rounds.push({ round: i, acknowledged: r.acknowledged, killedAfterMs: killedAt, state });
      process.stderr.write(`${target} round ${i}: ${r.acknowledged} uploads acknowledged, killed after ${Math.round(killedAt)} ms; ${state.documents} documents, half ${state.halfDocuments}, duplicates ${state.duplicates}, mixed ${state.mixedRevisions}, index ${state.indexConsistent ? 'ok' : 'MISMATCH'}\n`);
      revised += reviseSome(corpusDir, corpus, 0.05, random);
    }
    const svc = await startService({ ...env, RATE_LIMIT_ENABLED: 'false', AUTH_ENABLED: 'false' });
    const last = await uploadFolder(svc.url!, 'crash', corpusDir, corpus);
    await stopService(svc);
    if (last.interrupted) throw new Error(`the final upload was interrupted: ${last.interrupted}`);
    const final = await inspect();
    const stale = corpus.filter((f) => final.revisions.get(f.name) !== f.revision).length;
    process.stderr.write(`${target} final: ${final.documents}/${files} documents, ${stale} not at their latest revision, outcomes ${JSON.stringify(last.outcomes)}\n`);
    if (stale) throw new Error(`${stale} documents are not at the files' latest revision`);
    return { rounds, final, finalOutcomes: last.outcomes, corpusRevised: revised, ms: performance.now() - started };
  };
  try {
    if (target === 'pglite') return await go({ DATA_DIR: path.join(tmp, 'data') }, { kind: 'pglite', dataDir: path.join(tmp, 'data', 'pglite') });
    return await withServerDatabase((url) => go({ DATABASE_URL: url }, { kind: 'postgres', url }));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const sections: string[] = [];
let bad = false;
for (const target of targets) {
  const r = await run(target);
  const worst = (k: 'halfDocuments' | 'duplicates' | 'mixedRevisions') => Math.max(...r.rounds.map((x) => x.state[k]));
  const inconsistent = r.rounds.filter((x) => !x.state.indexConsistent).length;
  bad ||= worst('halfDocuments') > 0 || worst('duplicates') > 0 || worst('mixedRevisions') > 0 || inconsistent > 0 || r.final.documents !== files;
  const rows = r.rounds.map((x) => [
    String(x.round), String(x.acknowledged), String(Math.round(x.killedAfterMs)), String(x.state.documents),
    String(x.state.halfDocuments), String(x.state.duplicates), String(x.state.mixedRevisions), x.state.indexConsistent ? 'yes' : 'NO',
  ]);
  const t = table(['round', 'uploads acked', 'killed after ms', 'documents', 'half', 'duplicates', 'mixed revisions', 'index matches'], rows);
  console.log(`\n${target}\n${t}\nfinal: ${r.final.documents}/${files} documents, outcomes ${JSON.stringify(r.finalOutcomes)}`);
  sections.push(
    [
      `#### ${target === 'pglite' ? 'PGlite' : 'PostgreSQL server'}: ${kills} kills`,
      '',
      `- ${files} files (${Math.ceil(files / 20)} FAQ tables, the rest 8-section Markdown documents), 3 uploads at a time; ${r.corpusRevised} file edits between rounds (updates as well as new documents); ${(r.ms / 60000).toFixed(1)} min`,
      `- Worst round: ${worst('halfDocuments')} half documents, ${worst('duplicates')} duplicates, ${worst('mixedRevisions')} documents mixing two revisions; index mismatches: ${inconsistent}`,
      `- Re-running the upload afterwards: ${r.final.documents}/${files} documents, every one at its file's latest revision; outcomes ${JSON.stringify(r.finalOutcomes)}`,
      '',
      t,
      '',
    ].join('\n'),
  );
}
if (!values['no-append'])
  fs.appendFileSync(
    'docs/reliability.md',
    [
      `\n### kill -9 during ingestion, ${new Date().toISOString()}`,
      '',
      `- Command: \`npm run crash:ingest -- --kills ${kills} --files ${files} --target ${values.target} --seed ${values.seed}\``,
      codeLine(codeVersion()),
      `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB.toFixed(1)} GiB, ${machine.os}, Node ${machine.node}, PGlite ${machine.pglite}`,
      loadAverageLine(machine, os.loadavg()),
      '',
      ...sections,
    ].join('\n'),
  );
process.exit(bad ? 1 : 0);
