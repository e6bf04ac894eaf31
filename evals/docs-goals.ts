import type { AnswerSuiteReport, EscalationCounts } from './run-answer-suite.js';
import { escalationMetrics } from './run-answer-suite.js';
import type { IntentSuiteReport } from './run-intent-suite.js';
import type { RetrievalReport, SuiteReport } from './run-suites.js';
import type { SentimentSuiteReport } from './run-sentiment-suite.js';

/**
 * The metric goals of issues 3, 4 and 5 that an eval run measures, checked against a run for
 * `npm run eval:docs`. The result, met / not met and the gap come from the run; the reason a goal
 * is not met is prose, kept here beside the goal and pointing at the analysis in docs/evals.md.
 * (Benchmark goals — latency, throughput, the routing simulation — are measured by `npm run bench*`
 * and listed by hand in docs/evals.md.)
 */
export interface GoalResult {
  issue: number;
  goal: string;
  result: string;
  status: 'met' | 'not met' | 'reported' | 'not measured';
  gap?: string;
  why?: string;
}

const f = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3));
const ours = <T extends SuiteReport>(reports: SuiteReport[], suite: string) =>
  reports.find((r) => r.suite === suite && r.pipeline !== 'langchain-baseline') as T | undefined;

interface Goal {
  issue: number;
  goal: string;
  why: string;
  check(reports: SuiteReport[]): Omit<GoalResult, 'issue' | 'goal' | 'why'>;
}

/** At least `target`: met, or the gap below it. */
function atLeast(values: Array<[label: string, value: number | null | undefined]>, target: number): Omit<GoalResult, 'issue' | 'goal' | 'why'> {
  if (values.some(([, v]) => v === null || v === undefined)) return { result: 'not in this run', status: 'not measured' };
  const result = values.map(([l, v]) => (l ? `${l} ${f(v)}` : f(v))).join(', ');
  const short = values.filter(([, v]) => v! < target);
  return short.length
    ? { result, status: 'not met', gap: short.map(([l, v]) => `${l ? `${l} ` : ''}${(v! - target).toFixed(3)}`).join(', ') }
    : { result, status: 'met' };
}

const retrieval = (reports: SuiteReport[], suite: string) => ours<RetrievalReport>(reports, suite);
const hit = (reports: SuiteReport[], suite: string, k: 'hit@1' | 'hit@5', slice?: string) => {
  const r = retrieval(reports, suite);
  return slice ? r?.by_source?.[slice]?.[k] : r?.metrics[k];
};
const answers = (reports: SuiteReport[], suite: string): AnswerSuiteReport | undefined => retrieval(reports, suite)?.answers;

const WHY_LEXICAL_ATEC =
  'atec-zh pairs each question with hard negatives that share its words; every lexical variant tried stays near 0.27 hit@1. Closing it needs meaning the offline default has no weights for: a configured neural embedder plugs into the vector channel ("Why the gaps remain" below).';
const WHY_GITHUB =
  'The misses are mostly GitHub-issue questions (long titles and logs) phrased unlike the FAQ headings that answer them ("gray release" vs "grayscale update"); 19–20 cases per suite, one case is 5 points ("Why the gaps remain" below).';

