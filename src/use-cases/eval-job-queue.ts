import { DomainError, EvalRunFinished, EvalRunNotFound } from '../domain/errors.js';
import type { EvalProgress, EvalResult, EvalRun } from '../domain/eval-run.js';
import type { EvalEngine } from '../ports/eval-engine.js';
import type { EvalRunStore } from '../ports/eval-store.js';

export interface EvalJobQueueDeps {
  runs: EvalRunStore;
  engine: Pick<EvalEngine, 'run'>;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Least time between two progress writes: a 10k-case run writes a few dozen times, not 10k. */
  progressEveryMs?: number;
  /** Results held in memory at most before a write, whatever the time. */
  batchSize?: number;
}

const CANCELLED = new Error('cancelled by request');
const SHUTDOWN = new Error('the service is stopping');
const INTERRUPTED = {
  code: 'INTERRUPTED',
  message: 'The service stopped while this run was in progress (a restart or a crash); its results so far are kept, submit it again for the rest',
};

/**
 * Eval runs as background jobs: an in-process queue running one at a time, every state change in
 * the database (the queue only decides what runs next here). Progress and per-case results are
 * written in throttled batches; a cancel stops the run at its next case.
 */
export function createEvalJobQueue(deps: EvalJobQueueDeps) {
  const { runs, log } = deps;
  const every = deps.progressEveryMs ?? 1000;
  const batchSize = deps.batchSize ?? 500;
  const pending: string[] = [];
  let current: { id: string; controller: AbortController } | undefined;
  let pump: Promise<void> | undefined;
  let started = false;
  let stopped = false;

  function kick() {
    if (!started || stopped || pump || !pending.length) return;
    pump = (async () => {
      while (!stopped && pending.length) {
        const id = pending.shift()!;
        await execute(id).catch((err) => log?.error({ err, run: id }, 'eval run could not be recorded'));
      }
    })().finally(() => {
      pump = undefined;
      kick();
    });
  }

  async function execute(id: string) {
    const run = await runs.start(id);
    if (!run) return; // cancelled while queued, or another instance took it
    const controller = new AbortController();
    current = { id, controller };
    let release: (() => Promise<void>) | undefined;
    const progress: EvalProgress = { done: 0, total: run.progress.total, phase: null };
    let tracked = 0;
    let buffer: EvalResult[] = [];
    let lastWrite = performance.now();
    let writing: Promise<void> | undefined;
    const flush = async () => {
      const batch = buffer;
      buffer = [];
      lastWrite = performance.now();
      const { cancelRequested } = await runs.saveProgress(id, { ...progress }, batch);
      // Asked through another instance: this one only learns it here.
      if (cancelRequested && !controller.signal.aborted) controller.abort(CANCELLED);
    };
    const maybeFlush = () => {
      if (writing || (performance.now() - lastWrite < every && buffer.length < batchSize)) return;
      writing = flush()
        .catch((err) => log?.warn({ err, run: id }, 'eval progress write failed'))
        .finally(() => (writing = undefined));
    };
    const started = performance.now();
    try {
      release = await runs.hold(id);
      const out = await deps.engine.run(run.suites, run.options, {
        signal: controller.signal,
        track(label, total) {
          progress.phase = label;
          tracked += total;
          progress.total = Math.max(progress.total, tracked);
          maybeFlush();
          return {
            increment() {
              if (total > 0) progress.done++;
              maybeFlush();
            },
          };
        },
        onResult: (r) => buffer.push(r),
      });
      await writing;
      await runs.finish(id, { status: 'succeeded', ...out }, progress, buffer);
      log?.info({ run: id, cases: progress.done, ms: Math.round(performance.now() - started) }, 'eval run succeeded');
    } catch (err) {
      await writing;
      const reason = controller.signal.aborted ? controller.signal.reason : undefined;
      if (reason === CANCELLED) await runs.finish(id, { status: 'cancelled' }, progress, buffer);
      else if (reason === SHUTDOWN) await runs.finish(id, { status: 'failed', error: INTERRUPTED }, progress, buffer);
      else {
        // A domain error is the suite's or the input's fault and says so; anything else stays in the log.
        const error = err instanceof DomainError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: 'The run failed unexpectedly; the service log has the details' };
        if (!(err instanceof DomainError)) log?.error({ err, run: id }, 'eval run failed');
        await runs.finish(id, { status: 'failed', error }, progress, buffer);
      }
    } finally {
      current = undefined;
      await release?.();
    }
  }

  return {
    /** Fails the runs a dead process left running, then takes up the queued ones. */
    async start() {
      const failed = await runs.failOrphaned(INTERRUPTED);
      if (failed.length) log?.warn({ runs: failed }, 'eval runs interrupted by a restart marked failed');
      for (const id of await runs.queued()) if (!pending.includes(id)) pending.push(id);
      started = true;
      kick();
    },
    enqueue(id: string) {
      pending.push(id);
      kick();
    },
    /** Cancels a queued run at once; a running one stops at its next case. Cancelling twice is harmless. */
    async cancel(id: string): Promise<EvalRun> {
      const before = await runs.get(id);
      if (!before) throw new EvalRunNotFound(`Eval run ${id} does not exist`, { details: { id } });
      if (before.status === 'succeeded' || before.status === 'failed')
        throw new EvalRunFinished(`Eval run ${id} has already ${before.status}`, { details: { id, status: before.status } });
      const run = (await runs.requestCancel(id)) ?? before;
      const i = pending.indexOf(id);
      if (i >= 0 && run.status === 'cancelled') pending.splice(i, 1);
      if (current?.id === id) current.controller.abort(CANCELLED);
      return run;
    },
    /** Stops taking runs; the one in progress stops at its next case and is recorded as interrupted. */
    async stop() {
      stopped = true;
      pending.length = 0;
      current?.controller.abort(SHUTDOWN);
      await pump;
    },
    /** For tests and the benchmark: resolves when nothing is running or waiting. */
    async idle() {
      while (pump) await pump;
    },
  };
}

export type EvalJobQueue = ReturnType<typeof createEvalJobQueue>;
