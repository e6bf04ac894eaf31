import type { AuditOf } from '../domain/tenancy.js';
import type { EvalCaseBody } from '../domain/eval-case.js';
import type { EvalProgress, EvalResult, EvalRun, EvalRunOptions, EvalRunOutcome, EvalRunStatus } from '../domain/eval-run.js';

/** Durable state of the QA API's eval runs: the in-process queue only decides what runs next. */
export interface EvalRunStore {
  create(input: { suites: string[]; options: EvalRunOptions; total: number }): Promise<EvalRun>;
  get(id: string): Promise<EvalRun | undefined>;
  /** The whole reports of a succeeded run (as `npm run eval -- --json` writes them). */
  reports(id: string): Promise<unknown>;
  list(opts: { limit: number; offset: number; suite?: string; status?: EvalRunStatus }): Promise<{ items: EvalRun[]; total: number }>;
  /** queued → running; undefined when it is no longer queued (cancelled meanwhile, or taken by another instance). */
  start(id: string): Promise<EvalRun | undefined>;
  /** Progress and a batch of results in one transaction; says whether a cancel was asked meanwhile. */
  saveProgress(id: string, progress: EvalProgress, results: EvalResult[]): Promise<{ cancelRequested: boolean }>;
  /** The last results, the final progress and the outcome in one transaction. */
  finish(id: string, outcome: EvalRunOutcome, progress: EvalProgress, results: EvalResult[]): Promise<void>;
  /** Cancels a queued run at once, or flags a running one for the process running it. */
  requestCancel(id: string): Promise<EvalRun | undefined>;
  /** Queued runs, oldest first. */
  queued(): Promise<string[]>;
  /**
   * Marks failed the runs left `running` by a process that is gone (a crash, a kill): on PGlite
   * every one (one process per database), on the server those whose owner no longer holds its lock.
   */
  failOrphaned(error: { code: string; message: string }): Promise<string[]>;
  /** Held while this process runs the job, so another instance's start-up sees its owner is alive. */
  hold(id: string): Promise<() => Promise<void>>;
  results(id: string, opts: { limit: number; offset: number; failedOnly?: boolean }): Promise<{ items: EvalResult[]; total: number; failed: number }>;
}

export interface StoredSuiteKnowledge {
  /** As written in the uploaded suite.yaml. */
  path: string;
  /** Absolute, checked when uploaded. */
  resolved: string;
  type: 'folder' | 'faq-file';
}

export interface StoredSuite {
  id: string;
  name: string;
  kind: string;
  lang: string | null;
  description: string | null;
  /** A live knowledge base (id) the cases run against; null when the suite ingests `knowledge`. */
  knowledgeBase: string | null;
  knowledge: StoredSuiteKnowledge[];
  skills: Array<{ skill: string; text: string }> | null;
  origin: 'upload' | 'cases';
  caseCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export type NewStoredSuite = Pick<StoredSuite, 'name' | 'kind' | 'lang' | 'description' | 'knowledgeBase' | 'knowledge' | 'skills' | 'origin'>;

/** Suites uploaded through the QA API or grown from conversations, with their cases in file order (the cases file itself). */
export interface EvalSuiteStore {
  list(): Promise<StoredSuite[]>;
  get(name: string): Promise<StoredSuite | undefined>;
  cases(suiteId: string): Promise<EvalCaseBody[]>;
  /** Creates the suite or replaces it and all its cases, in one transaction. */
  replace(suite: NewStoredSuite, cases: EvalCaseBody[]): Promise<StoredSuite>;
  /**
   * Appends one case, creating the suite when missing, in one transaction. SUITE_CONFLICT when the
   * existing suite runs elsewhere (another knowledge base, or knowledge paths); EVAL_CASE_EXISTS
   * when the suite already has a case with that id.
   */
  appendCase(suite: NewStoredSuite, body: EvalCaseBody): Promise<{ suite: StoredSuite; created: boolean }>;
  delete(name: string, audit?: AuditOf): Promise<boolean>;
}
