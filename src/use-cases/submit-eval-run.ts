import type { EvalRun, EvalRunOptions } from '../domain/eval-run.js';
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
  async function queue(names: string[], allLive: boolean, plannedCases: (o: EvalRunOptions) => number, opts: SubmitOptions): Promise<EvalRun> {
    const options = {
      answers: opts.answers ?? allLive,
      baseline: opts.baseline ?? false,
      ...(opts.limit ? { limit: opts.limit } : {}),
    };
    const run = await deps.runs.create({ suites: names, options, total: plannedCases(options) });
    deps.enqueue(run.id);
    return run;
  }

  return {
    async byName(names: string[], opts: SubmitOptions): Promise<EvalRun> {
      const prepared = await deps.engine.prepare([...new Set(names)]);
      return queue(prepared.suites.map((s) => s.name), prepared.suites.every((s) => s.live), prepared.plannedCases, opts);
    },
    /**
     * An uploaded suite is stored (replacing a stored suite of that name), then queued like any
     * other; counted from the upload itself rather than read back (a 10k-case suite costs a read).
     */
    async upload(files: Array<{ name: string; bytes: Buffer }>, fields: Record<string, string | string[]>, opts: SubmitOptions): Promise<EvalRun> {
      const { suite, cases, plannedCases } = await deps.engine.parseUpload(files, fields);
      await deps.suites.replace(suite, cases);
      return queue([suite.name], !!suite.knowledgeBase, plannedCases, opts);
    },
  };
}
