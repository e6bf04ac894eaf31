import fs from 'node:fs';
import YAML from 'yaml';

/**
 * Regression gate: the headline metrics of a report, minimums per suite (`evals/thresholds.yaml`),
 * and a comparison with a baseline run (an earlier `--json` output) with a per-metric tolerance.
 * Pure functions over the report objects the runners return (or their JSON).
 */

/** What the gate reads from a report: the fields every suite report shares, loosely typed so old JSON files load. */
export interface GateReport {
  suite: string;
  kind: string;
  pipeline: string;
  cases?: number;
  metrics: Record<string, unknown>;
  answers?: { answers?: Record<string, unknown>; escalate_declined?: number | null } | null;
}

/** Counts, not scores: never compared nor gated. */
const COUNT_FIELDS = new Set(['cases', 'answer_cases', 'escalate_cases', 'emotion_cases', 'chat_cases']);
/** Lower is better. */
const LOWER_IS_BETTER = new Set(['false_escalation_rate', 'declined']);

export const lowerIsBetter = (metric: string) => LOWER_IS_BETTER.has(metric);

/** Numeric headline metrics of one report: its `metrics`, plus the answer metrics when `--answers` ran. */
export function headlineMetrics(r: GateReport): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (m: Record<string, unknown> | undefined) => {
    for (const [k, v] of Object.entries(m ?? {})) if (typeof v === 'number' && Number.isFinite(v) && !COUNT_FIELDS.has(k)) out[k] = v;
  };
  add(r.metrics);
  add(r.answers?.answers);
  // Share of `action: escalate` cases declined (cross-product-oos: all of them).
  add({ escalate_declined: r.answers?.escalate_declined });
  return out;
}

export interface Thresholds {
  /** Allowed drop against a baseline run: `default`, and per metric name. */
  tolerance: { default: number; [metric: string]: number };
  /** Minimum per suite and metric (for a lower-is-better metric: maximum). */
  suites: Record<string, Record<string, number>>;
  /** Pipelines the minimums apply to; default: every pipeline except the LangChain baseline. */
  pipelines?: string[];
}

export class ThresholdsError extends Error {}

export function parseThresholds(text: string, file = 'thresholds.yaml'): Thresholds {
  const raw = (YAML.parse(text) ?? {}) as Record<string, unknown>;
  const num = (v: unknown, where: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ThresholdsError(`${file}: ${where}: must be a number`);
    return v;
  };
  const tol = (raw.tolerance ?? {}) as Record<string, unknown>;
  if (typeof tol !== 'object') throw new ThresholdsError(`${file}: tolerance: must be a map`);
  const tolerance: Thresholds['tolerance'] = { default: 0.02 };
  for (const [k, v] of Object.entries(tol)) tolerance[k] = num(v, `tolerance.${k}`);
  const suites: Thresholds['suites'] = {};
  for (const [s, m] of Object.entries((raw.suites ?? {}) as Record<string, unknown>)) {
    if (!m || typeof m !== 'object') throw new ThresholdsError(`${file}: suites.${s}: must be a map of metric: minimum`);
    suites[s] = {};
    for (const [k, v] of Object.entries(m as Record<string, unknown>)) suites[s][k] = num(v, `suites.${s}.${k}`);
  }
  const pipelines = Array.isArray(raw.pipelines) ? raw.pipelines.map(String) : undefined;
  return { tolerance, suites, ...(pipelines ? { pipelines } : {}) };
}

export function loadThresholds(file: string): Thresholds {
  return parseThresholds(fs.readFileSync(file, 'utf8'), file);
}

export interface GateFailure {
  suite: string;
  pipeline: string;
  metric: string;
  value: number | null;
  limit: number;
  reason: string;
}

const gated = (t: Thresholds, pipeline: string) => (t.pipelines ? t.pipelines.includes(pipeline) : pipeline !== 'langchain-baseline');

/** Three decimals, four when three would print the limit itself (0.7798 against 0.78). */
const shown = (v: number, limit: number) => (Number(v.toFixed(3)) === limit ? v.toFixed(4) : v.toFixed(3));

/** Measured only with `--answers`: a run without it skips their minimums. */
const ANSWER_FIELDS = new Set(['answer_f1', 'answer_judge', 'grounded_correct', 'declined', 'escalate_declined']);

