import { inflateRawSync } from 'node:zlib';
import { EncryptedDocument, UnparseableFile } from '../../src/domain/errors.js';
import { describeKind, isEncryptedOfficeFile, sniff } from './sniff.js';

/**
 * DOCX and XLSX are ZIP archives, and the libraries that read them (mammoth, exceljs, both on
 * JSZip-style unzipping) inflate entries fully in memory without any size limit. A small
 * upload can therefore expand to gigabytes. We read the central directory ourselves, refuse
 * archives whose declared sizes are too large or too compressible, and then inflate each entry
 * with a hard output cap, because the declared sizes are attacker-controlled and may lie.
 */
export interface ZipLimits {
  maxUnzippedBytes: number;
  /** Apache POI's default: real Office parts compress ~3-20x; deflate tops out near 1032x. */
  maxRatio?: number;
  maxEntries?: number;
}

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;
/** Ratios of tiny parts say nothing: a 2 KB part of zeros is harmless. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

function refuse(file: string, reason: string, message: string, details: Record<string, unknown> = {}): never {
  throw new UnparseableFile(`${file}: ${message}`, { details: { file, reason, ...details } });
}

function u64(view: DataView, at: number): number {
  return Number(view.getBigUint64(at, true));
}

export function readCentralDirectory(bytes: Uint8Array, file: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;
  let eocd = -1;
  for (let i = len - 22; i >= Math.max(0, len - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) refuse(file, 'not-a-zip', 'not a valid ZIP archive (no end-of-central-directory record)');

  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === MAX32 || cdOffset === MAX32) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) refuse(file, 'corrupt', 'corrupt ZIP64 archive');
    const z = u64(view, locator + 8);
    if (z + 56 > len || view.getUint32(z, true) !== ZIP64_EOCD) refuse(file, 'corrupt', 'corrupt ZIP64 archive');
    count = u64(view, z + 32);
    cdSize = u64(view, z + 40);
    cdOffset = u64(view, z + 48);
  }
  if (cdOffset + cdSize > len) refuse(file, 'corrupt', 'truncated ZIP archive (central directory out of bounds)');

  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > len || view.getUint32(p, true) !== CENTRAL) refuse(file, 'corrupt', 'corrupt ZIP central directory');
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const entry: ZipEntry = {
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      uncompressedSize: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
      name: Buffer.from(bytes.subarray(p + 46, p + 46 + nameLen)).toString('utf8'),
    };
    applyZip64Extra(view, p + 46 + nameLen, extraLen, entry);
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** ZIP64 stores the real sizes in an extra field, only for the values that overflowed. */
function applyZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry): void {
  let q = start;
  const end = Math.min(start + length, view.byteLength);
  while (q + 4 <= end) {
    const id = view.getUint16(q, true);
    const size = view.getUint16(q + 2, true);
    if (id === 0x0001) {
      let r = q + 4;
      const take = () => {
        if (r + 8 > q + 4 + size) return undefined;
        const v = u64(view, r);
        r += 8;
        return v;
      };
      if (entry.uncompressedSize === MAX32) entry.uncompressedSize = take() ?? MAX32;
      if (entry.compressedSize === MAX32) entry.compressedSize = take() ?? MAX32;
      if (entry.localHeaderOffset === MAX32) entry.localHeaderOffset = take() ?? MAX32;
      return;
    }
    q += 4 + size;
  }
}

export function assertSafeZip(bytes: Uint8Array, limits: ZipLimits, file: string): ZipEntry[] {
  const maxRatio = limits.maxRatio ?? 100;
  const maxEntries = limits.maxEntries ?? 10_000;
  const entries = readCentralDirectory(bytes, file);
  if (entries.length > maxEntries) refuse(file, 'too-many-entries', `archive has ${entries.length} entries (limit ${maxEntries})`);

  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > limits.maxUnzippedBytes) {
    refuse(file, 'unzipped-size-limit', `archive would unpack to ${declared} bytes (limit ${limits.maxUnzippedBytes}); refusing a possible zip bomb`, {
      declaredBytes: declared,
      limit: limits.maxUnzippedBytes,
    });
  }
  for (const e of entries) {
    const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
    if (e.uncompressedSize > RATIO_FLOOR_BYTES && ratio > maxRatio) {
      refuse(file, 'compression-ratio', `entry ${e.name} has a compression ratio of ${Math.round(ratio)}:1 (limit ${maxRatio}:1); refusing a possible zip bomb`, {
        entry: e.name,
        ratio,
      });
    }
  }
  for (const e of entries) verifyEntry(bytes, e, file);
  return entries;
}

/** Inflates an entry with the output capped at its declared size, so a lying header cannot blow up. */
function verifyEntry(bytes: Uint8Array, e: ZipEntry, file: string): void {
  if (e.compressedSize === 0 && e.uncompressedSize === 0) return;
  if (e.flags & 0x1) throw new EncryptedDocument(`${file}: the archive is password-protected`, { details: { file, entry: e.name } });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = e.localHeaderOffset;
  if (h + 30 > bytes.length || view.getUint32(h, true) !== LOCAL) refuse(file, 'corrupt', `corrupt local header for ${e.name}`);
  const start = h + 30 + view.getUint16(h + 26, true) + view.getUint16(h + 28, true);
  const end = start + e.compressedSize;
  if (end > bytes.length) refuse(file, 'corrupt', `truncated data for ${e.name}`);
  const data = bytes.subarray(start, end);

  if (e.method === 0) {
    if (e.compressedSize !== e.uncompressedSize) refuse(file, 'size-mismatch', `stored entry ${e.name} has inconsistent sizes`);
    return;
  }
  if (e.method !== 8) refuse(file, 'unsupported-compression', `entry ${e.name} uses unsupported compression method ${e.method}`);
  let actual: number;
  try {
    actual = inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressedSize) }).length;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      refuse(file, 'size-mismatch', `entry ${e.name} inflates beyond its declared ${e.uncompressedSize} bytes; refusing a possible zip bomb`, { entry: e.name });
    }
    throw new UnparseableFile(`${file}: entry ${e.name} is corrupt`, { cause, details: { file, reason: 'corrupt', entry: e.name } });
  }
  if (actual !== e.uncompressedSize) refuse(file, 'size-mismatch', `entry ${e.name} inflates to ${actual} bytes, not the declared ${e.uncompressedSize}`);
}

/**
 * The checks every Office Open XML file (DOCX, XLSX) passes before a library unzips it. An OLE
 * file here is either a password-protected package or a legacy binary `.doc`/`.xls`.
 */
export function assertOfficePackage(bytes: Uint8Array, limits: ZipLimits, file: string, format: 'DOCX' | 'XLSX'): void {
  const kind = sniff(bytes);
  if (kind === 'ole') {
    if (isEncryptedOfficeFile(bytes)) throw new EncryptedDocument(`${file} is password-protected`, { details: { file } });
    const legacy = format === 'DOCX' ? '.doc' : '.xls';
    throw new UnparseableFile(`${file} is a legacy ${legacy} file, not ${format}; save it as ${format} and upload again`, {
      details: { file, detected: kind },
    });
  }
  if (kind !== 'zip') {
    throw new UnparseableFile(`${file} is not a ${format} file: it looks like ${describeKind(kind)}`, { details: { file, detected: kind } });
  }
  assertSafeZip(bytes, limits, file);
}
