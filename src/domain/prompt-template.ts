/**
 * Prompts are files with declared variables (see prompts/README.md). Rendering fails on a
 * variable the template uses but was not given, and on one given but not declared, so a
 * renamed variable cannot silently render as an empty string.
 */
export interface PromptTemplate {
  id: string;
  version: number;
  language: 'zh' | 'en';
  variables: string[];
  text: string;
  /** Other front-matter fields (a tone's `opening` line for the local answerer). */
  meta: Record<string, unknown>;
}

export class PromptRenderError extends Error {
  override name = 'PromptRenderError';
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g;

export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export function renderPrompt(t: PromptTemplate, vars: Record<string, string | number>): string {
  for (const name of Object.keys(vars))
    if (!t.variables.includes(name)) throw new PromptRenderError(`${t.id}@${t.version} (${t.language}) does not declare variable "${name}"`);
  return t.text.replace(PLACEHOLDER, (_, name: string) => {
    if (!(name in vars)) throw new PromptRenderError(`${t.id}@${t.version} (${t.language}) needs variable "${name}"`);
    return String(vars[name]);
  });
}
