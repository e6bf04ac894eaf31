import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/composition-root.js';
import { indexText } from '../../src/use-cases/ingest-document.js';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { testConfig } from '../helpers/build.js';

const DOC = '# Warranty\n\nEvery phone has a one-year warranty. 整机保修一年。\n\n# Returns\n\nReturn within 7 days.\n';

describe.each(databases)('embedding space on %s', (_name, open) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => t?.cleanup());

  it('records the embedder, refuses another one at start-up, and reembed moves every vector atomically', async () => {
    const first = await createContext(testConfig({ EMBEDDING_DIM: '64' }), { db: t.db });
    const kb = await first.knowledgeBases.create({ name: 'space' });
    await first.ingestDocument(kb.id, { sourcePath: 'policy.md', bytes: new TextEncoder().encode(DOC) });
    await first.ingestDocument(kb.id, {
      sourcePath: 'faq.jsonl',
      bytes: new TextEncoder().encode('{"id":"w","question":"保修多久","answer":"一年","alt_questions":["warranty how long"]}\n'),
    });
    // The local embedder's vector channel is off by default: nothing embedded, nothing stored.
    expect(await first.embeddingSpace.get()).toEqual({ embedder: 'local:hashed-lexical-v1', dimension: 64, vectorsComplete: false });
    const stored = await t.db.pool.query(`SELECT (SELECT count(embedding)::int FROM chunks) + (SELECT count(embedding)::int FROM faq_questions) AS n`);
    expect(stored.rows[0].n).toBe(0);
    // Turning the vector channel on over vector-less rows is refused until reembed fills them.
    await expect(createContext(testConfig({ EMBEDDING_DIM: '64', WEIGHT_VECTOR: '1' }), { db: t.db })).rejects.toMatchObject({
      code: 'EMBEDDING_MISMATCH',
      message: expect.stringContaining('npm run reembed'),
    });

    const other = testConfig({ EMBEDDING_DIM: '32' });
    await expect(createContext(other, { db: t.db })).rejects.toMatchObject({
      code: 'EMBEDDING_MISMATCH',
      message: expect.stringContaining('npm run reembed'),
    });

    const moving = await createContext(other, { db: t.db, checkEmbeddingSpace: false });
    const r = await moving.embeddingSpace.replaceAll(moving.embedder.id, 32, (items) =>
      moving.embedder.embedDocuments(items.map((i) => (i.kind === 'chunk' ? indexText(i.headingPath, i.text) : i.text))),
    );
    expect(r).toEqual({ chunks: 2, faqQuestions: 2 });
    expect(await moving.embeddingSpace.get()).toEqual({ embedder: 'local:hashed-lexical-v1', dimension: 32, vectorsComplete: true });
    const dims = await t.db.pool.query(
      `SELECT DISTINCT vector_dims(embedding) AS d FROM chunks UNION SELECT DISTINCT vector_dims(embedding) FROM faq_questions WHERE embedding IS NOT NULL`,
    );
    expect(dims.rows.map((x) => x.d)).toEqual([32]);

    // The service now starts with the new embedder, and vector search answers in the new space.
    const after = await createContext(testConfig({ EMBEDDING_DIM: '32', WEIGHT_VECTOR: '1' }), { db: t.db });
    const hits = await after.index.chunksByVector(kb.id, await after.embedder.embedQuery('warranty one year'), 5);
    expect(hits).toHaveLength(2);
    const [top] = (await after.index.loadHits([hits[0].id], [])).chunks;
    expect(top.headingPath).toEqual(['Warranty']);

    // With the channel on, new documents are stored with vectors and the space stays complete.
    await after.ingestDocument(kb.id, { sourcePath: 'more.md', bytes: new TextEncoder().encode('# Battery\n\nThe battery lasts two days.\n') });
    expect((await after.embeddingSpace.get())?.vectorsComplete).toBe(true);
    const missing = await t.db.pool.query(`SELECT count(*)::int AS n FROM chunks WHERE embedding IS NULL`);
    expect(missing.rows[0].n).toBe(0);
    // Off again: new documents skip vectors and the space says so.
    const off = await createContext(testConfig({ EMBEDDING_DIM: '32' }), { db: t.db });
    await off.ingestDocument(kb.id, { sourcePath: 'less.md', bytes: new TextEncoder().encode('# Screen\n\nThe screen is 6.1 inches.\n') });
    expect((await off.embeddingSpace.get())?.vectorsComplete).toBe(false);
  });
});
