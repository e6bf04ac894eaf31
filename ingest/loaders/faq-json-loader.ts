import YAML from 'yaml';
import type { LoadedDocument } from '../loaded-document.js';
import { EmptyDocument, InvalidFaqFile } from '../../src/domain/errors.js';
import { decodeText } from './decode-text.js';
import { FaqCollector, fieldForKey, type FaqField, type RecordLocation } from './faq-entry-builder.js';
import type { LoaderContext } from './loader-context.js';

/**
 * FAQ lists as structured data: JSON (an array, or `{ "faq": [...] }` / `{ "entries": [...] }`),
 * JSONL (one entry per line: the canonical eval format) and YAML (same shapes as JSON).
 */
export type FaqDataFormat = 'json' | 'jsonl' | 'yaml';

const MIME: Record<FaqDataFormat, string> = {
  json: 'application/json',
  jsonl: 'application/jsonl',
  yaml: 'application/yaml',
};

const LIST_KEYS = ['faq', 'entries'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function addRecord(collector: FaqCollector, file: string, value: unknown, loc: RecordLocation): void {
  if (!isRecord(value)) {
    throw new InvalidFaqFile(`${file} ${loc.where}: expected an object with "question" and "answer"`, {
      details: { file, ...loc.details, reason: 'invalid' },
    });
  }
  const record: Partial<Record<FaqField, unknown>> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const field = fieldForKey(key);
    if (field && !(field in record)) record[field] = v;
    else if (!field) extra[key] = v;
  }
  collector.add(record, extra, loc);
}

/** JSON.parse reports a character position (when it reports one); people fix files by line. */
function lineOfPosition(text: string, message: string): number | undefined {
  const line = message.match(/\(line (\d+) column \d+\)/)?.[1];
  if (line) return Number(line);
  const pos = message.match(/at position (\d+)/)?.[1];
  return pos === undefined ? undefined : text.slice(0, Number(pos)).split('\n').length;
}

function parseDocument(text: string, file: string, format: 'json' | 'yaml'): unknown {
  try {
    // The yaml package caps alias expansion (maxAliasCount), so "billion laughs" files fail fast.
    return format === 'json' ? JSON.parse(text) : YAML.parse(text);
  } catch (cause) {
    const message = (cause as Error).message;
    const line = format === 'json' ? lineOfPosition(text, message) : (cause as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    const where = line ? ` line ${line}` : '';
    throw new InvalidFaqFile(`${file}${where}: invalid ${format.toUpperCase()} (${message.split('\n')[0]})`, {
      cause,
      details: { file, line, reason: 'syntax' },
    });
  }
}

function entryList(doc: unknown, file: string): unknown[] {
  if (Array.isArray(doc)) return doc;
  if (isRecord(doc)) {
    for (const key of LIST_KEYS) if (Array.isArray(doc[key])) return doc[key] as unknown[];
  }
  throw new InvalidFaqFile(`${file} is not an FAQ list: expected an array of {question, answer} entries, or an object with a "faq" or "entries" array`, {
    details: { file, reason: 'not-a-faq-list' },
  });
}

export function loadFaqData(ctx: LoaderContext, format: FaqDataFormat): LoadedDocument {
  const file = ctx.sourcePath;
  const { text, encoding } = decodeText(ctx.bytes);
  if (text.trim() === '') throw new EmptyDocument(`${file} is empty`, { details: { file } });
  const collector = new FaqCollector(file);

  if (format === 'jsonl') {
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (cause) {
        throw new InvalidFaqFile(`${file} line ${i + 1}: invalid JSON (${(cause as Error).message})`, {
          cause,
          details: { file, line: i + 1, reason: 'syntax' },
        });
      }
      addRecord(collector, file, value, { where: `line ${i + 1}`, details: { line: i + 1 } });
    });
  } else {
    const list = entryList(parseDocument(text, file, format), file);
    list.forEach((value, i) => addRecord(collector, file, value, { where: `entry ${i + 1}`, details: { entry: i + 1 } }));
  }

  const { entries, metadata } = collector.finish();
  return { kind: 'faq', mimeType: MIME[format], entries, metadata: { ...metadata, format, encoding } };
}
