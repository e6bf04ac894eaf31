/**
 * A second, deliberately simple reading of Markdown (regexes over lines) that the property tests
 * compare the chunker against: which ATX headings exist outside code, which of them head a section
 * with text, and the non-heading text as one whitespace-free string.
 */

export interface ReferenceHeading {
  text: string;
  /** Some text (not only headings, comments or rules) follows before the next heading. */
  hasContent: boolean;
}

export interface ReferenceDocument {
  headings: ReferenceHeading[];
  /** Lines that are neither headings nor HTML comments, in order. */
  textLines: string[];
}

const FENCE_OPEN = /^(\s*)(?:(?:[-*+]|\d{1,9}[.)])\s+)?(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^\s*(`{3,}|~{3,})\s*$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const RULE_OR_UNDERLINE = /^ {0,3}(?:(?:[-*_][ \t]*){3,}|=+|-+)[ \t]*$/;

export function stripFrontMatter(text: string): string {
  return text.replace(/^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/, '');
}

function headingText(raw: string | undefined): string {
  const t = (raw ?? '').trim();
  if (/^#+$/.test(t)) return '';
  return t.replace(/[ \t]+#+$/, '').trim();
}

export function readReference(markdown: string): ReferenceDocument {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const headings: ReferenceHeading[] = [];
  const textLines: string[] = [];
  let fence: { char: string; length: number; indented: boolean } | null = null;
  let prevBlank = true;
  const addText = (line: string) => {
    textLines.push(line);
    if (headings.length > 0 && line.trim() && !RULE_OR_UNDERLINE.test(line)) headings[headings.length - 1].hasContent = true;
  };

  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (fence) {
      const close = FENCE_CLOSE.exec(line);
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) {
        fence = null;
        addText(line);
        prevBlank = false;
        continue;
      }
      if (!(fence.indented && prevBlank && /^#{1,6}(\s|$)/.test(line))) {
        addText(line);
        prevBlank = line.trim() === '';
        continue;
      }
      fence = null;
    }
    const comment = /^ {0,3}<!--/.exec(line);
    if (comment) {
      let end = -1;
      let endLine = i;
      for (let j = i; j < lines.length; j++) {
        end = lines[j].indexOf('-->', j === i ? line.indexOf('<!--') + 4 : 0);
        if (end !== -1) {
          endLine = j;
          break;
        }
      }
      if (end !== -1) {
        const rest = lines[endLine].slice(end + 3);
        i = endLine;
        prevBlank = true;
        if (!rest.trim()) continue;
        line = rest;
      }
    }
    const atx = ATX.exec(line);
    if (atx) {
      headings.push({ text: headingText(atx[2]), hasContent: false });
      prevBlank = true;
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open && !(open[2][0] === '`' && open[3].includes('`'))) {
      fence = { char: open[2][0], length: open[2].length, indented: line.indexOf(open[2]) > 0 };
    }
    addText(line);
    prevBlank = line.trim() === '';
  }
  return { headings, textLines };
}

/** Lines that never reach chunk text as such: rules, setext underlines, fence markers. */
export function isStructuralLine(line: string): boolean {
  return RULE_OR_UNDERLINE.test(line.trimStart()) || FENCE_OPEN.test(line) || FENCE_CLOSE.test(line);
}

const TABLE_DELIMITER = /^(?=.*-)(?=.*\|)[\s|:-]+$/;

/** Header rows of the pipe tables in `lines` (the row above a delimiter row). */
export function tableHeaders(lines: string[]): Set<string> {
  const headers = new Set<string>();
  lines.forEach((line, i) => {
    if (line.includes('|') && TABLE_DELIMITER.test(lines[i + 1] ?? '')) headers.add(line.replace(/\s+/gu, ''));
  });
  return headers;
}

/**
 * The text as one whitespace-free string, without structural lines and without table header and
 * delimiter rows (the chunker repeats those in every part of a split table; unit tests check that).
 */
export function squash(lines: string[], headers: Set<string>): string {
  return lines
    .filter((l) => !isStructuralLine(l) && !TABLE_DELIMITER.test(l) && !headers.has(l.replace(/\s+/gu, '')))
    .join('')
    .replace(/\s+/gu, '');
}

/**
 * Checks that chunk texts, read in order, cover `source` exactly once apart from repeated text:
 * each chunk may begin with text already covered (overlap, a repeated table header) and must then
 * continue exactly where the previous chunk stopped. Returns null or a description of the failure.
 */
export function checkCoverage(source: string, chunks: string[]): string | null {
  let p = 0;
  for (let ci = 0; ci < chunks.length; ci++) {
    const c = chunks[ci];
    if (p >= source.length) return `chunk ${ci} adds nothing new: ${c.slice(0, 80)}`;
    const next = source[p];
    let matched = false;
    for (let k = c.indexOf(next); k !== -1 && k < c.length; k = c.indexOf(next, k + 1)) {
      const rest = c.slice(k);
      if (!source.startsWith(rest, p)) continue;
      if (k > 0 && !source.slice(0, p).includes(c.slice(0, k))) continue;
      p += rest.length;
      matched = true;
      break;
    }
    if (!matched) {
      return `chunk ${ci} does not continue the text at ${p}:\n  expected ${source.slice(p, p + 80)}\n  chunk    ${c.slice(0, 160)}`;
    }
  }
  return p === source.length ? null : `text not covered from ${p}: ${source.slice(p, p + 120)}`;
}
