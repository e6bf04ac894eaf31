import { describe, expect, it } from 'vitest';
import { writeFaqFile, type FaqRow } from '../../ingest/faq-writer.js';
import { loadDocument } from '../../ingest/loaders/load-document.js';

// Quotes, commas, line breaks and separators that the CSV and YAML writers must escape.
const rows: FaqRow[] = [
  { id: 'a1', question: '发票怎么开？', answer: '下单时选择"电子发票"，或在订单详情里补开，\n七天内都可以。', altQuestions: ['可以开发票吗', '开票'], lang: 'zh' },
  { id: 'a2', question: 'Can I pay later, e.g. in 3 months?', answer: 'Yes: "pay later" at checkout; fees: none.', altQuestions: [], lang: 'en' },
];

/** What the editor writes must read back through the same loader as an upload, unchanged. */
describe('FAQ writer round trip through the FAQ loaders', () => {
  it.each(['faq.csv', 'lists/faq.json', 'faq.yaml', 'faq.yml'])('%s', async (sourcePath) => {
    const file = writeFaqFile(sourcePath, rows)!;
    const loaded = await loadDocument({ sourcePath, ...file }, { maxUnzippedBytes: 10 * 1024 * 1024 });
    expect(loaded.kind).toBe('faq');
    if (loaded.kind !== 'faq') return;
    expect(loaded.entries.map((e) => ({ id: e.id, question: e.question, answer: e.answer, altQuestions: e.altQuestions, lang: e.lang }))).toEqual(rows);
  });

  it('does not rewrite spreadsheets', () => {
    expect(writeFaqFile('faq.xlsx', rows)).toBeNull();
  });
});
