import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { build } from '../helpers/build.js';
import { ingestSampleKb, SAMPLE_ENV } from '../helpers/sample-kb.js';

/** Start-up builds every knowledge base's lexical index, so the first search does not. */
describe.each(databases)('warming search indexes on %s', (_name, open) => {
  let t: TestDatabase;
  let built: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    t = await open();
    built = await build(t, SAMPLE_ENV);
    await ingestSampleKb(built.ctx, 'one');
    await built.ctx.knowledgeBases.create({ name: 'empty' });
  }, 120_000);
  afterAll(async () => {
    await built?.app.close();
    await t?.cleanup();
  });

  it('builds the index of every knowledge base before traffic, empty ones included', async () => {
    // A fresh context on the same database has built nothing yet.
    const { createContext } = await import('../../src/composition-root.js');
    const ctx = await createContext(built.config, { db: t.db });
    expect(ctx.index.lexical.stats()).toEqual([]);
    expect(await ctx.warmSearch()).toBe(2);
    const stats = ctx.index.lexical.stats();
    expect(stats).toHaveLength(2);
    expect(Math.max(...stats.map((s) => s.chunks.entries))).toBeGreaterThan(10);
  });
});
