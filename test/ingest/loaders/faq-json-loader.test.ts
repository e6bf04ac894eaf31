import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidFaqFile } from '../../../src/domain/errors.js';
import { loadDocument } from '../../../ingest/loaders/load-document.js';
import { OPTS, utf8 } from './fixture-builders.js';

async function faqOf(sourcePath: string, text: string | Uint8Array) {
  const doc = await loadDocument({ sourcePath, bytes: typeof text === 'string' ? utf8(text) : text }, OPTS);
  if (doc.kind !== 'faq') throw new Error('expected an FAQ');
  return doc;
}

async function faqError(sourcePath: string, text: string): Promise<InvalidFaqFile> {
  const err = await loadDocument({ sourcePath, bytes: utf8(text) }, OPTS).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InvalidFaqFile);
  return err as InvalidFaqFile;
}

const ATEC = '/work/shared/evals/suites/atec-zh/faq.jsonl';

describe('JSONL FAQ', () => {
  it('reads the canonical eval format', async () => {
    const jsonl = [
      '{"id": "atec-b99ab4ef52", "question": "如何查询借呗的还款记录", "answer": "如何查询借呗的还款记录", "lang": "zh", "alt_questions": ["如何查看借呗还款记录"]}',
      '',
      '{"id": "sfaq-000", "question": "Strikethrough with GitHub Markdown", "answer": "Use ~~tildes around the words~~.", "lang": "en"}',
    ].join('\n');
    const doc = await faqOf('suite/faq.jsonl', jsonl);
    expect(doc.mimeType).toBe('application/jsonl');
    expect(doc.entries).toEqual([
      { id: 'atec-b99ab4ef52', question: '如何查询借呗的还款记录', answer: '如何查询借呗的还款记录', altQuestions: ['如何查看借呗还款记录'], lang: 'zh' },
      { id: 'sfaq-000', question: 'Strikethrough with GitHub Markdown', answer: 'Use ~~tildes around the words~~.', altQuestions: [], lang: 'en' },
    ]);
  });

  it.skipIf(!existsSync(ATEC))('loads the shipped atec-zh suite FAQ with every id intact', async () => {
    const lines = readFileSync(ATEC, 'utf8').split('\n').filter((l) => l.trim());
    const doc = await faqOf('faq.jsonl', new Uint8Array(readFileSync(ATEC)));
    expect(doc.entries.map((e) => e.id)).toEqual(lines.map((l) => JSON.parse(l).id));
  });

  it('names the line of invalid JSON and of a missing field', async () => {
    const bad = await faqError('x.jsonl', '{"question": "a", "answer": "b"}\n{"question": "c", oops}\n');
    expect(bad.details).toMatchObject({ file: 'x.jsonl', line: 2, reason: 'syntax' });
    const missing = await faqError('x.jsonl', '{"question": "a", "answer": "b"}\n\n{"question": "c"}\n');
    expect(missing.message).toContain('x.jsonl line 3: missing required field "answer"');
    expect(missing.details).toMatchObject({ line: 3, field: 'answer', reason: 'missing' });
  });
});

describe('JSON and YAML FAQ', () => {
  it('accepts an array, {faq: [...]} and {entries: [...]}, with aliased keys', async () => {
    const entries = [{ q: '营业时间？', a: '9:00-18:00', similar_questions: ['几点上班'], source: 'wiki' }];
    for (const shape of [entries, { faq: entries }, { entries }]) {
      const doc = await faqOf('f.json', JSON.stringify(shape));
      expect(doc.entries).toEqual([
        { id: expect.stringMatching(/^faq-/), question: '营业时间？', answer: '9:00-18:00', altQuestions: ['几点上班'], metadata: { source: 'wiki' } },
      ]);
    }
  });

  it('reads YAML lists', async () => {
    const yaml = `faq:\n  - id: ship-1\n    问题: 多久发货？\n    答案: 付款后 48 小时内。\n    相似问题: [什么时候发货]\n    lang: zh\n`;
    const doc = await faqOf('f.yaml', yaml);
    expect(doc.mimeType).toBe('application/yaml');
    expect(doc.entries).toEqual([{ id: 'ship-1', question: '多久发货？', answer: '付款后 48 小时内。', altQuestions: ['什么时候发货'], lang: 'zh' }]);
  });

  it('rejects JSON and YAML that are not FAQ lists', async () => {
    expect((await faqError('config.json', '{"name": "app", "version": 2}')).details).toMatchObject({ reason: 'not-a-faq-list' });
    expect((await faqError('list.yml', '- just\n- strings\n')).details).toMatchObject({ entry: 1, reason: 'invalid' });
    expect((await faqError('prose.yaml', 'Just a sentence of text.')).details).toMatchObject({ reason: 'not-a-faq-list' });
    const missing = await faqError('f.json', '[{"question": "a", "answer": "b"}, {"title": "x", "answer": "y"}]');
    expect(missing.message).toContain('f.json entry 2: missing required field "question"');
  });

  it('reports syntax errors with the line', async () => {
    const json = await faqError('f.json', '[\n  {"question": "a"\n   "answer": "b"}\n]');
    expect(json.message).toMatch(/^f\.json line 3: invalid JSON/);
    expect(json.details).toMatchObject({ line: 3, reason: 'syntax' });
    expect((await faqError('f.yaml', 'faq:\n  - question: a\n   answer: [b\n')).details).toMatchObject({ reason: 'syntax' });
  });

  it('rejects an empty question', async () => {
    const err = await faqError('f.json', '[{"question": "  ", "answer": "b"}]');
    expect(err.details).toMatchObject({ entry: 1, field: 'question', reason: 'empty' });
  });
});
