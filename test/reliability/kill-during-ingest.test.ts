import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/db/database.js';
import { inspectIngest, reviseSome, uploadFolder, writeCorpus } from '../helpers/ingest-crash.js';
import { killHard, startService, stopService, type ServiceProcess } from '../helpers/service-process.js';

/** One round of what bench/crash-ingest.ts does 20 times per database (docs/reliability.md). */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kill-ingest-'));
const started: ServiceProcess[] = [];
afterAll(async () => {
  for (const s of started) await killHard(s);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('kill -9 of the service while it ingests uploads (PGlite)', () => {
  it('leaves no half document and no duplicate, and uploading again finishes the job', async () => {
    const corpusDir = path.join(tmp, 'corpus');
    const corpus = writeCorpus(corpusDir, 40);
    // Plain fetch from the upload helper; API keys are tested in test/tenancy.
    const env = { DATA_DIR: path.join(tmp, 'data'), RATE_LIMIT_ENABLED: 'false', AUTH_ENABLED: 'false' };
    const inspect = async () => {
      const db = await openDatabase({ kind: 'pglite', dataDir: path.join(tmp, 'data', 'pglite') });
      try {
        return await inspectIngest(db, 'crash');
      } finally {
        await db.close();
      }
    };

    const first = await startService(env);
    started.push(first);
    expect((await fetch(`${first.url}/v1/knowledge-bases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"crash"}' })).status).toBe(201);
    const round = await uploadFolder(first.url!, 'crash', corpusDir, corpus, { onAck: (n) => n === 10 && setTimeout(() => first.child.kill('SIGKILL'), 50) });
    await first.exited;
    expect(round.interrupted).toBeDefined();

    const afterKill = await inspect();
    expect(afterKill.documents).toBeGreaterThanOrEqual(10);
    expect(afterKill.documents).toBeLessThan(40);
    expect(afterKill).toMatchObject({ halfDocuments: 0, duplicates: 0, mixedRevisions: 0, indexConsistent: true });

    // Some files change before the upload is run again: updates as well as new documents.
    let seed = 7;
    reviseSome(corpusDir, corpus, 0.2, () => ((seed = (seed * 48271) % 2147483647) / 2147483647));
    const second = await startService(env);
    started.push(second);
    const rerun = await uploadFolder(second.url!, 'crash', corpusDir, corpus);
    expect(rerun.interrupted).toBeUndefined();
    expect(rerun.acknowledged).toBe(40);
    expect(Object.keys(rerun.outcomes).every((o) => ['created', 'updated', 'unchanged'].includes(o))).toBe(true);
    expect((await stopService(second)).code).toBe(0);

    const done = await inspect();
    expect(done).toMatchObject({ documents: 40, halfDocuments: 0, duplicates: 0, mixedRevisions: 0, indexConsistent: true });
    for (const f of corpus) expect([f.name, done.revisions.get(f.name)]).toEqual([f.name, f.revision]);
  }, 400_000);
});
