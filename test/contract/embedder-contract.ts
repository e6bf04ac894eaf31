import { beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/ports/embedder.js';

/**
 * What every Embedder must do, whatever the backend: the stores and retrieval rely on these
 * properties (vector size = the column size, one vector per chunk in order, stable ids for
 * the embedding space). Adapters and fakes run the same suite.
 */

export interface EmbedderContractOptions {
  /** Same text → same vector. True for fakes and local models; a remote model may not be. */
  deterministic?: boolean;
  /** Vectors are L2-normalised (cosine = dot product). Otherwise only finiteness is checked. */
  normalized?: boolean;
  /** Closeness for "the same vector" (float32 transport and batched inference round a little). */
  tolerance?: number;
}

const ZH = '我的订单在哪里？怎么申请退款';
const EN = 'How do I return an order and get a refund?';
const MIXED = '订单 refund 几天到账？';
// Distinct texts, some longer than others so that batching pads.
const BATCH = [
  EN,
  ZH,
  'Where is my package?',
  '快递几天到',
  MIXED,
  'reset my account password',
  '发票怎么开',
  'cancel the payment',
];

function norm(v: number[]): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}

function expectClose(actual: number[], expected: number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  const worst = actual.reduce((m, x, i) => Math.max(m, Math.abs(x - expected[i])), 0);
  expect(worst).toBeLessThanOrEqual(tolerance);
}

function expectDifferent(a: number[], b: number[]): void {
  expect(a.some((x, i) => Math.abs(x - b[i]) > 1e-6)).toBe(true);
}

export function embedderContract(
  name: string,
  makeEmbedder: () => Promise<Embedder>,
  opts: EmbedderContractOptions = {},
): void {
  const { deterministic = true, normalized = true, tolerance = 1e-5 } = opts;

  describe(`Embedder contract: ${name}`, () => {
    let embedder: Embedder;
    beforeAll(async () => {
      embedder = await makeEmbedder();
    });

    it('has a non-empty id that stays the same across calls and instances', async () => {
      expect(typeof embedder.id).toBe('string');
      expect(embedder.id.trim()).not.toBe('');
      const before = embedder.id;
      await embedder.embedQuery(EN);
      expect(embedder.id).toBe(before);
      expect((await makeEmbedder()).id).toBe(before);
    });

    it('returns vectors whose length is `dimension`, for documents and queries', async () => {
      expect(Number.isInteger(embedder.dimension) && embedder.dimension > 0).toBe(true);
      expect(await embedder.embedQuery(EN)).toHaveLength(embedder.dimension);
      for (const v of await embedder.embedDocuments([EN, ZH])) expect(v).toHaveLength(embedder.dimension);
    });

    it('returns one vector per text, in input order', async () => {
      const vectors = await embedder.embedDocuments(BATCH);
      expect(vectors).toHaveLength(BATCH.length);
      if (!deterministic) return;
      for (const [i, text] of BATCH.entries()) {
        const [alone] = await embedder.embedDocuments([text]);
        expectClose(vectors[i], alone, tolerance);
      }
      // Order only means something if the texts get different vectors.
      expectDifferent(vectors[0], vectors[1]);
    });

    it('keeps order across batches larger than one request', async () => {
      const many = Array.from({ length: 70 }, (_, i) => `${BATCH[i % BATCH.length]} ${i}`);
      const vectors = await embedder.embedDocuments(many);
      expect(vectors).toHaveLength(many.length);
      if (!deterministic) return;
      expectClose(vectors[69], await embedder.embedQuery(many[69]), tolerance);
      expectClose(vectors[3], await embedder.embedQuery(many[3]), tolerance);
    });

    it('embeds an empty list as an empty list', async () => {
      expect(await embedder.embedDocuments([])).toEqual([]);
    });

    it.runIf(deterministic)('gives the same vector for the same text', async () => {
      expectClose(await embedder.embedQuery(MIXED), await embedder.embedQuery(MIXED), tolerance);
      const [a] = await embedder.embedDocuments([ZH]);
      const [b] = await embedder.embedDocuments([ZH]);
      expectClose(a, b, tolerance);
    });

    it('embeds Chinese, English and mixed text into distinct non-zero vectors', async () => {
      const [zh, en, mixed] = await embedder.embedDocuments([ZH, EN, MIXED]);
      for (const v of [zh, en, mixed]) expect(norm(v)).toBeGreaterThan(0);
      expectDifferent(zh, en);
      expectDifferent(zh, mixed);
    });

    it(normalized ? 'returns finite, unit-length vectors' : 'returns finite numbers', async () => {
      const vectors = [...(await embedder.embedDocuments(BATCH)), await embedder.embedQuery(ZH)];
      for (const v of vectors) {
        expect(v.every((x) => typeof x === 'number' && Number.isFinite(x))).toBe(true);
        if (normalized) expect(Math.abs(norm(v) - 1)).toBeLessThan(1e-3);
      }
    });
  });
}
