import type { Config } from '../src/config/config.js';
import { createLangChainBaseline } from './langchain-baseline.js';
import { createOurPipeline } from './our-pipeline.js';
import type { RetrievalPipeline } from './pipeline.js';
import { runRetrievalSuite, type RetrievalSuiteReport } from './run-retrieval-suite.js';
import { runAnswerSuite, type AnswerSuiteReport } from './run-answer-suite.js';
import { createAnswering, createJudge } from '../src/adapters/answering/create-answering.js';
import { PromptLibrary } from '../src/adapters/prompts/prompt-library.js';
import { runSentimentSuite, type SentimentSuiteReport } from './run-sentiment-suite.js';
import { createSentimentAnalyzer } from '../src/adapters/sentiment/create-sentiment-analyzer.js';
import type { Suite } from './suite-loader.js';
import { runIntentSuite, type IntentSuiteReport } from './run-intent-suite.js';
import { createIntentClassifier, intentClassifierId } from '../src/adapters/intent/create-intent-classifier.js';
import { JiebaAnalyzer } from '../src/adapters/text/jieba-analyzer.js';
import { createEmbedder } from '../src/adapters/embedding/create-embedder.js';
import { chatKindRunners, type ChatKindReport } from './chat-kind-runners.js';
import { runInjectionSuite, type InjectionSuiteReport } from './run-injection-suite.js';
import type { CaseOutcome, CaseResult } from './case-result.js';

export type RetrievalReport = RetrievalSuiteReport & { answers?: AnswerSuiteReport };
export type SuiteReport = RetrievalReport | SentimentSuiteReport | IntentSuiteReport | ChatKindReport | InjectionSuiteReport;

/** Where a run reports progress: terminal bars for the CLI, a job row for the QA API. */
export interface ProgressSink {
  track(label: string, total: number): { increment(): void };
}

export interface RunSuitesOptions {
  /** Database, providers and chunking; suites are ingested into the database it names. */
  config: Config;
  /** Also run the plain LangChain pipeline on docs and faq suites. */
  baseline?: boolean;
  /** Also answer every case (answer_f1, answer_judge, escalation, reliability). */
  answers?: boolean;
  /** Score at most this many cases per suite. */
  limit?: number;
  progress?: ProgressSink;
  /** Checked between cases: a cancelled job stops at the next one. */
  signal?: AbortSignal;
  /** Every scored case as it completes (the QA API stores them). */
  onResult?: (result: CaseResult) => void;
  /**
   * Runs the suites that name a live knowledge base (`knowledge_base`) on the service's own data,
   * without ingest (the QA API passes one); without it such suites are skipped.
   */
  live?: RetrievalPipeline;
}

const noProgress: ProgressSink = { track: () => ({ increment: () => undefined }) };

// At most this long without letting the event loop turn (see caseSink).
const YIELD_EVERY_MS = 10;

/**
 * A runner's `onCase`: advances the bar, hands the outcome on, stops a cancelled run at this case,
 * and lets the event loop turn every few ms. PGlite answers queries through promises alone, so a
 * run on it never reached a timer or an I/O callback: a QA API job starved the service's HTTP
 * requests for the whole run (a GET waited 43 s of a 2,000-case run) until cases yielded here.
 */
