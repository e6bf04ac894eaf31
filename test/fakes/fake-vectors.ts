/**
 * Deterministic unit vectors derived from the text, so fakes of remote embedding servers
 * answer the same text with the same vector across requests, batches and processes.
 */

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function fakeVector(text: string, dimension: number): number[] {
  let state = fnv1a(text) || 1;
  const v = new Array<number>(dimension);
  let norm = 0;
  for (let i = 0; i < dimension; i++) {
    // xorshift32 seeded by the text hash
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    v[i] = state / 0xffffffff - 0.5;
    norm += v[i] * v[i];
  }
  norm = Math.sqrt(norm);
  return v.map((x) => x / norm);
}
