import type { EmbeddingSpaceStore } from '../../ports/knowledge-store.js';
import { withTransaction, type Database } from './database.js';

export class PgEmbeddingSpace implements EmbeddingSpaceStore {
  constructor(private readonly db: Database) {}

  async get() {
    const { rows } = await this.db.pool.query<{ embedder: string; dimension: number }>('SELECT embedder, dimension FROM embedding_space');
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
}
