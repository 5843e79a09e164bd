import { AppError } from '../../errors.js';
import { cleanCell, foldText } from './clean.js';
import { parseDate, parseDateRange } from './dates.js';
import { canonicalDepartments, departmentKey, splitDepartments } from './departments.js';
import { findHeader, recognizeHeader, type Header, type Role } from './header.js';
import { assertReadableText, decodeBytes, stripBom, textToRows, xlsxToSheets, type Row } from './rows.js';

export type ParsedActivity = { line: number; description: string; goal: string | null; indicator: string | null;
  departmentNames: string[]; allDepartments: boolean; plannedStart: string | null; plannedEnd: string | null };
export type ParsedSubcomponent = { name: string; line: number; activities: ParsedActivity[] };
export type PlanWarning = { line: number | null; code: string; message: string };
export type ParsedPlan = { title: string | null; objective: string | null; subcomponents: ParsedSubcomponent[];
  departments: { key: string; name: string }[]; warnings: PlanWarning[] };

type Fields = Record<Role, string>;
type LogicalRow = { line: number; fields: Fields };
type Warn = (line: number | null, code: string, message: string) => void;

const ROLES: Role[] = ['subcomponent', 'activity', 'goal', 'indicator', 'departments', 'dates', 'start', 'end'];
const NO_SUBCOMPONENT = 'Sin subcomponente';

const emptyFileError = () =>
  new AppError('plan_format', 'El archivo está vacío: no contiene la tabla del plan de acción.', { details: { reason: 'empty' } });
const noHeaderError = (details: unknown = null) =>
  new AppError('plan_format', 'No se encontró la fila de encabezados de la tabla: se esperaban columnas como ' +
    '«Subcomponente», «Actividades», «Meta de producto - indicador» y «Responsable».', { details });

// The second half of a cell cut by a PDF page break: it goes on mid-sentence.
const continues = (text: string) => /^[\p{Ll},;:)]/u.test(text);

/**
 * Joins the physical rows into logical ones. Blank lines, repeated headers and page titles
 * (lines without any delimiter) are not data, and do not interrupt a row cut by a page break.
 */
function logicalRows(rows: Row[], header: Header, warn: Warn): LogicalRow[] {
  const out: LogicalRow[] = [];
  for (const { line, cells } of rows) {
    if (cells.every((cell) => cell === '') || recognizeHeader(cells)) continue;
    if (cells.length === 1) {
      warn(line, 'ignored_line', `Se ignoró la línea ${line} («${cells[0]}»): no tiene columnas; parece un título de página.`);
      continue;
    }
    if (cells.slice(header.width).some(Boolean)) {
      warn(line, 'extra_cells', `La fila de la línea ${line} tiene datos a la derecha de la última columna del encabezado; se ignoraron.`);
    }
    const at = (role: Role) => { const i = header.columns[role]; return i === undefined ? '' : cells[i] ?? ''; };
    const fields = Object.fromEntries(ROLES.map((role) => [role, at(role)])) as Fields;
    if (ROLES.every((role) => fields[role] === '')) {
      warn(line, 'ignored_row', `La fila de la línea ${line} solo tiene datos en columnas no reconocidas; se ignoró.`);
      continue;
    }
    const previous = out.at(-1);
    if (previous && fields.subcomponent === '' && ROLES.every((role) => fields[role] === '' || continues(fields[role]))) {
      for (const role of ROLES) if (fields[role]) previous.fields[role] = `${previous.fields[role]} ${fields[role]}`.trim();
      continue;
    }
    out.push({ line, fields });
  }
  return out;
}

