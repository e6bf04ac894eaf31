import {
  type FenceOpen,
  indentWidth,
  isBlank,
  isBlockquoteLine,
  isCommentStart,
  isFenceClose,
  isListItemStart,
  isTableDelimiter,
  isThematicBreak,
  parseAtxHeading,
  parseFenceOpen,
  setextLevel,
} from './markdown-lines.js';

/**
 * Markdown → a flat list of headings and blocks, in one pass over the lines (linear in the input).
 * Only what chunking needs is recognised: headings cut sections; fences and tables are kept whole;
 * paragraphs, list items and blockquotes are prose. HTML comments, thematic breaks and YAML front
 * matter are dropped: readers never see them, and the Apache licence header that every APISIX page
 * hides in a comment would otherwise be the most repeated "content" in the index.
 */
export type MarkdownNode = HeadingNode | TextBlock | TableBlock | CodeBlock;

export interface HeadingNode {
  type: 'heading';
  level: number;
  text: string;
}

interface BlockBase {
  /** A blank line separated this block from the previous one (joined with `\n\n`, else `\n`). */
  gapBefore: boolean;
}

export interface TextBlock extends BlockBase {
  type: 'text';
  text: string;
}

export interface TableBlock extends BlockBase {
  type: 'table';
  header: string;
  delimiter: string;
  rows: string[];
}

export interface CodeBlock extends BlockBase {
  type: 'code';
  /** The opening line without indentation (may start with a list marker: `1. ```bash`). */
  opener: string;
  /** The fence and info string alone, repeated when a long block is split. */
  fenceLine: string;
  body: string[];
  /** The closing fence, or null when the block ran to the end of its container. */
  closer: string | null;
}

type TextKind = 'paragraph' | 'item' | 'quote';

interface OpenText {
  kind: TextKind;
  lines: string[];
  gapBefore: boolean;
}

export function parseMarkdown(markdown: string): MarkdownNode[] {
  const lines = stripFrontMatter(markdown.replace(/\r\n?/g, '\n').split('\n'));
  const nodes: MarkdownNode[] = [];
  let gap = false;
  let text: OpenText | null = null;
  let table: TableBlock | null = null;
  // Once a search for `-->` reached the end, no later comment can close either.
  let commentsCanClose = true;

  const flush = () => {
    if (text) {
      const joined = text.lines.join('\n').trim();
      if (joined) nodes.push({ type: 'text', text: joined, gapBefore: text.gapBefore });
      text = null;
    }
    if (table) {
      nodes.push(table);
      table = null;
    }
  };
  const startText = (kind: TextKind, line: string) => {
    flush();
    text = { kind, lines: [line], gapBefore: gap };
    gap = false;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isBlank(line)) {
      flush();
      gap = true;
      continue;
    }
    if (table) {
      if (line.includes('|') && !parseAtxHeading(line) && !parseFenceOpen(line)) {
        table.rows.push(compactRow(line));
        continue;
      }
      flush();
    }
    if (commentsCanClose && isCommentStart(line)) {
      const end = findCommentEnd(lines, i);
      if (end) {
        flush();
        gap = true;
        // Text after `-->` on the closing line is still content.
        const rest = lines[end.line].slice(end.column);
        if (!isBlank(rest)) {
          lines[end.line] = rest;
          i = end.line - 1;
        } else {
          i = end.line;
        }
        continue;
      }
      commentsCanClose = false;
    }
    const heading = parseAtxHeading(line);
    if (heading) {
      flush();
      nodes.push({ type: 'heading', level: heading.level, text: heading.text });
      gap = true;
      continue;
    }
    const fence = parseFenceOpen(line);
    if (fence) {
      flush();
      const { block, last } = readFence(lines, i, fence, gap);
      nodes.push(block);
      gap = false;
      i = last;
      continue;
    }
    const current = text as OpenText | null;
    if (current && current.kind === 'paragraph' && current.lines.length === 1 && isPlainLine(current.lines[0])) {
      const level = setextLevel(line);
      if (level) {
        nodes.push({ type: 'heading', level, text: current.lines[0].trim() });
        text = null;
        gap = true;
        continue;
      }
    }
    if (isThematicBreak(line)) {
      flush();
      gap = true;
      continue;
    }
    if (i + 1 < lines.length && isTableDelimiter(lines[i + 1], line)) {
      flush();
      table = { type: 'table', header: compactRow(line), delimiter: compactDelimiter(lines[i + 1]), rows: [], gapBefore: gap };
      gap = false;
      i++;
      continue;
    }
    if (isListItemStart(line)) {
      startText('item', line);
      continue;
    }
    if (isBlockquoteLine(line)) {
      if (current && current.kind === 'quote') current.lines.push(line);
      else startText('quote', line);
      continue;
    }
    if (current) current.lines.push(line); // lazy continuation of a paragraph, item or quote
    else startText('paragraph', line);
  }
  flush();
  return nodes;
}

