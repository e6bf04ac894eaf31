/**
 * Personal data in free text: phone numbers (Chinese mobile and landline, international),
 * email addresses, Chinese resident ID numbers (18 digits, checksum verified) and bank card
 * numbers (13–19 digits, Luhn verified). Used on what goes into logs and, when configured, on
 * what is sent to an external model.
 *
 * Checksums keep the false positives down: an order or tracking number is masked only when it
 * happens to pass one (about 1 in 10 for a 13–19 digit number and Luhn), which errs on the
 * side of privacy.
 */
export type PiiKind = 'phone' | 'email' | 'id_number' | 'bank_card';

export type MaskStyle =
  /** `[PHONE]`, `[EMAIL]`, `[ID_NUMBER]`, `[BANK_CARD]`: nothing of the value left (model input). */
  | 'placeholder'
  /** `138****5678`, `z***@example.com`, `**************123X`: enough to tell values apart in a log. */
  | 'partial';

export interface MaskResult {
  text: string;
  found: Record<PiiKind, number>;
}

const PLACEHOLDER: Record<PiiKind, string> = { phone: '[PHONE]', email: '[EMAIL]', id_number: '[ID_NUMBER]', bank_card: '[BANK_CARD]' };

// Order matters: the checksummed numbers first, so a card or an ID is not half-taken for a phone.
const ID_NUMBER = /(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])/g;
const BANK_CARD = /(?<![\d+])\d(?:[ -]?\d){12,18}(?!\d)/g;
const EMAIL = /(?<![\w.%+-])[\w.%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w-])/g;
// +86 138 1234 5678, 0086-13812345678, 13812345678, 138-1234-5678
const CN_MOBILE = /(?<![\d+])(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g;
// 010-12345678, (0755) 1234567, 0571 8888 8888
const CN_LANDLINE = /(?<!\d)(?:\(0\d{2,3}\)\s?|0\d{2,3}[ -])\d{3,4}[ -]?\d{4}(?!\d)/g;
// +44 20 7946 0958, +1 (415) 555-2671 (a leading 00 is left alone: order numbers start with it too)
const INTERNATIONAL = /(?<![\d+])\+\s?\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,6}(?!\d)/g;
// (415) 555-2671, 415-555-2671, 415.555.2671: separators required, a bare 10-digit run is not taken
const NANP = /(?<!\d)(?:\(\d{3}\)\s?|\d{3}[.-])\d{3}[.-]\d{4}(?!\d)/g;

export function maskPii(text: string, style: MaskStyle = 'placeholder'): MaskResult {
  const found: Record<PiiKind, number> = { phone: 0, email: 0, id_number: 0, bank_card: 0 };
  if (!text) return { text, found };
  const replace = (input: string, pattern: RegExp, kind: PiiKind, valid: (m: string) => boolean, shown: (m: string) => string) =>
    input.replace(pattern, (m) => {
      if (!valid(m)) return m;
      found[kind]++;
      return style === 'placeholder' ? PLACEHOLDER[kind] : shown(m);
    });
  const any = () => true;
  let out = text;
  out = replace(out, ID_NUMBER, 'id_number', isResidentId, lastFour);
  out = replace(out, BANK_CARD, 'bank_card', (m) => luhn(digitsOf(m)), lastFour);
  out = replace(out, EMAIL, 'email', any, (m) => `${m[0]}***${m.slice(m.lastIndexOf('@'))}`);
  // The familiar 138****5678 for a Chinese mobile; other numbers keep only their last four digits.
  out = replace(out, CN_MOBILE, 'phone', any, (m) => `${digitsOf(m).slice(-11, -8)}****${digitsOf(m).slice(-4)}`);
  out = replace(out, CN_LANDLINE, 'phone', any, lastFour);
  out = replace(out, INTERNATIONAL, 'phone', (m) => digitsOf(m).length >= 8 && digitsOf(m).length <= 15, lastFour);
  out = replace(out, NANP, 'phone', any, lastFour);
  return { text: out, found };
}

/** Just the text, for callers that do not count. */
export const maskText = (text: string, style: MaskStyle = 'placeholder') => maskPii(text, style).text;

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** GB 11643: region, birth date, sequence, and an ISO 7064 MOD 11-2 check character. */
export function isResidentId(value: string): boolean {
  const v = value.toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(v)) return false;
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(v[i]), 0);
  return '10X98765432'[sum % 11] === v[17];
}

/** The Luhn check every Visa, Mastercard and most UnionPay card numbers pass. */
export function luhn(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

/** Stars for all but the last four characters (digits, and an ID's X). */
function lastFour(m: string): string {
  const chars = m.replace(/[^\dXx]/g, '');
  return `${'*'.repeat(Math.max(chars.length - 4, 4))}${chars.slice(-4)}`;
}
