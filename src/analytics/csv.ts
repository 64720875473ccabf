/** A query result as CSV (RFC 4180: comma, CRLF, quotes doubled; header first; empty field for NULL). */

const needsQuotes = /[",\r\n]/;

/** One CSV field. */
export const csvField = (s: string): string => (needsQuotes.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV text of a header and rows of display strings (null = empty field). */
export function toCsv(header: readonly string[], rowCount: number, cell: (row: number, col: number) => string | null): string {
  const lines: string[] = [header.map(csvField).join(',')];
  for (let r = 0; r < rowCount; r++) {
    const fields: string[] = [];
    for (let c = 0; c < header.length; c++) {
      const v = cell(r, c);
      fields.push(v === null ? '' : csvField(v));
    }
    lines.push(fields.join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
