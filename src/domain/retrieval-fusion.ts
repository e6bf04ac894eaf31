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

export function reciprocalRankFusion(results: ChannelResult[], k: number): FusedHit[] {
  const byId = new Map<string, FusedHit>();
  for (const { channel, weight, ranked } of results) {
    if (weight <= 0) continue;
    ranked.forEach((r, i) => {
      const hit = byId.get(r.id) ?? { id: r.id, score: 0, channels: {} };
      hit.score += weight / (k + i + 1);
      hit.channels[channel] = { rank: i + 1, score: r.score };
      byId.set(r.id, hit);
    });
  }
  return [...byId.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
