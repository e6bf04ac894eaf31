/**
 * Pure pieces of the local answerer: a section is answered whole (the reference answers of
 * the shared suites are whole KB sections, and a customer reading a policy needs all of it),
 * chunks are re-joined without the overlap the chunker added, and text is streamed in
 * sentence-sized pieces.
 */

/** Joins consecutive chunks of one section, dropping the text each repeats from the previous one. */
export function joinChunks(contents: string[]): string {
  let out = '';
  for (const c of contents) {
    if (!out) {
      out = c;
      continue;
    }
    let overlap = 0;
    // 8 characters: a Chinese clause; shorter equal ends are often chance ("。\n\n- ").
    for (let n = Math.min(out.length, c.length, 600); n >= 8; n--) {
      if (out.endsWith(c.slice(0, n))) {
        overlap = n;
        break;
      }
    }
    out = overlap ? out + c.slice(overlap) : `${out}\n\n${c}`;
  }
  return out;
}

const PIECE_END = /([。！？；.!?;\n]+\s*)/;

/** Splits text into pieces ending at sentence boundaries, each at most ~`max` characters. */
export function streamPieces(text: string, max = 48): string[] {
  const pieces: string[] = [];
  for (const part of text.split(PIECE_END)) {
    if (!part) continue;
    if (pieces.length && (PIECE_END.test(part) || (pieces[pieces.length - 1]!.length + part.length <= max && !PIECE_END.test(pieces[pieces.length - 1]!.slice(-1)))))
      pieces[pieces.length - 1] += part;
    else {
      for (let i = 0; i < part.length; i += max) pieces.push(part.slice(i, i + max));
    }
  }
  return pieces;
}

/** A rough token count for usage reporting when no model counts them: Han characters count one each, other words about 1.3. */
export function estimateTokens(text: string): number {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const words = (text.replace(/\p{Script=Han}/gu, ' ').match(/[\p{L}\p{N}]+/gu) ?? []).length;
  return han + Math.ceil(words * 1.3);
}
