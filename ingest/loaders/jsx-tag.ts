/**
 * Recognises one MDX/JSX tag (`<Note>`, `</Tabs>`, `<Frame src={...} />`, `<>`) at a position.
 * Returns undefined for anything that is not unambiguously a component tag, so prose such as
 * `<YOUR_API_KEY>` or `a <b` survives: only capitalised names with a lower-case letter count,
 * since lower-case tags are plain HTML that Markdown keeps. Placeholders written like tags
 * (`<Your Azure key>`, `<Port>`) are told apart by having no closing tag and no `attr=value`.
 */
export interface JsxTag {
  end: number;
  kind: 'open' | 'close' | 'self-closing';
  name: string;
  attrs: Record<string, string>;
}

const NAME = /[A-Z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*/y;
const ATTR_NAME = /[A-Za-z_:][\w:.-]*/y;
/** A tag longer than this is not a tag but an unbalanced `<` followed by prose. */
const MAX_TAG_CHARS = 8000;

function skipSpace(text: string, j: number, limit: number): number | undefined {
  while (j < limit && /\s/.test(text[j])) {
    // A blank line ends any plausible tag; without this one stray `<Foo` could eat a section.
    if (text[j] === '\n' && /^\n[ \t]*\n/.test(text.slice(j, j + 80))) return undefined;
    j++;
  }
  return j;
}

/** Skips a `{...}` expression (strings and nested braces respected); returns the index after `}`. */
export function skipBraces(text: string, j: number, limit: number): number | undefined {
  let depth = 0;
  while (j < limit) {
    const c = text[j];
    if (c === '"' || c === "'" || c === '`') {
      const close = findQuoteEnd(text, j, limit);
      if (close === undefined) return undefined;
      j = close + 1;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return undefined;
}

function findQuoteEnd(text: string, j: number, limit: number): number | undefined {
  const quote = text[j];
  for (let k = j + 1; k < limit; k++) {
    if (text[k] === '\\') k++;
    else if (text[k] === quote) return k;
    else if (text[k] === '\n' && quote !== '`' && text[k + 1] === '\n') return undefined;
  }
  return undefined;
}

export function parseJsxTag(text: string, start: number): JsxTag | undefined {
  const limit = Math.min(text.length, start + MAX_TAG_CHARS);
  let j = start + 1;
  const closing = text[j] === '/';
  if (closing) j++;
  if (text[j] === '>') return { end: j + 1, kind: closing ? 'close' : 'open', name: '', attrs: {} };

  NAME.lastIndex = j;
  const m = NAME.exec(text);
  if (!m || !/[a-z]/.test(m[0])) return undefined;
  const name = m[0];
  j = NAME.lastIndex;
  if (j >= limit || !/[\s/>]/.test(text[j])) return undefined;

  if (closing) {
    const k = skipSpace(text, j, limit);
    return k !== undefined && text[k] === '>' ? { end: k + 1, kind: 'close', name, attrs: {} } : undefined;
  }

  const attrs: Record<string, string> = {};
  let bare = 0;
  let valued = 0;
  for (;;) {
    const k = skipSpace(text, j, limit);
    if (k === undefined || k >= limit) return undefined;
    j = k;
    if (text.startsWith('/>', j)) return valued > 0 || bare < 2 ? { end: j + 2, kind: 'self-closing', name, attrs } : undefined;
    if (text[j] === '>') {
      if (bare >= 2 && valued === 0) return undefined;
      return text.includes(`</${name}`, j) ? { end: j + 1, kind: 'open', name, attrs } : undefined;
    }
    if (text[j] === '{') {
      const after = skipBraces(text, j, limit);
      if (after === undefined) return undefined;
      j = after;
      valued++;
      continue;
    }
    ATTR_NAME.lastIndex = j;
    const a = ATTR_NAME.exec(text);
    if (!a) return undefined;
    j = ATTR_NAME.lastIndex;
    const beforeEq = skipSpace(text, j, limit);
    if (beforeEq === undefined || text[beforeEq] !== '=') {
      attrs[a[0]] = 'true';
      bare++;
      continue;
    }
    const v = skipSpace(text, beforeEq + 1, limit);
    if (v === undefined) return undefined;
    valued++;
    if (text[v] === '"' || text[v] === "'") {
      const close = findQuoteEnd(text, v, limit);
      if (close === undefined) return undefined;
      attrs[a[0]] = text.slice(v + 1, close);
      j = close + 1;
    } else if (text[v] === '{') {
      const after = skipBraces(text, v, limit);
      if (after === undefined) return undefined;
      j = after;
    } else {
      return undefined;
    }
  }
}
