import type { CodeBlock, TableBlock, TextBlock } from './markdown-blocks.js';
import { splitLongText, splitSentences } from './sentence-splitter.js';

/**
 * A block cut into the units the packer places: sentences of prose, or parts of a table or code
 * block. Units are never cut again; the packer only decides where chunks begin.
 */
export interface Unit {
  text: string;
  /** Joins this unit to the previous one when both land in the same chunk. */
  sep: string;
  kind: 'text' | 'table' | 'code';
  /** A whole sentence (or whole prose block), so it may be repeated as overlap. */
  whole: boolean;
}

export interface BlockUnits {
  units: Unit[];
  /** Length of the units joined with their separators, the first separator excluded. */
  length: number;
  /** A table or code block kept whole although longer than the chunk size (at most 2×). */
  oversized: boolean;
}

export function blockUnits(block: TextBlock | TableBlock | CodeBlock, size: number): BlockUnits {
  const units =
    block.type === 'text' ? proseUnits(block.text, size) : block.type === 'table' ? tableUnits(block, size) : codeUnits(block, size);
  units[0] = { ...units[0], sep: block.gapBefore ? '\n\n' : '\n' };
  let length = units[0].text.length;
  for (let i = 1; i < units.length; i++) length += units[i].sep.length + units[i].text.length;
  const oversized = units.length === 1 && units[0].kind !== 'text' && length > size;
  return { units, length, oversized };
}

function proseUnits(text: string, size: number): Unit[] {
  const units: Unit[] = [];
  for (const sentence of splitSentences(text)) {
    if (sentence.text.length <= size) {
      units.push({ text: sentence.text, sep: sentence.sep, kind: 'text', whole: true });
      continue;
    }
    const parts = splitLongText(sentence.text, size);
    parts.forEach((p, i) => units.push({ text: p.text, sep: i === 0 ? sentence.sep : p.sep, kind: 'text', whole: false }));
  }
  return units;
}

/** A table row or code line longer than a chunk is rare; it is cut like prose, marked as cut. */
function fragmentUnits(text: string, size: number, kind: Unit['kind'], sep: string): Unit[] {
  return splitLongText(text, size).map((p, i) => ({ text: p.text, sep: i === 0 ? sep : p.sep, kind, whole: false }));
}

/**
 * A table that fits in 2× the size stays whole. Larger ones are cut between rows, and every part
 * repeats the header and delimiter rows so each chunk is a readable table on its own.
 */
function tableUnits(block: TableBlock, size: number): Unit[] {
  const head = `${block.header}\n${block.delimiter}`;
  const whole = block.rows.length > 0 ? `${head}\n${block.rows.join('\n')}` : head;
  if (whole.length <= 2 * size) return [{ text: whole, sep: '', kind: 'table', whole: false }];
  if (head.length + 1 >= size) return fragmentUnits(whole, size, 'table', '');

  const units: Unit[] = [];
  let rows: string[] = [];
  let length = head.length;
  const flushRows = () => {
    if (rows.length === 0) return;
    units.push({ text: `${head}\n${rows.join('\n')}`, sep: '\n\n', kind: 'table', whole: false });
    rows = [];
    length = head.length;
  };
  for (const row of block.rows) {
    if (head.length + 1 + row.length > size) {
      flushRows();
      units.push(...overflowingRow(head, row, size));
      continue;
    }
    if (length + 1 + row.length > size) flushRows();
    rows.push(row);
    length += 1 + row.length;
  }
  flushRows();
  return units;
}

/**
 * A row longer than a chunk (long prose in a cell) is cut like prose; its first piece still comes
 * under the header so the cells can be told apart, unless the header itself takes most of a chunk.
 */
function overflowingRow(head: string, row: string, size: number): Unit[] {
  const room = size - head.length - 1;
  if (room < size / 3) return fragmentUnits(row, size, 'table', '\n\n');
  const [first, ...rest] = splitLongText(row, room);
  return [
    { text: `${head}\n${first.text}`, sep: '\n\n', kind: 'table', whole: false },
    ...rest.map((p): Unit => ({ text: p.text, sep: p.sep, kind: 'table', whole: false })),
  ];
}

/**
 * A fenced block that fits in 2× the size stays whole. Larger ones are cut between lines, and every
 * part is re-wrapped in the fence (with its language) so it still renders and reads as code.
 */
function codeUnits(block: CodeBlock, size: number): Unit[] {
  const lines = [block.opener, ...block.body];
  if (block.closer !== null) lines.push(block.closer);
  const whole = lines.join('\n');
  if (whole.length <= 2 * size) return [{ text: whole, sep: '', kind: 'code', whole: false }];

  const closer = block.closer ?? (/^(`{3,}|~{3,})/.exec(block.fenceLine)?.[1] ?? '```');
  const units: Unit[] = [];
  let opener = block.opener;
  let body: string[] = [];
  let length = 0;
  const wrap = () => opener.length + closer.length + 2;
  const flushBody = () => {
    if (body.length === 0) return;
    units.push({ text: `${opener}\n${body.join('\n')}\n${closer}`, sep: '\n\n', kind: 'code', whole: false });
    opener = block.fenceLine;
    body = [];
    length = 0;
  };
  for (const line of block.body) {
    if (wrap() + line.length > size) {
      flushBody();
      if (line.trim()) units.push(...fragmentUnits(line, size, 'code', '\n'));
      continue;
    }
    if (wrap() + length + (body.length > 0 ? 1 : 0) + line.length > size) flushBody();
    length += (body.length > 0 ? 1 : 0) + line.length;
    body.push(line);
  }
  flushBody();
  if (units.length === 0) return fragmentUnits(whole, size, 'code', '');
  return units;
}
