import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSupportedPath, loadDocument } from '../../../ingest/loaders/load-document.js';
import { OPTS } from './fixture-builders.js';

/**
 * Every real knowledge-base page must load, and every ATX heading of its source must survive
 * byte for byte: the eval suites cite sections by exact heading text. Headings are counted as
 * the suites define them: outside code fences (and here also outside HTML/MDX comments, which
 * the loader drops on purpose: they hide license headers made of `#` lines).
 */
const ROOTS = ['/work/shared/datasets/dify-docs-kb/kb', '/work/shared/datasets/apisix-docs-kb/kb'].filter((p) => existsSync(p));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** An independent, deliberately simple reading of the source's headings. */
function sourceHeadings(source: string): string[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let start = 0;
  if (lines[0].trim() === '---') {
    const end = lines.indexOf('---', 1);
    if (end > 0) start = end + 1;
  }
  const headings: string[] = [];
  let fence: string | undefined;
  let comment: string | undefined;
  for (const line of lines.slice(start)) {
    const f = /^\s*(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && f[2].trim() === '') fence = undefined;
      continue;
    }
    if (comment) {
      if (line.includes(comment)) comment = undefined;
      continue;
    }
    if (f && !(f[1][0] === '`' && f[2].includes('`'))) {
      fence = f[1];
      continue;
    }
    if (line.includes('<!--') && !line.includes('-->')) comment = '-->';
    else if (line.includes('{/*') && !line.includes('*/}')) comment = '*/}';
    else if (/^ {0,3}#{1,6}(\s|$)/.test(line)) headings.push(line);
  }
  return headings;
}

describe.skipIf(ROOTS.length === 0)('real knowledge bases (dify-docs, apisix-docs)', () => {
  it('loads every page and keeps every heading', async () => {
    let files = 0;
    let headings = 0;
    const problems: string[] = [];
    for (const root of ROOTS) {
      for (const file of walk(root).filter(isSupportedPath)) {
        const path = relative(root, file);
        files++;
        try {
          const doc = await loadDocument({ sourcePath: path, bytes: readFileSync(file) }, OPTS);
          if (doc.kind !== 'doc') throw new Error(`loaded as ${doc.kind}`);
          const out = new Set(doc.markdown.split('\n'));
          for (const h of sourceHeadings(readFileSync(file, 'utf8'))) {
            headings++;
            if (!out.has(h)) problems.push(`${path}: heading lost: ${h}`);
          }
        } catch (err) {
          problems.push(`${path}: ${(err as Error).message}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(files).toBeGreaterThan(100);
    expect(headings).toBeGreaterThan(1000);
  });
});
