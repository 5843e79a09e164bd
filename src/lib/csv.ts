/**
 * CSV the way Excel in a Spanish locale opens it right: UTF-8 with a byte-order mark (so
 * accents survive), CRLF line ends, every field quoted. Cells starting with = + - @ are
 * prefixed with ' so a spreadsheet never runs them as formulas.
 */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const cell = (v: string | number | null | undefined) => {
    let s = v === null || v === undefined ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return `"${s.replace(/"/g, '""')}"`;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