export function caseSink(ctx: Pick<KindRunContext, 'onResult' | 'signal'>, bar: { increment(): void }, suite: string, pipeline: string) {
  let last = performance.now();
  return async (outcome: CaseOutcome) => {
    bar.increment();
    ctx.onResult?.({ suite, pipeline, ...outcome });
    ctx.signal?.throwIfAborted();
    if (performance.now() - last < YIELD_EVERY_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    last = performance.now();
    ctx.signal?.throwIfAborted();
  };
}

/** Everything one suite kind's runner may share with others in the same run. */
export interface KindRunContext {
  config: Config;
  limit?: number;
  progress: ProgressSink;
  signal?: AbortSignal;
  onResult?: (result: CaseResult) => void;
}
/** One report, or one per pipeline the kind compares. */
export type KindRunner = (suite: Suite, ctx: KindRunContext) => Promise<SuiteReport | SuiteReport[]>;

/** Kinds scored without a retrieval pipeline. A new kind registers its runner here. */
const kindRunners: Partial<Record<Suite['kind'], KindRunner>> = {
  sentiment: (suite, ctx) => {
    // The analyzer the service is configured with (SENTIMENT_ANALYZER), the lexicon by default.
    const analyzer = createSentimentAnalyzer(ctx.config, new PromptLibrary());
    const bar = ctx.progress.track(`${suite.name} (${analyzer.id})`, Math.min(ctx.limit ?? Infinity, suite.cases.length));
    return runSentimentSuite(suite, analyzer, {
      limit: ctx.limit,
      onCase: caseSink(ctx, bar, suite.name, analyzer.id),
      concurrency: ctx.config.sentiment.analyzer === 'llm' ? ctx.config.evals.modelConcurrency : 1,
    });
  },
  intent: (suite, ctx) => {
    // Built from the suite's own skills file, as the service builds one from a knowledge base's exemplars.
    // The classifier the service is configured with (INTENT_CLASSIFIER), the exemplar one by default.
    const pipeline = intentClassifierId(ctx.config);
    const bar = ctx.progress.track(`${suite.name} (${pipeline})`, Math.min(ctx.limit ?? Infinity, suite.cases.length));
    const analyzer = new JiebaAnalyzer();
    return runIntentSuite(suite, (ex) => createIntentClassifier(ctx.config, new PromptLibrary(), analyzer, ex), {
      limit: ctx.limit,
      onCase: caseSink(ctx, bar, suite.name, pipeline),
      concurrency: ctx.config.intent.classifier === 'llm' ? ctx.config.evals.modelConcurrency : 1,
    });
  },
  // clarification, tone, handoff: through the chat use case (chat-kind-runners.ts).
  ...chatKindRunners,
  injection: (suite, ctx) => {
    // Two pipelines: the local answerer, and the LLM answerer's prompt against the fake model.
    const bar = ctx.progress.track(`${suite.name} (local, llm-prompt)`, 2 * Math.min(ctx.limit ?? Infinity, suite.cases.length));
    return runInjectionSuite(suite, ctx.config, { limit: ctx.limit, onCase: () => bar.increment() });
  },
};

const usesRetrieval = (s: Suite) => s.kind === 'docs' || s.kind === 'faq';
const ingestsKnowledge = (s: Suite) => usesRetrieval(s) && !s.knowledgeBase;

/**
 * Scores suites of every kind in one run: the runner behind `npm run eval` and the QA API's jobs.
 * Suites whose kind has no runner are named in `skipped`.
 */
export async function runSuites(suites: Suite[], opts: RunSuitesOptions): Promise<{ reports: SuiteReport[]; skipped: string[] }> {
  const { config, limit, signal } = opts;
  const progress = opts.progress ?? noProgress;
  const ctx: KindRunContext = { config, limit, progress, signal, onResult: opts.onResult };
  const reports: SuiteReport[] = [];
  const skipped: string[] = [];
  // Retrieval pipelines (and their database) only when a docs or faq suite needs them.
  const pipelines: RetrievalPipeline[] = [];
  try {
    if (suites.some(ingestsKnowledge)) {
      const ingest = progress.track('ingest', 0);
      pipelines.push(await createOurPipeline(config, () => ingest.increment()));
      if (opts.baseline) {
        const embedder = await createEmbedder(config, new JiebaAnalyzer());
        // "The same answerer" as ours: the configured chat model when there is one, not always the local one.
        const { answerer } = createAnswering(config, new PromptLibrary());
        pipelines.push(createLangChainBaseline(embedder, config.chunking, config.limits.maxUnzippedBytes, answerer));
      }
    }
    // The same judge grades both pipelines' answers.
    const judge = opts.answers ? createJudge(config, new PromptLibrary()) : undefined;
    const prepared = new Map<string, string>();
    for (const suite of suites) {
      signal?.throwIfAborted();
      const run = kindRunners[suite.kind];
      if (run) {
        reports.push(...[await run(suite, ctx)].flat());
        continue;
      }
      if (!usesRetrieval(suite)) {
        skipped.push(`${suite.name}: kind ${suite.kind} is not scored by this runner yet`);
        continue;
      }
      const targets = suite.knowledgeBase ? (opts.live ? [opts.live] : []) : pipelines;
      if (!targets.length) skipped.push(`${suite.name}: knowledge_base ${suite.knowledgeBase} is a live knowledge base; run it through the service (POST /v1/evals)`);
      for (const p of targets) {
        // Suites with the same knowledge share one ingest; a live knowledge base needs none.
        const key = `${p.name}\0${suite.knowledgeBase ?? suite.knowledge.map((k) => k.path).join('\0')}`;
        if (!prepared.has(key)) prepared.set(key, suite.knowledgeBase ?? (await p.prepare(suite.knowledge)));
        const n = Math.min(limit ?? Infinity, suite.cases.filter((c) => c.expect.action === 'answer').length);
        const bar = progress.track(`${suite.name} (${p.name})`, n);
        const report: RetrievalReport = await runRetrievalSuite(suite, p, prepared.get(key)!, { limit, onCase: caseSink(ctx, bar, suite.name, p.name) });
        if (opts.answers) {
          signal?.throwIfAborted();
          const answerBar = progress.track(`${suite.name} answers (${p.name})`, Math.min(limit ?? Infinity, suite.cases.length));
          report.answers = await runAnswerSuite(suite, p, prepared.get(key)!, { limit, judge, onCase: caseSink(ctx, answerBar, suite.name, p.name) });
        }
        reports.push(report);
      }
    }
  } finally {
    for (const p of pipelines) await p.close();
  }
  return { reports, skipped };
}
