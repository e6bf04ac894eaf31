import { KnowledgeBaseExists } from '../../domain/errors.js';
import type { KnowledgeBase } from '../../domain/knowledge.js';
import type { KnowledgeBaseRepository } from '../../ports/knowledge-store.js';
import { withTransaction, type Database } from './database.js';
import { recordAudit } from './pg-tenant-store.js';
import type { AuditOf } from '../../domain/tenancy.js';
import { KB_COLUMNS, toKnowledgeBase, UUID_RE } from './row-mappers.js';

const UNIQUE_VIOLATION = '23505';

/** One tenant's knowledge bases: every statement filters by the tenant it was built for. */
export class PgKnowledgeBaseRepository implements KnowledgeBaseRepository {
  constructor(
    private readonly db: Database,
    readonly tenantId: string,
  ) {}

  async create(input: { name: string; description?: string; settings?: Record<string, unknown> }, audit?: AuditOf): Promise<KnowledgeBase> {
    try {
      const { rows } = await this.audited(audit, 'kb.create', (r) => r.id, { name: input.name }).query(
        `INSERT INTO knowledge_bases (tenant_id, name, description, settings) VALUES ($4, $1, $2, $3) RETURNING ${KB_COLUMNS}`,
        [input.name, input.description ?? '', JSON.stringify(input.settings ?? {}), this.tenantId],
      );
      return toKnowledgeBase(rows[0]);
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION)
        throw new KnowledgeBaseExists(`A knowledge base named "${input.name}" already exists`, { cause: err, details: { name: input.name } });
      throw err;
    }
  }

  /**
   * Runs one statement, and with `audit` its audit row, in one transaction (a row written only
   * when the statement changed one).
   */
  private audited(audit: AuditOf | undefined, action: string, target: (row: any) => string, details: Record<string, unknown>) {
    const db = this.db;
    return {
      query(sql: string, params: unknown[]) {
        if (!audit) return db.pool.query(sql, params);
        return withTransaction(db, async (c) => {
          const result = await c.query(sql, params);
          if (result.rowCount) await recordAudit(c, audit.actor, audit.action ?? action, target(result.rows[0]), details);
          return result;
        });
      },
    };
  }

  async find(idOrName: string): Promise<KnowledgeBase | undefined> {
    const byId = UUID_RE.test(idOrName);
    const { rows } = await this.db.pool.query(
      `SELECT ${KB_COLUMNS} FROM knowledge_bases WHERE tenant_id = $2 AND ${byId ? 'id = $1::uuid' : 'name = $1'}`,
      [idOrName, this.tenantId],
    );
    return rows[0] ? toKnowledgeBase(rows[0]) : undefined;
  }

  async list(): Promise<KnowledgeBase[]> {
    const { rows } = await this.db.pool.query(`SELECT ${KB_COLUMNS} FROM knowledge_bases WHERE tenant_id = $1 ORDER BY created_at, name`, [this.tenantId]);
    return rows.map(toKnowledgeBase);
  }

  async update(id: string, patch: { name?: string; description?: string; settings?: Record<string, unknown> }, audit?: AuditOf) {
    try {
      const { rows } = await this.audited(audit, 'kb.update', () => id, { fields: Object.keys(patch) }).query(
        `UPDATE knowledge_bases SET name = COALESCE($2, name), description = COALESCE($3, description),
           settings = COALESCE($4::jsonb, settings), updated_at = now()
         WHERE id = $1 AND tenant_id = $5 RETURNING ${KB_COLUMNS}`,
        [id, patch.name ?? null, patch.description ?? null, patch.settings ? JSON.stringify(patch.settings) : null, this.tenantId],
      );
      return rows[0] ? toKnowledgeBase(rows[0]) : undefined;
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION)
        throw new KnowledgeBaseExists(`A knowledge base named "${patch.name}" already exists`, { cause: err });
      throw err;
    }
  }

  async delete(id: string, audit?: AuditOf): Promise<boolean> {
    const { rowCount } = await this.audited(audit, 'kb.delete', () => id, {}).query('DELETE FROM knowledge_bases WHERE id = $1 AND tenant_id = $2', [id, this.tenantId]);
    return (rowCount ?? 0) > 0;
  }
}
