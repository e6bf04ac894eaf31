import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/database.js';
import { createContext, type AppContext } from '../../src/composition-root.js';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { testConfig } from '../helpers/build.js';

const enc = (s: string) => new TextEncoder().encode(s);

/**
 * Two contexts with their own in-memory indexes over one database: on the server each has its
 * own connection pool, as two service replicas (or the service and the ingest CLI) would.
 * On PGlite they share the one connection, which still exercises the revision check.
 */
describe.each(databases)('in-memory lexical index stays in step with the database on %s', (_name, open) => {
  let t: TestDatabase;
  let otherDb: Database | undefined;
  let reader: AppContext;
  let writer: AppContext;
  let kbId: string;

  const texts = async (query: string) => (await reader.searchKnowledge(kbId, query)).hits.map((h) => (h.type === 'chunk' ? h.sourcePath : h.externalId));

  beforeAll(async () => {
    t = await open();
    reader = await createContext(testConfig(), { db: t.db });
    otherDb = t.url ? await openDatabase({ kind: 'postgres', url: t.url, searchPath: t.searchPath, poolMax: 2 }) : undefined;
    writer = await createContext(testConfig(), { db: otherDb ?? t.db });
    kbId = (await writer.knowledgeBases.create({ name: 'sync' })).id;
    await writer.ingestDocument(kbId, { sourcePath: 'phones.md', bytes: enc('# Phones\n\nThe LM-X20 phone has a blue case.\n') });
  });
  afterAll(async () => {
    await otherDb?.close();
    await t?.cleanup();
  });

  it('sees documents another context writes, replaces and deletes after the first search built the index', async () => {
    expect(await texts('blue')).toEqual(['phones.md']);
    const before = (await reader.index.lexical.indexes(kbId)).chunks;

    await writer.ingestDocument(kbId, { sourcePath: 'tablets.md', bytes: enc('# Tablets\n\nThe LM-T8 tablet has a green case.\n') });
    expect((await texts('green case'))[0]).toBe('tablets.md');
    expect((await reader.searchKnowledge(kbId, 'LM-T8')).hits[0]).toMatchObject({ sourcePath: 'tablets.md', channels: { code: { rank: 1 } } });

    // A changed document replaces its entries: the old words are gone, the new ones found.
    await writer.ingestDocument(kbId, { sourcePath: 'tablets.md', bytes: enc('# Tablets\n\nThe LM-T8 tablet has a purple case.\n') });
    expect(await texts('green')).toEqual([]);
    expect((await texts('purple case'))[0]).toBe('tablets.md');

    const doc = await writer.documents.findByPath(kbId, 'tablets.md');
    await writer.documents.delete(kbId, doc!.id);
    expect(await texts('purple')).toEqual([]);
    expect(await texts('LM-T8')).not.toContain('tablets.md');

    // Patched in place (delta), not rebuilt, and it holds exactly the stored rows.
    const after = await reader.index.lexical.indexes(kbId);
    expect(after.chunks).toBe(before);
    const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM chunks WHERE kb_id = $1', [kbId]);
    expect(after.chunks.size).toBe(rows[0].n);
  });

  it('follows FAQ lists too, and scores like a fresh index built from the same rows', async () => {
    await writer.ingestDocument(kbId, {
      sourcePath: 'faq.jsonl',
      bytes: enc('{"id":"ship","question":"How long does shipping take?","answer":"Two days.","alt_questions":["delivery time"]}\n'),
    });
    const hits = (await reader.searchKnowledge(kbId, 'delivery time')).hits;
    expect(hits[0]).toMatchObject({ type: 'faq', externalId: 'ship' });

    const fresh = await createContext(testConfig(), { db: t.db });
    for (const q of ['delivery time', 'blue case phone', 'LM-X20']) {
      const a = await reader.searchKnowledge(kbId, q);
      const b = await fresh.searchKnowledge(kbId, q);
      expect(a.hits.map((h) => [h.id, h.channels])).toEqual(b.hits.map((h) => [h.id, h.channels]));
    }
  });

  it('trusts a revision the caller has just read: no round trip when the index holds it, a sync when it is behind', async () => {
    const kb = (await reader.knowledgeBases.find(kbId))!;
    expect(kb.revision).toEqual(expect.any(Number));
    await reader.index.lexical.indexes(kbId);
    const pool = t.db.pool;
    const query = pool.query;
    let reads = 0;
    pool.query = ((...args: Parameters<typeof query>) => {
      reads++;
      return (query as (...a: unknown[]) => unknown).apply(pool, args);
    }) as typeof query;
    try {
      await reader.index.lexical.indexes(kbId, kb.revision);
      await reader.index.termFrequencies(kbId, ['blue'], kb.revision);
      expect(reads).toBe(0);
      // Without the revision the index reads it.
      await reader.index.lexical.indexes(kbId);
      expect(reads).toBe(1);

      await writer.ingestDocument(kbId, { sourcePath: 'watches.md', bytes: enc('# Watches\n\nThe LM-W2 watch has an orange strap.\n') });
      const newer = (await reader.knowledgeBases.find(kbId))!;
      expect(newer.revision).toBeGreaterThan(kb.revision!);
      // A knowledge base read after the write brings the index up to date before it is searched.
      expect((await reader.searchKnowledge(newer, 'orange strap')).hits[0]).toMatchObject({ sourcePath: 'watches.md' });
    } finally {
      pool.query = query;
    }
  });

  it('forgets a deleted knowledge base', async () => {
    await writer.knowledgeBases.delete(kbId);
    expect((await reader.index.lexical.indexes(kbId)).chunks.size).toBe(0);
    expect(reader.index.lexical.stats().map((s) => s.kbId)).not.toContain(kbId);
  });
});
