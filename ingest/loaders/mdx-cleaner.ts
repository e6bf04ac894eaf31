import { parseJsxTag, skipBraces } from './jsx-tag.js';

/**
 * Turns MDX (Mintlify, Docusaurus) into plain Markdown for chunking: drops ESM `import`/`export`
 * statements, JSX tags (keeping the text between them), HTML and MDX comments, while copying
 * fenced code blocks and ATX heading lines byte for byte. Headings are the anchors that
 * citations and the eval suites match exactly, so a heading line is never rewritten, even if
 * it holds inline HTML. Comments go because Docusaurus files hide the Apache license header
 * (`# Licensed to ...` lines) in `<!-- -->`, which would otherwise become fake headings.
 */
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;

export function cleanMdx(source: string): string {
  const segments: { code: boolean; text: string }[] = [];
  let prose = '';
  const flushProse = () => {
    if (prose) segments.push({ code: false, text: prose });
    prose = '';
  };
  const n = source.length;
  let i = 0;
  let lineStart = true;
  let lineHasText = false;
  /** How many component tags enclose the current position. */
  let depth = 0;

  while (i < n) {
    if (lineStart) {
      lineStart = false;
      lineHasText = false;
      const eol = lineEnd(source, i);
      const line = source.slice(i, eol);
      const fence = /^[ \t]*(`{3,}|~{3,})(.*)$/.exec(line);
      if (fence && !(fence[1][0] === '`' && fence[2].includes('`'))) {
        const end = fenceEnd(source, eol, fence[1]);
        flushProse();
        segments.push({ code: true, text: source.slice(i, end) });
        i = end;
        lineStart = true;
        continue;
      }
      const esmEnd = /^(?:import|export)[\s{]/.test(line) ? esmStatementEnd(source, i) : undefined;
      if (esmEnd !== undefined) {
        i = esmEnd;
        lineStart = true;
        continue;
      }
      // Text nested in components is indented for readability only (MDX has no indented code
      // blocks); left indented, Markdown renderers and splitters would take it for code. A
      // line that already is a heading is copied as is, so its bytes match the source.
      if (depth > 0 && !ATX_HEADING.test(line)) i = skipIndent(source, i, 4 * depth);
      if (ATX_HEADING.test(source.slice(i, eol))) {
        prose += source.slice(i, Math.min(n, eol + 1));
        i = eol + 1;
        lineStart = true;
        continue;
      }
      if (i >= n) break;
    }

    const c = source[i];
    if (c === '\n') {
      prose += c;
      i++;
      lineStart = true;
      continue;
    }
    if (c === '\\' && source[i + 1] !== '\n') {
      prose += source.slice(i, i + 2);
      i += 2;
      lineHasText = true;
      continue;
    }
    if (c === '`') {
      const end = inlineCodeEnd(source, i);
      prose += source.slice(i, end);
      i = end;
      lineHasText = true;
      continue;
    }
    const comment = source.startsWith('<!--', i) ? closeOf(source, i, '-->') : source.startsWith('{/*', i) ? closeOf(source, i, '*/}') : undefined;
    // An unterminated comment stays as text rather than swallowing the rest of the page.
    if (comment !== undefined) {
      i = comment;
      continue;
    }
    if (c === '<') {
      const tag = parseJsxTag(source, i);
      if (tag) {
        const title = tag.kind === 'open' && !lineHasText ? (tag.attrs.title ?? tag.attrs.label) : undefined;
        if (title?.trim()) {
          // Its own paragraph, so the next line of text does not run into it.
          prose += `**${title.replace(/\s+/g, ' ').trim()}**\n${source[tag.end] === '\n' ? '' : '\n'}`;
        }
        if (tag.kind === 'open') depth++;
        else if (tag.kind === 'close') depth = Math.max(0, depth - 1);
        i = tag.end;
        continue;
      }
    }
    if (c !== ' ' && c !== '\t') lineHasText = true;
    prose += c;
    i++;
  }
  flushProse();
  return segments
    .map((s, k) => {
      if (s.code) return s.text;
      const text = tidyProse(s.text);
      // A code segment already ends with its newline: one more makes exactly one blank line.
      return k > 0 && segments[k - 1].code ? text.replace(/^\n{2,}/, '\n') : text;
    })
    .join('');
}

function skipIndent(text: string, i: number, width: number): number {
  let col = 0;
  while (col < width && (text[i] === ' ' || text[i] === '\t')) {
    col += text[i] === '\t' ? 4 : 1;
    i++;
  }
  return i;
}

function lineEnd(text: string, i: number): number {
  const e = text.indexOf('\n', i);
  return e < 0 ? text.length : e;
}

/** Index just past the closing fence line (or the end of input for an unclosed fence). */
function fenceEnd(text: string, openEol: number, opener: string): number {
  const closer = new RegExp(`^[ \\t]*${opener[0] === '`' ? '`' : '~'}{${opener.length},}[ \\t]*$`);
  let i = openEol + 1;
  while (i < text.length) {
    const eol = lineEnd(text, i);
    if (closer.test(text.slice(i, eol))) return Math.min(text.length, eol + 1);
    i = eol + 1;
  }
  return text.length;
}

function closeOf(text: string, i: number, closer: string): number | undefined {
  const end = text.indexOf(closer, i + 2);
  return end < 0 ? undefined : end + closer.length;
}

function inlineCodeEnd(text: string, i: number): number {
  let k = i;
  while (text[k] === '`') k++;
  const run = text.slice(i, k);
  const paragraphEnd = text.indexOf('\n\n', k);
  const limit = paragraphEnd < 0 ? text.length : paragraphEnd;
  let search = k;
  while (search < limit) {
    const found = text.indexOf(run, search);
    if (found < 0 || found >= limit) break;
    let after = found + run.length;
    if (text[after] !== '`') return after;
    while (text[after] === '`') after++;
    search = after;
  }
  return k;
}

/**
 * End of an ESM statement starting at `i`, or undefined when the line is not one (prose that
 * happens to start with "import" or "export", like `export FOO=bar` outside a fence).
 */
function esmStatementEnd(text: string, i: number): number | undefined {
  const eol = lineEnd(text, i);
  const line = text.slice(i, eol);
  const singleImport = /^import\s+(?:[\w$*{},\s]+\s+from\s+)?(['"])[^'"\n]+\1\s*;?\s*$/;
  if (singleImport.test(line)) return Math.min(text.length, eol + 1);
  const isImportBlock = /^import\s*\{[^}]*$/.test(line);
  const isExport = /^export\s+(?:const|let|var|function|async\s+function|class|default|\{|\*)/.test(line);
  if (!isImportBlock && !isExport) return undefined;
  let j = i;
  // Statements end at the line where brackets balance; a bare declaration ends at its line.
  for (let lines = 0; lines < 500 && j < text.length; lines++) {
    const end = lineEnd(text, j);
    const braceAt = text.indexOf('{', j);
    if (braceAt >= 0 && braceAt < end) {
      const after = skipBraces(text, braceAt, Math.min(text.length, i + 100_000));
      if (after === undefined) return undefined;
      j = after;
      continue;
    }
    const rest = text.slice(j, end).trim();
    if (!/[=(,[]$/.test(rest)) return Math.min(text.length, end + 1);
    j = end + 1;
  }
  return undefined;
}

/** Whitespace left where tags and comments were removed; code segments never pass through here. */
function tidyProse(text: string): string {
  return text.replace(/^[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n');
}
