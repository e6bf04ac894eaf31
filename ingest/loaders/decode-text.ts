import { analyse } from 'chardet';
import iconv from 'iconv-lite';

export interface DecodedText {
  text: string;
  /** The encoding actually used, lower-case (`utf-8`, `gb18030`, `utf-16le`, ...). */
  encoding: string;
}

const REPLACEMENT = /\uFFFD/g;

/**
 * Detectors name the charset a file *claims*; Chinese files labelled GB2312 or GBK routinely
 * contain characters only GB18030 defines, and GB18030 decodes every GBK byte sequence the same.
 */
function canonical(name: string): string {
  const n = name.trim().toLowerCase().replace(/_/g, '-');
  if (n === 'gb2312' || n === 'gbk' || n === 'gb18030' || n === 'x-gbk' || n === 'cp936' || n === 'euc-cn') return 'gb18030';
  if (n === 'utf8') return 'utf-8';
  return n;
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: true });
}

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function bomEncoding(bytes: Uint8Array): { encoding: string; skip: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return undefined;
}

function countReplacements(text: string): number {
  return text.match(REPLACEMENT)?.length ?? 0;
}

/**
 * Decodes bytes of unknown encoding: a BOM wins, then a declared charset that decodes cleanly,
 * then strict UTF-8, then whichever detector candidate yields the fewest replacement characters
 * (a file mixing encodings should still load rather than fail ingestion). Line endings become `\n`.
 */
export function decodeText(bytes: Uint8Array, opts: { declaredCharset?: string } = {}): DecodedText {
  const bom = bomEncoding(bytes);
  if (bom) return finish(decodeWith(bytes.subarray(bom.skip), bom.encoding), bom.encoding);

  if (opts.declaredCharset) {
    const declared = canonical(opts.declaredCharset);
    if (iconv.encodingExists(declared) || declared === 'utf-8') {
      const text = declared === 'utf-8' ? strictUtf8(bytes) : decodeWith(bytes, declared);
      if (text !== undefined && countReplacements(text) === 0) return finish(text, declared);
    }
  }

  const utf8 = strictUtf8(bytes);
  if (utf8 !== undefined) return finish(utf8, 'utf-8');

  // Mostly-UTF-8 with a few broken bytes (a truncated copy, a stray Latin-1 byte) must stay
  // UTF-8: GB18030 maps almost any byte pair to some character, so it would "win" on counts.
  const lenient = decodeWith(bytes, 'utf-8');
  if (countReplacements(lenient) <= Math.max(1, lenient.length * 0.005)) return finish(lenient, 'utf-8');

  let best: DecodedText = { text: lenient, encoding: 'utf-8' };
  let bestBad = countReplacements(lenient);
  for (const encoding of candidateEncodings(bytes)) {
    const text = decodeWith(bytes, encoding);
    const bad = countReplacements(text);
    if (bad < bestBad) {
      best = { text, encoding };
      bestBad = bad;
    }
  }
  return finish(best.text, best.encoding);
}

/**
 * Detector candidates in confidence order. Single-byte charsets decode anything without a
 * replacement character, so one is only a candidate when the detector ranks it first.
 */
function candidateEncodings(bytes: Uint8Array): string[] {
  const matches = analyse(bytes).filter((m) => m.confidence >= 10);
  const out: string[] = [];
  matches.forEach((m, i) => {
    const name = canonical(m.name);
    if (!iconv.encodingExists(name) || out.includes(name)) return;
    if (i > 0 && !MULTI_BYTE.has(name)) return;
    out.push(name);
  });
  // Always in the running: this product's users mostly write Chinese.
  if (!out.includes('gb18030')) out.push('gb18030');
  return out;
}

const MULTI_BYTE = new Set(['gb18030', 'big5', 'shift-jis', 'euc-jp', 'euc-kr', 'utf-16le', 'utf-16be', 'iso-2022-jp']);

function finish(text: string, encoding: string): DecodedText {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return { text: withoutBom.replace(/\r\n?/g, '\n'), encoding };
}

/** The charset named by a `Content-Type` value or an HTML `<meta>` near the top of the file. */
export function declaredCharset(contentType: string | undefined, head?: Uint8Array): string | undefined {
  const fromHeader = contentType?.match(/charset\s*=\s*"?([\w.:-]+)/i)?.[1];
  if (fromHeader) return fromHeader;
  if (!head) return undefined;
  const ascii = new TextDecoder('latin1').decode(head.subarray(0, 2048));
  return ascii.match(/<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i)?.[1];
}
