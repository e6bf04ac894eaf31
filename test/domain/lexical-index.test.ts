import { describe, expect, it } from 'vitest';
import { LexicalIndex, type LexicalEntry } from '../../src/domain/lexical-index.js';

const entry = (key: string, text: string, extra: Partial<LexicalEntry> = {}): LexicalEntry => {
  const terms = text.split(' ').filter(Boolean);
  return { key, terms, length: terms.length, codes: [], ...extra };
};

/** BM25 as the SQL channel computed it, written the plain way (every entry scored). */
function referenceBm25(entries: LexicalEntry[], query: Array<{ term: string; weight: number }>, share = 0.1, selectiveTerms = 8) {
  const n = Math.max(entries.length, 1);
  const avgdl = Math.max(entries.reduce((s, e) => s + e.length, 0) / n, 1);
  const q = query
    .map((t) => ({ ...t, df: entries.filter((e) => e.terms.includes(t.term)).length }))
    .filter((t) => t.df > 0)
    .map((t) => ({ ...t, idf: t.weight * Math.log(1 + (n - t.df + 0.5) / (t.df + 0.5)) }));
  const byIdf = [...q].sort((a, b) => b.idf - a.idf);
  const selective = new Set([...byIdf.filter((t) => t.df <= Math.max(n * share, 50)).slice(0, selectiveTerms), ...byIdf.slice(0, 3)].map((t) => t.term));
  const scores = new Map<string, number>();
  for (const e of entries) {
    if (!e.terms.some((t) => selective.has(t))) continue;
    let s = 0;
    for (const t of q) {
      const tf = e.terms.filter((x) => x === t.term).length;
      if (tf) s += (t.idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * e.length) / avgdl));
    }
    s *= e.weight ?? 1;
    const id = e.rollup ?? e.key;
    scores.set(id, Math.max(scores.get(id) ?? -Infinity, s));
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

