import mammoth from 'mammoth';
import type { LoadedDocument } from '../loaded-document.js';
import { EmptyDocument, UnparseableFile } from '../../src/domain/errors.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import type { LoaderContext } from './loader-context.js';
import { assertOfficePackage } from './zip-guard.js';

/** Images carry no searchable text; mammoth would otherwise inline them as base64. */
const dropImages = mammoth.images.imgElement(async () => ({ src: '' }));

export async function loadDocx(ctx: LoaderContext): Promise<LoadedDocument> {
  const file = ctx.sourcePath;
  assertOfficePackage(ctx.bytes, { maxUnzippedBytes: ctx.opts.maxUnzippedBytes }, file, 'DOCX');

  let html: string;
  let warnings: string[];
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(ctx.bytes.buffer, ctx.bytes.byteOffset, ctx.bytes.byteLength) },
      // Linked (external) files in an uploaded document must never be read from our disk.
      { convertImage: dropImages, externalFileAccess: false },
    );
    html = result.value;
    warnings = result.messages.map((m) => m.message);
  } catch (cause) {
    throw new UnparseableFile(`${file} is not a readable DOCX: ${(cause as Error).message}`, { cause, details: { file } });
  }

  const { markdown, title } = htmlToMarkdown(html);
  if (markdown === '') throw new EmptyDocument(`${file} has no text`, { details: { file } });
  const metadata: Record<string, unknown> = {};
  if (warnings.length > 0) metadata.parserWarnings = warnings.slice(0, 20);
  return {
    kind: 'doc',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    title,
    markdown,
    metadata,
  };
}
