import { KnowledgeBaseExists } from '../../domain/errors.js';
import type { KnowledgeBase } from '../../domain/knowledge.js';
import type { KnowledgeBaseRepository } from '../../ports/knowledge-store.js';
import type { Database } from './database.js';
import { KB_COLUMNS, toKnowledgeBase, UUID_RE } from './row-mappers.js';

const UNIQUE_VIOLATION = '23505';

export class PgKnowledgeBaseRepository implements KnowledgeBaseRepository {
  constructor(private readonly db: Database) {}

  async create(input: { name: string; description?: string; settings?: Record<string, unknown> }): Promise<KnowledgeBase> {
    try {
      const { rows } = await this.db.pool.query(
        `INSERT INTO knowledge_bases (name, description, settings) VALUES ($1, $2, $3) RETURNING ${KB_COLUMNS}`,
        [input.name, input.description ?? '', JSON.stringify(input.settings ?? {})],
      );
      return toKnowledgeBase(rows[0]);
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION)
        throw new KnowledgeBaseExists(`A knowledge base named "${input.name}" already exists`, { cause: err, details: { name: input.name } });
      throw err;
    }
  }

  async find(idOrName: string): Promise<KnowledgeBase | undefined> {
    const byId = UUID_RE.test(idOrName);
    const { rows } = await this.db.pool.query(
      `SELECT ${KB_COLUMNS} FROM knowledge_bases WHERE ${byId ? 'id = $1::uuid' : 'name = $1'}`,
      [idOrName],
    );
    return rows[0] ? toKnowledgeBase(rows[0]) : undefined;
  }

  async list(): Promise<KnowledgeBase[]> {
    const { rows } = await this.db.pool.query(`SELECT ${KB_COLUMNS} FROM knowledge_bases ORDER BY created_at, name`);
    return rows.map(toKnowledgeBase);
  }

  async update(id: string, patch: { name?: string; description?: string; settings?: Record<string, unknown> }) {
    try {
      const { rows } = await this.db.pool.query(
        `UPDATE knowledge_bases SET name = COALESCE($2, name), description = COALESCE($3, description),
           settings = COALESCE($4::jsonb, settings), updated_at = now()
         WHERE id = $1 RETURNING ${KB_COLUMNS}`,
        [id, patch.name ?? null, patch.description ?? null, patch.settings ? JSON.stringify(patch.settings) : null],
      );
      return rows[0] ? toKnowledgeBase(rows[0]) : undefined;
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION)
        throw new KnowledgeBaseExists(`A knowledge base named "${patch.name}" already exists`, { cause: err });
      throw err;
    }
  }

  async delete(id: string): Promise<boolean> {
    const { rowCount } = await this.db.pool.query('DELETE FROM knowledge_bases WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }
}