export const GOALS: Goal[] = [
  { issue: 3, goal: 'stackfaq hit@1 ≥ 0.72', why: 'Paraphrases that share no word with the FAQ wording.', check: (r) => atLeast([['', hit(r, 'stackfaq', 'hit@1')]], 0.72) },
  { issue: 3, goal: 'atec-zh hit@1 ≥ 0.40', why: WHY_LEXICAL_ATEC, check: (r) => atLeast([['', hit(r, 'atec-zh', 'hit@1')]], 0.4) },
  { issue: 3, goal: 'atec-zh hit@5 ≥ 0.75', why: WHY_LEXICAL_ATEC, check: (r) => atLeast([['', hit(r, 'atec-zh', 'hit@5')]], 0.75) },
  {
    issue: 3, goal: 'docs suites hit@5 ≥ 0.97 overall', why: WHY_GITHUB,
    check: (r) => atLeast([['dify-docs', hit(r, 'dify-docs', 'hit@5')], ['apisix-docs', hit(r, 'apisix-docs', 'hit@5')]], 0.97),
  },
  {
    issue: 3, goal: 'docs suites hit@5 ≥ 0.85 on the GitHub-issue questions', why: WHY_GITHUB,
    check: (r) => atLeast([['dify-docs', hit(r, 'dify-docs', 'hit@5', 'source:github_issue')], ['apisix-docs', hit(r, 'apisix-docs', 'hit@5', 'source:github_issue')]], 0.85),
  },
  {
    issue: 4, goal: '`answer_f1` ≥ 0.80 on dify-docs and apisix-docs',
    why: 'Answers to GitHub-issue questions are mostly declined or rest on the wrong section (a declined answer scores 0); see "Chat answers" below.',
    check: (r) => atLeast([['dify-docs', answers(r, 'dify-docs')?.answers.answer_f1], ['apisix-docs', answers(r, 'apisix-docs')?.answers.answer_f1]], 0.8),
  },
  {
    issue: 4, goal: 'multi-turn suite of our own (≥ 30 conversations, zh and en): follow-up hit@5 with and without rewriting', why: '',
    check: (r) => {
      const mt = retrieval(r, 'multi-turn')?.multi_turn;
      if (!mt?.with) return { result: 'not in this run', status: 'not measured' };
      const langs = Object.keys(mt.by_lang).sort().join(' + ');
      return { result: `${mt.cases} conversations (${langs}); hit@5 ${f(mt.without['hit@5'])} alone → ${f(mt.with['hit@5'])} rewritten`, status: mt.cases >= 30 ? 'met' : 'not met', ...(mt.cases < 30 ? { gap: `${30 - mt.cases} conversations` } : {}) };
    },
  },
  {
    issue: 4, goal: 'confidence calibrated on the shared suites, reliability table reported', why: '',
    check: (r) => {
      const recs = r.filter((x): x is RetrievalReport => 'answers' in x && !!x.answers && x.pipeline !== 'langchain-baseline').flatMap((x) => x.answers!.records);
      if (!recs.length) return { result: 'not in this run (needs --answers)', status: 'not measured' };
      return { result: `${recs.length} answers, table below`, status: 'reported' };
    },
  },
  {
    issue: 5, goal: 'zh-reviews and airline-en `sentiment_macro_f1` ≥ 0.85',
    why: 'A hand-written lexicon cannot settle reviews that list praise and complaints, sarcasm, or complaints made only of facts; reaching 0.85 needs a learned model, and none of the four datasets may be learned from ("Sentiment" below).',
    check: (r) => atLeast([['zh-reviews', ours<SentimentSuiteReport>(r, 'zh-reviews')?.metrics.sentiment_macro_f1], ['airline-en', ours<SentimentSuiteReport>(r, 'airline-en')?.metrics.sentiment_macro_f1]], 0.85),
  },
  {
    issue: 5, goal: 'all four shared sentiment suites reported (accuracy, macro-F1, emotion macro-F1)', why: '',
    check: (r) => {
      const names = ['zh-reviews', 'smp2020-emotion-zh', 'airline-en', 'goemotions-en'];
      const got = names.filter((n) => ours(r, n));
      return got.length === names.length ? { result: 'table below', status: 'reported' } : { result: `${got.length} of 4 in this run`, status: 'not measured' };
    },
  },
  {
    issue: 5, goal: '`escalation_f1` ≥ 0.85 with ≤ 10% of in-scope questions escalated',
    why: 'The in-scope questions escalated are mostly the GitHub-issue ones, which the pipeline would answer wrongly most of the time anyway; telling them apart from out-of-scope questions needs better evidence than lexical coverage ("Escalation" below).',
    check: (r) => {
      if (!retrieval(r, 'apisix-docs') || !retrieval(r, 'cross-product-oos')) return { result: 'not in this run', status: 'not measured' };
      const pool = ['apisix-docs', 'cross-product-oos'].map((s) => answers(r, s)?.escalation);
      if (pool.some((p) => !p)) return { result: 'not in this run (needs --answers)', status: 'not measured' };
      const m = escalationMetrics(pool as EscalationCounts[]);
      const inScope = ['apisix-docs', 'dify-docs', 'stackfaq', 'atec-zh'].map((s) => [s, answers(r, s)?.escalation.in_scope_escalated] as const).filter(([, v]) => v !== undefined);
      const worst = Math.max(...inScope.map(([, v]) => v!));
      const result = `F1 ${f(m.f1)} (P ${f(m.precision)}, R ${f(m.recall)}; apisix-docs + cross-product-oos); in-scope escalated ${inScope.map(([s, v]) => `${s} ${(100 * v!).toFixed(1)}%`).join(', ')}`;
      const gaps = [m.f1 < 0.85 ? `F1 ${(m.f1 - 0.85).toFixed(3)}` : '', worst > 0.1 ? `in-scope +${(100 * (worst - 0.1)).toFixed(1)} points at worst` : ''].filter(Boolean);
      return gaps.length ? { result, status: 'not met', gap: gaps.join('; ') } : { result, status: 'met' };
    },
  },
  {
    issue: 5, goal: 'escalation P / R / F1 on clinc150 (out of scope)', why: '',
    check: (r) => {
      const m = ours<IntentSuiteReport>(r, 'clinc150')?.metrics;
      return m ? { result: `P ${f(m.oos_precision)}, R ${f(m.oos_recall)}, F1 ${f(m.oos_f1)}`, status: 'reported' } : { result: 'not in this run', status: 'not measured' };
    },
  },
  ...(
    [
      ['banking77', 0.85],
      ['clinc150', 0.85],
      ['smp2017-zh', 0.8],
    ] as const
  ).map(([suite, target]): Goal => ({
    issue: 5,
    goal: `${suite}${suite === 'clinc150' ? ' in-scope' : ''} \`routing_accuracy\` ≥ ${target.toFixed(2)}`,
    why: 'Ten exemplars per skill: words cannot bridge paraphrases that share none with any exemplar, and sibling intents differ by a word in the label ("Intent routing" below).',
    check: (r) => atLeast([['', ours<IntentSuiteReport>(r, suite)?.metrics.routing_accuracy]], target),
  })),
];

export function checkGoals(reports: SuiteReport[]): GoalResult[] {
  return GOALS.map((g) => {
    const r = g.check(reports);
    return { issue: g.issue, goal: g.goal, ...r, ...(r.status === 'not met' ? { why: g.why } : {}) };
  });
}
