import { describe, expect, it } from 'vitest';
import { EmptyDocument, InvalidFilename, UnparseableFile, UnsupportedFileType } from '../../../src/domain/errors.js';
import { SUPPORTED_EXTENSIONS, isSupportedPath, loadDocument } from '../../../ingest/loaders/load-document.js';
import { OPTS, sampleDocx, utf8 } from './fixture-builders.js';

const load = (sourcePath: string, bytes: Uint8Array, contentType?: string) => loadDocument({ sourcePath, bytes, contentType }, OPTS);

describe('loadDocument', () => {
  it('lists the supported extensions and picks files by them, case-insensitively', () => {
    expect([...SUPPORTED_EXTENSIONS].sort()).toEqual(
      ['.csv', '.docx', '.htm', '.html', '.json', '.jsonl', '.markdown', '.md', '.mdx', '.pdf', '.txt', '.xlsx', '.yaml', '.yml'].sort(),
    );
    expect(isSupportedPath('en/learn-more/faq/install-faq.mdx')).toBe(true);
    expect(isSupportedPath('Docs/Guide.PDF')).toBe(true);
    expect(isSupportedPath('images/logo.png')).toBe(false);
    expect(isSupportedPath('.md')).toBe(false);
    expect(isSupportedPath('README')).toBe(false);
  });

  it('rejects unknown extensions as UnsupportedFileType', async () => {
    const err = await load('slides/deck.pptx', utf8('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedFileType);
    expect((err as UnsupportedFileType).code).toBe('UNSUPPORTED_FILE_TYPE');
  });

  it('uses the declared content type only for names without an extension', async () => {
    const doc = await load('uploads/notes', utf8('hello'), 'text/plain; charset=utf-8');
    expect(doc.kind === 'doc' && doc.markdown).toBe('hello');
    await expect(load('uploads/notes.bin', utf8('hello'), 'text/plain')).rejects.toBeInstanceOf(UnsupportedFileType);
  });

  it('validates and normalises the source path first', async () => {
    await expect(load('../escape.md', utf8('# x'))).rejects.toBeInstanceOf(InvalidFilename);
  });

  it.each(['a.md', 'a.txt', 'a.pdf', 'a.docx', 'a.csv', 'a.xlsx', 'a.json', 'a.jsonl', 'a.yaml', 'a.html'])('rejects an empty %s as EmptyDocument', async (name) => {
    await expect(load(name, new Uint8Array(0))).rejects.toBeInstanceOf(EmptyDocument);
  });

  it.each(['a.md', 'a.csv', 'a.json', 'a.jsonl', 'a.yaml', 'a.html'])('rejects whitespace-only %s as EmptyDocument', async (name) => {
    await expect(load(name, utf8('  \n\n  '))).rejects.toBeInstanceOf(EmptyDocument);
  });

  it('sniffs content: a DOCX renamed to .md is not text', async () => {
    const err = await load('guide.md', await sampleDocx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnparseableFile);
    expect((err as Error).message).toMatch(/not a text file: it looks like a ZIP archive/);
  });

  it('sniffs content: binary data named .txt is not text', async () => {
    await expect(load('data.txt', new Uint8Array([0x00, 0x01, 0x02, 0x03, 0xff]))).rejects.toBeInstanceOf(UnparseableFile);
  });
});
