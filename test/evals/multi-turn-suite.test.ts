import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../evals/suite-loader.js';
import { createOurPipeline } from '../../evals/our-pipeline.js';
import type { RetrievalPipeline } from '../../evals/pipeline.js';
import { runRetrievalSuite } from '../../evals/run-retrieval-suite.js';
import { testConfig } from '../helpers/build.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/multi-turn-suite');

describe('multi-turn scoring in the retrieval runner', () => {
  const suite = loadSuite(FIXTURE);
  let ours: RetrievalPipeline;
  let kb: string;
  beforeAll(async () => {
    ours = await createOurPipeline({ ...testConfig(), database: { kind: 'pglite', dataDir: 'memory://' } });
    kb = await ours.prepare(suite.knowledge);
  });
  afterAll(async () => ours?.close());

  it('scores the last turn alone and as rewritten from its history; rewriting resolves the pronoun', async () => {
    const report = await runRetrievalSuite(suite, ours, kb);
    // Every answerable case still counts in the main metrics, scored on the last message alone.
    expect(report.cases).toBe(4);
    const mt = report.multi_turn!;
    expect(mt.cases).toBe(3);
    const byId = Object.fromEntries(mt.records.map((r) => [r.id, r]));
    expect(byId.single).toBeUndefined();
    for (const id of ['en-pronoun', 'zh-pronoun']) {
      const r = byId[id]!;
      expect(r.rewritten).toBe(true);
      expect(r.query).toContain('ZX-9');
      expect(r.rank_with).toBe(1);
      // Alone, "it" finds the other phone (or nothing) first.
      expect(r.rank_without === null || r.rank_without > 1).toBe(true);
    }
    expect(byId['en-self']).toMatchObject({ rewritten: false, query: 'How long does delivery take?', rank_with: 1, rank_without: 1 });
    expect(mt.with!['hit@1']).toBe(1);
    expect(mt.without['hit@1']).toBeLessThan(1);
    expect(mt.rewritten).toBeCloseTo(2 / 3, 3);
    expect(Object.keys(mt.by_lang)).toEqual(['en', 'zh']);
    expect(mt.by_pattern.pronoun).toMatchObject({ cases: 2, with: { 'hit@1': 1 } });
    expect(mt.by_pattern.self_contained).toMatchObject({ cases: 1, rewritten: 0 });
  });

  it('reports no "with" figures for a pipeline without a rewriter, and nothing extra for single-turn suites', async () => {
    const { rewrite: _drop, ...rest } = ours;
    const plain: RetrievalPipeline = { ...rest, name: 'no-rewriter' };
    const report = await runRetrievalSuite(suite, plain, kb);
    expect(report.multi_turn).toMatchObject({ cases: 3, with: null, rewritten: null });
    expect(report.multi_turn!.records.every((r) => r.rank_with === undefined)).toBe(true);
    const single = await runRetrievalSuite({ ...suite, cases: suite.cases.filter((c) => c.messages.length === 1) }, ours, kb);
    expect(single.multi_turn).toBeUndefined();
    expect(Object.keys(single)).toEqual(['suite', 'kind', 'pipeline', 'cases', 'metrics', 'by_lang', 'by_source', 'latency_ms', 'failures']);
  });
});
