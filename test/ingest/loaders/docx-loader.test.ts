import { describe, expect, it } from 'vitest';
import { EncryptedDocument, UnparseableFile } from '../../../src/domain/errors.js';
import { loadDocument } from '../../../ingest/loaders/load-document.js';
import { assertSafeZip } from '../../../ingest/loaders/zip-guard.js';
import { CONTENT_TYPES_XML, OPTS, makeZip, sampleDocx, utf8 } from './fixture-builders.js';

const load = (bytes: Uint8Array, sourcePath = 'policies/refunds.docx', maxUnzippedBytes = OPTS.maxUnzippedBytes) =>
  loadDocument({ sourcePath, bytes }, { maxUnzippedBytes });

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err as Error & { code?: string; details?: Record<string, unknown> },
  );
}

describe('DOCX loader', () => {
  it('converts headings, paragraphs and tables to Markdown', async () => {
    const doc = await load(await sampleDocx());
    if (doc.kind !== 'doc') throw new Error('expected a document');
    expect(doc.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(doc.title).toBe('退款政策 Refund policy');
    const lines = doc.markdown.split('\n');
    expect(lines).toContain('# 退款政策 Refund policy');
    expect(lines).toContain('## 1. 如何申请退款？');
    expect(doc.markdown).toContain('购买后 7 天内可申请退款。 **Refunds within 7 days.**');
    expect(doc.markdown).toContain('| 套餐 | 价格 |\n| --- | --- |\n| Pro | 99 元 |');
  });

  it('rejects bytes that are not a ZIP', async () => {
    const err = await rejection(load(utf8('plain text pretending to be a docx')));
    expect(err).toBeInstanceOf(UnparseableFile);
    expect(err.message).toMatch(/not a DOCX file: it looks like text/);
  });

  it('rejects a ZIP without a Word document', async () => {
    const err = await rejection(load(makeZip([{ name: '[Content_Types].xml', data: CONTENT_TYPES_XML }])));
    expect(err).toBeInstanceOf(UnparseableFile);
    expect(err.cause).toBeDefined();
  });

  it('explains legacy .doc files and detects password-protected packages', async () => {
    const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    const legacy = new Uint8Array([...ole, ...new Uint8Array(504)]);
    expect((await rejection(load(legacy))).message).toMatch(/legacy \.doc/);
    // Office wraps an encrypted package in an OLE file holding an "EncryptionInfo" stream.
    const encrypted = new Uint8Array([...ole, ...new Uint8Array(120), ...Buffer.from('EncryptionInfo', 'utf16le'), ...new Uint8Array(64)]);
    expect(await rejection(load(encrypted))).toBeInstanceOf(EncryptedDocument);
  });
});

describe('zip-bomb guard', () => {
  it('refuses an archive whose declared size exceeds maxUnzippedBytes', async () => {
    const bomb = makeZip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES_XML },
      { name: 'word/document.xml', data: '<w:document/>', declaredSize: 0xfffffff0 },
    ]);
    const err = await rejection(load(bomb));
    expect(err).toBeInstanceOf(UnparseableFile);
    expect(err.details).toMatchObject({ reason: 'unzipped-size-limit', file: 'policies/refunds.docx' });
  });

  it('refuses an entry with an absurd compression ratio', async () => {
    const zeros = new Uint8Array(20 * 1024 * 1024);
    const bomb = makeZip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES_XML },
      { name: 'word/document.xml', data: zeros },
    ]);
    expect(bomb.length).toBeLessThan(100_000);
    const err = await rejection(load(bomb, 'bomb.docx', 100 * 1024 * 1024));
    expect(err.details).toMatchObject({ reason: 'compression-ratio', entry: 'word/document.xml' });
  });

  it('refuses an entry that inflates beyond the size its header claims', async () => {
    const liar = makeZip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES_XML },
      { name: 'word/document.xml', data: new Uint8Array(5 * 1024 * 1024).fill(0x41), declaredSize: 1000 },
    ]);
    const err = await rejection(load(liar));
    expect(err.details).toMatchObject({ reason: 'size-mismatch', entry: 'word/document.xml' });
  });

  it('accepts a normal archive and reports its entries', () => {
    const entries = assertSafeZip(makeZip([{ name: 'a.txt', data: 'hello '.repeat(100) }, { name: 'b.txt', data: 'x', store: true }]), { maxUnzippedBytes: 10_000 }, 'ok.zip');
    expect(entries.map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['a.txt', 600],
      ['b.txt', 1],
    ]);
  });

  it('guards XLSX files too', async () => {
    const bomb = makeZip([{ name: 'xl/workbook.xml', data: '<workbook/>', declaredSize: 0xfffffff0 }]);
    const err = await rejection(loadDocument({ sourcePath: 'faq.xlsx', bytes: bomb }, OPTS));
    expect(err.details).toMatchObject({ reason: 'unzipped-size-limit' });
  });
});
