import type pg from 'pg';
import type { EvalProgress, EvalResult, EvalRun, EvalRunOptions, EvalRunOutcome, EvalRunStatus } from '../../domain/eval-run.js';
import type { EvalRunStore } from '../../ports/eval-store.js';
import { withTransaction, type Database } from './database.js';

const RUN_COLUMNS =
  'id, status, suites, options, progress_done, progress_total, phase, cancel_requested, metrics, skipped, error, created_at, started_at, finished_at';

// Arbitrary constant: the first key of the advisory lock a process holds while it runs a job.
const RUN_LOCK_CLASS = 727_411_906;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toRun(r: any): EvalRun {
  return {
    id: r.id,
    status: r.status,
    suites: r.suites,
    options: r.options,
    progress: { done: r.progress_done, total: r.progress_total, phase: r.phase },
    cancelRequested: r.cancel_requested,
    metrics: r.metrics,
    skipped: r.skipped,
    error: r.error,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

function toResult(r: any): EvalResult {
  return {
    suite: r.suite,
    pipeline: r.pipeline,
    stage: r.stage,
    caseId: r.case_id,
    lang: r.lang,
    question: r.question,
    expected: r.expected,
    got: r.got,
    sources: r.sources,
    rank: r.rank,
    confidence: r.confidence === null ? null : Number(r.confidence),
    correct: r.correct,
    latencyMs: r.latency_ms === null ? null : Number(r.latency_ms),
  };
}

/** JSON for jsonb: PostgreSQL refuses the NUL character in text, and a case may carry one. */
export const jsonbText = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === 'string' ? v.replaceAll('\u0000', '') : v));

/** One tenant's eval runs (and through them their results); the job queue runs them with that tenant. */
export class PgEvalRunStore implements EvalRunStore {
  constructor(
    private readonly db: Database,
    readonly tenantId: string,
  ) {}

  async create(input: { suites: string[]; options: EvalRunOptions; total: number }): Promise<EvalRun> {
    const { rows } = await this.db.pool.query(
      `INSERT INTO eval_runs (suites, options, progress_total, tenant_id) VALUES ($1, $2, $3, $4) RETURNING ${RUN_COLUMNS}`,
      [input.suites, input.options, input.total, this.tenantId],
    );
    return toRun(rows[0]);
  }

