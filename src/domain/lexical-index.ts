import type { WeightedTerm } from './query-terms.js';

/** One searchable text: a chunk, or one wording (question, alternative, answer) of an FAQ entry. */
export interface LexicalEntry {
  /** Returned as the hit id unless `rollup` is set (chunk id). */
  key: string;
  /** Hits roll up to this id, best entry wins (FAQ entry id for its wordings). */
  rollup?: string;
  /** Search terms as stored (`search_text` split on spaces). */
  terms: string[];
  /** Document length for BM25 (`token_count`). */
  length: number;
  codes: string[];
  /** Score multiplier (FAQ answers count for less than questions). */
  weight?: number;
}

export interface LexicalHit {
  id: string;
  score: number;
}

export interface LexicalIndexOptions {
  k1?: number;
  b?: number;
  /** Terms in more than this share of the corpus do not select candidates (they still score). */
  commonTermShare?: number;
  /** Candidates come from this many rarest query terms (plus the top 3 by idf). */
  selectiveTerms?: number;
  /** Which of two entries with the same BM25 score ranks first: the later or earlier stored. */
  textTies?: 'newer' | 'older';
}

export interface LexicalIndexStats {
  entries: number;
  terms: number;
  postings: number;
  /** Typed-array bytes only (postings and per-entry arrays); strings and maps come on top. */
  arrayBytes: number;
}

const TF_MAX = 255;
// Recent additions (the tail) are searched through a small sorted view until they reach this
// many postings or a quarter of the packed segment; then both are merged into one segment.
// Loading a whole knowledge base appends everything first and merges once.
const MIN_TAIL_MERGE = 200_000;
const TAIL_SHARE = 0.25;

/**
 * In-process BM25 and exact-code index over one corpus of a knowledge base.
 *
 * Same scoring as the SQL it replaces: BM25 (k1 1.2, b 0.75) with weighted query terms,
 * idf = w·ln(1 + (N − df + 0.5)/(df + 0.5)); candidates are the entries containing one of the
 * rarest query terms; code score = number of distinct query codes an entry carries. It is a
 * cache of the stored `search_text`/`codes`/`token_count` columns, rebuilt or patched from them.
 *
 * Postings live in typed arrays: one packed segment (CSR: term → [offset, end) in doc/tf
 * arrays) plus a small mutable tail for recent additions; removals only clear an alive flag
 * until the next merge drops them. Entry ordinals are never reused.
 */
export class LexicalIndex {
  private readonly k1: number;
  private readonly b: number;
  private readonly commonTermShare: number;
  private readonly selectiveTerms: number;
  private readonly textTies: 'newer' | 'older';

  private readonly termIds = new Map<string, number>();
  // Packed segment.
  private segOffsets = new Int32Array(1);
  private segDocs = new Int32Array(0);
  private segTf = new Uint8Array(0);
  private segTerms = 0;
  // Tail: appended (term, ord, tf) triples, and a view sorted by term built when searched.
  private tailTerm = new Int32Array(1024);
  private tailOrd = new Int32Array(1024);
  private tailTf = new Uint8Array(1024);
  private tailPostings = 0;
  // Tail positions by term, extended up to tailViewed before each search.
  private tailView = new Map<number, number[]>();
  private tailViewed = 0;
  // Term frequencies of the entry being added, by term id.
  private tfScratch = new Int32Array(1024);

  // Per entry ordinal.
  private capacity = 0;
  private count = 0;
  private alive = new Uint8Array(0);
  private lengths = new Int32Array(0);
  private weights = new Float64Array(0);
  private rollupOf = new Int32Array(0);
  private keys: string[] = [];
  private readonly rollupIds: string[] = [];
  private readonly rollupOrd = new Map<string, number>();

  private readonly groups = new Map<string, number[]>();
  private readonly codes = new Map<string, number[]>();
  private aliveCount = 0;
  private deadPostings = 0;
  private tokenTotal = 0;

  // Scratch for queries: mark[ord] === epoch means "candidate in this query".
  private mark = new Int32Array(0);
  private scores = new Float64Array(0);
  private epoch = 0;

  constructor(opts: LexicalIndexOptions = {}) {
    this.k1 = opts.k1 ?? 1.2;
    this.b = opts.b ?? 0.75;
    this.commonTermShare = opts.commonTermShare ?? 0.1;
    this.selectiveTerms = opts.selectiveTerms ?? 8;
    this.textTies = opts.textTies ?? 'older';
  }

