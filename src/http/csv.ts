/**
 * RFC 4180 CSV for spreadsheet users. Starts with a UTF-8 byte order mark, without which Excel
 * reads UTF-8 as the local code page and shows Chinese as mojibake; lines end in CRLF.
 */
export type Cell = string | number | null | undefined;

const BOM = '\uFEFF';

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toFixed(4))) : '';
  // A text cell starting with = + - @ (or a tab / CR) is a formula to Excel: agent names and
  // customers' questions are user input, so they are forced to text with a leading apostrophe.
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
