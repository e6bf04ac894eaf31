import type { LoadedDocument, LoadInput } from '../loaded-document.js';
import { DomainError, EmptyDocument, UnparseableFile, UnsupportedFileType } from '../../src/domain/errors.js';
import { loadDocx } from './docx-loader.js';
import { loadFaqData } from './faq-json-loader.js';
import { loadFaqTable } from './faq-table-loader.js';
import { loadHtml } from './html-loader.js';
import type { LoaderContext, LoaderOptions } from './loader-context.js';
import { loadMarkdown } from './markdown-loader.js';
import { assertPdfHeader, loadPdf } from './pdf-loader.js';
import { describeKind, sniff } from './sniff.js';
import { validateSourcePath } from './source-path.js';
import { loadText } from './text-loader.js';
import { loadWithUnstructured } from './unstructured-loader.js';
import { assertOfficePackage } from './zip-guard.js';

export type { LoaderOptions } from './loader-context.js';
export { validateSourcePath } from './source-path.js';

type Format = 'markdown' | 'html' | 'text' | 'pdf' | 'docx' | 'csv' | 'xlsx' | 'json' | 'jsonl' | 'yaml';

const BY_EXTENSION: Record<string, Format> = {
  '.md': 'markdown',
  '.mdx': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.csv': 'csv',
  '.xlsx': 'xlsx',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.yaml': 'yaml',
  '.yml': 'yaml',
};

/** Only consulted for a file name without an extension (an upload named `faq`). */
const BY_CONTENT_TYPE: Record<string, Format> = {
  'text/markdown': 'markdown',
  'text/html': 'html',
  'text/plain': 'text',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/json': 'json',
  'application/jsonl': 'jsonl',
  'application/x-ndjson': 'jsonl',
  'application/yaml': 'yaml',
};

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.freeze(Object.keys(BY_EXTENSION));

const TEXT_FORMATS = new Set<Format>(['markdown', 'html', 'text', 'csv', 'json', 'jsonl', 'yaml']);

function extensionOf(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

export function isSupportedPath(path: string): boolean {
  return Object.hasOwn(BY_EXTENSION, extensionOf(path));
}

function formatOf(sourcePath: string, contentType: string | undefined): Format {
  const ext = extensionOf(sourcePath);
  if (Object.hasOwn(BY_EXTENSION, ext)) return BY_EXTENSION[ext];
  const declared = contentType?.split(';')[0].trim().toLowerCase();
  if (!ext && declared && Object.hasOwn(BY_CONTENT_TYPE, declared)) return BY_CONTENT_TYPE[declared];
  throw new UnsupportedFileType(`${sourcePath}: unsupported file type${ext ? ` "${ext}"` : ''}; supported: ${SUPPORTED_EXTENSIONS.join(', ')}`, {
    details: { file: sourcePath, extension: ext, supported: SUPPORTED_EXTENSIONS },
  });
}

const UNSTRUCTURED_MIME: Partial<Record<Format, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
};

async function dispatch(format: Format, ctx: LoaderContext): Promise<LoadedDocument> {
  const viaUnstructured = ctx.opts.unstructured ? UNSTRUCTURED_MIME[format] : undefined;
  if (viaUnstructured) {
    // The same local checks run first: a remote parser must not receive a zip bomb, and a
    // mislabelled file deserves the same clear error with or without Unstructured.
    if (format === 'pdf') assertPdfHeader(ctx.bytes, ctx.sourcePath);
    if (format === 'docx') assertOfficePackage(ctx.bytes, { maxUnzippedBytes: ctx.opts.maxUnzippedBytes }, ctx.sourcePath, 'DOCX');
    return loadWithUnstructured(ctx, viaUnstructured);
  }
  switch (format) {
    case 'markdown':
      return loadMarkdown(ctx);
    case 'html':
      return loadHtml(ctx);
    case 'text':
      return loadText(ctx);
    case 'pdf':
      return loadPdf(ctx);
    case 'docx':
      return loadDocx(ctx);
    case 'csv':
    case 'xlsx':
      return loadFaqTable(ctx, format);
    case 'json':
    case 'jsonl':
    case 'yaml':
      return loadFaqData(ctx, format);
  }
}

/**
 * Loads one file into a `LoadedDocument`. Every failure is a `DomainError` with a stable code;
 * library errors are translated here at the latest, keeping the original as `cause`.
 */
export async function loadDocument(input: LoadInput, opts: LoaderOptions): Promise<LoadedDocument> {
  const sourcePath = validateSourcePath(input.sourcePath);
  const format = formatOf(sourcePath, input.contentType);
  const { bytes } = input;
  if (bytes.length === 0) throw new EmptyDocument(`${sourcePath} is empty (0 bytes)`, { details: { file: sourcePath } });
  if (TEXT_FORMATS.has(format)) {
    const kind = sniff(bytes);
    if (kind !== 'text') {
      throw new UnparseableFile(`${sourcePath} is not a text file: it looks like ${describeKind(kind)}`, {
        details: { file: sourcePath, detected: kind },
      });
    }
  }
  try {
    return await dispatch(format, { sourcePath, bytes, contentType: input.contentType, opts });
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new UnparseableFile(`Could not read ${sourcePath}: ${(err as Error)?.message ?? String(err)}`, {
      cause: err,
      details: { file: sourcePath },
    });
  }
}
