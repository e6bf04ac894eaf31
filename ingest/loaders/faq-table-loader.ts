import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { LoadedDocument } from '../loaded-document.js';
import { EmptyDocument, InvalidFaqFile, UnparseableFile } from '../../src/domain/errors.js';
import { decodeText } from './decode-text.js';
import { FIELD_ALIASES, FaqCollector, fieldForKey, type FaqField } from './faq-entry-builder.js';
import type { LoaderContext } from './loader-context.js';
import { assertOfficePackage } from './zip-guard.js';

/** FAQ lists as tables (CSV, XLSX): a header row naming the columns, then one entry per row. */
interface TableRow {
  cells: string[];
  where: string;
  details: Record<string, unknown>;
}

interface Column {
  header: string;
  field?: FaqField;
}

class MissingColumns extends Error {
  constructor(readonly header: TableRow, readonly field: 'question' | 'answer', readonly headers: string[]) {
    super(`missing column ${field}`);
  }
}

function readColumns(rows: TableRow[]): { header: TableRow; columns: Column[] } | undefined {
  const header = rows.find((r) => r.cells.some((c) => c.trim() !== ''));
  if (!header) return undefined;
  const columns = header.cells.map((h) => ({ header: h.replace(/^\uFEFF/, '').trim(), field: fieldForKey(h) }));
  for (const field of ['question', 'answer'] as const) {
    if (!columns.some((c) => c.field === field)) throw new MissingColumns(header, field, columns.map((c) => c.header));
  }
  return { header, columns };
}

function addRows(rows: TableRow[], header: TableRow, columns: Column[], collector: FaqCollector, extraBase: Record<string, unknown> = {}): void {
  for (const row of rows.slice(rows.indexOf(header) + 1)) {
    if (row.cells.every((c) => c.trim() === '')) continue;
    const record: Partial<Record<FaqField, unknown>> = {};
    const extra: Record<string, unknown> = { ...extraBase };
    columns.forEach((col, i) => {
      const value = (row.cells[i] ?? '').trim();
      if (col.field) {
        if (!(col.field in record)) record[col.field] = value;
      } else if (col.header && value) {
        extra[col.header] = value;
      }
    });
    collector.add(record, extra, { where: row.where, details: row.details });
  }
}

function missingColumnError(file: string, err: MissingColumns): InvalidFaqFile {
  return new InvalidFaqFile(
    `${file} ${err.header.where} (header): missing required column "${err.field}" (accepted: ${FIELD_ALIASES[err.field].join(', ')})`,
    { details: { file, ...err.header.details, field: err.field, reason: 'missing', headers: err.headers } },
  );
}

/**
 * The delimiter comes from the header line only: papaparse's guess looks at data rows too, and
 * a file whose alternative-question cells are full of `|` can be mistaken for pipe-separated.
 */
function headerDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
  const counts = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const [best, count] = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return count > 0 ? best : ',';
}

function parseCsv(text: string, file: string): TableRow[] {
  const rows: TableRow[] = [];
  let consumed = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    delimiter: headerDelimiter(text),
    skipEmptyLines: false,
    step: (result) => {
      const startLine = line;
      const end = result.meta.cursor;
      for (let k = consumed; k < end; k++) if (text.charCodeAt(k) === 10) line++;
      consumed = end;
      const details = { line: startLine, row: rows.length + 1 };
      const error = result.errors[0];
      if (error) {
        throw new InvalidFaqFile(`${file} line ${startLine}: malformed CSV (${error.message})`, { details: { file, ...details, reason: error.code } });
      }
      rows.push({ cells: result.data.map((c) => String(c ?? '')), where: `line ${startLine}`, details });
    },
  });
  return rows;
}

async function loadCsv(ctx: LoaderContext): Promise<LoadedDocument> {
  const file = ctx.sourcePath;
  const { text, encoding } = decodeText(ctx.bytes);
  if (text.trim() === '') throw new EmptyDocument(`${file} is empty`, { details: { file } });
  const rows = parseCsv(text, file);
  const collector = new FaqCollector(file);
  try {
    const table = readColumns(rows);
    if (table) addRows(rows, table.header, table.columns, collector);
  } catch (err) {
    if (err instanceof MissingColumns) throw missingColumnError(file, err);
    throw err;
  }
  const { entries, metadata } = collector.finish();
  return { kind: 'faq', mimeType: 'text/csv', entries, metadata: { ...metadata, format: 'csv', encoding } };
}

function cellText(cell: ExcelJS.Cell): string {
  try {
    return cell.text ?? '';
  } catch {
    // exceljs throws on some formula/rich-text shapes; an unreadable cell reads as empty.
    return '';
  }
}

async function readWorkbook(ctx: LoaderContext): Promise<ExcelJS.Workbook> {
  const file = ctx.sourcePath;
  assertOfficePackage(ctx.bytes, { maxUnzippedBytes: ctx.opts.maxUnzippedBytes }, file, 'XLSX');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(ctx.bytes.buffer, ctx.bytes.byteOffset, ctx.bytes.byteLength) as unknown as ArrayBuffer);
  } catch (cause) {
    throw new UnparseableFile(`${file} is not a readable XLSX workbook: ${(cause as Error).message}`, { cause, details: { file } });
  }
  return workbook;
}

/**
 * Every sheet with question and answer columns contributes entries (teams often keep one
 * category per sheet); sheets without them (instructions, lookups) are skipped and listed.
 */
async function loadXlsx(ctx: LoaderContext): Promise<LoadedDocument> {
  const file = ctx.sourcePath;
  const workbook = await readWorkbook(ctx);
  const collector = new FaqCollector(file);
  const skippedSheets: string[] = [];
  let firstMissing: MissingColumns | undefined;
  const sheets = workbook.worksheets;
  for (const sheet of sheets) {
    const rows: TableRow[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells = Array.from({ length: row.cellCount }, (_, i) => cellText(row.getCell(i + 1)));
      rows.push({ cells, where: `row ${rowNumber} of sheet "${sheet.name}"`, details: { sheet: sheet.name, row: rowNumber } });
    });
    try {
      const table = readColumns(rows);
      if (table) addRows(rows, table.header, table.columns, collector, sheets.length > 1 ? { sheet: sheet.name } : {});
    } catch (err) {
      if (!(err instanceof MissingColumns)) throw err;
      firstMissing ??= err;
      skippedSheets.push(sheet.name);
    }
  }
  if (firstMissing && skippedSheets.length === sheets.filter((s) => s.actualRowCount > 0).length) {
    throw missingColumnError(file, firstMissing);
  }
  const { entries, metadata } = collector.finish();
  if (skippedSheets.length > 0) metadata.skippedSheets = skippedSheets;
  return {
    kind: 'faq',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    entries,
    metadata: { ...metadata, format: 'xlsx' },
  };
}

export function loadFaqTable(ctx: LoaderContext, format: 'csv' | 'xlsx'): Promise<LoadedDocument> {
  return format === 'csv' ? loadCsv(ctx) : loadXlsx(ctx);
}
