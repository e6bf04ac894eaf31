import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { EmptyDocument, InvalidFaqFile } from '../../../src/domain/errors.js';
import type { LoadedDocument } from '../../../ingest/loaded-document.js';
import { derivedId } from '../../../ingest/loaders/faq-entry-builder.js';
import { loadDocument } from '../../../ingest/loaders/load-document.js';
import { OPTS, utf8, xlsx } from './fixture-builders.js';

async function faqOf(sourcePath: string, bytes: Uint8Array) {
  const doc: LoadedDocument = await loadDocument({ sourcePath, bytes }, OPTS);
  if (doc.kind !== 'faq') throw new Error('expected an FAQ');
  return doc;
}

async function faqError(sourcePath: string, bytes: Uint8Array): Promise<InvalidFaqFile> {
  const err = await loadDocument({ sourcePath, bytes }, OPTS).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InvalidFaqFile);
  return err as InvalidFaqFile;
}

const withBom = (s: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(s)]);

describe('CSV FAQ', () => {
  it('reads a UTF-8 CSV with BOM, quoted commas and newlines, and alternative questions', async () => {
    const csv = [
      'id,question,answer,alt_questions,lang,category',
      'r1,"How do I get a refund, if the item is broken?","Open the order page,\nthen click ""Refund"".","Refund a broken item|Broken item refund; money back",en,billing',
      ',Where is my invoice?,Invoices are under Billing.,,EN,',
    ].join('\r\n');
    const doc = await faqOf('faq/en.csv', withBom(csv));
    expect(doc.mimeType).toBe('text/csv');
    expect(doc.entries).toEqual([
      {
        id: 'r1',
        question: 'How do I get a refund, if the item is broken?',
        answer: 'Open the order page,\nthen click "Refund".',
        altQuestions: ['Refund a broken item', 'Broken item refund', 'money back'],
        lang: 'en',
        metadata: { category: 'billing' },
      },
      { id: derivedId('Where is my invoice?'), question: 'Where is my invoice?', answer: 'Invoices are under Billing.', altQuestions: [], lang: 'en' },
    ]);
    expect(doc.metadata).toMatchObject({ format: 'csv', entryCount: 2 });
  });

  it('reads a GBK-encoded CSV with Chinese headers', async () => {
    const csv = '标准问题,答案,相似问法\n花呗怎么还款,在支付宝首页进入花呗点击还款,花呗如何还款；怎么还花呗\n借呗额度怎么提升,保持良好的信用记录,\n';
    const doc = await faqOf('faq/zh.csv', new Uint8Array(iconv.encode(csv, 'gbk')));
    expect(doc.metadata.encoding).toBe('gb18030');
    expect(doc.entries[0]).toMatchObject({ question: '花呗怎么还款', answer: '在支付宝首页进入花呗点击还款', altQuestions: ['花呗如何还款', '怎么还花呗'] });
    expect(doc.entries[1]).toMatchObject({ question: '借呗额度怎么提升', altQuestions: [] });
  });

  it('derives stable ids and de-duplicates repeated ones', async () => {
    const csv = 'id,q,a\nx1,Q one,A one\nx1,Q two,A two\n,Q three,A three\n';
    const first = await faqOf('f.csv', utf8(csv));
    const second = await faqOf('f.csv', utf8(csv));
    expect(first.entries.map((e) => e.id)).toEqual(['x1', 'x1-2', derivedId('Q three')]);
    expect(second.entries.map((e) => e.id)).toEqual(first.entries.map((e) => e.id));
    expect(derivedId('Q three')).toMatch(/^faq-[0-9a-f]{12}$/);
    expect(first.metadata.duplicateIds).toEqual(['x1']);
  });

  it('names the file, the header line and the missing column', async () => {
    const err = await faqError('faq/bad.csv', utf8('question,reply\nHi,Hello\n'));
    expect(err.message).toContain('faq/bad.csv line 1');
    expect(err.message).toContain('missing required column "answer"');
    expect(err.details).toMatchObject({ file: 'faq/bad.csv', line: 1, field: 'answer', reason: 'missing' });
  });

  it('names the line of a row with an empty answer, counting quoted newlines', async () => {
    const err = await faqError('faq/empty.csv', utf8('question,answer\n"multi\nline",ok\nsecond,  \n'));
    expect(err.message).toBe('faq/empty.csv line 4: empty "answer"');
    expect(err.details).toMatchObject({ file: 'faq/empty.csv', line: 4, row: 3, field: 'answer', reason: 'empty' });
  });

  it('rejects unterminated quotes with the line', async () => {
    const err = await faqError('q.csv', utf8('question,answer\nok,fine\n"broken,answer\n'));
    expect(err.details).toMatchObject({ line: 3 });
  });

  it('treats a header-only file as empty', async () => {
    await expect(loadDocument({ sourcePath: 'h.csv', bytes: utf8('question,answer\n') }, OPTS)).rejects.toBeInstanceOf(EmptyDocument);
  });

  it('does not mistake pipes in cells for the delimiter', async () => {
    const csv = 'question,answer,similar_questions\na|b,c|d,e|f\ng|h,i|j,k|l\n';
    const doc = await faqOf('p.csv', utf8(csv));
    expect(doc.entries[0]).toMatchObject({ question: 'a|b', answer: 'c|d', altQuestions: ['e', 'f'] });
  });
});

describe('XLSX FAQ', () => {
  it('reads every sheet with question/answer columns and skips the others', async () => {
    const bytes = await xlsx({
      说明: [['本文件用于导入常见问题']],
      账户: [
        ['编号', '问题', '回答', '相似问题'],
        ['acc-1', '如何修改密码', '在设置中修改', '改密码\n忘记密码怎么办'],
        [null, null, null, null],
        ['acc-2', '如何注销账户', '联系客服', null],
      ],
      Billing: [
        ['Question', 'Answer', 'Lang'],
        ['How do I pay?', 'By card.', 'en-US'],
      ],
    });
    const doc = await faqOf('faq/import.xlsx', bytes);
    expect(doc.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(doc.entries).toEqual([
      { id: 'acc-1', question: '如何修改密码', answer: '在设置中修改', altQuestions: ['改密码', '忘记密码怎么办'], metadata: { sheet: '账户' } },
      { id: 'acc-2', question: '如何注销账户', answer: '联系客服', altQuestions: [], metadata: { sheet: '账户' } },
      { id: derivedId('How do I pay?'), question: 'How do I pay?', answer: 'By card.', altQuestions: [], lang: 'en', metadata: { sheet: 'Billing' } },
    ]);
    expect(doc.metadata.skippedSheets).toEqual(['说明']);
  });

  it('names the sheet and row of an empty question', async () => {
    const bytes = await xlsx({ FAQ: [['question', 'answer'], ['Q1', 'A1'], ['', 'orphan answer']] });
    const err = await faqError('f.xlsx', bytes);
    expect(err.message).toBe('f.xlsx row 3 of sheet "FAQ": empty "question"');
    expect(err.details).toMatchObject({ sheet: 'FAQ', row: 3, field: 'question' });
  });

  it('reports the missing column when no sheet qualifies', async () => {
    const err = await faqError('f.xlsx', await xlsx({ Sheet1: [['问题', '备注'], ['Q', 'x']] }));
    expect(err.details).toMatchObject({ sheet: 'Sheet1', row: 1, field: 'answer', reason: 'missing' });
  });
});
