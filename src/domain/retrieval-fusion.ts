/**
 * Weighted reciprocal rank fusion: each channel votes weight / (k + rank). Rank-based, so
 * channels with incomparable scores (cosine, BM25, code overlap) combine without calibration.
 */
export interface ChannelResult {
  channel: string;
  weight: number;
  ranked: Array<{ id: string; score: number }>;
}

export interface FusedHit {
  id: string;
  score: number;
  channels: Record<string, { rank: number; score: number }>;
}

/**
 * Equal scores share one rank, the mean of their positions (1-based): the exact-code channel
 * scores by how many of the question's codes an entry contains, so dozens of entries tie, and
 * ranking them 1, 2, 3 … by id handed the first few a vote the channel never gave them (a
 * question quoting a log line's file names lifted arbitrary passages over the one whose
 * heading quotes the error).
 */
function sharedRanks(ranked: ChannelResult['ranked']): number[] {
  const ranks = new Array<number>(ranked.length);
  for (let i = 0; i < ranked.length; ) {
    let j = i;
    while (j + 1 < ranked.length && ranked[j + 1]!.score === ranked[i]!.score) j++;
    for (let t = i; t <= j; t++) ranks[t] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

export function reciprocalRankFusion(results: ChannelResult[], k: number): FusedHit[] {
  const byId = new Map<string, FusedHit>();
  for (const { channel, weight, ranked } of results) {
    if (weight <= 0) continue;
    const ranks = sharedRanks(ranked);
    ranked.forEach((r, i) => {
      const hit = byId.get(r.id) ?? { id: r.id, score: 0, channels: {} };
      hit.score += weight / (k + ranks[i]!);
      // The position in the channel's list, as a person reading the hit test expects.
      hit.channels[channel] = { rank: i + 1, score: r.score };
      byId.set(r.id, hit);
    });
  }
  // Equal fused scores (entries a channel tied) keep the channels' own order, so a search is
  // repeatable whatever random ids its entries were given; the id only breaks what is left.
  const best = (h: FusedHit) => Math.min(...Object.values(h.channels).map((c) => c.rank));
  return [...byId.values()].sort((a, b) => b.score - a.score || best(a) - best(b) || a.id.localeCompare(b.id));
}
