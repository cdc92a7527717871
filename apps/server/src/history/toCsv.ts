/** One CSV cell: numbers as written, text quoted when it must be, and defused if a spreadsheet would run it. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // A leading =, +, -, @, tab or CR makes Excel/Sheets evaluate the cell (CSV injection): prefix a quote.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One RFC 4180 record with its CRLF, for writers that stream rows (the audit export). */
export function csvLine(row: readonly (string | number | null)[]): string {
  return `${row.map(cell).join(',')}\r\n`;
}

/** RFC 4180 CSV: a header row, CRLF line ends, fields quoted when they hold a comma, quote or newline. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  return [header, ...rows].map(csvLine).join('');
}
