import ExcelJS from 'exceljs';
import { AppError } from '../../errors.js';
import { cellText, decodeBytes, splitDelimited, type Row } from '../../plan/import/rows.js';
import { columnKeys, matchHeader, type ColumnKey, type HeaderMatch, type RowValues } from './columns.js';

/**
 * Reads a bulk file of pieces (CSV or XLSX) into rows of named values. Decoding (UTF-8 with
 * or without BOM, UTF-16, windows-1252) and CSV splitting are the plan importer's
 * (src/plan/import/rows.ts); what is ours is finding our header and the delimiter that
 * yields it, and reading Excel times. Whatever makes the whole file unusable (binary, no
 * header, no rows, more than MAX_ROWS) is a Spanish 400; problems of one row are the
 * validator's.
 */

export const MAX_ROWS = 500;
/** The header may come after a few title lines. */
const HEADER_SEARCH_ROWS = 20;

export type ParsedRow = { line: number; values: RowValues };
export type Severity = 'error' | 'warning';
/** A problem of the file as a whole (a column), or of one row. */
export type FileProblem = { line: number | null; field: ColumnKey | null; message: string; severity: Severity };
export type ParsedTable = { format: 'csv' | 'xlsx'; rows: ParsedRow[]; problems: FileProblem[] };
export type UploadedFile = { bytes: Uint8Array; filename?: string };

const badFile = (message: string, details: unknown = null) => new AppError('bad_request', message, { details });

const unreadable = () =>
  badFile(
    'El archivo no contiene texto legible (parece un archivo binario o dañado). Suba las piezas como CSV (separado por comas o punto y coma, en UTF-8 o Windows-1252) o como libro de Excel (.xlsx).',
    { reason: 'unreadable' },
  );

const noHeader = () =>
  badFile(
    'No se encontró la fila de encabezados: la primera fila del archivo debe nombrar las columnas, al menos «tipo» y «titulo» (vea las columnas en la página «Importar piezas»).',
    { reason: 'no_header' },
  );

// The CSV export's formula guard (src/lib/csv.ts): a cell starting with = + - @ gets a
// leading ', which comes off again here (also in a workbook saved from that CSV).
const FORMULA_GUARD = /^'(?=[=+\-@\t\r])/;

function headerOf(rows: Row[]): { index: number; header: HeaderMatch } | null {
  for (const [index, row] of rows.slice(0, HEADER_SEARCH_ROWS).entries()) {
    const header = matchHeader(row.cells);
    if (header) return { index, header };
  }
  return null;
}

/** Rows under the header as named values; rows with nothing in our columns are skipped. */
export function rowsToTable(rows: Row[], format: 'csv' | 'xlsx'): ParsedTable {
  if (rows.every((r) => r.cells.every((c) => c.trim() === ''))) throw badFile('El archivo está vacío: no tiene ninguna pieza.', { reason: 'empty' });
  const found = headerOf(rows);
  if (!found) throw noHeader();
  const { header } = found;
  const headerLine = rows[found.index]!.line;
  const problems: FileProblem[] = [];
  for (const name of header.unknown) {
    problems.push({ line: headerLine, field: null, severity: 'warning', message: `La columna «${name}» no se reconoce; sus datos se ignoran.` });
  }
  for (const name of header.duplicate) {
    problems.push({ line: headerLine, field: null, severity: 'warning', message: `La columna «${name}» está repetida; se usa solo la primera.` });
  }
  const out: ParsedRow[] = [];
  for (const { line, cells } of rows.slice(found.index + 1)) {
    const values = Object.fromEntries(
      columnKeys.map((key) => {
        const index = header.columns[key];
        const raw = index === undefined ? '' : (cells[index] ?? '');
        return [key, raw.replace(FORMULA_GUARD, '').trim()];
      }),
    ) as RowValues;
    if (columnKeys.every((key) => values[key] === '')) continue;
    out.push({ line, values });
  }
  if (out.length === 0) {
    throw badFile(`El archivo no tiene piezas: después de la fila de encabezados (línea ${headerLine}) no hay ninguna fila con datos.`, { reason: 'no_rows', headerLine });
  }
  if (out.length > MAX_ROWS) {
    throw badFile(`El archivo tiene ${out.length} piezas y se pueden importar como máximo ${MAX_ROWS} por archivo. Divídalo en varios archivos; no se creó ninguna pieza.`, {
      reason: 'too_many_rows',
      rows: out.length,
      max: MAX_ROWS,
    });
  }
  return { format, rows: out, problems };
}