/**
 * Pipe tables are often padded to line up in a text editor (APISIX pads delimiter rows to 200
 * dashes); the padding renders the same and would only eat the chunk budget.
 */
function compactRow(line: string): string {
  return line.trim().replace(/\s{2,}/g, ' ');
}

function compactDelimiter(line: string): string {
  return line.trim().replace(/-{3,}/g, '---').replace(/\s{2,}/g, ' ');
}

/** A line that can be the text of a setext heading: not markup that merely precedes a `---`. */
function isPlainLine(line: string): boolean {
  if (indentWidth(line) > 3) return false;
  const c = line.trimStart()[0];
  return c !== '<' && c !== '{' && c !== '!' && c !== '|' && c !== '[';
}

function findCommentEnd(lines: string[], start: number): { line: number; column: number } | null {
  let from = lines[start].indexOf('<!--') + 4;
  for (let i = start; i < lines.length; i++) {
    const at = lines[i].indexOf('-->', from);
    if (at !== -1) return { line: i, column: at + 3 };
    from = 0;
  }
  // CommonMark would hide the rest of the document; dropping it silently is worse than keeping
  // a stray `<!--` as text.
  return null;
}

/**
 * Reads a fenced block starting at `start`. A fence opened inside a list item or component
 * (indented) that is never closed ends, as CommonMark ends it with its container, where a
 * column-0 heading follows a blank line: otherwise one missing ``` swallows the rest of the page.
 */
function readFence(lines: string[], start: number, fence: FenceOpen, gapBefore: boolean): { block: CodeBlock; last: number } {
  const opener = lines[start].trimStart();
  const block: CodeBlock = {
    type: 'code',
    opener,
    fenceLine: lines[start].slice(fence.column).trim(),
    body: [],
    closer: null,
    gapBefore,
  };
  let prevBlank = false;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (isFenceClose(line, fence)) {
      block.closer = line.trim();
      return { block, last: i };
    }
    if (fence.column > 0 && prevBlank && indentWidth(line) === 0 && parseAtxHeading(line)) {
      trimTrailingBlank(block.body);
      return { block, last: i - 1 };
    }
    block.body.push(dedent(line, fence.column));
    prevBlank = isBlank(line);
  }
  trimTrailingBlank(block.body);
  return { block, last: lines.length - 1 };
}

function dedent(line: string, columns: number): string {
  let i = 0;
  while (i < columns && i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return line.slice(i);
}

function trimTrailingBlank(body: string[]): void {
  while (body.length > 0 && isBlank(body[body.length - 1])) body.pop();
}

/** YAML front matter (`---` … `---`) at the very start, when the loader left it in. */
function stripFrontMatter(lines: string[]): string[] {
  if (lines.length < 3 || lines[0].trimEnd() !== '---' || !/^[A-Za-z_][\w-]*\s*:/.test(lines[1])) return lines;
  const limit = Math.min(lines.length, 300);
  for (let i = 2; i < limit; i++) {
    const t = lines[i].trimEnd();
    if (t === '---' || t === '...') return lines.slice(i + 1);
  }
  return lines;
}
