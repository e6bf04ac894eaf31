import { describe, expect, it } from 'vitest';
import { chunkMarkdown } from '../../../ingest/chunking/markdown-chunker.js';

function table(rows: number, cell = '说明文字'): string {
  const lines = ['| 型号 | SKU | 价格 | 说明 |', '| --- | --- | ---: | --- |'];
  for (let i = 0; i < rows; i++) lines.push(`| LM-A${i} | SKU-LMA${i}-128-BLK | ${999 + i} | ${cell}${i} |`);
  return lines.join('\n');
}

describe('tables', () => {
  it('keeps a table that fits in 2× size whole, in its own chunk when it exceeds size', () => {
    const t = table(6);
    expect(t.length).toBeGreaterThan(200);
    expect(t.length).toBeLessThanOrEqual(400);
    const chunks = chunkMarkdown(`# 价格\n价格如下：\n\n${t}\n\n以上价格含税。`, { size: 200, overlap: 0 });
    expect(chunks.map((c) => c.content)).toEqual(['价格如下：', t, '以上价格含税。']);
  });

  it('packs a small table with the text around it', () => {
    const t = table(2);
    const chunks = chunkMarkdown(`# 价格\n价格如下：\n\n${t}\n\n以上价格含税。`, { size: 400, overlap: 0 });
    expect(chunks.map((c) => c.content)).toEqual([`价格如下：\n\n${t}\n\n以上价格含税。`]);
  });

  it('splits a table larger than 2× size between rows and repeats the header in every part', () => {
    const t = table(40);
    const chunks = chunkMarkdown(`# 价格\n${t}`, { size: 300, overlap: 50 });
    expect(chunks.length).toBeGreaterThan(3);
    const rows: string[] = [];
    for (const c of chunks) {
      const lines = c.content.split('\n');
      expect(lines.slice(0, 2)).toEqual(['| 型号 | SKU | 价格 | 说明 |', '| --- | --- | ---: | --- |']);
      expect(c.content.length).toBeLessThanOrEqual(300);
      for (const row of lines.slice(2)) expect(row).toMatch(/^\| LM-A\d+ \| .* \|$/);
      rows.push(...lines.slice(2));
    }
    // Every row exactly once, in order: no overlap is carried between table parts.
    expect(rows).toEqual(t.split('\n').slice(2));
  });

  it('compacts padding in table rows', () => {
    const md = '| Name      | Type   |\n|-----------|--------|\n| size      | int    |';
    expect(chunkMarkdown(md, { size: 100, overlap: 0 })[0].content).toBe('| Name | Type |\n|---|---|\n| size | int |');
  });
});

describe('fenced code', () => {
  it('keeps a code block whole (up to 2× size) even after a paragraph that fills the chunk', () => {
    const code = ['```python', ...Array.from({ length: 12 }, (_, i) => `print("line ${i}")  # ${'x'.repeat(5)}`), '```'].join('\n');
    expect(code.length).toBeGreaterThan(300);
    expect(code.length).toBeLessThanOrEqual(600);
    const prose = 'Run the script below to check the order status for every shipment in the queue.';
    const chunks = chunkMarkdown(`# Script\n${prose}\n\n${code}\n\nThat is all.`, { size: 300, overlap: 40 });
    expect(chunks.map((c) => c.content)).toEqual([prose, code, 'That is all.']);
  });

  it('splits a very long code block at line boundaries, each part fenced with its language', () => {
    const body = Array.from({ length: 80 }, (_, i) => `echo "step ${i}"`);
    const md = `# Script\n~~~bash\n${body.join('\n')}\n~~~`;
    const chunks = chunkMarkdown(md, { size: 200, overlap: 0 });
    expect(chunks.length).toBeGreaterThan(4);
    const seen: string[] = [];
    for (const c of chunks) {
      const lines = c.content.split('\n');
      expect(lines[0]).toBe('~~~bash');
      expect(lines[lines.length - 1]).toBe('~~~');
      expect(c.content.length).toBeLessThanOrEqual(200);
      seen.push(...lines.slice(1, -1));
    }
    expect(seen).toEqual(body);
  });

  it('dedents a fence nested in a list item', () => {
    const md = '1. Install:\n\n   ```sh\n   npm i\n     --save\n   ```';
    expect(chunkMarkdown(md, { size: 200, overlap: 0 })[0].content).toBe('1. Install:\n\n```sh\nnpm i\n  --save\n```');
  });
});
