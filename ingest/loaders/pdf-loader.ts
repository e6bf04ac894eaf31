import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { extractText, getDocumentProxy } from 'unpdf';
import type { LoadedDocument } from '../loaded-document.js';
import { EmptyDocument, EncryptedDocument, UnparseableFile } from '../../src/domain/errors.js';
import type { LoaderContext } from './loader-context.js';
import { escapeBlockMarkers } from './markdown-escape.js';
import { describeKind, hasPdfHeader, sniff } from './sniff.js';

/**
 * Chinese PDFs often use non-embedded fonts (STSong-Light, ...) whose text can only be decoded
 * with Adobe's predefined CMaps. unpdf's bundled pdf.js looks for them with `fetch`, which
 * cannot read `file:` URLs, so without this every such page extracts as empty. The data ships
 * in `pdfjs-dist` (pinned to the version unpdf bundles) and is read from disk here.
 */
const pdfjsData = new URL('./', pathToFileURL(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')));

type DataKind = 'cMapUrl' | 'standardFontDataUrl' | 'wasmUrl';

class FileBinaryDataFactory {
  constructor(private readonly urls: Partial<Record<DataKind, string | null>>) {}

  async fetch({ kind, filename }: { kind: DataKind; filename: string }): Promise<Uint8Array> {
    const base = this.urls[kind];
    if (!base) throw new Error(`pdf.js asked for ${kind} data that is not configured`);
    return new Uint8Array(await readFile(new URL(filename, base)));
  }
}

const PDFJS_OPTIONS = {
  cMapUrl: new URL('cmaps/', pdfjsData).href,
  cMapPacked: true,
  standardFontDataUrl: new URL('standard_fonts/', pdfjsData).href,
  wasmUrl: new URL('wasm/', pdfjsData).href,
  BinaryDataFactory: FileBinaryDataFactory,
  useWorkerFetch: false,
  // Fonts in uploaded files must never be compiled to JavaScript (CVE-2024-4367 class of bugs).
  isEvalSupported: false,
  verbosity: 0,
};

function translate(cause: unknown, file: string): Error {
  const name = (cause as Error | undefined)?.name;
  if (name === 'PasswordException') {
    return new EncryptedDocument(`${file} is password-protected`, { cause, details: { file } });
  }
  const reason = (cause as Error | undefined)?.message ?? String(cause);
  return new UnparseableFile(`${file} is not a readable PDF: ${reason}`, { cause, details: { file } });
}

export function assertPdfHeader(bytes: Uint8Array, file: string): void {
  if (hasPdfHeader(bytes)) return;
  const detected = sniff(bytes);
  throw new UnparseableFile(`${file} is not a PDF: it looks like ${describeKind(detected)}`, { details: { file, detected } });
}

export async function loadPdf(ctx: LoaderContext): Promise<LoadedDocument> {
  const file = ctx.sourcePath;
  assertPdfHeader(ctx.bytes, file);

  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js may transfer (detach) the buffer it is given; the caller's bytes stay intact.
    pdf = await getDocumentProxy(new Uint8Array(ctx.bytes), PDFJS_OPTIONS as Parameters<typeof getDocumentProxy>[1]);
  } catch (cause) {
    throw translate(cause, file);
  }

  let pages: string[];
  let title: string | undefined;
  try {
    pages = (await extractText(pdf, { mergePages: false })).text;
    const meta = await pdf.getMetadata().catch(() => undefined);
    const info = meta?.info as { Title?: unknown } | undefined;
    title = typeof info?.Title === 'string' && info.Title.trim() ? info.Title.trim() : undefined;
  } catch (cause) {
    throw translate(cause, file);
  } finally {
    await pdf.destroy().catch(() => undefined);
  }

  let markdown = '';
  const pageStarts: { page: number; offset: number }[] = [];
  pages.forEach((raw, index) => {
    const text = escapeBlockMarkers(
      raw
        .replace(/[ \t\u00a0]+$/gm, '')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
    );
    if (!text) return;
    if (markdown) markdown += '\n\n';
    pageStarts.push({ page: index + 1, offset: markdown.length });
    markdown += text;
  });
  if (!markdown) {
    throw new EmptyDocument(`${file} has no extractable text (a scanned PDF needs OCR, e.g. the Unstructured parser)`, {
      details: { file, pageCount: pages.length },
    });
  }
  return {
    kind: 'doc',
    mimeType: 'application/pdf',
    title,
    markdown,
    metadata: { pageCount: pages.length, pageStarts },
  };
}
