/** hit@1, hit@5, mrr@10 from the 1-based rank of the first correct item (undefined = not in the top 10). */
export interface RankRecord {
  lang: string;
  rank: number | undefined;
  slices: string[];
}

export interface RetrievalMetrics {
  cases: number;
  'hit@1': number;
  'hit@5': number;
  'mrr@10': number;
}

export function retrievalMetrics(records: RankRecord[]): RetrievalMetrics {
  const n = records.length;
  const hit = (k: number) => (n ? records.filter((r) => r.rank !== undefined && r.rank <= k).length / n : 0);
  const mrr = n ? records.reduce((s, r) => s + (r.rank !== undefined && r.rank <= 10 ? 1 / r.rank : 0), 0) / n : 0;
  return { cases: n, 'hit@1': round(hit(1)), 'hit@5': round(hit(5)), 'mrr@10': round(mrr) };
}

export function groupMetrics(records: RankRecord[], key: (r: RankRecord) => string[]): Record<string, RetrievalMetrics> {
  const groups = new Map<string, RankRecord[]>();
  for (const r of records) for (const k of key(r)) groups.set(k, [...(groups.get(k) ?? []), r]);
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, rs]) => [k, retrievalMetrics(rs)]));
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/** First rank (1-based) at which `isHit` holds, within the first `depth` items. */
export function firstHitRank<T>(items: T[], isHit: (item: T) => boolean, depth = 10): number | undefined {
  const i = items.slice(0, depth).findIndex(isHit);
  return i < 0 ? undefined : i + 1;
}
