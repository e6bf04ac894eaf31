import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/db/migrator.js';
import { databases, type TestDatabase } from '../helpers/databases.js';

describe.each(databases)('migrations on %s', (_name, open) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => t?.cleanup());

  it('creates the schema once and is a no-op the second time', async () => {
    const again = await migrate(t.db);
    expect(again.applied).toEqual([]);
    expect(again.to).toBeGreaterThanOrEqual(1);
    const { rows } = await t.db.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['knowledge_bases', 'documents', 'chunks', 'faq_entries', 'faq_questions', 'embedding_space']),
    );
  });

  it('fixes the vector dimension through the migration-owned function and searches with HNSW', async () => {
    await t.db.pool.query('SELECT set_embedding_dimension(3)');
    const kb = await t.db.pool.query<{ id: string }>(`INSERT INTO knowledge_bases (name) VALUES ('m') RETURNING id`);
    const doc = await t.db.pool.query<{ id: string }>(
      `INSERT INTO documents (kb_id, source_path, kind, mime_type, content_hash, status) VALUES ($1, 'a.md', 'doc', 'text/markdown', 'h', 'ready') RETURNING id`,
      [kb.rows[0].id],
    );
    for (const [i, v] of ['[1,0,0]', '[0,1,0]', '[0.9,0.1,0]'].entries()) {
      await t.db.pool.query(
        `INSERT INTO chunks (kb_id, document_id, position, content, language, search_text, embedding) VALUES ($1, $2, $3, 'x', 'en', 'x', $4)`,
        [kb.rows[0].id, doc.rows[0].id, i, v],
      );
    }
    const { rows } = await t.db.pool.query<{ position: number }>(
      `SELECT position FROM chunks ORDER BY embedding <=> $1::halfvec LIMIT 2`,
      ['[1,0,0]'],
    );
    expect(rows.map((r) => r.position)).toEqual([0, 2]);
    await expect(
      t.db.pool.query(`INSERT INTO chunks (kb_id, document_id, position, content, language, search_text, embedding) VALUES ($1, $2, 9, 'x', 'en', 'x', '[1,2]')`, [
        kb.rows[0].id,
        doc.rows[0].id,
      ]),
    ).rejects.toThrow(/dimensions/);
  });

  it('002 moves lexical search out of SQL: no tsvector, statistics or GIN; a revision and change log instead', async () => {
    const cols = await t.db.pool.query<{ t: string; c: string }>(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = current_schema()
       AND (column_name = 'tsv' OR (table_name = 'knowledge_bases' AND column_name = 'revision') OR column_name = 'vectors_complete') ORDER BY 1, 2`,
    );
    expect(cols.rows).toEqual([{ t: 'embedding_space', c: 'vectors_complete' }, { t: 'knowledge_bases', c: 'revision' }]);
    const tables = await t.db.pool.query<{ n: string }>(
      `SELECT table_name AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('kb_term_stats', 'kb_corpus_stats', 'kb_index_log')`,
    );
    expect(tables.rows.map((r) => r.n)).toEqual(['kb_index_log']);
    // (007's analytics rollups index their agent/team/skill arrays with GIN; no text search does.)
    const gin = await t.db.pool.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexdef ILIKE '%USING gin%' AND tablename NOT LIKE 'analytics%'`,
    );
    expect(gin.rows).toEqual([]);
    const fks = await t.db.pool.query<{ name: string }>(
      `SELECT conname AS name FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace AND conname LIKE '%kb_id%' ORDER BY 1`,
    );
    // Chunk and FAQ rows no longer carry their own; conversations (003) do.
    expect(fks.rows.map((r) => r.name)).toEqual(['conversations_kb_id_fkey', 'documents_kb_id_fkey', 'kb_index_log_kb_id_fkey']);
    const kb = await t.db.pool.query<{ revision: string }>(`INSERT INTO knowledge_bases (name) VALUES ('rev') RETURNING revision`);
    expect(Number(kb.rows[0].revision)).toBe(0);
  });
});