  async get(id: string): Promise<EvalRun | undefined> {
    if (!UUID.test(id)) return undefined;
    const { rows } = await this.db.pool.query(`SELECT ${RUN_COLUMNS} FROM eval_runs WHERE id = $1 AND tenant_id = $2`, [id, this.tenantId]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  async reports(id: string): Promise<unknown> {
    if (!UUID.test(id)) return undefined;
    const { rows } = await this.db.pool.query('SELECT reports FROM eval_runs WHERE id = $1 AND tenant_id = $2', [id, this.tenantId]);
    return rows[0]?.reports ?? null;
  }

  async list(opts: { limit: number; offset: number; suite?: string; status?: EvalRunStatus }) {
    const where = 'WHERE ($1::text IS NULL OR $1 = ANY (suites)) AND ($2::text IS NULL OR status = $2) AND tenant_id = $3';
    const params = [opts.suite ?? null, opts.status ?? null, this.tenantId];
    const [items, count] = await Promise.all([
      this.db.pool.query(`SELECT ${RUN_COLUMNS} FROM eval_runs ${where} ORDER BY created_at DESC, id LIMIT $4 OFFSET $5`, [...params, opts.limit, opts.offset]),
      this.db.pool.query(`SELECT count(*)::int AS n FROM eval_runs ${where}`, params),
    ]);
    return { items: items.rows.map(toRun), total: count.rows[0].n as number };
  }

  async start(id: string): Promise<EvalRun | undefined> {
    const { rows } = await this.db.pool.query(
      `UPDATE eval_runs SET status = 'running', started_at = now() WHERE id = $1 AND tenant_id = $2 AND status = 'queued' RETURNING ${RUN_COLUMNS}`,
      [id, this.tenantId],
    );
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  saveProgress(id: string, progress: EvalProgress, results: EvalResult[]) {
    return withTransaction(this.db, async (c) => {
      await insertResults(c, id, results);
      const { rows } = await c.query(
        `UPDATE eval_runs SET progress_done = $2, progress_total = $3, phase = $4 WHERE id = $1 RETURNING cancel_requested`,
        [id, progress.done, progress.total, progress.phase],
      );
      return { cancelRequested: !!rows[0]?.cancel_requested };
    });
  }

  finish(id: string, outcome: EvalRunOutcome, progress: EvalProgress, results: EvalResult[]) {
    return withTransaction(this.db, async (c) => {
      await insertResults(c, id, results);
      await c.query(
        `UPDATE eval_runs SET status = $2, progress_done = $3, progress_total = $4, phase = NULL, metrics = $5, reports = $6, skipped = $7,
           error = $8, finished_at = now()
         WHERE id = $1`,
        [
          id,
          outcome.status,
          progress.done,
          progress.total,
          outcome.status === 'succeeded' ? jsonbText(outcome.metrics) : null,
          outcome.status === 'succeeded' ? jsonbText(outcome.reports) : null,
          outcome.status === 'succeeded' ? JSON.stringify(outcome.skipped) : null,
          outcome.status === 'failed' ? outcome.error : null,
        ],
      );
    });
  }

  async requestCancel(id: string): Promise<EvalRun | undefined> {
    if (!UUID.test(id)) return undefined;
    const { rows } = await this.db.pool.query(
      `UPDATE eval_runs SET
         status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
         finished_at = CASE WHEN status = 'queued' THEN now() ELSE finished_at END,
         cancel_requested = cancel_requested OR status IN ('queued', 'running')
       WHERE id = $1 AND tenant_id = $2 RETURNING ${RUN_COLUMNS}`,
      [id, this.tenantId],
    );
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  async queued(): Promise<string[]> {
    const { rows } = await this.db.pool.query(`SELECT id FROM eval_runs WHERE status = 'queued' AND tenant_id = $1 ORDER BY created_at, id`, [this.tenantId]);
    return rows.map((r) => r.id as string);
  }

  async failOrphaned(error: { code: string; message: string }): Promise<string[]> {
    const fail = async (c: pg.PoolClient | pg.Pool, id: string) =>
      (await c.query(`UPDATE eval_runs SET status = 'failed', error = $2, phase = NULL, finished_at = now() WHERE id = $1 AND status = 'running'`, [id, error]))
        .rowCount === 1;
    const { rows } = await this.db.pool.query(`SELECT id FROM eval_runs WHERE status = 'running' AND tenant_id = $1`, [this.tenantId]);
    const ids = rows.map((r) => r.id as string);
    // PGlite admits one process (pglite-lock), so whatever is running at start-up was left by a dead one.
    if (this.db.kind === 'pglite') {
      const failed = [];
      for (const id of ids) if (await fail(this.db.pool, id)) failed.push(id);
      return failed;
    }
    // The server may have other live instances: a run is orphaned only when nobody holds its lock.
    const c = await this.db.pool.connect();
    try {
      const failed = [];
      for (const id of ids) {
        const { rows: got } = await c.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [RUN_LOCK_CLASS, id]);
        if (!got[0].free) continue;
        try {
          if (await fail(c, id)) failed.push(id);
        } finally {
          await c.query('SELECT pg_advisory_unlock($1, hashtext($2))', [RUN_LOCK_CLASS, id]);
        }
      }
      return failed;
    } finally {
      c.release();
    }
  }

  async hold(id: string): Promise<() => Promise<void>> {
    if (this.db.kind === 'pglite') return async () => undefined;
    // A session lock lives as long as this connection: a crashed process releases it by dying.
    const c = await this.db.pool.connect();
    try {
      await c.query('SELECT pg_advisory_lock($1, hashtext($2))', [RUN_LOCK_CLASS, id]);
    } catch (err) {
      c.release();
      throw err;
    }
    return async () => {
      await c.query('SELECT pg_advisory_unlock($1, hashtext($2))', [RUN_LOCK_CLASS, id]).catch(() => undefined);
      c.release();
    };
  }

  async results(id: string, opts: { limit: number; offset: number; failedOnly?: boolean }) {
    if (!UUID.test(id)) return { items: [], total: 0, failed: 0 };
    const [items, count] = await Promise.all([
      this.db.pool.query(
        `SELECT suite, pipeline, stage, case_id, lang, question, expected, got, sources, rank, confidence, correct, latency_ms
         FROM eval_results r WHERE run_id = $1 AND (NOT $2 OR NOT correct)
           AND EXISTS (SELECT 1 FROM eval_runs e WHERE e.id = r.run_id AND e.tenant_id = $5) ORDER BY correct, id LIMIT $3 OFFSET $4`,
        [id, !!opts.failedOnly, opts.limit, opts.offset, this.tenantId],
      ),
      this.db.pool.query(
        `SELECT count(*)::int AS total, (count(*) FILTER (WHERE NOT correct))::int AS failed FROM eval_results r
         WHERE run_id = $1 AND EXISTS (SELECT 1 FROM eval_runs e WHERE e.id = r.run_id AND e.tenant_id = $2)`,
        [id, this.tenantId],
      ),
    ]);
    const { total, failed } = count.rows[0];
    return { items: items.rows.map(toResult), total: opts.failedOnly ? failed : total, failed };
  }
}

/** One statement per batch: the rows travel as one JSON array. */
async function insertResults(c: pg.PoolClient, runId: string, results: EvalResult[]) {
  if (!results.length) return;
  await c.query(
    `INSERT INTO eval_results (run_id, suite, pipeline, stage, case_id, lang, question, expected, got, sources, rank, confidence, correct, latency_ms)
     SELECT $1, x.suite, x.pipeline, x.stage, x."caseId", x.lang, x.question, x.expected, x.got, x.sources, x.rank, x.confidence, x.correct, x."latencyMs"
     FROM jsonb_to_recordset($2::jsonb) AS x(suite text, pipeline text, stage text, "caseId" text, lang text, question text, expected jsonb, got jsonb,
       sources jsonb, rank integer, confidence real, correct boolean, "latencyMs" real)`,
    [runId, jsonbText(results)],
  );
}
