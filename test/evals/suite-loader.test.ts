import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSuite, SuiteFormatError } from '../../evals/suite-loader.js';
import { headingSections, passageHits } from '../../evals/pipeline.js';
import { firstHitRank, retrievalMetrics } from '../../evals/retrieval-metrics.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'suite-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeSuite(name: string, cases: string[], knowledge = 'faq.jsonl') {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'faq.jsonl'), '{"id":"a","question":"q","answer":"a"}\n');
  fs.writeFileSync(path.join(dir, 'suite.yaml'), `name: ${name}\nkind: faq\nknowledge:\n  - path: ${knowledge}\ncases: cases.jsonl\n`);
  fs.writeFileSync(path.join(dir, 'cases.jsonl'), cases.join('\n') + '\n');
  return dir;
}

describe('suite loader', () => {
  it('reads a valid suite', () => {
    const s = loadSuite(writeSuite('ok', ['{"id":"1","lang":"zh","messages":[{"role":"user","content":"问"}],"expect":{"action":"answer","faq_id":"a"}}']));
    expect(s).toMatchObject({ name: 'ok', kind: 'faq', cases: [{ id: '1' }], knowledge: [{ type: 'faq-file' }] });
  });

  it('names the file, line and field of a broken case', () => {
    const dir = writeSuite('bad', [
      '{"id":"1","lang":"en","messages":[{"role":"user","content":"q"}],"expect":{"action":"answer","faq_id":"a"}}',
      '{"id":"2","lang":"fr","messages":[{"role":"user","content":"q"}],"expect":{"action":"answer","faq_id":"a"}}',
    ]);
    expect(() => loadSuite(dir)).toThrow(SuiteFormatError);
    expect(() => loadSuite(dir)).toThrow(/cases\.jsonl:2: lang:/);
    const missing = writeSuite('nofaq', ['{"id":"1","lang":"en","messages":[{"role":"user","content":"q"}],"expect":{"action":"answer"}}']);
    expect(() => loadSuite(missing)).toThrow(/cases\.jsonl:1: expect\.faq_id: required/);
  });

  it('rejects knowledge paths that do not exist', () => {
    expect(() => loadSuite(writeSuite('gone', [], 'nowhere/kb'))).toThrow(/knowledge\[0\]\.path: nowhere\/kb does not exist/);
  });
});

describe('metrics and hits', () => {
  it('computes hit@k and mrr@10 from ranks', () => {
    const m = retrievalMetrics([
      { lang: 'en', rank: 1, slices: [] },
      { lang: 'en', rank: 3, slices: [] },
      { lang: 'zh', rank: undefined, slices: [] },
      { lang: 'zh', rank: 11, slices: [] },
    ]);
    expect(m).toEqual({ cases: 4, 'hit@1': 0.25, 'hit@5': 0.5, 'mrr@10': Math.round(((1 + 1 / 3) / 4) * 10000) / 10000 });
    expect(firstHitRank(['x', 'y', 'z'], (v) => v === 'z')).toBe(3);
  });

  it('judges passages by heading trail, or by overlap with the heading section', () => {
    const md = '# A\nintro\n## B\nbody b\n## C\nbody c\n';
    const sections = headingSections(md);
    expect(sections.get('B')).toEqual([{ start: md.indexOf('## B'), end: md.indexOf('## C') }]);
    const src = [{ path: 'x.md', heading: 'B' }];
    expect(passageHits({ sourcePath: 'x.md', headingPath: ['A', 'B'] }, src)).toBe(true);
    expect(passageHits({ sourcePath: 'x.md', headingPath: ['A', 'C'] }, src)).toBe(false);
    const range = (start: number, end: number) => ({ start, end, sections: (h: string) => sections.get(h) ?? [] });
    expect(passageHits({ sourcePath: 'x.md', range: range(md.indexOf('body b'), md.indexOf('body b') + 3) }, src)).toBe(true);
    expect(passageHits({ sourcePath: 'x.md', range: range(md.indexOf('body c'), md.length) }, src)).toBe(false);
    expect(passageHits({ sourcePath: 'y.md', headingPath: ['B'] }, src)).toBe(false);
  });
});
