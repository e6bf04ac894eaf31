import { describe, expect, it } from 'vitest';
import { chunkMarkdown, type DraftChunk } from '../../../ingest/chunking/markdown-chunker.js';
import { splitSentences } from '../../../ingest/chunking/sentence-splitter.js';

/** Longest prefix of `next` that is also a suffix of `prev`. */
function sharedText(prev: string, next: string): string {
  for (let n = Math.min(prev.length, next.length); n > 0; n--) {
    if (prev.endsWith(next.slice(0, n))) return next.slice(0, n);
  }
  return '';
}

const zh = Array.from({ length: 40 }, (_, i) => `乐摩第${i}号门店提供以旧换新服务。`).join('');
const en = Array.from({ length: 40 }, (_, i) => `Store number ${i} offers a trade-in programme for old phones.`).join(' ');

describe('overlap', () => {
  for (const [name, text] of [
    ['Chinese', zh],
    ['English', en],
  ] as const) {
    it(`repeats whole trailing sentences of the previous chunk, at most \`overlap\` characters (${name})`, () => {
      const size = 200;
      const overlap = 60;
      const chunks = chunkMarkdown(`# Stores\n${text}`, { size, overlap });
      expect(chunks.length).toBeGreaterThan(3);
      const sentences = new Set(splitSentences(text).map((s) => s.text));
      for (let i = 1; i < chunks.length; i++) {
        const shared = sharedText(chunks[i - 1].content, chunks[i].content);
        expect(shared.length).toBeGreaterThan(0);
        expect(shared.length).toBeLessThanOrEqual(overlap);
        // The shared text is made of whole sentences of the source.
        for (const s of splitSentences(shared)) expect(sentences.has(s.text)).toBe(true);
        expect(chunks[i].content.length).toBeLessThanOrEqual(size);
      }
    });
  }

  it('never overlaps across a heading', () => {
    const chunks = chunkMarkdown(`# A\n${zh}\n# B\n${zh}`, { size: 200, overlap: 60 });
    const firstOfB = chunks.find((c) => c.headingPath[0] === 'B')!;
    expect(firstOfB.content.startsWith('乐摩第0号门店')).toBe(true);
  });

  it('takes no overlap when the last sentence is longer than `overlap`, and none with overlap 0', () => {
    const long = Array.from({ length: 12 }, (_, i) => `Sentence ${i} is deliberately long so that it cannot fit into the overlap.`).join(' ');
    for (const overlap of [0, 20]) {
      const chunks = chunkMarkdown(long, { size: 160, overlap });
      expect(chunks.map((c) => c.content.split(' is ')[0])).toEqual(Array.from({ length: 6 }, (_, i) => `Sentence ${2 * i}`));
    }
  });

  it('does not carry overlap out of a table or code block that ends a chunk', () => {
    const code = '```\n' + 'code line\n'.repeat(4) + '```';
    const after = '后面的文字。'.repeat(10);
    const chunks = chunkMarkdown(`# T\n${'说明文字。'.repeat(6)}\n\n${code}\n\n${after}`, { size: 100, overlap: 30 });
    expect(chunks.map((c) => c.content)).toEqual([`${'说明文字。'.repeat(6)}\n\n${code}`, after]);
  });
});

describe('size bound', () => {
  const check = (chunks: DraftChunk[], size: number) => chunks.every((c) => c.content.length <= size && c.content.length > 0);

  it('keeps every chunk within size, including text with no sentence ends or spaces', () => {
    const md = [
      '# Mixed',
      zh,
      en,
      '没有标点的超长中文文本'.repeat(40),
      'https://lumo.example.com/' + 'a'.repeat(500),
      '- 列表项一，内容比较长'.repeat(30),
      '> 引用的内容。'.repeat(40),
    ].join('\n\n');
    for (const size of [50, 120, 500]) {
      const chunks = chunkMarkdown(md, { size, overlap: Math.floor(size / 5) });
      expect(check(chunks, size)).toBe(true);
    }
  });

  it('packs small blocks together and does not split a paragraph that fits a fresh chunk', () => {
    const p1 = 'a'.repeat(60) + '.';
    const p2 = 'b'.repeat(60) + '.';
    const p3 = 'c'.repeat(60) + '.';
    const chunks = chunkMarkdown(`${p1}\n\n${p2}\n\n${p3}`, { size: 130, overlap: 0 });
    expect(chunks.map((c) => c.content)).toEqual([`${p1}\n\n${p2}`, p3]);
  });
});
