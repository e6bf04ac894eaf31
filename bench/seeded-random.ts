/**
 * A small seeded PRNG (mulberry32) so the corpus and the queries are byte-identical on every
 * run and machine: figures from two runs are then comparable, and a slow query can be replayed.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /**
   * Zipf-like pick (weight 1 / (rank + 1)^s): real text reuses a few words a lot and most words
   * rarely, which is what gives BM25 its mix of common and selective terms.
   */
  zipf<T>(items: readonly T[], s = 1): T {
    let total = 0;
    for (let i = 0; i < items.length; i++) total += 1 / (i + 1) ** s;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= 1 / (i + 1) ** s;
      if (r <= 0) return items[i];
    }
    return items[items.length - 1];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** An independent stream, so adding draws in one generator does not shift another. */
  fork(salt: number): SeededRandom {
    return new SeededRandom((Math.imul(this.int(0, 0x7fffffff), 2654435761) ^ salt) >>> 0);
  }
}
