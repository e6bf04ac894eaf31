import type { EvalCaseBody } from '../domain/eval-case.js';
import type { EvalMetricsRow, EvalResult, EvalRunOptions } from '../domain/eval-run.js';
import type { NewStoredSuite } from './eval-store.js';

/** A suite as a run will see it: loaded and checked. */
export interface PreparedSuite {
  name: string;
  kind: string;
  /** Runs against a live knowledge base (no ingest). */
  live: boolean;
  cases: number;
}

export interface EvalRunHooks {
  signal: AbortSignal;
  /** A new phase ("ingest", "<suite> (<pipeline>)") with the cases it will score (0: open-ended). */
  track(label: string, total: number): { increment(): void };
  onResult(result: EvalResult): void;
}

/**
 * The eval runner as the QA API uses it (implemented in evals/ over runSuites): find and check
 * suites by name, read an uploaded one, and run them.
 */
export interface EvalEngine {
  /** Loads the named suites (stored first, then the configured folders); SUITE_NOT_FOUND / INVALID_SUITE / KB_NOT_FOUND. */
  prepare(names: string[]): Promise<{ suites: PreparedSuite[]; plannedCases(options: EvalRunOptions): number }>;
  /** Checks an uploaded suite (INVALID_SUITE naming file, line and field) and returns it ready to store. */
  parseUpload(
    files: Array<{ name: string; bytes: Buffer }>,
    fields: Record<string, string | string[]>,
  ): Promise<{ suite: NewStoredSuite; cases: EvalCaseBody[]; plannedCases(options: EvalRunOptions): number }>;
  run(names: string[], options: EvalRunOptions, hooks: EvalRunHooks): Promise<{ metrics: EvalMetricsRow[]; reports: unknown; skipped: string[] }>;
}
