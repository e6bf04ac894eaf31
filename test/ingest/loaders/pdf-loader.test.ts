import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EmptyDocument, EncryptedDocument, UnparseableFile } from '../../../src/domain/errors.js';
import { loadDocument } from '../../../ingest/loaders/load-document.js';
import { OPTS, cjkPdf, imageOnlyPdf, predefinedCmapPdf, utf8 } from './fixture-builders.js';

const load = (bytes: Uint8Array, sourcePath = 'manuals/guide.pdf') => loadDocument({ sourcePath, bytes }, OPTS);

describe('PDF loader', () => {
  // Embedding the CJK font takes seconds (fontkit subsets a 1.5 MB font), so only once.
  it('extracts mixed Chinese and English text, one block per page, with page offsets', async () => {
    const bytes = await cjkPdf(
      [
        { zh: '退款政策说明', en: 'Refund policy: within 7 days' },
        { zh: '第二页：联系客服', en: 'Page two: contact support' },
      ],
      '售后手册',
    );
    const doc = await load(bytes);
    if (doc.kind !== 'doc') throw new Error('expected a document');
    expect(doc.mimeType).toBe('application/pdf');
    expect(doc.title).toBe('售后手册');
    expect(doc.markdown).toBe('退款政策说明\nRefund policy: within 7 days\n\n第二页：联系客服\nPage two: contact support');
    expect(doc.metadata.pageCount).toBe(2);
    const pages = doc.metadata.pageStarts as { page: number; offset: number }[];
    expect(pages.map((p) => p.page)).toEqual([1, 2]);
    expect(doc.markdown.slice(pages[1].offset)).toMatch(/^第二页/);
  });

  it('decodes text in non-embedded Chinese fonts through the predefined Adobe CMaps', async () => {
    const doc = await load(predefinedCmapPdf('4F60597D002C4E16754C'));
    expect(doc.kind === 'doc' && doc.markdown).toBe('你好,世界');
  });

  it('does not detach the caller’s buffer', async () => {
    const bytes = predefinedCmapPdf('4F60597D');
    const length = bytes.byteLength;
    await load(bytes);
    expect(bytes.byteLength).toBe(length);
  });

  it('rejects a password-protected PDF as EncryptedDocument', async () => {
    // Made once with: qpdf --encrypt user-pw owner-pw 256 -- plain.pdf encrypted.pdf
    const bytes = new Uint8Array(await readFile(new URL('../../fixtures/encrypted.pdf', import.meta.url)));
    const err = await load(bytes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EncryptedDocument);
    expect((err as EncryptedDocument).code).toBe('ENCRYPTED_DOCUMENT');
    expect((err as Error).cause).toBeDefined();
  });

  it('rejects a text file named .pdf, saying it is not a PDF', async () => {
    const err = await load(utf8('Just some notes, not a PDF at all.')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnparseableFile);
    expect((err as Error).message).toMatch(/is not a PDF: it looks like text/);
  });

  it('rejects a corrupt PDF as UnparseableFile, keeping the library error as cause', async () => {
    const err = await load(utf8('%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without xref')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnparseableFile);
    expect((err as Error).cause).toBeInstanceOf(Error);
  });

  it('rejects a PDF without extractable text as EmptyDocument', async () => {
    const err = await load(await imageOnlyPdf()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmptyDocument);
    expect((err as Error).message).toMatch(/OCR/);
  });
});
