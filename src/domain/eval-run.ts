/** The QA API's eval runs and the cases they score (issue 6); shapes only, the runner lives in evals/. */

export type EvalRunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export const FINISHED_STATUSES: readonly EvalRunStatus[] = ['succeeded', 'failed', 'cancelled'];

export interface EvalRunOptions {
  /** Also answer every case through the chat pipeline (answer_f1, escalation, reliability). */
  answers: boolean;
  /** Also run the plain LangChain pipeline (suites with knowledge paths only). */
  baseline: boolean;
  /** Score at most this many cases per suite. */
  limit?: number;
}

export interface EvalProgress {
  /** Scored cases (every stage counts: a docs case run with answers counts twice). */
  done: number;
  total: number;
  /** What the run is doing now: "ingest", "<suite> (<pipeline>)". */
  phase: string | null;
}

export interface EvalRun {
  id: string;
  status: EvalRunStatus;
  suites: string[];
  options: EvalRunOptions;
  progress: EvalProgress;
  cancelRequested: boolean;
  /** Headline figures per suite and pipeline, once succeeded. */
  metrics: EvalMetricsRow[] | null;
  skipped: string[] | null;
  error: { code: string; message: string } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface EvalMetricsRow {
  suite: string;
  kind: string;
  pipeline: string;
  cases: number;
  metrics: Record<string, unknown>;
  /** Answer figures when the run answered the cases. */
  answers?: Record<string, unknown>;
}

/** One scored case of a run (see evals/case-result.ts). */
export interface EvalResult {
  suite: string;
  pipeline: string;
  stage: string;
  caseId: string;
  lang: string | null;
  question: string | null;
  expected: unknown;
  got: unknown;
  sources: unknown[] | null;
  rank: number | null;
  confidence: number | null;
  correct: boolean;
  latencyMs: number | null;
}

/** The outcome a job ends with. */
export type EvalRunOutcome =
  | { status: 'succeeded'; metrics: EvalMetricsRow[]; reports: unknown; skipped: string[] }
  | { status: 'failed'; error: { code: string; message: string } }
  | { status: 'cancelled' };