/** Every minimum a report misses; a metric the thresholds name but the run did not produce fails too (answer metrics: only when answers ran). */
export function checkThresholds(reports: GateReport[], t: Thresholds): GateFailure[] {
  const failures: GateFailure[] = [];
  for (const r of reports) {
    const mins = t.suites[r.suite];
    if (!mins || !gated(t, r.pipeline)) continue;
    const m = headlineMetrics(r);
    for (const [metric, limit] of Object.entries(mins)) {
      const v = m[metric];
      const lower = lowerIsBetter(metric);
      if (v === undefined && ANSWER_FIELDS.has(metric) && !r.answers) continue;
      if (v === undefined) failures.push({ suite: r.suite, pipeline: r.pipeline, metric, value: null, limit, reason: 'not measured' });
      else if (lower ? v > limit : v < limit)
        failures.push({ suite: r.suite, pipeline: r.pipeline, metric, value: v, limit, reason: `${shown(v, limit)} ${lower ? '>' : '<'} ${lower ? 'maximum' : 'minimum'} ${limit}` });
    }
  }
  return failures;
}

export interface MetricChange {
  suite: string;
  pipeline: string;
  metric: string;
  before: number;
  after: number;
  /** after − before. */
  delta: number;
  tolerance: number;
  status: 'better' | 'worse' | 'same' | 'regression';
}

/**
 * Current run against a baseline run, matched by suite and pipeline: `regression` when a metric
 * got worse by more than its tolerance, `worse` / `better` for any other change beyond 1e-9.
 */
export function compareReports(baseline: GateReport[], current: GateReport[], tolerance: Thresholds['tolerance'] = { default: 0.02 }): MetricChange[] {
  const key = (r: GateReport) => `${r.suite}\0${r.pipeline}`;
  const before = new Map(baseline.map((r) => [key(r), headlineMetrics(r)]));
  const out: MetricChange[] = [];
  for (const r of current) {
    const b = before.get(key(r));
    if (!b || differentCases(baseline.find((x) => key(x) === key(r))!, r)) continue;
    for (const [metric, after] of Object.entries(headlineMetrics(r))) {
      const prev = b[metric];
      if (prev === undefined) continue;
      const delta = after - prev;
      const tol = tolerance[metric] ?? tolerance.default;
      const gain = lowerIsBetter(metric) ? -delta : delta;
      const status = Math.abs(delta) < 1e-9 ? 'same' : gain > 0 ? 'better' : -gain > tol + 1e-9 ? 'regression' : 'worse';
      out.push({ suite: r.suite, pipeline: r.pipeline, metric, before: prev, after, delta, tolerance: tol, status });
    }
  }
  return out;
}

const differentCases = (a: GateReport, b: GateReport) => typeof a.cases === 'number' && typeof b.cases === 'number' && a.cases !== b.cases;

/** Suites scored on a different number of cases than in the baseline run (another --sample / --limit): not compared. */
export function incomparable(baseline: GateReport[], current: GateReport[]): string[] {
  return current.flatMap((r) => {
    const b = baseline.find((x) => x.suite === r.suite && x.pipeline === r.pipeline);
    return b && differentCases(b, r) ? [`${r.suite} (${r.pipeline}): ${b.cases} cases in the baseline, ${r.cases} now`] : [];
  });
}

/** Text lines for the terminal: every change, regressions marked. */
export function formatComparison(changes: MetricChange[]): string {
  const moved = changes.filter((c) => c.status !== 'same');
  if (!changes.length) return 'compare: no suite/pipeline in common with the baseline';
  const rows = [['suite', 'pipeline', 'metric', 'before', 'after', 'delta', 'status']];
  for (const c of moved)
    rows.push([c.suite, c.pipeline, c.metric, c.before.toFixed(3), c.after.toFixed(3), (c.delta >= 0 ? '+' : '') + c.delta.toFixed(3),
      c.status === 'regression' ? `REGRESSION (tolerance ${c.tolerance})` : c.status]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const same = changes.length - moved.length;
  return [
    ...(moved.length ? rows.map((r) => r.map((x, i) => x.padEnd(widths[i])).join('  ').trimEnd()) : []),
    `${changes.filter((c) => c.status === 'better').length} better, ${changes.filter((c) => c.status === 'worse').length} worse within tolerance, ${changes.filter((c) => c.status === 'regression').length} regressions, ${same} unchanged`,
  ].join('\n');
}

/** A fixed sample of `n` items: seeded by `seed` (e.g. the suite name), original order kept. */
export function seededSample<T>(items: T[], n: number, seed: string): T[] {
  if (n >= items.length) return items;
  let h = 2166136261;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  let s = h >>> 0;
  const rand = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const idx = items.map((_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, n).sort((a, b) => a - b).map((i) => items[i]);
}
