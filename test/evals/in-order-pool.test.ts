import { describe, expect, it } from 'vitest';
import { mapInOrder } from '../../evals/in-order-pool.js';

describe('mapInOrder', () => {
  it('keeps at most `concurrency` calls in flight and returns results in the items\' order', async () => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 20 }, (_, i) => i);
    const out = await mapInOrder(items, 4, async (x) => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Later items finish first: order must come from the index, not from completion.
      await new Promise((r) => setTimeout(r, 20 - x));
      inFlight--;
      return x * 10;
    });
    expect(out).toEqual(items.map((x) => x * 10));
    expect(most).toBe(4);
  });

  it('runs one at a time with concurrency 1, and copes with no items', async () => {
    const order: number[] = [];
    await mapInOrder([3, 1, 2], 1, async (x) => {
      await new Promise((r) => setTimeout(r, x));
      order.push(x);
    });
    expect(order).toEqual([3, 1, 2]);
    expect(await mapInOrder([], 8, async () => 1)).toEqual([]);
  });

  it('rejects with the first failure', async () => {
    await expect(mapInOrder([1, 2, 3], 2, async (x) => (x === 2 ? Promise.reject(new Error('boom')) : x))).rejects.toThrow('boom');
  });
});
