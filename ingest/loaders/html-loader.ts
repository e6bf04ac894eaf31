import type { LoadedDocument } from '../loaded-document.js';
import { EmptyDocument } from '../../src/domain/errors.js';
import { decodeText, declaredCharset } from './decode-text.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import type { LoaderContext } from './loader-context.js';

export function loadHtml(ctx: LoaderContext): LoadedDocument {
  // Chinese sites still serve GBK pages labelled only by `<meta charset>`.
  const { text, encoding } = decodeText(ctx.bytes, { declaredCharset: declaredCharset(ctx.contentType, ctx.bytes) });
  const { markdown, title } = htmlToMarkdown(text);
  if (markdown === '') throw new EmptyDocument(`${ctx.sourcePath} has no visible text`, { details: { file: ctx.sourcePath } });
  return { kind: 'doc', mimeType: 'text/html', title, markdown, metadata: { encoding } };
}
