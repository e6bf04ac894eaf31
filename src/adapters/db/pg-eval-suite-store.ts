import { recordAudit } from './pg-tenant-store.js';
import type { AuditOf } from '../../domain/tenancy.js';
import type pg from 'pg';
import type { EvalCaseBody } from '../../domain/eval-case.js';
import { EvalCaseExists, SuiteConflict } from '../../domain/errors.js';
import type { EvalSuiteStore, NewStoredSuite, StoredSuite } from '../../ports/eval-store.js';
import { withTransaction, type Database } from './database.js';
import { jsonbText } from './pg-eval-run-store.js';

// Never the cases text: a listing of suites must not read every case of every suite.
const SUITE_COLUMNS = 'id, name, kind, lang, description, kb_id, knowledge, skills, origin, case_count, created_at, updated_at';

function toSuite(r: any): StoredSuite {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    lang: r.lang,
    description: r.description,
    knowledgeBase: r.kb_id,
    knowledge: r.knowledge ?? [],
    skills: r.skills,
    origin: r.origin,
    caseCount: r.case_count,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** One case per line, as the shared cases file holds them (PostgreSQL text refuses NUL, so it is dropped). */
const toLines = (cases: EvalCaseBody[]) => cases.map((c) => jsonbText(c) + '\n').join('');
const fromLines = (text: string) => text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as EvalCaseBody);

/** One tenant's stored suites; suite names are unique per tenant. */
export class PgEvalSuiteStore implements EvalSuiteStore {
  constructor(
    private readonly db: Database,
    readonly tenantId: string,
  ) {}

  async list(): Promise<StoredSuite[]> {
    const { rows } = await this.db.pool.query(`SELECT ${SUITE_COLUMNS} FROM eval_suites WHERE tenant_id = $1 ORDER BY name`, [this.tenantId]);
    return rows.map(toSuite);
  }

  async get(name: string): Promise<StoredSuite | undefined> {
    const { rows } = await this.db.pool.query(`SELECT ${SUITE_COLUMNS} FROM eval_suites WHERE name = $1 AND tenant_id = $2`, [name, this.tenantId]);
    return rows[0] ? toSuite(rows[0]) : undefined;
  }

  async cases(suiteId: string): Promise<EvalCaseBody[]> {
    const { rows } = await this.db.pool.query('SELECT cases FROM eval_suites WHERE id = $1 AND tenant_id = $2', [suiteId, this.tenantId]);
    return rows[0] ? fromLines(rows[0].cases) : [];
  }

  async replace(suite: NewStoredSuite, cases: EvalCaseBody[]): Promise<StoredSuite> {
    const { rows } = await this.db.pool.query(
      `INSERT INTO eval_suites (name, kind, lang, description, kb_id, knowledge, skills, origin, cases, case_count, tenant_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (tenant_id, name) DO UPDATE SET kind = EXCLUDED.kind, lang = EXCLUDED.lang, description = EXCLUDED.description, kb_id = EXCLUDED.kb_id,
         knowledge = EXCLUDED.knowledge, skills = EXCLUDED.skills, origin = EXCLUDED.origin, cases = EXCLUDED.cases, case_count = EXCLUDED.case_count,
         updated_at = now()
       RETURNING ${SUITE_COLUMNS}`,
      [
        suite.name, suite.kind, suite.lang, suite.description, suite.knowledgeBase, JSON.stringify(suite.knowledge),
        suite.skills ? jsonbText(suite.skills) : null, suite.origin, toLines(cases), cases.length, this.tenantId,
      ],
    );
    return toSuite(rows[0]);
  }

  appendCase(suite: NewStoredSuite, body: EvalCaseBody) {
    return withTransaction(this.db, async (c) => {
      let created = false;
      let stored = await lockSuite(c, this.tenantId, suite.name);
      if (!stored) {
        const { rows } = await c.query(
          `INSERT INTO eval_suites (name, kind, lang, description, kb_id, origin, tenant_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (tenant_id, name) DO NOTHING RETURNING ${SUITE_COLUMNS}, cases`,
          [suite.name, suite.kind, suite.lang, suite.description, suite.knowledgeBase, suite.origin, this.tenantId],
        );
        // Another request created it between our read and insert: take the row it made.
        stored = rows[0] ? { ...toSuite(rows[0]), cases: rows[0].cases } : await lockSuite(c, this.tenantId, suite.name);
        created = !!rows[0];
      }
      if (!stored) throw new SuiteConflict(`Suite ${suite.name} could not be created`);
      if (stored.knowledgeBase !== suite.knowledgeBase || stored.kind !== suite.kind)
        throw new SuiteConflict(
          stored.knowledgeBase
            ? `Suite ${suite.name} runs against knowledge base ${stored.knowledgeBase}, not ${suite.knowledgeBase}; name another suite`
            : `Suite ${suite.name} does not run on a live knowledge base; cases from conversations go into a suite that does`,
          { details: { suite: suite.name, knowledgeBase: stored.knowledgeBase, kind: stored.kind } },
        );
      if (fromLines(stored.cases).some((x) => x.id === body.id))
        throw new EvalCaseExists(`Suite ${suite.name} already has case ${body.id}`, { details: { suite: suite.name, id: body.id } });
      // A cases text from an upload may lack its last newline.
      const { rows } = await c.query(
        `UPDATE eval_suites SET cases = cases || CASE WHEN cases = '' OR right(cases, 1) = E'\\n' THEN '' ELSE E'\\n' END || $2,
           case_count = case_count + 1, updated_at = now()
         WHERE id = $1 RETURNING ${SUITE_COLUMNS}`,
        [stored.id, toLines([body])],
      );
      return { suite: toSuite(rows[0]), created };
    });
  }

  async delete(name: string, audit?: AuditOf): Promise<boolean> {
    return withTransaction(this.db, async (c) => {
      const { rowCount } = await c.query('DELETE FROM eval_suites WHERE name = $1 AND tenant_id = $2', [name, this.tenantId]);
      if (rowCount && audit) await recordAudit(c, audit.actor, audit.action ?? 'suite.delete', name);
      return (rowCount ?? 0) > 0;
    });
  }
}

async function lockSuite(c: pg.PoolClient, tenantId: string, name: string): Promise<(StoredSuite & { cases: string }) | undefined> {
  const { rows } = await c.query(`SELECT ${SUITE_COLUMNS}, cases FROM eval_suites WHERE name = $1 AND tenant_id = $2 FOR UPDATE`, [name, tenantId]);
  return rows[0] ? { ...toSuite(rows[0]), cases: rows[0].cases } : undefined;
}
