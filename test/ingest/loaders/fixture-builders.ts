import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { crc32, deflateRawSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { LoaderOptions } from '../../../ingest/loaders/load-document.js';

/** Real files built in memory, so each test shows exactly what it feeds the loaders. */
export const OPTS: LoaderOptions = { maxUnzippedBytes: 50 * 1024 * 1024 };

const require = createRequire(import.meta.url);
/** Noto Sans SC (OFL), simplified-Chinese subset, from the @fontsource package. */
const CJK_FONT = require.resolve('@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff');

export async function cjkPdf(pages: { zh: string; en: string }[], title?: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const cjk = await doc.embedFont(await readFile(CJK_FONT), { subset: true });
  const latin = await doc.embedFont(StandardFonts.Helvetica);
  if (title) doc.setTitle(title);
  for (const p of pages) {
    const page = doc.addPage();
    page.drawText(p.zh, { x: 50, y: 700, size: 16, font: cjk });
    page.drawText(p.en, { x: 50, y: 670, size: 12, font: latin });
  }
  return doc.save();
}

/** A PDF whose only content is a drawn rectangle: nothing to extract. */
export async function imageOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawRectangle({ x: 50, y: 50, width: 200, height: 100, color: rgb(0.2, 0.4, 0.8) });
  return doc.save();
}

/**
 * A hand-written PDF using the non-embedded STSong-Light font with the predefined UniGB-UCS2-H
 * CMap, as older Chinese office tools produce: its text decodes only with Adobe's CMap data.
 */
export function predefinedCmapPdf(ucs2Hex: string): Uint8Array {
  const content = `BT /F1 24 Tf 72 700 Td <${ucs2Hex}> Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

export async function sampleDocx(): Promise<Uint8Array> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '退款政策 Refund policy', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ children: [new TextRun('购买后 7 天内可申请退款。'), new TextRun({ text: ' Refunds within 7 days.', bold: true })] }),
          new Paragraph({ text: '1. 如何申请退款？', heading: HeadingLevel.HEADING_2 }),
          new Paragraph('在订单页面点击“申请退款”。'),
          new Table({
            rows: [
              new TableRow({ children: [new TableCell({ children: [new Paragraph('套餐')] }), new TableCell({ children: [new Paragraph('价格')] })] }),
              new TableRow({ children: [new TableCell({ children: [new Paragraph('Pro')] }), new TableCell({ children: [new Paragraph('99 元')] })] }),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export interface ZipEntrySpec {
  name: string;
  data: Uint8Array | string;
  /** Overrides the uncompressed size written in the headers (a lying archive). */
  declaredSize?: number;
  store?: boolean;
}

/** A minimal ZIP writer, so tests can build archives no well-behaved library would produce. */
export function makeZip(entries: ZipEntrySpec[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data);
    const body = e.store ? raw : deflateRawSync(raw);
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? raw.length;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.store ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.store ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, eocd]));
}

export const CONTENT_TYPES_XML =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';

export async function xlsx(sheets: Record<string, (string | number | null)[][]>): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
