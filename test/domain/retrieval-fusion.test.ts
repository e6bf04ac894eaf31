import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from '../../src/domain/retrieval-fusion.js';

describe('reciprocal rank fusion', () => {
  it('adds weight / (k + rank) over channels and keeps each channel\'s rank and score', () => {
    const fused = reciprocalRankFusion(
      [
        { channel: 'text', weight: 1, ranked: [{ id: 'a', score: 9 }, { id: 'b', score: 5 }] },
        { channel: 'vector', weight: 2, ranked: [{ id: 'b', score: 0.9 }, { id: 'c', score: 0.8 }] },
        { channel: 'off', weight: 0, ranked: [{ id: 'z', score: 1 }] },
      ],
      60,
    );
    expect(fused.map((h) => h.id)).toEqual(['b', 'c', 'a']);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 2 / 61);
    expect(fused[0]!.channels).toEqual({ text: { rank: 2, score: 5 }, vector: { rank: 1, score: 0.9 } });
  });

  it('gives entries a channel scored the same one shared rank, so the order they came in adds nothing', () => {
    // The code channel: three entries each contain the one code asked for; the text channel
    // ranks the third first. Ranked 1, 2, 3 by id, the code channel would outvote the text channel.
    const code = { channel: 'code', weight: 0.5, ranked: ['x', 'y', 'w'].map((id) => ({ id, score: 1 })) };
    const text = { channel: 'text', weight: 1, ranked: [{ id: 'w', score: 70 }, { id: 'x', score: 39 }, { id: 'y', score: 30 }] };
    const fused = reciprocalRankFusion([code, text], 60);
    expect(fused.map((h) => h.id)).toEqual(['w', 'x', 'y']);
    for (const h of fused) expect(h.score - [text.ranked.findIndex((r) => r.id === h.id)].map((i) => 1 / (61 + i))[0]!).toBeCloseTo(0.5 / 62);
    // Positions are still what a person reading the hit test sees.
    expect(fused.find((h) => h.id === 'w')!.channels.code).toEqual({ rank: 3, score: 1 });
    // Distinct scores keep distinct ranks.
    const plain = reciprocalRankFusion([{ channel: 'code', weight: 1, ranked: [{ id: 'p', score: 2 }, { id: 'q', score: 1 }] }], 60);
    expect(plain.map((h) => h.score)).toEqual([1 / 61, 1 / 62]);
  });

  it('orders equal fused scores by the channel\'s own order, not by id', () => {
    // Ids are random per ingestion; the channel's order (its own tie-break) is repeatable.
    const fused = reciprocalRankFusion([{ channel: 'text', weight: 1, ranked: ['zz', 'aa', 'mm'].map((id) => ({ id, score: 5 })) }], 60);
    expect(fused.map((h) => h.id)).toEqual(['zz', 'aa', 'mm']);
  });
});
