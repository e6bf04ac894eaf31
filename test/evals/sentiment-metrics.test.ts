import { describe, expect, it } from 'vitest';
import { groupSentimentMetrics, macroF1, sentimentMetrics, type SentimentRecord } from '../../evals/sentiment-metrics.js';

const rec = (gold: string, pred: string, goldEmotion?: string, predEmotion = 'neutral', lang = 'en'): SentimentRecord => ({ lang, slices: [], gold, pred, goldEmotion, predEmotion });

describe('sentiment metrics', () => {
  it('computes macro-F1 over the gold labels only (a neutral prediction on binary data is an error)', () => {
    // gold: pos, pos, neg, neg; pred: pos, neutral, neg, pos
    // positive: tp 1, fp 1, fn 1 -> F1 = 2/4 = 0.5; negative: tp 1, fp 0, fn 1 -> F1 = 2/3
    const pairs = [
      { gold: 'positive', pred: 'positive' },
      { gold: 'positive', pred: 'neutral' },
      { gold: 'negative', pred: 'negative' },
      { gold: 'negative', pred: 'positive' },
    ];
    expect(macroF1(pairs)).toBeCloseTo((0.5 + 2 / 3) / 2, 10);
  });

  it('reports accuracy, macro-F1, emotion macro-F1 over cases with emotion, and recalls', () => {
    const m = sentimentMetrics([
      rec('negative', 'negative', 'angry', 'angry'),
      rec('negative', 'negative', 'angry', 'sad'),
      rec('negative', 'neutral', 'anxious', 'anxious'),
      rec('neutral', 'neutral', 'neutral', 'neutral'),
      rec('positive', 'negative'),
    ]);
    // sentiment: 3/5 correct. negative: tp 2, fp 1, fn 1 -> 2/3; neutral: tp 1, fp 1, fn 0 -> 2/3; positive: 0.
    expect(m.cases).toBe(5);
    expect(m.sentiment_accuracy).toBe(0.6);
    expect(m.sentiment_macro_f1).toBeCloseTo((2 / 3 + 2 / 3 + 0) / 3, 4);
    expect(m.negative_recall).toBeCloseTo(2 / 3, 4);
    // emotion over 4 cases: angry tp1 fn1 -> 2/3; anxious tp1 -> 1; neutral tp1 -> 1 ('sad' is no gold label).
    expect(m.emotion_cases).toBe(4);
    expect(m.emotion_accuracy).toBe(0.75);
    expect(m.emotion_macro_f1).toBeCloseTo((2 / 3 + 1 + 1) / 3, 4);
    expect(m.angry_recall).toBe(0.5);
    expect(m.anxious_recall).toBe(1);
  });

  it('gives null for metrics with no cases and groups by slice', () => {
    const m = sentimentMetrics([rec('positive', 'positive')]);
    expect(m).toMatchObject({ emotion_cases: 0, emotion_macro_f1: null, angry_recall: null, anxious_recall: null, negative_recall: null, sentiment_macro_f1: 1 });
    const g = groupSentimentMetrics([rec('positive', 'positive', undefined, 'happy', 'en'), rec('negative', 'positive', undefined, 'happy', 'zh')], (r) => [r.lang]);
    expect(Object.keys(g)).toEqual(['en', 'zh']);
    expect(g.zh.sentiment_accuracy).toBe(0);
  });
});
