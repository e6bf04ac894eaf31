import type { LoadedDocument } from '../loaded-document.js';
import { EmptyDocument } from '../../src/domain/errors.js';
import { decodeText, declaredCharset } from './decode-text.js';
import type { LoaderContext } from './loader-context.js';
import { textToMarkdown } from './markdown-escape.js';

export function loadText(ctx: LoaderContext): LoadedDocument {
  const { text, encoding } = decodeText(ctx.bytes, { declaredCharset: declaredCharset(ctx.contentType) });
  const markdown = textToMarkdown(text);
  if (markdown === '') throw new EmptyDocument(`${ctx.sourcePath} contains only whitespace`, { details: { file: ctx.sourcePath } });
  return { kind: 'doc', mimeType: 'text/plain', markdown, metadata: { encoding } };
}