function readActivity({ line, fields }: LogicalRow, header: Header, warn: Warn): ParsedActivity {
  const { names, allDepartments } = splitDepartments(fields.departments);
  if (header.columns.departments !== undefined && names.length === 0 && !allDepartments) {
    warn(line, 'missing_departments', `La actividad de la línea ${line} no tiene dependencia responsable.`);
  }
  const badDate = (text: string) =>
    warn(line, 'invalid_date', `No se pudo leer la fecha «${text}» de la línea ${line}; quedó sin fecha.`);
  let plannedStart: string | null = null;
  let plannedEnd: string | null = null;
  if (fields.dates) {
    const range = parseDateRange(fields.dates);
    if (range) ({ start: plannedStart, end: plannedEnd } = range);
    else badDate(fields.dates);
  }
  // Dedicated start/end columns are more precise than a combined one.
  if (fields.start) plannedStart = parseDate(fields.start, 'start') ?? (badDate(fields.start), plannedStart);
  if (fields.end) plannedEnd = parseDate(fields.end, 'end') ?? (badDate(fields.end), plannedEnd);
  if (plannedStart && plannedEnd && plannedStart > plannedEnd) {
    warn(line, 'date_order', `En la línea ${line} la fecha de fin (${plannedEnd}) es anterior a la de inicio (${plannedStart}).`);
  }
  return { line, description: fields.activity, goal: fields.goal || null, indicator: fields.indicator || null,
    departmentNames: names, allDepartments, plannedStart, plannedEnd };
}

function buildTree(rows: LogicalRow[], header: Header, warn: Warn): ParsedSubcomponent[] {
  const subcomponents: ParsedSubcomponent[] = [];
  let current: ParsedSubcomponent | null = null;
  const open = (name: string, line: number): ParsedSubcomponent => {
    const sub = { name, line, activities: [] };
    subcomponents.push(sub);
    return sub;
  };
  for (const row of rows) {
    const { line, fields } = row;
    // Excel users often repeat the subcomponent on every row: the same name continues it.
    if (fields.subcomponent && (!current || foldText(current.name) !== foldText(fields.subcomponent))) {
      current = open(fields.subcomponent, line);
    }
    if (!fields.activity) {
      if (ROLES.some((role) => role !== 'subcomponent' && fields[role])) {
        warn(line, 'missing_activity', `La fila de la línea ${line} tiene datos pero no tiene actividad; se omitió.`);
      }
      continue;
    }
    if (!current) {
      warn(line, 'missing_subcomponent', `La actividad de la línea ${line} no tiene subcomponente; se agrupó en «${NO_SUBCOMPONENT}».`);
      current = open(NO_SUBCOMPONENT, line);
    }
    current.activities.push(readActivity(row, header, warn));
  }
  for (const sub of subcomponents.filter((s) => s.activities.length === 0)) {
    warn(sub.line, 'empty_subcomponent', `El subcomponente «${sub.name}» (línea ${sub.line}) no tiene actividades.`);
  }
  return subcomponents;
}

export function parsePlanRows(input: Row[]): ParsedPlan {
  const rows = input.map(({ line, cells }) => ({ line, cells: cells.map(cleanCell) }));
  if (rows.every(({ cells }) => cells.every((cell) => cell === ''))) throw emptyFileError();
  const found = findHeader(rows);
  if (!found) throw noHeaderError();
  const { header } = found;
  const headerLine = rows[found.index]!.line;
  const warnings: PlanWarning[] = [];
  const warn: Warn = (line, code, message) => warnings.push({ line, code, message });
  for (const { text, reason } of header.ignored) {
    if (reason === 'unknown') warn(headerLine, 'unknown_column', `La columna «${text}» no se reconoce; sus datos se ignoran.`);
    else warn(headerLine, 'duplicate_column', `La columna «${text}» repite otra columna del encabezado; se usa solo la primera.`);
  }
  if (header.columns.departments === undefined) {
    warn(headerLine, 'missing_column', 'La tabla no tiene columna «Responsable»: las actividades quedan sin dependencia.');
  }
  const subcomponents = buildTree(logicalRows(rows.slice(found.index + 1), header, warn), header, warn);
  const activities = subcomponents.flatMap((sub) => sub.activities);
  if (activities.length === 0) {
    throw new AppError('plan_format', `La tabla no tiene actividades: después de la fila de encabezados (línea ${headerLine}) no hay ninguna fila con una actividad.`,
      { details: { reason: 'no_activities', headerLine } });
  }
  const departments = canonicalDepartments(activities.flatMap((a) => a.departmentNames));
  const display = new Map(departments.map((d) => [d.key, d.name]));
  for (const activity of activities) activity.departmentNames = activity.departmentNames.map((n) => display.get(departmentKey(n))!);
  // Lines above the header: the first is the title, the rest is the objective.
  const intro = rows.slice(0, found.index).map(({ cells }) => cells.filter(Boolean).join(' ')).filter(Boolean);
  // Stable sort: warnings read in source order, whichever pass produced them.
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { title: intro[0] ?? null, objective: intro.slice(1).join(' ') || null, subcomponents, departments, warnings };
}

