import type { AppContext } from '../src/composition-root.js';
import type { Config } from '../src/config/config.js';
import type { EvalCaseBody } from '../src/domain/eval-case.js';
import type { EvalMetricsRow, EvalResult, EvalRunOptions } from '../src/domain/eval-run.js';
import { InvalidSuite, SuiteConflict } from '../src/domain/errors.js';
import type { EvalEngine } from '../src/ports/eval-engine.js';
import type { EvalSuiteStore } from '../src/ports/eval-store.js';
import type { CaseResult } from './case-result.js';
import { createLivePipeline } from './live-pipeline.js';
import { runSuites, type SuiteReport } from './run-suites.js';
import { createSuiteCatalog, type SuiteCatalog } from './suite-catalog.js';
import type { Suite } from './suite-loader.js';
import { parseUploadedSuite, type UploadFields } from './suite-upload.js';

/** The eval runner behind the QA API: the same loader and runSuites() as `npm run eval`. */
export function createEvalEngine(ctx: AppContext, deps: { suites: EvalSuiteStore; catalog?: SuiteCatalog }): EvalEngine {
  const { config } = ctx;
  const catalog = deps.catalog ?? createSuiteCatalog({ stored: deps.suites, dirs: config.evals.suitesDirs });

  /** Suites on a live knowledge base run on it by id; one that no longer exists is the suite's fault. */
  async function resolveLive(s: Suite): Promise<Suite> {
    if (!s.knowledgeBase) return s;
    const kb = await ctx.knowledgeBases.find(s.knowledgeBase);
    if (!kb)
      throw new InvalidSuite(`${s.file}: knowledge_base: ${s.knowledgeBase} is not a knowledge base of this service`, {
        details: { file: s.file, line: null, field: 'knowledge_base' },
      });
    return { ...s, knowledgeBase: kb.id };
  }

  const load = (names: string[]) => Promise.all(names.map(async (n) => resolveLive(await catalog.load(n))));

  return {
    async prepare(names) {
      const suites = await load(names);
      return {
        suites: suites.map((s) => ({ name: s.name, kind: s.kind, live: !!s.knowledgeBase, cases: s.cases.length })),
        plannedCases: (o) => suites.reduce((n, s) => n + plannedCases(s, o), 0),
      };
    },

    async parseUpload(files, rawFields) {
      const one = (k: string) => (Array.isArray(rawFields[k]) ? (rawFields[k] as string[])[0] : (rawFields[k] as string | undefined));
      const fields: UploadFields = {
        name: one('name'), kind: one('kind'), lang: one('lang'), description: one('description'), knowledge_base: one('knowledge_base'),
        knowledge: rawFields.knowledge === undefined ? undefined : ([] as string[]).concat(rawFields.knowledge),
      };
      const parsed = parseUploadedSuite(files, fields, { knowledgeDir: process.cwd(), knowledgeRoots: config.evals.knowledgeDirs });
      const suite = await resolveLive(parsed.suite);
      // Configured suites are files under version control: an upload may not shadow one.
      if (catalog.configured().some((c) => c.name === suite.name))
        throw new SuiteConflict(`${suite.name} is a configured suite (EVAL_SUITES_DIRS); upload it under another name`, { details: { suite: suite.name } });
      return {
        suite: {
          name: suite.name,
          kind: suite.kind,
          lang: parsed.lang,
          description: parsed.description,
          knowledgeBase: suite.knowledgeBase ?? null,
          knowledge: suite.knowledge.map((k, i) => ({ path: parsed.knowledgePaths[i] ?? k.path, resolved: k.path, type: k.type })),
          skills: suite.skills ?? null,
          origin: 'upload',
        },
        cases: suite.cases as EvalCaseBody[],
        plannedCases: (o) => plannedCases(suite, o),
      };
    },

    async run(names, options, hooks) {
      const suites = await load(names);
      const live = suites.some((s) => s.knowledgeBase) ? createLivePipeline(ctx) : undefined;
      // Suites with knowledge paths are ingested into a throwaway in-memory database (as the CLI
      // does), never into the service's; no Redis either: nobody listens to that context's events.
      const evalConfig: Config = { ...config, database: { kind: 'pglite', dataDir: 'memory://' }, redis: undefined };
      const { reports, skipped } = await runSuites(suites, {
        config: evalConfig,
        baseline: options.baseline,
        answers: options.answers,
        limit: options.limit,
        progress: { track: hooks.track },
        signal: hooks.signal,
        onResult: (r) => hooks.onResult(toEvalResult(r)),
        live,
      });
      return { metrics: reports.map(headline), reports, skipped };
    },
  };
}

/** The cases a run will score, as runSuites counts them, so progress has a total from the start. */
function plannedCases(s: Suite, o: EvalRunOptions): number {
  const cap = (n: number) => Math.min(o.limit ?? Infinity, n);
  if (s.kind === 'docs' || s.kind === 'faq') {
    const pipelines = s.knowledgeBase || !o.baseline ? 1 : 2;
    return pipelines * (cap(s.cases.filter((c) => c.expect.action === 'answer').length) + (o.answers ? cap(s.cases.length) : 0));
  }
  if (s.kind === 'sentiment') return cap(s.cases.filter((c) => c.expect.sentiment).length);
  return cap(s.cases.length);
}

function headline(r: SuiteReport): EvalMetricsRow {
  const answers = 'answers' in r && r.answers ? { answers: r.answers.answers as unknown as Record<string, unknown> } : {};
  return { suite: r.suite, kind: r.kind, pipeline: r.pipeline, cases: r.cases, metrics: r.metrics as unknown as Record<string, unknown>, ...answers };
}

const round = (x: number) => Math.round(x * 10) / 10;

function toEvalResult(r: CaseResult): EvalResult {
  return {
    suite: r.suite,
    pipeline: r.pipeline,
    stage: r.stage,
    caseId: r.id,
    lang: r.lang,
    // Long questions (GitHub issues with logs) are cut: the row is for reading why it failed.
    question: r.question.slice(0, 2000),
    expected: r.expected ?? null,
    got: r.got ?? null,
    sources: r.sources ?? null,
    rank: r.rank ?? null,
    confidence: r.confidence ?? null,
    correct: r.correct,
    latencyMs: round(r.latencyMs),
  };
}
