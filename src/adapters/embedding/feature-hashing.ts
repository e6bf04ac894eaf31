/** FNV-1a, 32 bit: fast, stable across processes and versions (the vectors are stored). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Signed feature hashing: collisions cancel out in expectation instead of piling up.
 * Adds `weight` for `feature` into `vec` in place.
 */
export function addHashed(vec: Float64Array, feature: string, weight: number): void {
  const h = fnv1a(feature);
  const idx = h % vec.length;
  vec[idx] += (h & 0x80000000) === 0 ? weight : -weight;
}

export function l2normalize(vec: Float64Array): number[] {
  let norm = 0;
  for (let i = 0; i < vec.length; i++) norm += vec[i] * vec[i];
  norm = Math.sqrt(norm);
  const out = new Array<number>(vec.length);
  for (let i = 0; i < vec.length; i++) out[i] = norm > 0 ? Math.round((vec[i] / norm) * 1e6) / 1e6 : 0;
  return out;
}
