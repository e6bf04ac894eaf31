import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LEXICON_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../lexicon');

/** Reads a whitespace-separated word list, ignoring `#` comments. */
export function readWordList(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .flatMap((l) => l.split(/\s+/));
}

/** jieba user-dictionary format: `word [freq] [tag]` per line. */
export function readUserDict(file: string): Array<{ word: string; freq?: number; tag?: string }> {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((l) => {
      const [word, freq, tag] = l.split(/\s+/);
      return { word, freq: freq ? Number(freq) : undefined, tag };
    });
}
