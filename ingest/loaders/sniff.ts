/**
 * What the bytes are, whatever the file name says. Extensions and upload content types are
 * routinely wrong (a renamed `.txt`, a `.doc` saved as `.docx`), and handing the wrong bytes to
 * a parser produces either a confusing library error or silent garbage.
 */
export type SniffedKind = 'pdf' | 'zip' | 'ole' | 'image' | 'gzip' | 'binary' | 'text';

const ZIP_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06], // an empty archive
];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const IMAGES = [
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
  [0x47, 0x49, 0x46, 0x38],
];

function startsWith(bytes: Uint8Array, sig: number[], at = 0): boolean {
  return sig.every((b, i) => bytes[at + i] === b);
}

/**
 * PDF readers accept `%PDF-` anywhere in the first KiB (some generators prepend junk); only the
 * PDF loader is that lenient, so a Markdown page that merely mentions `%PDF-` stays text.
 */
export function hasPdfHeader(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length - 5, 1024);
  for (let i = 0; i <= limit; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) return true;
  }
  return false;
}

function looksBinary(bytes: Uint8Array): boolean {
  // UTF-16 text is full of NULs; its BOM is the only reliable mark we accept.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return false;
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return n > 0 && control / n > 0.1;
}

export function sniff(bytes: Uint8Array): SniffedKind {
  if (ZIP_SIGNATURES.some((sig) => startsWith(bytes, sig))) return 'zip';
  if (startsWith(bytes, OLE)) return 'ole';
  if (IMAGES.some((sig) => startsWith(bytes, sig))) return 'image';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  return looksBinary(bytes) ? 'binary' : 'text';
}

const DESCRIPTIONS: Record<SniffedKind, string> = {
  pdf: 'a PDF',
  zip: 'a ZIP archive (DOCX/XLSX)',
  ole: 'a legacy Office (OLE) file',
  image: 'an image',
  gzip: 'a gzip archive',
  binary: 'binary data',
  text: 'text',
};

export function describeKind(kind: SniffedKind): string {
  return DESCRIPTIONS[kind];
}

/**
 * Password-protected DOCX/XLSX files are not ZIPs at all: Office wraps the encrypted package in
 * an OLE container with an `EncryptionInfo` stream, so the name appears (UTF-16LE) in the bytes.
 */
export function isEncryptedOfficeFile(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, OLE)) return false;
  const needle = Buffer.from('EncryptionInfo', 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}
