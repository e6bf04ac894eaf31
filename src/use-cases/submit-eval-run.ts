import type { EvalRun } from '../domain/eval-run.js';
import type { EvalEngine } from '../ports/eval-engine.js';
import type { EvalRunStore, EvalSuiteStore } from '../ports/eval-store.js';

export interface SubmitOptions {
  /** Default: true when every suite runs on a live knowledge base (its escalate cases are scored only by answering). */
  answers?: boolean;
  baseline?: boolean;
  limit?: number;
}

/**
 * Starts an eval run: checks the suites now (so a bad or unknown suite is a 4xx, not a failed
 * job), records the run as queued and hands it to the queue. The request returns at once.
 */
export function createSubmitEvalRun(deps: { runs: EvalRunStore; suites: EvalSuiteStore; engine: EvalEngine; enqueue: (id: string) => void }) {
  async function byName(names: string[], opts: SubmitOptions): Promise<EvalRun> {
    const prepared = await deps.engine.prepare([...new Set(names)]);
    const options = {
      answers: opts.answers ?? prepared.suites.every((s) => s.live),
      baseline: opts.baseline ?? false,
      ...(opts.limit ? { limit: opts.limit } : {}),
    };
    const run = await deps.runs.create({ suites: prepared.suites.map((s) => s.name), options, total: prepared.plannedCases(options) });
    deps.enqueue(run.id);
    return run;
  }

  return {
    byName,
    /** An uploaded suite is stored (replacing a stored suite of that name), then run like any other. */
    async upload(files: Array<{ name: string; bytes: Buffer }>, fields: Record<string, string | string[]>, opts: SubmitOptions): Promise<EvalRun> {
      const { suite, cases } = await deps.engine.parseUpload(files, fields);
      await deps.suites.replace(suite, cases);
      return byName([suite.name], opts);
    },
  };
}