/**
 * CSV text to rows. Excel's "sep=;" first line names the delimiter; otherwise the one of
 * tab, ";" and "," whose split gives a header naming the most columns.
 */
export function splitCsv(text: string): Row[] {
  const sep = /^sep=([^\r\n])(?:\r\n|\n|\r)/i.exec(text);
  if (sep) return splitDelimited(text, sep[1]!).slice(1);
  const candidates = text.includes('\t') ? ['\t', ';', ','] : [';', ','];
  let best: { rows: Row[]; score: number } | null = null;
  for (const delimiter of candidates) {
    const rows = splitDelimited(text, delimiter);
    const found = headerOf(rows);
    const score = found ? Object.keys(found.header.columns).length : 0;
    if (!best || score > best.score) best = { rows, score };
  }
  return best!.rows;
}

export function parsePiecesText(text: string): ParsedTable {
  return rowsToTable(splitCsv(text), 'csv');
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * An Excel cell as text. Dates are what Excel makes of typed dates and times: a date alone
 * reads dd/mm/yyyy, a time alone (Excel's day zero, 30/12/1899) reads HH:mm, both read
 * "dd/mm/yyyy HH:mm". exceljs builds them in UTC, so UTC fields are what the sheet shows.
 */
export function xlsxCellText(value: ExcelJS.CellValue): string {
  if (value instanceof Date) {
    const time = `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`;
    if (value.getUTCFullYear() < 1900) return time;
    const date = cellText(value);
    return time === '00:00' ? date : `${date} ${time}`;
  }
  if (value !== null && typeof value === 'object' && 'result' in value) return xlsxCellText((value.result ?? null) as ExcelJS.CellValue);
  return cellText(value);
}

export async function xlsxToRows(bytes: Uint8Array): Promise<Row[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its parameter as an ArrayBuffer but reads a Node Buffer.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  } catch (error) {
    throw badFile('El libro de Excel está dañado o no se puede leer.', { reason: String(error) });
  }
  const sheets = workbook.worksheets.map((sheet) => {
    const rows: Row[] = [];
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= sheet.columnCount; c++) cells.push(xlsxCellText(row.getCell(c).value));
      rows.push({ cells, line: r });
    }
    return rows;
  });
  // The first sheet with our header holds the pieces (the export adds a sheet that explains the columns).
  return sheets.find((rows) => headerOf(rows)) ?? sheets[0] ?? [];
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export async function parsePiecesFile(file: UploadedFile): Promise<ParsedTable> {
  const { bytes } = file;
  if (bytes.length === 0) throw badFile('El archivo está vacío: no tiene ninguna pieza.', { reason: 'empty' });
  if (isZip(bytes)) {
    if (!Buffer.from(bytes).includes('xl/workbook.xml')) {
      throw new AppError('unsupported_media_type', 'El archivo es un comprimido que no es un libro de Excel. Suba las piezas como CSV o Excel (.xlsx).', { details: { reason: 'not_xlsx' } });
    }
    return rowsToTable(await xlsxToRows(bytes), 'xlsx');
  }
  if (/\.xlsx$/i.test(file.filename ?? '')) throw badFile('El archivo .xlsx no es un libro de Excel válido.', { reason: 'not_zip' });
  let text: string;
  try {
    text = decodeBytes(bytes);
  } catch (error) {
    if (error instanceof AppError) throw unreadable();
    throw error;
  }
  return parsePiecesText(text);
}
