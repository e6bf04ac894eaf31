import { describe, expect, it } from 'vitest';
import { checkThresholds, compareReports, formatComparison, incomparable, headlineMetrics, parseThresholds, seededSample, ThresholdsError, type GateReport } from '../../evals/gate.js';

const faq = (hit1: number, pipeline = 'ours'): GateReport => ({ suite: 'stackfaq', kind: 'faq', pipeline, metrics: { cases: 100, 'hit@1': hit1, 'hit@5': 0.9, 'mrr@10': 0.8 } });
const intent = (acc: number, fer: number): GateReport => ({
  suite: 'banking77', kind: 'intent', pipeline: 'exemplar:v1',
  metrics: { cases: 10, answer_cases: 10, escalate_cases: 0, routing_accuracy: acc, false_escalation_rate: fer, oos_f1: null },
});

describe('headline metrics', () => {
  it('keeps numeric scores, drops counts and nulls, adds answer metrics', () => {
    const r = { ...faq(0.7), answers: { answers: { cases: 5, answer_f1: 0.8, answer_judge: null } } };
    expect(headlineMetrics(r)).toEqual({ 'hit@1': 0.7, 'hit@5': 0.9, 'mrr@10': 0.8, answer_f1: 0.8 });
    expect(headlineMetrics(intent(0.6, 0.1))).toEqual({ routing_accuracy: 0.6, false_escalation_rate: 0.1 });
  });
});

describe('compare', () => {
  const tol = { default: 0.02 };
  it('flags a drop beyond the tolerance as a regression', () => {
    const [c] = compareReports([faq(0.74)], [faq(0.7)], tol).filter((x) => x.metric === 'hit@1');
    expect(c).toMatchObject({ before: 0.74, after: 0.7, status: 'regression' });
  });
  it('does not flag a drop within the tolerance', () => {
    const [c] = compareReports([faq(0.74)], [faq(0.725)], tol).filter((x) => x.metric === 'hit@1');
    expect(c!.status).toBe('worse');
    expect(compareReports([faq(0.74)], [faq(0.76)], tol).find((x) => x.metric === 'hit@1')!.status).toBe('better');
    expect(compareReports([faq(0.74)], [faq(0.74)], tol).every((x) => x.status === 'same')).toBe(true);
  });
  it('uses a per-metric tolerance and knows lower-is-better metrics', () => {
    expect(compareReports([faq(0.74)], [faq(0.7)], { default: 0.02, 'hit@1': 0.05 }).find((x) => x.metric === 'hit@1')!.status).toBe('worse');
    const fer = compareReports([intent(0.7, 0.1)], [intent(0.7, 0.15)], tol).find((x) => x.metric === 'false_escalation_rate')!;
    expect(fer.status).toBe('regression');
    expect(compareReports([intent(0.7, 0.1)], [intent(0.7, 0.05)], tol).find((x) => x.metric === 'false_escalation_rate')!.status).toBe('better');
  });
  it('does not compare runs on different cases (another --sample)', () => {
    const a = { ...faq(0.9), cases: 200 };
    const b = { ...faq(0.5), cases: 30 };
    expect(compareReports([a], [b], tol)).toEqual([]);
    expect(incomparable([a], [b])).toEqual(['stackfaq (ours): 200 cases in the baseline, 30 now']);
  });
  it('matches reports by suite and pipeline', () => {
    expect(compareReports([faq(0.9, 'langchain-baseline')], [faq(0.1)], tol)).toEqual([]);
    const text = formatComparison(compareReports([faq(0.74)], [faq(0.7)], tol));
    expect(text).toMatch(/stackfaq\s+ours\s+hit@1\s+0\.740\s+0\.700\s+-0\.040\s+REGRESSION/);
    expect(text).toContain('1 regressions');
  });
});

describe('thresholds', () => {
  const t = parseThresholds(`
tolerance:
  hit@1: 0.03
suites:
  stackfaq:
    hit@1: 0.72
    answer_f1: 0.7
  banking77:
    routing_accuracy: 0.66
    false_escalation_rate: 0.13
    oos_f1: 0.5
`);
  it('parses minimums and tolerances with a default', () => {
    expect(t.tolerance).toEqual({ default: 0.02, 'hit@1': 0.03 });
    expect(t.suites.stackfaq).toEqual({ 'hit@1': 0.72, answer_f1: 0.7 });
  });
  it('names each failing metric; answer metrics only when answers ran; baseline pipeline not gated', () => {
    expect(checkThresholds([faq(0.73)], t)).toEqual([]);
    expect(checkThresholds([faq(0.71)], t).map((f) => f.metric)).toEqual(['hit@1']);
    expect(checkThresholds([faq(0.7198)], t)[0]!.reason).toBe('0.7198 < minimum 0.72');
    expect(checkThresholds([faq(0.1, 'langchain-baseline')], t)).toEqual([]);
    const withAnswers = { ...faq(0.73), answers: { answers: { answer_f1: 0.5 } } };
    expect(checkThresholds([withAnswers], t)).toMatchObject([{ metric: 'answer_f1', value: 0.5, limit: 0.7 }]);
    const misses = checkThresholds([intent(0.6, 0.2)], t);
    expect(misses.map((f) => [f.metric, f.reason])).toEqual([
      ['routing_accuracy', '0.600 < minimum 0.66'],
      ['false_escalation_rate', '0.200 > maximum 0.13'],
      ['oos_f1', 'not measured'],
    ]);
  });
  it('rejects a non-numeric minimum naming the field', () => {
    expect(() => parseThresholds('suites:\n  stackfaq:\n    hit@1: high\n', 'x.yaml')).toThrow(ThresholdsError);
    expect(() => parseThresholds('suites:\n  stackfaq:\n    hit@1: high\n', 'x.yaml')).toThrow('x.yaml: suites.stackfaq.hit@1: must be a number');
  });
});

describe('seeded sample', () => {
  it('is fixed for a seed, keeps order, and differs between seeds', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const a = seededSample(items, 10, 'stackfaq');
    expect(a).toHaveLength(10);
    expect(seededSample(items, 10, 'stackfaq')).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(seededSample(items, 10, 'atec-zh')).not.toEqual(a);
    expect(seededSample(items, 200, 'x')).toBe(items);
  });
});