function seeded(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('LexicalIndex', () => {
  it('scores BM25 like the SQL channel (k1 1.2, b 0.75, weighted terms)', () => {
    const docs = [entry('1', 'apple banana apple'), entry('2', 'banana cherry'), entry('3', 'cherry date egg fig'), entry('4', 'apple')];
    const idx = new LexicalIndex();
    idx.replaceGroup('d', docs);
    const query = [{ term: 'apple', weight: 1 }, { term: 'cherry', weight: 0.5 }, { term: 'nothing', weight: 1 }];
    const got = idx.searchText(query, 10);
    const want = referenceBm25(docs, query);
    expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
    got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i].score, 10));
    // hand check of one score: n 4, avgdl 2.5, df(apple) 2, tf 2, length 3
    const idf = Math.log(1 + (4 - 2 + 0.5) / (2 + 0.5));
    expect(got.find((h) => h.id === '1')!.score).toBeCloseTo((idf * 2 * 2.2) / (2 + 1.2 * (0.25 + (0.75 * 3) / 2.5)), 10);
  });

  it('selects candidates through the rare terms only, as the SQL did', () => {
    // 100 entries share "common"; only entry r has the rare term. Common is above 50 and 10%.
    const docs = Array.from({ length: 100 }, (_, i) => entry(String(i), i === 7 ? 'common rare' : 'common filler'));
    const idx = new LexicalIndex({ selectiveTerms: 1 });
    idx.replaceGroup('d', docs);
    const q = [{ term: 'common', weight: 1 }, { term: 'rare', weight: 1 }, { term: 'filler', weight: 0.01 }];
    // top 3 by idf always select too: rare, filler, common → every entry is a candidate here
    expect(idx.searchText(q, 200)).toHaveLength(100);
    expect(idx.searchText([{ term: 'rare', weight: 1 }], 5).map((h) => h.id)).toEqual(['7']);
  });

  it('rolls FAQ wordings up to their entry (best wording) and discounts answers', () => {
    const idx = new LexicalIndex();
    idx.replaceGroup('faq', [
      entry('q1', 'refund policy', { rollup: 'A' }),
      entry('q2', 'money back refund', { rollup: 'A' }),
      entry('q3', 'refund shipping', { rollup: 'B', weight: 0.55 }),
      entry('q4', 'shipping time', { rollup: 'B' }),
    ]);
    const hits = idx.searchText([{ term: 'refund', weight: 1 }], 10);
    expect(hits.map((h) => h.id)).toEqual(['A', 'B']);
    const want = referenceBm25(
      [entry('q1', 'refund policy', { rollup: 'A' }), entry('q2', 'money back refund', { rollup: 'A' }), entry('q3', 'refund shipping', { rollup: 'B', weight: 0.55 }), entry('q4', 'shipping time', { rollup: 'B' })],
      [{ term: 'refund', weight: 1 }],
    );
    hits.forEach((h, i) => expect(h.score).toBeCloseTo(want[i].score, 10));
  });

  it('breaks exact score ties by storage order, newest or oldest first as configured', () => {
    const docs = [entry('a', 'same words here'), entry('b', 'same words here'), entry('c', 'other text')];
    const newer = new LexicalIndex({ textTies: 'newer' });
    const older = new LexicalIndex({ textTies: 'older' });
    newer.replaceGroup('d', docs);
    older.replaceGroup('d', docs);
    expect(newer.searchText([{ term: 'same', weight: 1 }], 5).map((h) => h.id)).toEqual(['b', 'a']);
    expect(older.searchText([{ term: 'same', weight: 1 }], 5).map((h) => h.id)).toEqual(['a', 'b']);
  });

  it('code channel counts distinct shared codes; ties by insertion order', () => {
    const idx = new LexicalIndex();
    idx.replaceGroup('d', [
      entry('1', 'x', { codes: ['lmx20'] }),
      entry('2', 'x', { codes: ['lmx20', 'e42', 'e42'] }),
      entry('3', 'x', { codes: ['lm271'] }),
      entry('4', 'x', { codes: ['lmx20'] }),
    ]);
    expect(idx.searchCodes(['lmx20', 'e42', 'e42'], 10)).toEqual([
      { id: '2', score: 2 },
      { id: '1', score: 1 },
      { id: '4', score: 1 },
    ]);
    expect(idx.searchCodes(['nope'], 10)).toEqual([]);
  });

  it('replacing and removing groups updates statistics and results, before and after merging', () => {
    const idx = new LexicalIndex();
    idx.replaceGroup('a', [entry('1', 'alpha beta'), entry('2', 'beta gamma', { codes: ['c1'] })]);
    idx.replaceGroup('b', [entry('3', 'gamma delta')]);
    idx.replaceGroup('a', [entry('4', 'alpha alpha')]);
    expect(idx.size).toBe(2);
    expect(idx.searchText([{ term: 'beta', weight: 1 }], 10)).toEqual([]);
    expect(idx.searchCodes(['c1'], 10)).toEqual([]);
    const want = referenceBm25([entry('4', 'alpha alpha'), entry('3', 'gamma delta')], [{ term: 'alpha', weight: 1 }, { term: 'gamma', weight: 1 }]);
    const before = idx.searchText([{ term: 'alpha', weight: 1 }, { term: 'gamma', weight: 1 }], 10);
    expect(before.map((h) => h.id)).toEqual(want.map((h) => h.id));
    before.forEach((h, i) => expect(h.score).toBeCloseTo(want[i].score, 10));
    idx.merge();
    expect(idx.searchText([{ term: 'alpha', weight: 1 }, { term: 'gamma', weight: 1 }], 10)).toEqual(before);
    idx.removeGroup('a');
    idx.removeGroup('b');
    expect(idx.size).toBe(0);
    expect(idx.searchText([{ term: 'gamma', weight: 1 }], 10)).toEqual([]);
  });

  it('matches the reference on a random corpus through adds, removals and merges', () => {
    const rnd = seeded(7);
    const vocab = Array.from({ length: 300 }, (_, i) => `t${i}`);
    const pick = () => vocab[Math.floor(rnd() ** 2 * vocab.length)]; // skewed: some terms common
    const idx = new LexicalIndex({ selectiveTerms: 4 });
    const live = new Map<string, LexicalEntry[]>();
    let key = 0;
    for (let step = 0; step < 400; step++) {
      const group = `g${Math.floor(rnd() * 80)}`;
      if (rnd() < 0.2) {
        idx.removeGroup(group);
        live.delete(group);
      } else {
        const docs = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () =>
          entry(String(key++), Array.from({ length: 3 + Math.floor(rnd() * 20) }, pick).join(' ')),
        );
        idx.replaceGroup(group, docs);
        live.set(group, docs);
      }
      if (step % 97 === 0) idx.merge();
      if (step % 50 === 49) {
        const all = [...live.values()].flat();
        const query = Array.from({ length: 5 }, () => ({ term: pick(), weight: rnd() < 0.5 ? 1 : 0.5 }));
        const dedup = [...new Map(query.map((t) => [t.term, t])).values()];
        const got = idx.searchText(dedup, 1000);
        const want = referenceBm25(all, dedup, 0.1, 4);
        expect(got.length).toBe(want.length);
        got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i].score, 9));
        expect(new Set(got.map((h) => h.id))).toEqual(new Set(want.map((h) => h.id)));
      }
    }
    expect(idx.stats().entries).toBe([...live.values()].flat().length);
  });
});
