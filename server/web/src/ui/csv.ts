/**
 * Rows as CSV (RFC 4180: comma-separated, CRLF line ends, a field with a comma, quote or line break in double
 * quotes, quotes doubled), opened by spreadsheets in any locale thanks to the UTF-8 byte order mark the caller
 * prepends. A cell that starts with = + - @ (or a tab / carriage return) would be a formula in Excel or Calc —
 * data from an e-mail could run one ("CSV injection", OWASP) — so it is prefixed with an apostrophe. Pure.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