export function parsePlanText(text: string): ParsedPlan {
  const clean = stripBom(text);
  assertReadableText(clean);
  if (clean.trim() === '') throw emptyFileError();
  return parsePlanRows(textToRows(clean));
}

const unsupported = (what: string) =>
  new AppError('unsupported_media_type', `No se puede importar ${what}. Suba la tabla del plan como Excel (.xlsx), ` +
    'CSV o texto separado por tabulaciones (.txt, .tsv).', { details: { kind: what } });

// Magic numbers of files people upload by mistake instead of the table.
const SIGNATURES: [number[], string][] = [
  [[0x25, 0x50, 0x44, 0x46], 'un PDF'], [[0x89, 0x50, 0x4e, 0x47], 'una imagen PNG'], [[0xff, 0xd8, 0xff], 'una imagen JPEG'],
  [[0x47, 0x49, 0x46, 0x38], 'una imagen GIF'], [[0xd0, 0xcf, 0x11, 0xe0], 'un archivo de Office antiguo (.xls, .doc)'],
];
const TEXT_EXTENSIONS = new Set(['txt', 'tsv', 'tab', 'csv']);

async function parseXlsx(bytes: Uint8Array): Promise<ParsedPlan> {
  // Word, OpenDocument and plain zips are zips too; only a workbook has "xl/workbook.xml".
  if (!Buffer.from(bytes).includes('xl/workbook.xml')) throw unsupported('un archivo comprimido que no es un libro de Excel');
  const sheets = await xlsxToSheets(bytes).catch((error: unknown) => {
    throw new AppError('plan_format', 'El libro de Excel está dañado o no se puede leer.', { details: { reason: String(error) } });
  });
  // The first worksheet with a recognizable header holds the plan (others may be instructions).
  const sheet = sheets.find((s) => findHeader(s.rows));
  if (!sheet) {
    if (sheets.every((s) => s.rows.every((r) => r.cells.every((c) => cleanCell(c) === '')))) throw emptyFileError();
    throw noHeaderError({ sheets: sheets.map((s) => s.name) });
  }
  return parsePlanRows(sheet.rows);
}

export async function parsePlanFile(file: { bytes: Uint8Array; filename?: string; contentType?: string }): Promise<ParsedPlan> {
  const { bytes } = file;
  const extension = /\.([a-z0-9]+)$/i.exec(file.filename ?? '')?.[1]?.toLowerCase() ?? '';
  const type = (file.contentType ?? '').toLowerCase();
  if (bytes.length === 0) throw emptyFileError();
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return parseXlsx(bytes);
  const signature = SIGNATURES.find(([magic]) => magic.every((byte, i) => bytes[i] === byte));
  if (signature) throw unsupported(signature[1]);
  if (extension === 'xlsx') throw new AppError('plan_format', 'El archivo .xlsx no es un libro de Excel válido.', { details: { reason: 'not_zip' } });
  if (extension && !TEXT_EXTENSIONS.has(extension)) throw unsupported(`un archivo .${extension}`);
  if (/^(image|audio|video)\/|^application\/pdf/.test(type)) throw unsupported(`un archivo de tipo ${type}`);
  return parsePlanText(decodeBytes(bytes));
}
