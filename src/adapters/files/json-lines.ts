import fs from 'node:fs';
import type { z } from 'zod';

/** A JSONL file that breaks its schema: names the file, the line and the field. */
export class JsonLinesError extends Error {
  constructor(readonly file: string, readonly line: number | undefined, readonly field: string, readonly detail: string) {
    super(`${file}${line ? `:${line}` : ''}: ${field}: ${detail}`);
    this.name = 'JsonLinesError';
  }
}

/** Reads one JSON object per line (blank lines skipped), each checked against `schema`; rows keep their line number. */
export function readJsonLines<S extends z.ZodTypeAny>(file: string, schema: S): Array<{ value: z.infer<S>; line: number }> {
  const rows: Array<{ value: z.infer<S>; line: number }> = [];
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (!text.trim()) return;
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch (err) {
        throw new JsonLinesError(file, i + 1, 'json', (err as Error).message);
      }
      const r = schema.safeParse(obj);
      if (!r.success) {
        const issue = r.error.issues[0]!;
        throw new JsonLinesError(file, i + 1, issue.path.join('.') || '(root)', issue.message);
      }
      rows.push({ value: r.data, line: i + 1 });
    });
  return rows;
}
