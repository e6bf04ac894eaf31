import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmptyDocument, ParserUnavailable, UnparseableFile } from '../../../src/domain/errors.js';
import { loadDocument, type LoaderOptions } from '../../../ingest/loaders/load-document.js';
import { CONTENT_TYPES_XML, makeZip, sampleDocx, utf8 } from './fixture-builders.js';
import { startFakeUnstructured, type FakeUnstructured } from './fake-unstructured-server.js';

const PDF_BYTES = utf8('%PDF-1.7\n% stand-in body: the fake server does not parse it\n%%EOF\n');

const ELEMENTS = [
  { type: 'Header', element_id: 'h', text: 'ACME Confidential', metadata: { page_number: 1 } },
  { type: 'Title', element_id: 't1', text: '退款政策 Refund policy', metadata: { page_number: 1, category_depth: 0 } },
  { type: 'NarrativeText', element_id: 'n1', text: '购买后 7 天内可申请退款。', metadata: { page_number: 1 } },
  { type: 'ListItem', element_id: 'l1', text: 'Open the order page', metadata: { page_number: 1 } },
  { type: 'ListItem', element_id: 'l2', text: 'Click Refund', metadata: { page_number: 1 } },
  { type: 'Title', element_id: 't2', text: '1. Fees', metadata: { page_number: 2 } },
  {
    type: 'Table',
    element_id: 'tb',
    text: 'Plan Price Pro 99',
    metadata: { page_number: 2, text_as_html: '<table><tr><td>Plan</td><td>Price</td></tr><tr><td>Pro</td><td>99</td></tr></table>' },
  },
  { type: 'Table', element_id: 'tb2', text: '# plain table text', metadata: { page_number: 2 } },
  { type: 'Footer', element_id: 'f', text: 'Page 2', metadata: { page_number: 2 } },
];

describe('Unstructured loader against a fake partition API', () => {
  let fake: FakeUnstructured;
  let opts: LoaderOptions;

  beforeAll(async () => {
    fake = await startFakeUnstructured();
    opts = { maxUnzippedBytes: 10 * 1024 * 1024, unstructured: { url: fake.url, apiKey: 'test-key-123' } };
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.received.length = 0;
    fake.reply(() => ({ status: 200, body: ELEMENTS }));
  });

  it('sends the file with the api key and maps elements to Markdown', async () => {
    const doc = await loadDocument({ sourcePath: 'manuals/售后 guide.pdf', bytes: PDF_BYTES }, opts);
    expect(fake.received).toHaveLength(1);
    const [req] = fake.received;
    expect(req.apiKey).toBe('test-key-123');
    expect(req.fileName).toBe('售后 guide.pdf');
    expect(Buffer.from(req.fileBytes!).equals(Buffer.from(PDF_BYTES))).toBe(true);
    expect(req.fields.strategy).toBe('auto');

    if (doc.kind !== 'doc') throw new Error('expected a document');
    expect(doc.mimeType).toBe('application/pdf');
    expect(doc.title).toBe('退款政策 Refund policy');
    expect(doc.markdown).toBe(
      [
        '# 退款政策 Refund policy',
        '',
        '购买后 7 天内可申请退款。',
        '',
        '- Open the order page',
        '- Click Refund',
        '',
        '## 1. Fees',
        '',
        '| Plan | Price |\n| --- | --- |\n| Pro | 99 |',
        '',
        '\\# plain table text',
      ].join('\n'),
    );
    expect(doc.metadata).toMatchObject({ parser: 'unstructured', elementCount: ELEMENTS.length });
    const pages = doc.metadata.pageStarts as { page: number; offset: number }[];
    expect(pages.map((p) => p.page)).toEqual([1, 2]);
    expect(doc.markdown.slice(pages[1].offset)).toMatch(/^## 1\. Fees/);
  });

  it('routes DOCX and HTML through the API too, but not FAQ or Markdown files', async () => {
    expect((await loadDocument({ sourcePath: 'a.docx', bytes: await sampleDocx() }, opts)).mimeType).toMatch(/wordprocessingml/);
    expect((await loadDocument({ sourcePath: 'a.html', bytes: utf8('<p>x</p>') }, opts)).mimeType).toBe('text/html');
    await loadDocument({ sourcePath: 'a.md', bytes: utf8('# local') }, opts);
    expect(fake.received.map((r) => r.fileName)).toEqual(['a.docx', 'a.html']);
  });

  it('keeps the local checks: a zip bomb or a fake PDF never reaches the server', async () => {
    const bomb = makeZip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES_XML },
      { name: 'word/document.xml', data: '<w:document/>', declaredSize: 0xfffffff0 },
    ]);
    await expect(loadDocument({ sourcePath: 'b.docx', bytes: bomb }, opts)).rejects.toBeInstanceOf(UnparseableFile);
    await expect(loadDocument({ sourcePath: 'c.pdf', bytes: utf8('not a pdf') }, opts)).rejects.toThrow(/not a PDF/);
    expect(fake.received).toHaveLength(0);
  });

  it.each([
    [500, true],
    [503, true],
    [429, true],
    [401, false],
    [422, false],
  ])('turns HTTP %i into ParserUnavailable (retryable: %s) keeping the cause', async (status, retryable) => {
    fake.reply(() => ({ status, body: { detail: `status ${status}` } }));
    const err = await loadDocument({ sourcePath: 'd.pdf', bytes: PDF_BYTES }, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParserUnavailable);
    expect((err as ParserUnavailable).code).toBe('PARSER_UNAVAILABLE');
    expect((err as ParserUnavailable).retryable).toBe(retryable);
    expect((err as ParserUnavailable).details).toMatchObject({ status });
    expect((err as Error).cause).toBeInstanceOf(Error);
    // One attempt: retrying is the ingest job's decision, guided by `retryable`.
    expect(fake.received).toHaveLength(1);
  });

  it('treats an unreachable server as a retryable ParserUnavailable', async () => {
    const gone = await startFakeUnstructured();
    await gone.close();
    const err = await loadDocument({ sourcePath: 'e.pdf', bytes: PDF_BYTES }, { ...opts, unstructured: { url: gone.url } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParserUnavailable);
    expect((err as ParserUnavailable).retryable).toBe(true);
  });

  it('rejects a document with no text elements as EmptyDocument', async () => {
    fake.reply(() => ({ status: 200, body: [{ type: 'Image', element_id: 'i', text: '', metadata: {} }] }));
    await expect(loadDocument({ sourcePath: 'f.pdf', bytes: PDF_BYTES }, opts)).rejects.toBeInstanceOf(EmptyDocument);
  });
});
