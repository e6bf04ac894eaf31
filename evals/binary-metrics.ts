/**
 * Precision / recall / F1 of a yes-or-no behaviour (clarify, hand off) and the slicing the chat
 * behaviour suites share: every metric overall, per `lang` and per slice key, with its case count.
 */
export interface BinaryScores {
  /** Null when the slice has no positive case (nothing to find); precision is 0 when nothing was predicted. */
  precision: number | null;
  recall: number | null;
  f1: number | null;
  accuracy: number | null;
}

export const round = (x: number) => Math.round(x * 10000) / 10000;
export const share = (n: number, of: number): number | null => (of ? round(n / of) : null);

export function binaryScores(rows: Array<{ gold: boolean; pred: boolean }>): BinaryScores {
  const pos = rows.filter((r) => r.gold);
  const tp = pos.filter((r) => r.pred).length;
  const predicted = rows.filter((r) => r.pred).length;
  if (!pos.length) return { precision: null, recall: null, f1: null, accuracy: share(rows.filter((r) => !r.pred).length, rows.length) };
  const p = predicted ? tp / predicted : 0;
  const r = tp / pos.length;
  return {
    precision: round(p),
    recall: round(r),
    f1: round(p + r ? (2 * p * r) / (p + r) : 0),
    accuracy: share(rows.filter((x) => x.gold === x.pred).length, rows.length),
  };
}

/** `stats` of each group of records: by language, and by the slice keys each record carries. */
export function sliced<R extends { lang: string; slices: string[] }, M>(records: R[], stats: (rows: R[]) => M) {
  const group = (key: (r: R) => string[]) => {
    const groups = new Map<string, R[]>();
    for (const r of records) for (const k of key(r)) groups.set(k, [...(groups.get(k) ?? []), r]);
    return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, stats(v)]));
  };
  return { by_lang: group((r) => [r.lang]), by_slice: group((r) => r.slices) };
}

/** Every (gold, pred) pair with its count, right ones included, for the HTML report's matrix. */
export function confusionPairs(rows: Array<{ gold: string; pred: string }>): Array<{ gold: string; pred: string; count: number }> {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(`${r.gold}\0${r.pred}`, (counts.get(`${r.gold}\0${r.pred}`) ?? 0) + 1);
  return [...counts].map(([k, count]) => {
    const [gold, pred] = k.split('\0') as [string, string];
    return { gold, pred, count };
  }).sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold));
}

export function percentiles(values: number[]): { p50: number; p95: number } {
  const v = [...values].sort((a, b) => a - b);
  const at = (p: number) => Math.round((v[Math.min(v.length - 1, Math.floor(p * v.length))] ?? 0) * 10) / 10;
  return { p50: at(0.5), p95: at(0.95) };
}
