import type { AppContext } from './composition-root.js';
import { PgEvalRunStore } from './adapters/db/pg-eval-run-store.js';
import { PgEvalSuiteStore } from './adapters/db/pg-eval-suite-store.js';
import { createEvalEngine } from '../evals/eval-engine.js';
import { createSuiteCatalog } from '../evals/suite-catalog.js';
import { createEvalJobQueue, type EvalJobQueueDeps } from './use-cases/eval-job-queue.js';
import { createSubmitEvalRun } from './use-cases/submit-eval-run.js';
import { createCreateEvalCase } from './use-cases/create-eval-case.js';

/**
 * The QA API's side of the composition root (issue 6): stores, the eval runner behind a port, the
 * job queue and the use cases, for the tenant of `ctx`: its runs run with its knowledge bases
 * and are visible to it alone. Built by the HTTP service only; the CLI runs suites directly.
 */
export function createEvalContext(ctx: AppContext, opts: { log?: EvalJobQueueDeps['log']; progressEveryMs?: number } = {}) {
  const runs = new PgEvalRunStore(ctx.db, ctx.tenantId);
  const suites = new PgEvalSuiteStore(ctx.db, ctx.tenantId);
  const catalog = createSuiteCatalog({ stored: suites, dirs: ctx.config.evals.suitesDirs });
  const engine = createEvalEngine(ctx, { suites, catalog });
  const queue = createEvalJobQueue({ runs, engine, log: opts.log, progressEveryMs: opts.progressEveryMs });
  return {
    runs,
    suites,
    catalog,
    queue,
    submit: createSubmitEvalRun({ runs, suites, engine, enqueue: queue.enqueue }),
    createEvalCase: createCreateEvalCase({
      conversations: ctx.conversations,
      knowledgeBases: ctx.knowledgeBases,
      documents: ctx.documents,
      suites,
      isConfigured: (name) => catalog.configured().some((c) => c.name === name),
      clock: ctx.clock,
    }),
  };
}

export type EvalContext = ReturnType<typeof createEvalContext>;
