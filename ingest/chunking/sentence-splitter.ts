/**
 * Sentence boundaries for mixed Chinese/English prose. The terminator stays at the end of the
 * sentence it closes, together with closing quotes/brackets and emphasis markers that follow it:
 * a chunk or overlap must never begin with "。" or "”" (LangChain's recursive splitter moves the
 * separator to the start of the next piece, which is what we avoid here).
 */

/** A trimmed piece of text and the whitespace that separated it from the previous piece. */
export interface Piece {
  text: string;
  sep: string;
}

// Chinese full stop, exclamation, question mark and semicolon, in every width/form variant.
const CJK_TERMINATORS = new Set(['。', '！', '？', '；', '｡', '．', '︒', '︕', '︖', '︔', '﹒', '﹔', '﹖', '﹗']);
const LATIN_TERMINATORS = new Set(['.', '!', '?']);
// What may follow a terminator and still belong to its sentence: closing quotes and brackets,
// ellipses, more terminators ("？！", "..."), and Markdown emphasis closing around the sentence.
const TRAILERS = new Set([
  ...CJK_TERMINATORS,
  ...LATIN_TERMINATORS,
  '”', '’', '"', "'", '」', '』', '）', ')', '］', ']', '】', '〕', '》', '〉', '｝', '}', '〗', '…', '*', '_', '~',
]);

// Lower-cased tokens that end with a period but rarely end a sentence.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'vs', 'cf', 'al', 'approx', 'nos', 'fig', 'figs', 'inc',
  'ltd', 'corp', 'dept', 'vol', 'pp', 'viz', 'resp', 'ref', 'jan', 'feb', 'apr', 'jun', 'jul', 'aug', 'sep',
  'sept', 'oct', 'nov', 'tel', 'e.g', 'i.e', 'a.m', 'p.m', 'u.s', 'u.k',
]);

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 0x3000 || c === 0xa0;
}

function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef);
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** Start indices of sentences after the first. */
export function sentenceStarts(text: string): number[] {
  const starts: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const ch = text[i];
    const cjk = CJK_TERMINATORS.has(ch);
    if (!cjk && !LATIN_TERMINATORS.has(ch)) continue;
    let j = i + 1;
    while (j < n && TRAILERS.has(text[j])) j++;
    if (j >= n) break;
    const next = text.charCodeAt(j);
    if (cjk) {
      starts.push(j);
    } else if (ch === '.') {
      if (isSpace(next) && !isAbbreviation(text, i) && !nextWordIsLower(text, j)) starts.push(j);
    } else if (isSpace(next) || isCjk(next)) {
      // "!"/"?" in Chinese text are often half-width and directly followed by the next sentence.
      starts.push(j);
    }
    i = j - 1;
  }
  return starts;
}

/** "e.g.", "Dr.", an initial "J.", or "1." numbering a list item at the start of a line. */
function isAbbreviation(text: string, dot: number): boolean {
  let s = dot;
  while (s > 0 && !isSpace(text.charCodeAt(s - 1)) && !'([“"\'（'.includes(text[s - 1])) s--;
  const token = text.slice(s, dot);
  if (token.length === 0) return false;
  if (token.length === 1 && /[A-Za-z]/.test(token)) return true;
  if (ABBREVIATIONS.has(token.toLowerCase())) return true;
  if (/^\d{1,9}$/.test(token)) {
    let k = s;
    while (k > 0 && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
    return k === 0 || text[k - 1] === '\n';
  }
  return false;
}

function nextWordIsLower(text: string, from: number): boolean {
  let k = from;
  while (k < text.length && isSpace(text.charCodeAt(k))) k++;
  return k < text.length && isLower(text.charCodeAt(k));
}

/** Cuts `text` at the given ascending indices into trimmed pieces; empty pieces are skipped. */
export function cutAt(text: string, cuts: number[]): Piece[] {
  const pieces: Piece[] = [];
  let prevEnd = 0;
  let from = 0;
  for (let k = 0; k <= cuts.length; k++) {
    const to = k < cuts.length ? cuts[k] : text.length;
    let a = from;
    let b = to;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    if (b > a) {
      pieces.push({ text: text.slice(a, b), sep: pieces.length === 0 ? '' : text.slice(prevEnd, a) });
      prevEnd = b;
    }
    from = to;
  }
  return pieces;
}

export function splitSentences(text: string): Piece[] {
  return cutAt(text, sentenceStarts(text));
}

function lineStarts(text: string): number[] {
  const cuts: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) cuts.push(i + 1);
  return cuts;
}

const CLAUSE_MARKS = new Set(['，', '、', '：', ',', ';', ':']);

function clauseStarts(text: string): number[] {
  const cuts: number[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    if (!CLAUSE_MARKS.has(text[i])) continue;
    // Half-width marks only count before a space ("a, b"), not inside "1,000" or "http://".
    if (text.charCodeAt(i) < 0x80 && !isSpace(text.charCodeAt(i + 1))) continue;
    let j = i + 1;
    while (j < text.length && TRAILERS.has(text[j])) j++;
    if (j < text.length) cuts.push(j);
    i = j - 1;
  }
  return cuts;
}

function wordStarts(text: string): number[] {
  const cuts: number[] = [];
  for (let i = 1; i < text.length; i++) {
    if (isSpace(text.charCodeAt(i - 1)) && !isSpace(text.charCodeAt(i))) cuts.push(i);
  }
  return cuts;
}

const FALLBACKS = [lineStarts, sentenceStarts, clauseStarts, wordStarts];

/**
 * Splits text longer than `max` into pieces of at most `max`: at line breaks, sentence ends,
 * clause punctuation, then spaces, and as a last resort a hard cut (never inside a surrogate pair,
 * never right before a closing mark).
 * Pieces are small; the packer joins neighbours back up to the chunk size.
 */
export function splitLongText(text: string, max: number, level = 0): Piece[] {
  if (text.length <= max) return [{ text, sep: '' }];
  for (let l = level; l < FALLBACKS.length; l++) {
    const cuts = FALLBACKS[l](text);
    if (cuts.length === 0) continue;
    const out: Piece[] = [];
    for (const piece of cutAt(text, cuts)) {
      if (piece.text.length <= max) {
        out.push(piece);
        continue;
      }
      const sub = splitLongText(piece.text, max, l + 1);
      sub[0] = { text: sub[0].text, sep: piece.sep };
      out.push(...sub);
    }
    return out;
  }
  return hardCut(text, max);
}

function hardCut(text: string, max: number): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + max, text.length);
    // Keep a closing mark with the text it closes, but look back only a little: a run of
    // thousands of "。" must still be cut in linear time.
    for (let back = 0; back < 8 && end < text.length && end - 1 > i && TRAILERS.has(text[end]); back++) end--;
    const c = text.charCodeAt(end - 1);
    if (end < text.length && c >= 0xd800 && c <= 0xdbff && end - 1 > i) end--;
    out.push({ text: text.slice(i, end), sep: '' });
    i = end;
  }
  return out;
}
