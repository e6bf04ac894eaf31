import { describe, expect, it } from 'vitest';
import { chunkMarkdown } from '../../../ingest/chunking/markdown-chunker.js';

const opts = { size: 400, overlap: 0 };

function paths(markdown: string) {
  return chunkMarkdown(markdown, opts).map((c) => ({ path: c.headingPath, content: c.content }));
}

describe('heading paths', () => {
  it('keeps heading text byte-exact: numbering, bold markup, trailing question marks', () => {
    const md = [
      '# 常见问题',
      '## 12. 如何重置密码？',
      '执行重置命令。',
      '## **Why is my upload slow?**',
      'Check the network.',
      '### 1) Step one?',
      'Do this.',
    ].join('\n');
    expect(paths(md)).toEqual([
      { path: ['常见问题', '12. 如何重置密码？'], content: '执行重置命令。' },
      { path: ['常见问题', '**Why is my upload slow?**'], content: 'Check the network.' },
      { path: ['常见问题', '**Why is my upload slow?**', '1) Step one?'], content: 'Do this.' },
    ]);
  });

  it('strips only a closing ATX sequence and surrounding spaces', () => {
    const md = '##   Shipping   ##  \nA.\n## Support for C#\nB.\n## Price #1\nC.\n#### \nD.';
    expect(paths(md).map((c) => c.path)).toEqual([['Shipping'], ['Support for C#'], ['Price #1'], ['Price #1']]);
  });

  it('pops deeper headings when a shallower one starts', () => {
    const md = '# A\n## B\n### C\nc\n## D\nd\n# E\ne';
    expect(paths(md).map((c) => c.path)).toEqual([['A', 'B', 'C'], ['A', 'D'], ['E']]);
  });

  it('gives text before the first heading an empty path', () => {
    expect(paths('Intro line.\n\n# Title\nBody.')).toEqual([
      { path: [], content: 'Intro line.' },
      { path: ['Title'], content: 'Body.' },
    ]);
  });

  it('does not treat # lines inside fenced code (``` or ~~~, indented, after a list marker) as headings', () => {
    const md = [
      '# Install',
      '```bash',
      '# this is a shell comment',
      '## neither is this',
      '```',
      '~~~~python',
      '# comment',
      '```',
      '~~~~',
      '1. Run:',
      '   ```sh',
      '   # inside a list item',
      '   ```',
      '* ```json',
      '  {"a": 1}',
      '  ```',
      '## After',
      'text',
    ].join('\n');
    const chunks = chunkMarkdown(md, opts);
    expect(chunks.map((c) => c.headingPath)).toEqual([['Install'], ['Install', 'After']]);
    expect(chunks[0].content).toContain('# this is a shell comment');
    expect(chunks[0].content).toContain('# inside a list item');
  });

  it('ends a fence left open inside a list item at the next top-level heading', () => {
    const md = '- Verify:\n  ```bash\n  docker -v\n\n## Next step\nMore text.';
    expect(paths(md).map((c) => c.path)).toEqual([[], ['Next step']]);
  });

  it('never crosses a heading: a one-line section is its own chunk, an empty section yields none', () => {
    const md = '# Guide\n## Empty\n### Child\nOnly line.\n## Short\nTiny.\n## Also empty\n';
    expect(paths(md)).toEqual([
      { path: ['Guide', 'Empty', 'Child'], content: 'Only line.' },
      { path: ['Guide', 'Short'], content: 'Tiny.' },
    ]);
  });

  it('recognises setext headings under a single-line paragraph, not a rule after a blank line', () => {
    const md = 'Title\n=====\nBody one.\n\nSub title\n---------\nBody two.\n\n---\n\nBody three.';
    expect(paths(md)).toEqual([
      { path: ['Title'], content: 'Body one.' },
      { path: ['Title', 'Sub title'], content: 'Body two.\n\nBody three.' },
    ]);
  });

  it('ignores headings inside HTML comments and drops the comments', () => {
    const md = '<!--\n# Licensed to the ASF\n-->\n\n# Real\nText <!-- inline stays -->.\n<!-- note --> after';
    expect(paths(md)).toEqual([{ path: ['Real'], content: 'Text <!-- inline stays -->.\n\nafter' }]);
  });

  it('drops YAML front matter, handles CRLF, numbers positions in order', () => {
    const md = '---\r\ntitle: FAQ\r\n---\r\n# A\r\none\r\n# B\r\ntwo\r\n';
    const chunks = chunkMarkdown(md, opts);
    expect(chunks.map((c) => [c.position, c.headingPath, c.content])).toEqual([
      [0, ['A'], 'one'],
      [1, ['B'], 'two'],
    ]);
  });

  it('returns nothing for empty or heading-only input and is deterministic', () => {
    expect(chunkMarkdown('', opts)).toEqual([]);
    expect(chunkMarkdown('# Only\n\n## Headings\n', opts)).toEqual([]);
    const md = '# A\n' + '句子。'.repeat(300);
    expect(chunkMarkdown(md, { size: 100, overlap: 20 })).toEqual(chunkMarkdown(md, { size: 100, overlap: 20 }));
  });

  it('rejects nonsensical options', () => {
    expect(() => chunkMarkdown('x', { size: 0, overlap: 0 })).toThrow(RangeError);
    expect(() => chunkMarkdown('x', { size: 100, overlap: 100 })).toThrow(RangeError);
    expect(() => chunkMarkdown('x', { size: 100, overlap: -1 })).toThrow(RangeError);
  });
});
