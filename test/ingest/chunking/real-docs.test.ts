import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkMarkdown, type ChunkOptions, type DraftChunk } from '../../../ingest/chunking/markdown-chunker.js';
import { checkCoverage, readReference, squash, stripFrontMatter, tableHeaders } from './markdown-reference.js';

/**
 * Property checks over two real documentation sets (read-only, shared with the eval suites):
 * every heading with text under it names a chunk, the chunks cover all the text exactly once
 * (apart from overlap and repeated table headers), and the heading texts the eval suites use as
 * gold labels come out byte-exact.
 */
const DATASETS = ['/work/shared/datasets/dify-docs-kb', '/work/shared/datasets/apisix-docs-kb'];
const available = DATASETS.filter((d) => existsSync(join(d, 'kb')));

function markdownFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) markdownFiles(path, out);
    else if (/\.mdx?$/.test(name)) out.push(path);
  }
  return out;
}

const UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;

/** The reference's non-heading text, minus setext heading lines the chunker turned into headings. */
function expectedText(textLines: string[], chunkHeadings: Set<string>, tables: Set<string>): string {
  const kept = textLines.filter((line, i) => !(UNDERLINE.test(textLines[i + 1] ?? '') && chunkHeadings.has(line.trim())));
  return squash(kept, tables);
}

function chunkText(chunks: DraftChunk[], tables: Set<string>): string[] {
  return chunks.map((c) => squash(c.content.split('\n'), tables));
}

describe.skipIf(available.length === 0)('chunking the real docs', () => {
  const docs = available.flatMap((root) =>
    markdownFiles(join(root, 'kb')).map((path) => ({ root, path, text: stripFrontMatter(readFileSync(path, 'utf8')) })),
  );

  for (const opts of [
    { size: 800, overlap: 120 },
    { size: 300, overlap: 0 },
  ] satisfies ChunkOptions[]) {
    it(`keeps every heading and all text (size ${opts.size}, overlap ${opts.overlap})`, () => {
      const failures: string[] = [];
      for (const doc of docs) {
        const name = relative(doc.root, doc.path);
        const chunks = chunkMarkdown(doc.text, opts);
        const ref = readReference(doc.text);

        const named = chunks.map((c) => c.headingPath[c.headingPath.length - 1]);
        let next = 0;
        for (const h of ref.headings) {
          if (!h.hasContent || h.text === '') continue;
          while (next < named.length && named[next] !== h.text) next++;
          if (next === named.length) {
            failures.push(`${name}: no chunk (in order) under heading ${JSON.stringify(h.text)}`);
            break;
          }
        }

        const headings = new Set(chunks.flatMap((c) => c.headingPath));
        const tables = tableHeaders(ref.textLines);
        const problem = checkCoverage(expectedText(ref.textLines, headings, tables), chunkText(chunks, tables));
        if (problem) failures.push(`${name}: ${problem}`);
      }
      expect(failures.slice(0, 5)).toEqual([]);
    });
  }

  it('respects the size bound, starts no chunk with a terminator, numbers positions', () => {
    const opts = { size: 500, overlap: 80 };
    const failures: string[] = [];
    for (const doc of docs) {
      const chunks = chunkMarkdown(doc.text, opts);
      chunks.forEach((c, i) => {
        const where = `${relative(doc.root, doc.path)}#${i}`;
        if (c.position !== i) failures.push(`${where}: position ${c.position}`);
        if (c.content !== c.content.trim() || c.content === '') failures.push(`${where}: not trimmed or empty`);
        const wholeBlock = /^(\S+\s+)?(```|~~~)/.test(c.content) || c.content.includes('|');
        if (c.content.length > opts.size && !(wholeBlock && c.content.length <= 2 * opts.size)) {
          failures.push(`${where}: ${c.content.length} characters`);
        }
        if (/^[。！？；，、”」』）]/.test(c.content)) failures.push(`${where}: starts with ${c.content.slice(0, 10)}`);
      });
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('reproduces the gold heading texts of the eval questions exactly', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const root of available) {
      const byPath = new Map<string, Set<string>>();
      for (const file of ['faq_questions.jsonl', 'issue_questions.jsonl']) {
        const path = join(root, file);
        if (!existsSync(path)) continue;
        for (const line of readFileSync(path, 'utf8').split('\n')) {
          if (!line.trim()) continue;
          for (const gold of (JSON.parse(line) as { gold: { path: string; heading: string }[] }).gold) {
            const kbPath = join(root, 'kb', gold.path);
            if (!existsSync(kbPath)) continue;
            if (!byPath.has(kbPath)) {
              const chunks = chunkMarkdown(stripFrontMatter(readFileSync(kbPath, 'utf8')), { size: 800, overlap: 120 });
              byPath.set(kbPath, new Set(chunks.map((c) => c.headingPath[c.headingPath.length - 1])));
            }
            checked++;
            if (!byPath.get(kbPath)!.has(gold.heading)) failures.push(`${gold.path}: ${JSON.stringify(gold.heading)}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});
