import { stringify } from 'yaml';

/** One FAQ entry as the FAQ loaders read it back (ingest/loaders/faq-entry-builder.ts). */
export interface FaqRow {
  id: string;
  question: string;
  answer: string;
  altQuestions: string[];
  lang: string;
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The FAQ list written back in its own file format, so that an edited list is re-ingested through
 * the same loader as an uploaded one (and downloading the source gives the edited file).
 * Spreadsheets are not rewritten: null means "this format cannot be edited here".
 */
export function writeFaqFile(sourcePath: string, rows: FaqRow[]): { bytes: Uint8Array; contentType: string } | null {
  const ext = sourcePath.toLowerCase().split('.').pop();
  const encode = (s: string) => new TextEncoder().encode(s);
  if (ext === 'csv') {
    // "|" joins alternatives, as the loader splits them; a BOM keeps Excel reading it as UTF-8.
    const lines = ['id,question,answer,alt_questions,lang', ...rows.map((r) => [r.id, r.question, r.answer, r.altQuestions.join('|'), r.lang].map(csvCell).join(','))];
    return { bytes: encode(`\uFEFF${lines.join('\n')}\n`), contentType: 'text/csv' };
  }
  const objects = rows.map((r) => ({ id: r.id, question: r.question, answer: r.answer, alt_questions: r.altQuestions, lang: r.lang }));
  if (ext === 'json') return { bytes: encode(`${JSON.stringify(objects, null, 2)}\n`), contentType: 'application/json' };
  if (ext === 'yaml' || ext === 'yml') return { bytes: encode(stringify(objects)), contentType: 'application/yaml' };
  return null;
}
