import type { EmbeddingSpaceStore } from '../../ports/knowledge-store.js';

const BATCH = 256;
import { withTransaction, type Database } from './database.js';
import { vectorLiteral } from './vector-literal.js';

export class PgEmbeddingSpace implements EmbeddingSpaceStore {
  constructor(private readonly db: Database) {}

  async get() {
    const { rows } = await this.db.pool.query<{ embedder: string; dimension: number; vectorsComplete: boolean }>(
      'SELECT embedder, dimension, vectors_complete AS "vectorsComplete" FROM embedding_space',
    );
    return rows[0];
  }

  async initialise(embedder: string, dimension: number): Promise<void> {
    await withTransaction(this.db, async (c) => {
      // Serialises two processes starting on an empty server database at once.
      await c.query('LOCK TABLE embedding_space IN EXCLUSIVE MODE');
      const { rows } = await c.query('SELECT 1 FROM embedding_space');
      if (rows.length) return;
      await c.query('SELECT set_embedding_dimension($1)', [dimension]);
      await c.query('INSERT INTO embedding_space (embedder, dimension) VALUES ($1, $2)', [embedder, dimension]);
    });
  }

  async replaceAll(
    embedder: string,
    dimension: number,
    embed: Parameters<EmbeddingSpaceStore['replaceAll']>[2],
    onProgress?: (done: number, total: number) => void,
  ) {
    return withTransaction(this.db, async (c) => {
      await c.query('LOCK TABLE embedding_space IN EXCLUSIVE MODE');
      const chunks = (await c.query<{ id: string; heading_path: string[]; content: string }>('SELECT id, heading_path, content FROM chunks ORDER BY id')).rows;
      const questions = (await c.query<{ id: string; question: string }>("SELECT id, question FROM faq_questions WHERE role <> 'answer' ORDER BY id")).rows;
      const total = chunks.length + questions.length;
      await c.query('SELECT set_embedding_dimension($1)', [dimension]);
      let done = 0;
      const work = [
        ...chunks.map((r) => ({ table: 'chunks', id: r.id, item: { kind: 'chunk' as const, headingPath: r.heading_path, text: r.content } })),
        ...questions.map((r) => ({ table: 'faq_questions', id: r.id, item: { kind: 'faq' as const, headingPath: [], text: r.question } })),
      ];
      for (let i = 0; i < work.length; i += BATCH) {
        const batch = work.slice(i, i + BATCH);
        const vectors = await embed(batch.map((w) => w.item));
        for (const table of ['chunks', 'faq_questions'] as const) {
          const rows = batch.flatMap((w, j) => (w.table === table ? [{ id: w.id, v: vectorLiteral(vectors[j]) }] : []));
          if (!rows.length) continue;
          await c.query(
            `UPDATE ${table} t SET embedding = (r->>'v')::halfvec FROM jsonb_array_elements($1::jsonb) r WHERE t.id = (r->>'id')::bigint`,
            [JSON.stringify(rows)],
          );
        }
        done += batch.length;
        onProgress?.(done, total);
      }
      await c.query('DELETE FROM embedding_space');
      await c.query('INSERT INTO embedding_space (embedder, dimension) VALUES ($1, $2)', [embedder, dimension]);
      return { chunks: chunks.length, faqQuestions: questions.length };
    });
  }
}