  get size(): number {
    return this.aliveCount;
  }

  hasGroup(group: string): boolean {
    return this.groups.has(group);
  }

  get groupCount(): number {
    return this.groups.size;
  }

  /** Replaces every entry of a group (a document) with `entries`; an empty list removes it. */
  replaceGroup(group: string, entries: LexicalEntry[]): void {
    this.removeGroup(group);
    this.appendToGroup(group, entries);
  }

  /** Adds entries to a group (loading a document page by page). */
  appendToGroup(group: string, entries: LexicalEntry[]): void {
    if (!entries.length) return;
    let ords = this.groups.get(group);
    if (!ords) this.groups.set(group, (ords = []));
    for (const e of entries) ords.push(this.add(e));
  }

  removeGroup(group: string): void {
    const ords = this.groups.get(group);
    if (!ords) return;
    this.groups.delete(group);
    for (const ord of ords) {
      if (!this.alive[ord]) continue;
      this.alive[ord] = 0;
      this.aliveCount--;
      this.tokenTotal -= this.lengths[ord];
    }
    this.deadPostings += ords.length; // approximate trigger only
    if (this.deadPostings > Math.max(this.aliveCount, 1000)) this.merge();
  }

  /** Packs the tail into the segment and drops removed entries' postings. */
  merge(): void {
    const terms = this.termIds.size;
    const counts = new Int32Array(terms + 1);
    for (let t = 0; t < this.segTerms; t++) {
      for (let i = this.segOffsets[t]; i < this.segOffsets[t + 1]; i++) if (this.alive[this.segDocs[i]]) counts[t]++;
    }
    for (let i = 0; i < this.tailPostings; i++) if (this.alive[this.tailOrd[i]]) counts[this.tailTerm[i]]++;
    const offsets = new Int32Array(terms + 1);
    for (let t = 0; t < terms; t++) offsets[t + 1] = offsets[t] + counts[t];
    const docs = new Int32Array(offsets[terms]);
    const tf = new Uint8Array(offsets[terms]);
    const fill = offsets.slice(0, terms);
    // Segment postings come before tail postings of the same term and both are in ordinal order.
    for (let t = 0; t < this.segTerms; t++) {
      for (let i = this.segOffsets[t]; i < this.segOffsets[t + 1]; i++) {
        const d = this.segDocs[i];
        if (!this.alive[d]) continue;
        docs[fill[t]] = d;
        tf[fill[t]++] = this.segTf[i];
      }
    }
    for (let i = 0; i < this.tailPostings; i++) {
      const d = this.tailOrd[i];
      if (!this.alive[d]) continue;
      const t = this.tailTerm[i];
      docs[fill[t]] = d;
      tf[fill[t]++] = this.tailTf[i];
    }
    this.segOffsets = offsets;
    this.segDocs = docs;
    this.segTf = tf;
    this.segTerms = terms;
    this.tailPostings = 0;
    this.tailView = new Map();
    this.tailViewed = 0;
    if (this.tailOrd.length > 65_536) {
      // A bulk load grew them: give the memory back.
      this.tailTerm = new Int32Array(1024);
      this.tailOrd = new Int32Array(1024);
      this.tailTf = new Uint8Array(1024);
    }
    this.deadPostings = 0;
    for (const [code, ords] of this.codes) {
      const kept = ords.filter((o) => this.alive[o]);
      if (kept.length) this.codes.set(code, kept);
      else this.codes.delete(code);
    }
  }

