import ExcelJS from 'exceljs';
import { AppError } from '../../errors.js';
import { findHeader } from './header.js';

/** A table row as read from the source; `line` is where it starts (1-based). */
export type Row = { cells: string[]; line: number };

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function unreadable(reason: string): AppError {
  return new AppError(
    'plan_format',
    'El archivo no contiene texto legible (parece un archivo binario o dañado). ' +
      'Exporte la tabla del plan como Excel (.xlsx), CSV o texto separado por tabulaciones.',
    { details: { reason } },
  );
}

/** Rejects text that is really binary: NUL bytes, control characters or many U+FFFD. */
export function assertReadableText(text: string): void {
  if (text.includes('\u0000')) throw unreadable('nul_bytes');
  // Tab, newlines, vertical tab and form feed are normal in PDF pastes; the rest are not.
  const bad = text.match(/[\u0001-\u0008\u000e-\u001f\u007f-\u009f\ufffd]/g)?.length ?? 0;
  if (bad >= 3 && bad / text.length > 0.02) throw unreadable('control_characters');
}

// Node's TextDecoder('windows-1252') decodes bytes 0x80–0x9F as latin1 C1 controls, but
// Excel's CSV uses them for – — “ ” ‘ ’ … €: map them as windows-1252 does (the five
// bytes it leaves undefined stay controls and count as binary).
const CP1252_C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}

/** UTF-16 with BOM (Excel's "Texto Unicode"), valid UTF-8, else windows-1252 (Excel's CSV). */
export function decodeBytes(bytes: Uint8Array): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes);
  else if (bytes.includes(0)) throw unreadable('nul_bytes');
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = decodeWindows1252(bytes);
    }
  }
  text = stripBom(text);
  assertReadableText(text);
  return text;
}

/** Whether a quote opening a field at `from` is closed before the end of the text. */
function closingQuoteAhead(text: string, from: number, delimiter: string): boolean {
  for (let j = from + 1; j < text.length; j++) {
    if (text[j] !== '"') continue;
    if (text[j + 1] === '"') { j++; continue; }
    const next = text[j + 1];
    if (next === undefined || next === delimiter || next === '\n' || next === '\r') return true;
  }
  return false;
}

/**
 * Splits CSV/TSV text. A field that starts with `"` is quoted (`""` is a quote, newlines
 * are kept); a quote elsewhere, or one never closed (PDF pastes quote program names), is
 * plain text, so one stray quote cannot swallow the rest of the file.
 */
export function splitDelimited(text: string, delimiter: string): Row[] {
  const rows: Row[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const newline = ch === '\n' || ch === '\r';
    if (newline && ch === '\r' && text[i + 1] === '\n') i++;
    if (quoted) {
      if (newline) { line++; cell += '\n'; continue; }
      if (ch !== '"') { cell += ch; continue; }
      const next = text[i + 1];
      if (next === '"') { cell += '"'; i++; }
      else if (next === undefined || next === delimiter || next === '\n' || next === '\r') quoted = false;
      else cell += ch;
      continue;
    }
    if (ch === '"' && fieldStart && closingQuoteAhead(text, i, delimiter)) {
      quoted = true;
      fieldStart = false;
      continue;
    }
    fieldStart = ch === delimiter || newline;
    if (ch === delimiter) { cells.push(cell); cell = ''; continue; }
    if (!newline) { cell += ch; continue; }
    cells.push(cell);
    rows.push({ cells, line: rowLine });
    cells = [];
    cell = '';
    rowLine = ++line;
  }
  if (cell !== '' || cells.length > 0) rows.push({ cells: [...cells, cell], line: rowLine });
  return rows;
}

/**
 * Text to rows. Excel's "sep=;" first line names the delimiter; otherwise tab when the
 * text has tabs, else whichever of ";" and "," gives the best recognizable header row.
 */
export function textToRows(input: string): Row[] {
  const text = stripBom(input);
  const sep = /^sep=([^\r\n])(?:\r\n|\n|\r)/i.exec(text);
  if (sep) return splitDelimited(text, sep[1]!).slice(1);
  const candidates = text.includes('\t') ? ['\t'] : [';', ','];
  let best: { rows: Row[]; score: number } | null = null;
  for (const delimiter of candidates) {
    const rows = splitDelimited(text, delimiter);
    const found = findHeader(rows);
    const score = found ? Object.keys(found.header.columns).length : 0;
    if (!best || score > best.score) best = { rows, score };
  }
  return best!.rows;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** An Excel cell as text: dates as dd/mm/yyyy, rich text joined, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  // exceljs builds dates at UTC midnight, so UTC fields give the day the sheet shows.
  if (value instanceof Date) return `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  if ('text' in value && typeof value.text === 'string') return value.text; // hyperlink
  return ''; // error values (#N/A) and formulas never calculated
}

/** Rows of every worksheet, in order; a merged area keeps its value only in its master cell. */
export async function xlsxToSheets(bytes: Uint8Array): Promise<{ name: string; rows: Row[] }[]> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its parameter as an ArrayBuffer but reads a Node Buffer.
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  return workbook.worksheets.map((sheet) => {
    const rows: Row[] = [];
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= sheet.columnCount; c++) {
        const cell = row.getCell(c);
        // Empty, like a blank subcomponent cell in text: "same as the row above".
        cells.push(cell.isMerged && cell.master.address !== cell.address ? '' : cellText(cell.value));
      }
      rows.push({ cells, line: r });
    }
    return { name: sheet.name, rows };
  });
}
