import { createHash } from 'node:crypto';
import type { FaqItem } from '../loaded-document.js';
import { EmptyDocument, InvalidFaqFile } from '../../src/domain/errors.js';

/**
 * Shared by every FAQ format: which column/key names mean what, how one record becomes a
 * `FaqItem`, and how ids stay unique and stable. Chinese customer-service teams export FAQ
 * lists from their old systems with headers such as 标准问题 / 相似问法, so those are accepted.
 */
export type FaqField = 'id' | 'question' | 'answer' | 'altQuestions' | 'lang';

export const FIELD_ALIASES: Record<FaqField, readonly string[]> = {
  question: ['question', 'q', '问题', '标准问题'],
  answer: ['answer', 'a', '答案', '回答'],
  id: ['id', '编号'],
  altQuestions: ['alt_questions', 'similar_questions', '相似问题', '相似问法'],
  lang: ['lang', 'language', '语言'],
};

const BY_ALIAS = new Map<string, FaqField>(
  (Object.entries(FIELD_ALIASES) as [FaqField, readonly string[]][]).flatMap(([field, names]) => names.map((n) => [n, field] as const)),
);

export function fieldForKey(key: string): FaqField | undefined {
  const normalised = key
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return BY_ALIAS.get(normalised);
}

/** Where a record came from, for error messages: `line 4`, `row 3 of sheet "FAQ"`, `entry 2`. */
export interface RecordLocation {
  where: string;
  details: Record<string, unknown>;
}

/** In a table cell, alternative wordings are separated by `|`, `;`/`；` or line breaks. */
const ALT_SEPARATOR = /\s*(?:[|;；\n])\s*/;

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}

function normaliseLang(value: unknown): FaqItem['lang'] {
  const v = asText(value)?.toLowerCase();
  if (!v) return undefined;
  if (v.startsWith('zh') || v === '中文' || v === '汉语') return 'zh';
  if (v.startsWith('en') || v === '英文' || v === '英语') return 'en';
  return undefined;
}

function altList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value.map(asText) : (asText(value)?.split(ALT_SEPARATOR) ?? []);
  return items.filter((s): s is string => !!s && s.trim() !== '').map((s) => s.trim());
}

export function derivedId(question: string): string {
  return `faq-${createHash('sha1').update(question.trim()).digest('hex').slice(0, 12)}`;
}

export class FaqCollector {
  private readonly entries: FaqItem[] = [];
  private readonly seen = new Set<string>();
  private readonly duplicateIds: string[] = [];

  constructor(private readonly file: string) {}

  private fail(loc: RecordLocation, field: FaqField, reason: 'missing' | 'empty' | 'invalid', what: string): never {
    throw new InvalidFaqFile(`${this.file} ${loc.where}: ${what}`, {
      details: { file: this.file, ...loc.details, field, reason },
    });
  }

  private required(record: Partial<Record<FaqField, unknown>>, field: 'question' | 'answer', loc: RecordLocation): string {
    if (!(field in record) || record[field] === undefined || record[field] === null) {
      this.fail(loc, field, 'missing', `missing required field "${field}" (accepted names: ${FIELD_ALIASES[field].join(', ')})`);
    }
    const text = asText(record[field]);
    if (text === undefined) this.fail(loc, field, 'invalid', `"${field}" must be text`);
    if (text === '') this.fail(loc, field, 'empty', `empty "${field}"`);
    return text;
  }

  /** `record` holds the recognised fields; `extra` the file's other columns, kept as metadata. */
  add(record: Partial<Record<FaqField, unknown>>, extra: Record<string, unknown>, loc: RecordLocation): void {
    const question = this.required(record, 'question', loc);
    const answer = this.required(record, 'answer', loc);
    const base = asText(record.id) || derivedId(question);
    const id = this.unique(base);
    const altQuestions = [...new Set(altList(record.altQuestions))].filter((q) => q !== question);
    const item: FaqItem = { id, question, answer, altQuestions };
    const lang = normaliseLang(record.lang);
    if (lang) item.lang = lang;
    const metadata = Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    if (Object.keys(metadata).length > 0) item.metadata = metadata;
    this.entries.push(item);
  }

  /** A repeated id keeps the first entry's id and suffixes later ones, so none is silently lost. */
  private unique(base: string): string {
    let id = base;
    for (let n = 2; this.seen.has(id); n++) id = `${base}-${n}`;
    if (id !== base) this.duplicateIds.push(base);
    this.seen.add(id);
    return id;
  }

  finish(): { entries: FaqItem[]; metadata: Record<string, unknown> } {
    if (this.entries.length === 0) {
      throw new EmptyDocument(`${this.file} contains no FAQ entries`, { details: { file: this.file } });
    }
    const metadata: Record<string, unknown> = { entryCount: this.entries.length };
    if (this.duplicateIds.length > 0) metadata.duplicateIds = [...new Set(this.duplicateIds)];
    return { entries: this.entries, metadata };
  }
}
