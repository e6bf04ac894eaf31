/**
 * Classifiers for single Markdown lines, written as plain loops: the chunker runs them on every
 * line of multi-megabyte inputs, and hand-rolled scans cannot backtrack.
 * Rules follow CommonMark/GFM where the docs we ingest rely on them, and are lenient where real
 * MDX docs break them (fences indented inside JSX or list items).
 */

export interface AtxHeading {
  level: number;
  text: string;
}

export interface FenceOpen {
  char: '`' | '~';
  length: number;
  /** Index of the first fence character in the line (after indentation and any list marker). */
  column: number;
}

const SPACE = 32;
const TAB = 9;
const HASH = 35;

/** Width of leading indentation, a tab counting as 4 columns. */
export function indentWidth(line: string): number {
  let w = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === SPACE) w++;
    else if (c === TAB) w += 4;
    else break;
  }
  return w;
}

function skipSpaces(line: string, from: number): number {
  let i = from;
  while (i < line.length && (line.charCodeAt(i) === SPACE || line.charCodeAt(i) === TAB)) i++;
  return i;
}

export function isBlank(line: string): boolean {
  return skipSpaces(line, 0) === line.length;
}

/**
 * `# Title`, up to 3 spaces of indentation. The text is kept byte-exact apart from trimming and a
 * closing `#` sequence, because eval suites compare heading paths to the raw heading text.
 */
export function parseAtxHeading(line: string): AtxHeading | null {
  if (indentWidth(line) > 3) return null;
  let i = skipSpaces(line, 0);
  let level = 0;
  while (i < line.length && line.charCodeAt(i) === HASH) {
    level++;
    i++;
  }
  if (level === 0 || level > 6) return null;
  if (i < line.length && line.charCodeAt(i) !== SPACE && line.charCodeAt(i) !== TAB) return null;
  return { level, text: stripClosingSequence(line.slice(i).trim()) };
}

/** `## Title ##` → `Title`; `# C#` keeps its `#` (no space before it). */
function stripClosingSequence(text: string): string {
  let j = text.length;
  while (j > 0 && text.charCodeAt(j - 1) === HASH) j--;
  if (j === text.length) return text;
  if (j === 0) return '';
  const before = text.charCodeAt(j - 1);
  return before === SPACE || before === TAB ? text.slice(0, j).trim() : text;
}

/** End index of a list marker (`-`, `*`, `+`, `1.`, `1)`) at `from`, or -1. */
export function listMarkerEnd(line: string, from: number): number {
  let i = from;
  const c = line.charCodeAt(i);
  if (c === 45 || c === 42 || c === 43) {
    i++;
  } else {
    let digits = 0;
    while (i < line.length && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57 && digits < 10) {
      i++;
      digits++;
    }
    if (digits === 0 || digits > 9) return -1;
    const d = line.charCodeAt(i);
    if (d !== 46 && d !== 41) return -1;
    i++;
  }
  if (i === line.length) return i;
  const next = line.charCodeAt(i);
  return next === SPACE || next === TAB ? i : -1;
}

/** A list item at any depth (nested items are indented by any amount). */
export function isListItemStart(line: string): boolean {
  return listMarkerEnd(line, skipSpaces(line, 0)) > 0;
}

/**
 * A fence opener, also after a list marker (`* ```json`), at any indentation: MDX has no indented
 * code blocks, and its docs indent fences inside components and list items.
 */
export function parseFenceOpen(line: string): FenceOpen | null {
  let i = skipSpaces(line, 0);
  const markerEnd = listMarkerEnd(line, i);
  if (markerEnd > 0) i = skipSpaces(line, markerEnd);
  const ch = line[i];
  if (ch !== '`' && ch !== '~') return null;
  let n = 0;
  while (line[i + n] === ch) n++;
  if (n < 3) return null;
  // ```js const x``` on one line is inline code, not a fence.
  if (ch === '`' && line.indexOf('`', i + n) !== -1) return null;
  return { char: ch, length: n, column: i };
}

export function isFenceClose(line: string, open: FenceOpen): boolean {
  let i = skipSpaces(line, 0);
  let n = 0;
  while (i < line.length && line[i] === open.char) {
    i++;
    n++;
  }
  return n >= open.length && skipSpaces(line, i) === line.length;
}

/** `---`, `***`, `___` (spaces allowed between), up to 3 spaces of indentation. */
export function isThematicBreak(line: string): boolean {
  if (indentWidth(line) > 3) return false;
  let ch = 0;
  let count = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === SPACE || c === TAB) continue;
    if (c !== 45 && c !== 42 && c !== 95) return false;
    if (ch === 0) ch = c;
    else if (c !== ch) return false;
    count++;
  }
  return count >= 3;
}

/** Level of a setext underline (`===` → 1, `---` → 2), or 0. */
export function setextLevel(line: string): number {
  if (indentWidth(line) > 3) return 0;
  const t = line.trim();
  if (t.length === 0) return 0;
  const c = t.charCodeAt(0);
  if (c !== 61 && c !== 45) return 0;
  for (let i = 1; i < t.length; i++) if (t.charCodeAt(i) !== c) return 0;
  return c === 61 ? 1 : 2;
}

export function isBlockquoteLine(line: string): boolean {
  return indentWidth(line) <= 3 && line.charCodeAt(skipSpaces(line, 0)) === 62;
}

/** Starts an HTML comment block (`<!--` at the start of the line). */
export function isCommentStart(line: string): boolean {
  return indentWidth(line) <= 3 && line.startsWith('<!--', skipSpaces(line, 0));
}

/** Number of cells in a pipe-table row, ignoring escaped `\|` and outer pipes. */
export function tableCellCount(line: string): number {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|') && !t.endsWith('\\|')) t = t.slice(0, -1);
  let cells = 1;
  for (let i = 0; i < t.length; i++) {
    if (t.charCodeAt(i) === 92) i++; // backslash escapes the next character
    else if (t.charCodeAt(i) === 124) cells++;
  }
  return cells;
}

/**
 * `| --- | :---: |` under a header row with as many cells. Cells without dashes are ignored: a
 * stray trailing `|` after padding is a typo GFM rejects, but the author meant a table.
 */
export function isTableDelimiter(line: string, header: string): boolean {
  if (!header.includes('|') || !line.includes('|')) return false;
  let cells = 0;
  let dashed = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 45) {
      if (!dashed) cells++;
      dashed = true;
    } else if (c === 124) {
      dashed = false;
    } else if (c !== 58 && c !== SPACE && c !== TAB && c !== 0xa0) {
      return false;
    }
  }
  return cells > 0 && cells === tableCellCount(header);
}
