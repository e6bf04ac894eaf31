import type pg from 'pg';
import type { EvalCaseBody } from '../../domain/eval-case.js';
import { EvalCaseExists, SuiteConflict } from '../../domain/errors.js';
import type { EvalSuiteStore, NewStoredSuite, StoredSuite } from '../../ports/eval-store.js';
import { withTransaction, type Database } from './database.js';
import { jsonbText } from './pg-eval-run-store.js';

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

export class PgEvalSuiteStore implements EvalSuiteStore {
  constructor(private readonly db: Database) {}

  async list(): Promise<StoredSuite[]> {
    const { rows } = await this.db.pool.query(`SELECT ${SUITE_COLUMNS} FROM eval_suites ORDER BY name`);
    return rows.map(toSuite);
  }

  async get(name: string): Promise<StoredSuite | undefined> {
    const { rows } = await this.db.pool.query(`SELECT ${SUITE_COLUMNS} FROM eval_suites WHERE name = $1`, [name]);
    return rows[0] ? toSuite(rows[0]) : undefined;
  }

  async cases(suiteId: string): Promise<EvalCaseBody[]> {
    const { rows } = await this.db.pool.query('SELECT body FROM eval_cases WHERE suite_id = $1 ORDER BY position', [suiteId]);
    return rows.map((r) => r.body as EvalCaseBody);
  }

  replace(suite: NewStoredSuite, cases: EvalCaseBody[]): Promise<StoredSuite> {
    return withTransaction(this.db, async (c) => {
      const { rows } = await c.query(
        `INSERT INTO eval_suites (name, kind, lang, description, kb_id, knowledge, skills, origin, case_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (name) DO UPDATE SET kind = EXCLUDED.kind, lang = EXCLUDED.lang, description = EXCLUDED.description, kb_id = EXCLUDED.kb_id,
           knowledge = EXCLUDED.knowledge, skills = EXCLUDED.skills, origin = EXCLUDED.origin, case_count = EXCLUDED.case_count, updated_at = now()
         RETURNING ${SUITE_COLUMNS}`,
        [suite.name, suite.kind, suite.lang, suite.description, suite.knowledgeBase, JSON.stringify(suite.knowledge), suite.skills ? jsonbText(suite.skills) : null, suite.origin, cases.length],
      );
      const stored = toSuite(rows[0]);
      await c.query('DELETE FROM eval_cases WHERE suite_id = $1', [stored.id]);
      // One statement for the lot: a 10k-case upload is one round trip, not 10k.
      if (cases.length)
        await c.query(
          `INSERT INTO eval_cases (suite_id, position, case_id, body)
           SELECT $1, x.ord, x.value->>'id', x.value FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(value, ord)`,
          [stored.id, jsonbText(cases)],
        );
      return stored;
    });
  }

  appendCase(suite: NewStoredSuite, body: EvalCaseBody, messageId: string | null) {
    return withTransaction(this.db, async (c) => {
      let created = false;
      let stored = await lockSuite(c, suite.name);
      if (!stored) {
        const { rows } = await c.query(
          `INSERT INTO eval_suites (name, kind, lang, description, kb_id, knowledge, origin) VALUES ($1, $2, $3, $4, $5, '[]', $6)
           ON CONFLICT (name) DO NOTHING RETURNING ${SUITE_COLUMNS}`,
          [suite.name, suite.kind, suite.lang, suite.description, suite.knowledgeBase, suite.origin],
        );
        // Another request created it between our read and insert: take the row it made.
        stored = rows[0] ? toSuite(rows[0]) : await lockSuite(c, suite.name);
        created = !!rows[0];
      }
      if (!stored) throw new SuiteConflict(`Suite ${suite.name} could not be created`);
      if (stored.knowledgeBase !== suite.knowledgeBase || stored.kind !== suite.kind)
        throw new SuiteConflict(
          stored.knowledgeBase
            ? `Suite ${suite.name} runs against knowledge base ${stored.knowledgeBase}, not ${suite.knowledgeBase}; name another suite`
            : `Suite ${suite.name} ingests its own knowledge; cases from conversations go into a suite on a live knowledge base`,
          { details: { suite: suite.name, knowledgeBase: stored.knowledgeBase, kind: stored.kind } },
        );
      const { rowCount } = await c.query(
        `INSERT INTO eval_cases (suite_id, position, case_id, body, message_id)
         SELECT $1, coalesce(max(position), 0) + 1, $2, $3, $4 FROM eval_cases WHERE suite_id = $1
         ON CONFLICT (suite_id, case_id) DO NOTHING`,
        [stored.id, body.id, jsonbText(body), messageId],
      );
      if (!rowCount) throw new EvalCaseExists(`Suite ${suite.name} already has case ${body.id}`, { details: { suite: suite.name, id: body.id } });
      const { rows } = await c.query(`UPDATE eval_suites SET case_count = case_count + 1, updated_at = now() WHERE id = $1 RETURNING ${SUITE_COLUMNS}`, [stored.id]);
      return { suite: toSuite(rows[0]), created };
    });
  }

  async delete(name: string): Promise<boolean> {
    const { rowCount } = await this.db.pool.query('DELETE FROM eval_suites WHERE name = $1', [name]);
    return (rowCount ?? 0) > 0;
  }
}

async function lockSuite(c: pg.PoolClient, name: string): Promise<StoredSuite | undefined> {
  const { rows } = await c.query(`SELECT ${SUITE_COLUMNS} FROM eval_suites WHERE name = $1 FOR UPDATE`, [name]);
  return rows[0] ? toSuite(rows[0]) : undefined;
}
