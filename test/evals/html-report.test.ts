import { describe, expect, it } from 'vitest';
import { confusionTable, escapeHtml, reliabilitySvg, renderHtmlReport, type AnyReport } from '../../evals/html-report.js';
import { parseThresholds } from '../../evals/gate.js';

const docs: AnyReport = {
  suite: 'dify-docs',
  kind: 'docs',
  pipeline: 'ours',
  cases: 2,
  metrics: { cases: 2, 'hit@1': 0.5, 'hit@5': 1, 'mrr@10': 0.75 },
  by_lang: { en: { cases: 1, 'hit@1': 1, 'hit@5': 1, 'mrr@10': 1 }, zh: { cases: 1, 'hit@1': 0, 'hit@5': 1, 'mrr@10': 0.5 } },
  failures: [{ id: 'c2', lang: 'zh', question: 'Why does <script>alert("x")</script> & <b>upload</b> fail?', expected: [{ path: 'a.md', heading: 'Upload' }], got: [{ path: 'b.md' }], rank: 2 }],
  answers: {
    answers: { cases: 2, answer_f1: 0.625, grounded_correct: 0.5 },
    reliability: { rows: [{ bucket: '0.2–0.3', cases: 1, meanConfidence: 0.25, observedCorrect: 0 }, { bucket: '0.8–0.9', cases: 1, meanConfidence: 0.85, observedCorrect: 1 }], ece: 0.2 },
    failures: [{ id: 'c2', lang: 'zh', question: 'Why does <img src=x onerror=alert(1)> fail?', expected: 'Use <code>', got: 'I do not know', f1: 0, confidence: 0.25 }],
  },
};
const baseline: AnyReport = { ...docs, pipeline: 'langchain-baseline', metrics: { cases: 2, 'hit@1': 0, 'hit@5': 0.5, 'mrr@10': 0.25 }, failures: [], answers: null };
const sentiment: AnyReport = {
  suite: 'airline-en',
  kind: 'sentiment',
  pipeline: 'lexicon:v1',
  cases: 3,
  metrics: { cases: 3, sentiment_accuracy: 0.667, sentiment_macro_f1: 0.5 },
  failures: [{ id: 's1', lang: 'en', text: 'not "great" <3', expected: { sentiment: 'negative' }, got: { sentiment: 'positive', emotion: 'happy', score: 0.7 } }],
  confusion: [{ gold: 'negative', pred: 'negative', count: 1 }, { gold: 'negative', pred: 'positive', count: 1 }, { gold: 'positive', pred: 'positive', count: 1 }],
};

describe('HTML report', () => {
  const html = renderHtmlReport([docs, baseline, sentiment], { title: 'Run <1>' });

  it('is one self-contained document: no script, no external asset', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=["']?http|href=["']?http|@import/i);
  });

  it('escapes every text, failures included', () => {
    expect(html).toContain('Why does &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;upload&lt;/b&gt; fail?');
    expect(html).toContain('Why does &lt;img src=x onerror=alert(1)&gt; fail?');
    expect(html).toContain('not &quot;great&quot; &lt;3');
    expect(html).toContain('<title>Run &lt;1&gt;</title>');
    expect(html).not.toContain('<img');
  });

  it('lists failures before the metrics table, with expected, got and confidence', () => {
    const section = html.slice(html.indexOf('id="suite-dify-docs"'));
    expect(section.indexOf('failures</summary>')).toBeLessThan(section.indexOf('<h3>Metrics'));
    expect(section).toContain('rank 2');
    expect(section).toContain('I do not know');
    expect(section).toMatch(/<td>0\.250<\/td>/);
    expect(html).toContain('<td>0.700</td>'); // sentiment failure score
  });

  it('has the table values, ours beside the baseline pipeline, and answer metrics', () => {
    expect(html).toMatch(/<td class="l">ours<\/td><td class="l"><b>all<\/b><\/td><td>2<\/td><td>0\.500<\/td><td>1<\/td><td>0\.750<\/td><td>0\.625<\/td>/);
    expect(html).toMatch(/langchain-baseline<\/td><td class="l"><b>all<\/b><\/td><td>2<\/td><td>0<\/td><td>0\.500<\/td><td>0\.250<\/td>/);
    expect(html).toContain('<th>answer_f1</th>');
  });

  it('draws the reliability plot as inline SVG and a confusion matrix for sentiment', () => {
    expect(html).toContain('<svg class="reliability"');
    expect(html).toContain('ECE 0.200');
    expect(html).toContain('<table class="confusion">');
    expect(html).toContain('Confusion matrix: lexicon:v1');
  });

  it('shows a --compare baseline run beside ours and the gate verdict', () => {
    const before = [{ ...docs, metrics: { ...docs.metrics, 'hit@1': 0.8 } }];
    const t = parseThresholds('suites:\n  dify-docs:\n    hit@1: 0.7\n');
    const out = renderHtmlReport([docs], { baseline: before, thresholds: t });
    expect(out).toContain('<td class="bad">0.500 <span class="muted">(was 0.800)</span></td>');
    expect(out).toContain('FAIL hit@1');
  });
});

describe('report parts', () => {
  it('escapes', () => expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;'));
  it('plots one point per bucket', () => {
    const svg = reliabilitySvg([{ bucket: '0.0–0.1', cases: 4, meanConfidence: 0.05, observedCorrect: 0.25 }, { bucket: '0.9–1.0', cases: 2, meanConfidence: 0.95, observedCorrect: 1 }]);
    expect(svg.match(/<circle/g)).toHaveLength(2);
    expect(svg).toContain('0.0–0.1: 4 cases');
  });
  it('pools labels beyond the most confused into (other)', () => {
    const pairs = Array.from({ length: 20 }, (_, i) => ({ gold: `s${i}`, pred: i < 16 ? `s${i}` : `s${i - 1}`, count: 1 }));
    const t = confusionTable(pairs);
    expect(t).toContain('(other)');
    expect(t).toContain('<th>s16</th>');
  });
});