  /** BM25 over the entries; with rollups, the best entry per rollup id. */
  searchText(query: WeightedTerm[], limit: number): LexicalHit[] {
    if (!query.length || !this.aliveCount || limit < 1) return [];
    this.prepareTail();
    const n = Math.max(this.aliveCount, 1);
    const avgdl = Math.max(this.tokenTotal / n, 1);
    const q: Array<{ id: number; idf: number; df: number }> = [];
    for (const { term, weight } of query) {
      const id = this.termIds.get(term);
      if (id === undefined) continue;
      const df = this.documentFrequency(id);
      if (!df) continue;
      q.push({ id, df, idf: weight * Math.log(1 + (n - df + 0.5) / (df + 0.5)) });
    }
    if (!q.length) return [];
    const byIdf = [...q].sort((x, y) => y.idf - x.idf);
    const commonDf = Math.max(n * this.commonTermShare, 50);
    const selective = new Set<number>([
      ...byIdf.filter((t) => t.df <= commonDf).slice(0, this.selectiveTerms).map((t) => t.id),
      ...byIdf.slice(0, 3).map((t) => t.id),
    ]);

    this.ensureScratch();
    const epoch = this.nextEpoch();
    const candidates: number[] = [];
    for (const t of selective) {
      this.forEachPosting(t, (d) => {
        if (this.mark[d] !== epoch) {
          this.mark[d] = epoch;
          this.scores[d] = 0;
          candidates.push(d);
        }
      });
    }
    const k1 = this.k1;
    const b = this.b;
    for (const t of q) {
      const idf = t.idf;
      this.forEachPosting(t.id, (d, tf) => {
        if (this.mark[d] !== epoch) return;
        this.scores[d] += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * this.lengths[d]) / avgdl));
      });
    }
    for (const d of candidates) this.scores[d] *= this.weights[d];
    return this.top(candidates, limit, this.textTies);
  }

  /** Entries carrying any of the codes, scored by how many distinct query codes they carry. */
  searchCodes(queryCodes: string[], limit: number): LexicalHit[] {
    if (!queryCodes.length || !this.aliveCount || limit < 1) return [];
    this.prepareTail();
    this.ensureScratch();
    const epoch = this.nextEpoch();
    const candidates: number[] = [];
    for (const code of new Set(queryCodes)) {
      for (const d of this.codes.get(code) ?? []) {
        if (!this.alive[d]) continue;
        if (this.mark[d] !== epoch) {
          this.mark[d] = epoch;
          this.scores[d] = 0;
          candidates.push(d);
        }
        this.scores[d] += 1;
      }
    }
    // As the SQL did: ORDER BY score DESC, id.
    return this.top(candidates, limit, 'older');
  }

  /** How many live entries contain each term (0 for a term the corpus never uses). */
  documentFrequencies(terms: string[]): number[] {
    return terms.map((t) => {
      const id = this.termIds.get(t);
      return id === undefined ? 0 : this.documentFrequency(id);
    });
  }

  stats(): LexicalIndexStats {
    const postings = this.segDocs.length + this.tailPostings;
    const arrayBytes =
      this.segOffsets.byteLength + this.segDocs.byteLength + this.segTf.byteLength + this.alive.byteLength +
      this.tailTerm.byteLength + this.tailOrd.byteLength + this.tailTf.byteLength + this.tfScratch.byteLength +
      this.lengths.byteLength + this.weights.byteLength + this.rollupOf.byteLength + this.mark.byteLength + this.scores.byteLength;
    return { entries: this.aliveCount, terms: this.termIds.size, postings, arrayBytes };
  }

  private add(e: LexicalEntry): number {
    const ord = this.count++;
    if (ord >= this.capacity) this.grow(Math.max(1024, this.capacity * 2));
    this.alive[ord] = 1;
    this.lengths[ord] = e.length;
    this.weights[ord] = e.weight ?? 1;
    this.keys[ord] = e.key;
    if (e.rollup !== undefined) {
      let r = this.rollupOrd.get(e.rollup);
      if (r === undefined) {
        r = this.rollupIds.push(e.rollup) - 1;
        this.rollupOrd.set(e.rollup, r);
      }
      this.rollupOf[ord] = r;
    } else {
      this.rollupOf[ord] = -1;
    }
    this.aliveCount++;
    this.tokenTotal += e.length;
    const seen: number[] = [];
    for (const term of e.terms) {
      if (!term) continue;
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = this.termIds.size;
        this.termIds.set(term, id);
        if (id >= this.tfScratch.length) this.tfScratch = grown(this.tfScratch, id * 2);
      }
      if (this.tfScratch[id]++ === 0) seen.push(id);
    }
    if (this.tailPostings + seen.length > this.tailOrd.length) {
      const cap = Math.max(this.tailOrd.length * 2, this.tailPostings + seen.length);
      this.tailTerm = grown(this.tailTerm, cap);
      this.tailOrd = grown(this.tailOrd, cap);
      this.tailTf = grown(this.tailTf, cap);
    }
    for (const id of seen) {
      const i = this.tailPostings++;
      this.tailTerm[i] = id;
      this.tailOrd[i] = ord;
      this.tailTf[i] = Math.min(this.tfScratch[id], TF_MAX);
      this.tfScratch[id] = 0;
    }
    for (const code of new Set(e.codes)) {
      const list = this.codes.get(code);
      if (list) list.push(ord);
      else this.codes.set(code, [ord]);
    }
    return ord;
  }

  private documentFrequency(term: number): number {
    let df = 0;
    if (this.count === this.aliveCount) {
      if (term < this.segTerms) df += this.segOffsets[term + 1] - this.segOffsets[term];
      df += this.tailView.get(term)?.length ?? 0;
      return df;
    }
    this.forEachPosting(term, () => df++);
    return df;
  }

  /** Alive postings of a term in ordinal order. */
  private forEachPosting(term: number, fn: (ord: number, tf: number) => void): void {
    if (term < this.segTerms) {
      const end = this.segOffsets[term + 1];
      for (let i = this.segOffsets[term]; i < end; i++) {
        const d = this.segDocs[i];
        if (this.alive[d]) fn(d, this.segTf[i]);
      }
    }
    const list = this.tailView.get(term);
    if (list) {
      for (const i of list) {
        const d = this.tailOrd[i];
        if (this.alive[d]) fn(d, this.tailTf[i]);
      }
    }
  }

  /** Before searching: merge a large tail, or extend the by-term view of a small one. */
  private prepareTail() {
    if (this.tailPostings >= Math.max(MIN_TAIL_MERGE, this.segDocs.length * TAIL_SHARE)) this.merge();
    for (let i = this.tailViewed; i < this.tailPostings; i++) {
      const list = this.tailView.get(this.tailTerm[i]);
      if (list) list.push(i);
      else this.tailView.set(this.tailTerm[i], [i]);
    }
    this.tailViewed = this.tailPostings;
  }

  /** Best `limit` by score, ties by storage order; rollups keep their best entry. */
  private top(candidates: number[], limit: number, ties: 'newer' | 'older'): LexicalHit[] {
    const better = ties === 'newer' ? this.betterNewer : this.betterOlder;
    let ords = candidates;
    if (this.rollupIds.length) {
      // Best entry per rollup id; entries without one stand alone.
      const best = new Map<number, number>();
      ords = [];
      for (const d of candidates) {
        const r = this.rollupOf[d];
        if (r < 0) {
          ords.push(d);
          continue;
        }
        const cur = best.get(r);
        if (cur === undefined || better(d, cur)) best.set(r, d);
      }
      for (const d of best.values()) ords.push(d);
    }
    const picked = selectTop(ords, limit, better);
    return picked.map((d) => ({ id: this.rollupOf[d] >= 0 ? this.rollupIds[this.rollupOf[d]] : this.keys[d], score: this.scores[d] }));
  }

  private readonly betterOlder = (x: number, y: number): boolean =>
    this.scores[x] > this.scores[y] || (this.scores[x] === this.scores[y] && x < y);
  private readonly betterNewer = (x: number, y: number): boolean =>
    this.scores[x] > this.scores[y] || (this.scores[x] === this.scores[y] && x > y);

  private grow(capacity: number) {
    const copy = <T extends Int32Array | Uint8Array | Float64Array>(a: T, C: new (n: number) => T): T => {
      const next = new C(capacity);
      next.set(a);
      return next;
    };
    this.alive = copy(this.alive, Uint8Array);
    this.lengths = copy(this.lengths, Int32Array);
    this.weights = copy(this.weights, Float64Array);
    this.rollupOf = copy(this.rollupOf, Int32Array);
    this.capacity = capacity;
  }

  private ensureScratch() {
    if (this.mark.length >= this.count) return;
    this.mark = new Int32Array(this.capacity);
    this.scores = new Float64Array(this.capacity);
    this.epoch = 0;
  }

  private nextEpoch(): number {
    if (this.epoch >= 0x7fffffff) {
      this.mark.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }
}

function grown<T extends Int32Array | Uint8Array>(a: T, capacity: number): T {
  const next = new (a.constructor as new (n: number) => T)(capacity);
  next.set(a);
  return next;
}

/** The `limit` best items, best first, without sorting them all (a bounded min-heap). */
function selectTop(items: number[], limit: number, better: (x: number, y: number) => boolean): number[] {
  const heap: number[] = []; // heap[0] is the worst of the kept items
  const worse = (i: number, j: number) => better(heap[j], heap[i]);
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j], heap[i]]);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(l, m)) m = l;
      if (r < heap.length && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const x of items) {
    if (heap.length < limit) {
      heap.push(x);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!worse(i, p)) break;
        swap(i, p);
        i = p;
      }
    } else if (better(x, heap[0])) {
      heap[0] = x;
      down(0);
    }
  }
  return heap.sort((x, y) => (better(x, y) ? -1 : better(y, x) ? 1 : 0));
}
