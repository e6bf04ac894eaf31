import { UnstructuredClient } from 'unstructured-client';
import { HTTPClientError, UnstructuredClientError } from 'unstructured-client/sdk/models/errors';
import { Strategy } from 'unstructured-client/sdk/models/shared';
import type { LoadedDocument } from '../loaded-document.js';
import { EmptyDocument, ParserUnavailable } from '../../src/domain/errors.js';
import { htmlToMarkdown } from './html-to-markdown.js';
import { fileName, type LoaderContext } from './loader-context.js';
import { escapeBlockMarkers } from './markdown-escape.js';

/** One element of the partition API's JSON response (only the fields we read). */
export interface UnstructuredElement {
  type: string;
  text?: string;
  metadata?: { page_number?: number; text_as_html?: string; category_depth?: number };
}

const DEFAULT_TIMEOUT_MS = 300_000;
/** Page furniture repeats on every page and would pollute every chunk it lands in. */
const SKIPPED = new Set(['Header', 'Footer', 'PageBreak', 'PageNumber', 'Image']);

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function elementMarkdown(el: UnstructuredElement): string {
  const text = (el.text ?? '').trim();
  switch (el.type) {
    case 'Title': {
      const depth = typeof el.metadata?.category_depth === 'number' ? el.metadata.category_depth : 1;
      return text ? `${'#'.repeat(Math.min(6, Math.max(1, depth + 1)))} ${oneLine(text)}` : '';
    }
    case 'ListItem':
      return text ? `- ${oneLine(text)}` : '';
    case 'Table': {
      const html = el.metadata?.text_as_html;
      const table = html ? htmlToMarkdown(html).markdown : '';
      return table || escapeBlockMarkers(text);
    }
    case 'CodeSnippet':
      return text ? `\`\`\`\n${text}\n\`\`\`` : '';
    default:
      return escapeBlockMarkers(text);
  }
}

/** Elements to Markdown, keeping consecutive list items together as one list. */
export function elementsToMarkdown(elements: UnstructuredElement[]): { markdown: string; pageStarts: { page: number; offset: number }[] } {
  let markdown = '';
  let previousType = '';
  const pageStarts: { page: number; offset: number }[] = [];
  for (const el of elements) {
    if (SKIPPED.has(el.type)) continue;
    const block = elementMarkdown(el);
    if (!block) continue;
    if (markdown) markdown += previousType === 'ListItem' && el.type === 'ListItem' ? '\n' : '\n\n';
    const page = el.metadata?.page_number;
    if (typeof page === 'number' && pageStarts.at(-1)?.page !== page) pageStarts.push({ page, offset: markdown.length });
    markdown += block;
    previousType = el.type;
  }
  return { markdown, pageStarts };
}

function translate(cause: unknown, file: string): ParserUnavailable {
  if (cause instanceof UnstructuredClientError) {
    const status = cause.statusCode;
    const retryable = status >= 500 || status === 429 || status === 408;
    return new ParserUnavailable(`Unstructured API answered ${status} for ${file}: ${cause.body.slice(0, 300)}`, {
      cause,
      retryable,
      details: { file, status },
    });
  }
  // Connection refused, timeouts, aborted requests: the server may well be back shortly.
  if (cause instanceof HTTPClientError) {
    return new ParserUnavailable(`Unstructured API unreachable for ${file}: ${cause.message}`, { cause, retryable: true, details: { file } });
  }
  return new ParserUnavailable(`Unstructured API call failed for ${file}: ${(cause as Error)?.message ?? String(cause)}`, {
    cause,
    details: { file },
  });
}

export async function loadWithUnstructured(ctx: LoaderContext, mimeType: string): Promise<LoadedDocument> {
  const config = ctx.opts.unstructured!;
  const file = ctx.sourcePath;
  const client = new UnstructuredClient({
    serverURL: config.url,
    security: { apiKeyAuth: config.apiKey },
    // The SDK's default is 30 minutes of exponential backoff; our ingest jobs retry instead,
    // guided by `retryable`, so one attempt here keeps a job from hanging.
    retryConfig: { strategy: 'none' },
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });

  let response: unknown;
  try {
    response = await client.general.partition({
      partitionParameters: {
        files: { content: ctx.bytes, fileName: fileName(file) },
        strategy: Strategy.Auto,
        // Client-side PDF splitting sends concurrent page-range requests and merges them; a
        // single request keeps errors and retries about one document.
        splitPdfPage: false,
      },
    });
  } catch (cause) {
    throw translate(cause, file);
  }
  if (!Array.isArray(response)) {
    throw new ParserUnavailable(`Unstructured API returned an unexpected response for ${file}`, { details: { file } });
  }
  const elements = response as UnstructuredElement[];
  const { markdown, pageStarts } = elementsToMarkdown(elements);
  if (!markdown.trim()) throw new EmptyDocument(`${file} has no text (Unstructured found none)`, { details: { file } });
  const title = elements.find((e) => e.type === 'Title' && e.text?.trim())?.text?.trim();
  const metadata: Record<string, unknown> = { parser: 'unstructured', elementCount: elements.length };
  if (pageStarts.length > 0) metadata.pageStarts = pageStarts;
  return { kind: 'doc', mimeType, title: title ? oneLine(title) : undefined, markdown, metadata };
}
