import { describe, expect, it } from 'vitest';
import { DeltaBatcher } from '../../src/http/delta-batcher.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DeltaBatcher', () => {
  const record = (windowMs: number) => {
    const sent: { text: string; at: number }[] = [];
    const t0 = performance.now();
    const b = new DeltaBatcher(windowMs, async (text) => void sent.push({ text, at: performance.now() - t0 }));
    return { b, sent };
  };

  it('sends the first delta at once and gathers the next ones for the window', async () => {
    const { b, sent } = record(60);
    await b.push('你');
    expect(sent.map((s) => s.text)).toEqual(['你']);
    await b.push('好');
    await b.push('，');
    expect(sent).toHaveLength(1);
    await sleep(100);
    expect(sent.map((s) => s.text)).toEqual(['你', '好，']);
    expect(sent[1]!.at).toBeGreaterThanOrEqual(55);
  });

  it('a token after a quiet spell goes out at once', async () => {
    const { b, sent } = record(30);
    await b.push('a');
    await sleep(50);
    await b.push('b');
    expect(sent.map((s) => s.text)).toEqual(['a', 'b']);
  });

  it('flush sends what is held before another event, and nothing twice', async () => {
    const { b, sent } = record(1000);
    const order: string[] = [];
    await b.push('x');
    await b.push('y');
    await b.push('z');
    await b.flush();
    order.push(...sent.map((s) => s.text));
    await b.flush();
    await sleep(20);
    expect(order).toEqual(['x', 'yz']);
    expect(sent.map((s) => s.text).join('')).toBe('xyz');
  });

  it('a window of 0 sends every delta as it comes', async () => {
    const { b, sent } = record(0);
    for (const c of 'abc') await b.push(c);
    expect(sent.map((s) => s.text)).toEqual(['a', 'b', 'c']);
  });

  it('cancel drops what is held and stops the timer', async () => {
    const { b, sent } = record(20);
    await b.push('a');
    await b.push('b');
    b.cancel();
    await sleep(50);
    expect(sent.map((s) => s.text)).toEqual(['a']);
  });
});
