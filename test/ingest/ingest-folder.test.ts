import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFiles } from '../../ingest/ingest-folder.js';
import type { FileToIngest } from '../../ingest/collect-files.js';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { build } from '../helpers/build.js';

const page = (i: number) =>
  new TextEncoder().encode(`# 型号 LM-T${i}\n\n## 电池\n\nLM-T${i} 的电池容量是 ${4000 + i} mAh，支持 ${20 + i}W 快充。\n\n## Warranty\n\nLM-T${i} comes with a ${i % 3 + 1}-year warranty.\n`);
const files = (n: number): FileToIngest[] =>
  Array.from({ length: n }, (_, i) => ({ absolutePath: `/nowhere/t${i}.md`, sourcePath: `pages/t${i}.md`, bytes: page(i) }));

describe.each(databases)('ingesting a folder several files at a time on %s', (_name, open) => {
  let t: TestDatabase;
  let ctx: Awaited<ReturnType<typeof build>>['ctx'];
  let app: Awaited<ReturnType<typeof build>>['app'];

  beforeAll(async () => {
    t = await open();
    ({ app, ctx } = await build(t));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  it('ingests every file once, reports a bad one and goes on, and a second pass changes nothing', async () => {
    const kb = await ctx.knowledgeBases.create({ name: 'folder' });
    const bad: FileToIngest = { absolutePath: '/nowhere/bad.pdf', sourcePath: 'bad.pdf', bytes: new TextEncoder().encode('not a pdf') };
    const list = [...files(20).slice(0, 10), bad, ...files(20).slice(10)];
    const done: string[] = [];
    const first = await ingestFiles(ctx.ingestDocument, kb.id, list, { concurrency: 4, progress: { onFileDone: (f) => done.push(f.sourcePath) } });
    expect(first.created).toBe(20);
    expect(first.failed.map((f) => f.sourcePath)).toEqual(['bad.pdf']);
    expect(done.sort()).toEqual(list.map((f) => f.sourcePath).sort());
    // The bad file is listed too, as failed, so the content team sees it.
    const all = await ctx.documents.list(kb.id, { limit: 100, offset: 0 });
    expect(all.items.filter((d) => d.status === 'failed').map((d) => d.sourcePath)).toEqual(['bad.pdf']);
    const items = all.items.filter((d) => d.status !== 'failed');
    expect(items.length).toBe(20);
    expect(new Set(items.map((d) => d.sourcePath)).size).toBe(20);
    expect(first.chunks).toBe(items.reduce((n, d) => n + d.chunkCount, 0));
    const hits = await ctx.searchKnowledge(kb.id, 'LM-T7 电池容量');
    expect(hits.hits[0]).toMatchObject({ type: 'chunk', sourcePath: 'pages/t7.md' });

    const second = await ingestFiles(ctx.ingestDocument, kb.id, files(20), { concurrency: 4 });
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 20, chunks: 0 });
  });

  it('stops taking files when the service itself fails, and throws that error', async () => {
    const kb = await ctx.knowledgeBases.create({ name: 'broken' });
    let calls = 0;
    const ingest: typeof ctx.ingestDocument = async (kbId, input, opts) => {
      calls++;
      if (input.sourcePath === 'pages/t3.md') throw new Error('connection lost');
      return ctx.ingestDocument(kbId, input, opts);
    };
    await expect(ingestFiles(ingest, kb.id, files(40), { concurrency: 4 })).rejects.toThrow('connection lost');
    // The four in flight finish; nobody takes the remaining thirty-odd files.
    expect(calls).toBeLessThan(12);
  });
});
