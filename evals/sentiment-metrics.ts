/** Metrics of `sentiment` suites (../shared/evals/README.md): accuracy, macro-F1, emotion macro-F1, recalls. */
export interface SentimentRecord {
  lang: string;
  slices: string[];
  gold: string;
  pred: string;
  /** Absent when the case carries no emotion label. */
  goldEmotion?: string;
  predEmotion: string;
}

export interface SentimentMetrics {
  cases: number;
  sentiment_accuracy: number;
  /** Mean F1 over the sentiment labels present in the gold labels (a prediction outside them is an error). */
  sentiment_macro_f1: number;
  negative_recall: number | null;
  emotion_cases: number;
  emotion_accuracy: number | null;
  /** Mean F1 over the emotion labels present among cases that carry one. */
  emotion_macro_f1: number | null;
  angry_recall: number | null;
  anxious_recall: number | null;
}

export function macroF1(pairs: Array<{ gold: string; pred: string }>): number {
  const labels = [...new Set(pairs.map((p) => p.gold))];
  if (!labels.length) return 0;
  const f1s = labels.map((l) => {
    const tp = pairs.filter((p) => p.gold === l && p.pred === l).length;
    const fp = pairs.filter((p) => p.gold !== l && p.pred === l).length;
    const fn = pairs.filter((p) => p.gold === l && p.pred !== l).length;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return f1s.reduce((a, b) => a + b, 0) / f1s.length;
}

export function recall(pairs: Array<{ gold: string; pred: string }>, label: string): number | null {
  const gold = pairs.filter((p) => p.gold === label);
  return gold.length ? gold.filter((p) => p.pred === label).length / gold.length : null;
}

export function sentimentMetrics(records: SentimentRecord[]): SentimentMetrics {
  const n = records.length;
  const emo = records.filter((r) => r.goldEmotion !== undefined).map((r) => ({ gold: r.goldEmotion!, pred: r.predEmotion }));
  const opt = (x: number | null) => (x === null ? null : round(x));
  return {
    cases: n,
    sentiment_accuracy: round(n ? records.filter((r) => r.gold === r.pred).length / n : 0),
    sentiment_macro_f1: round(macroF1(records)),
    negative_recall: opt(recall(records, 'negative')),
    emotion_cases: emo.length,
    emotion_accuracy: emo.length ? round(emo.filter((p) => p.gold === p.pred).length / emo.length) : null,
    emotion_macro_f1: emo.length ? round(macroF1(emo)) : null,
    angry_recall: opt(recall(emo, 'angry')),
    anxious_recall: opt(recall(emo, 'anxious')),
  };
}

export function groupSentimentMetrics(records: SentimentRecord[], key: (r: SentimentRecord) => string[]): Record<string, SentimentMetrics> {
  const groups = new Map<string, SentimentRecord[]>();
  for (const r of records) for (const k of key(r)) groups.set(k, [...(groups.get(k) ?? []), r]);
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, rs]) => [k, sentimentMetrics(rs)]));
}

const round = (x: number) => Math.round(x * 10000) / 10000;
