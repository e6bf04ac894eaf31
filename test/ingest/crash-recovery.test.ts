import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/database.js';
import { PgSearchIndex } from '../../src/adapters/db/pg-search-index.js';

const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FILES = 150;
function writeCorpus(dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < FILES; i++) {
    const sections = Array.from({ length: 12 }, (_, s) => `## 第 ${s} 节 Section ${s}\n\n` + `产品 LM-${i}-${s} 的说明。This paragraph describes item ${i}. `.repeat(20));
    fs.writeFileSync(path.join(dir, `doc-${String(i).padStart(3, '0')}.md`), `# Document ${i}\n\n${sections.join('\n\n')}\n`);
  }
}

describe('kill -9 during ingestion (PGlite)', () => {
  it('leaves no half document, and re-running the ingest finishes the job', async () => {
    const corpus = path.join(tmp, 'corpus');
    writeCorpus(corpus);
    const env = { ...process.env, DATA_DIR: path.join(tmp, 'data'), LOG_LEVEL: 'silent' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'ingest/cli.ts', corpus, '--kb', 'crash', '--log'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    const dataDir = path.join(tmp, 'data', 'pglite');
    // Kill mid-way: after some documents were committed, while others are being written.
    let done = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (b: Buffer) => {
        done += (b.toString().match(/^created /gm) ?? []).length;
        if (done >= 20) resolve();
      });
      child.once('exit', () => resolve());
    });
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode !== null || child.signalCode ? r(null) : child.once('exit', r)));

    const db = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const docs = await db.pool.query(`SELECT d.status, d.chunk_count, (SELECT count(*)::int FROM chunks c WHERE c.document_id = d.id) AS n FROM documents d`);
      expect(docs.rows.length).toBeGreaterThan(0);
      expect(docs.rows.length).toBeLessThan(FILES);
      for (const r of docs.rows) {
        expect(r.status).toBe('ready');
        expect(r.n).toBe(r.chunk_count);
      }
      // The lexical index rebuilt from what survived holds exactly the committed chunks.
      const { rows: kbs } = await db.pool.query<{ id: string }>(`SELECT id FROM knowledge_bases WHERE name = 'crash'`);
      const indexes = await new PgSearchIndex(db).lexical.indexes(kbs[0].id);
      expect(indexes.chunks.size).toBe(docs.rows.reduce((s, r) => s + r.n, 0));
    } finally {
      await db.close();
    }

    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'ingest/cli.ts', corpus, '--kb', 'crash', '--quiet'], { env, timeout: 300_000 });
    expect(stdout).toMatch(/\d+ created, 0 updated, \d+ unchanged, 0 failed/);
    const db2 = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const { rows } = await db2.pool.query(`SELECT count(*)::int AS n, count(DISTINCT source_path)::int AS paths FROM documents WHERE status = 'ready'`);
      expect(rows[0]).toEqual({ n: FILES, paths: FILES });
    } finally {
      await db2.close();
    }
  }, 400_000);
});
