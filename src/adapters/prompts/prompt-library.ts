import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import matter from 'gray-matter';
import { placeholdersOf, renderPrompt, type PromptTemplate } from '../../domain/prompt-template.js';

export const PROMPTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../prompts');

/**
 * Loads every `prompts/<id>.<lang>.md` once at start-up and checks it: front matter declares
 * `id`, `version` and `variables`, and the body uses exactly the declared variables.
 */
export class PromptLibrary {
  private readonly byKey = new Map<string, PromptTemplate>();

  constructor(dir = PROMPTS_DIR) {
    for (const file of fs.readdirSync(dir)) {
      const m = file.match(/^([a-z0-9-]+)\.(zh|en)\.md$/);
      if (!m) continue;
      const parsed = matter(fs.readFileSync(path.join(dir, file), 'utf8'));
      const { id, version, variables, ...meta } = parsed.data as { id?: string; version?: number; variables?: string[] };
      if (id !== m[1]) throw new Error(`${file}: front matter id "${id}" does not match the file name`);
      if (!Number.isInteger(version)) throw new Error(`${file}: front matter needs an integer version`);
      const declared = variables ?? [];
      const used = placeholdersOf(parsed.content);
      const undeclared = used.filter((v) => !declared.includes(v));
      const unused = declared.filter((v) => !used.includes(v));
      if (undeclared.length || unused.length)
        throw new Error(`${file}: variables used but not declared [${undeclared}], declared but not used [${unused}]`);
      this.byKey.set(`${id}.${m[2]}`, { id, version: version!, language: m[2] as 'zh' | 'en', variables: declared, text: parsed.content.trim(), meta });
    }
  }

  get(id: string, language: 'zh' | 'en'): PromptTemplate {
    const t = this.byKey.get(`${id}.${language}`) ?? this.byKey.get(`${id}.${language === 'zh' ? 'en' : 'zh'}`);
    if (!t) throw new Error(`No prompt "${id}" in ${PROMPTS_DIR}`);
    return t;
  }

  render(id: string, language: 'zh' | 'en', vars: Record<string, string | number> = {}): { text: string; id: string; version: number } {
    const t = this.get(id, language);
    return { text: renderPrompt(t, vars), id: t.id, version: t.version };
  }
}
