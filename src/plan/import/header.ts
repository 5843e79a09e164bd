import { cleanCell, foldText } from './clean.js';

/**
 * Column recognition. Plans name their columns in many ways ("Actividades", "Meta o
 * producto", "Responsable(s)"); we compare normalized names (lowercase, no accents, no
 * punctuation) against a closed list, so an unknown column is reported, never guessed.
 */

export type Role =
  | 'subcomponent' | 'activity' | 'goal' | 'indicator' | 'departments' | 'dates' | 'start' | 'end';

const NAMES: Record<Role, string[]> = {
  subcomponent: ['subcomponente', 'subcomponentes', 'componente', 'componentes'],
  activity: ['actividad', 'actividades'],
  // "Meta de producto - indicador" is one column holding the goal: it maps to goal only.
  goal: [
    'meta', 'metas', 'producto', 'productos', 'meta o producto', 'meta de producto',
    'meta de producto indicador', 'producto esperado', 'productos esperados',
  ],
  indicator: ['indicador', 'indicadores'],
  departments: [
    'responsable', 'responsables', 'responsable s', 'dependencia responsable',
    'dependencias responsables', 'dependencia', 'dependencias',
  ],
  dates: ['fecha', 'fechas', 'fecha programada', 'fechas programadas', 'cronograma', 'plazo'],
  start: ['fecha inicio', 'fecha de inicio', 'fecha inicial', 'inicio'],
  end: [
    'fecha fin', 'fecha final', 'fecha de fin', 'fecha de finalizacion', 'fecha finalizacion',
    'fecha de terminacion', 'fecha terminacion', 'fin',
  ],
};

const ROLE_BY_NAME = new Map<string, Role>(
  (Object.entries(NAMES) as [Role, string[]][]).flatMap(([role, names]) => names.map((n) => [n, role] as const)),
);

export function normalizeHeader(cell: string): string {
  return foldText(cleanCell(cell)).replace(/[^a-z0-9]+/g, ' ').trim();
}

export type Header = {
  /** Column index of each recognized role (the first column wins when a role repeats). */
  columns: Partial<Record<Role, number>>;
  /** Non-empty header cells that are not a known column, or repeat a role already taken. */
  ignored: { index: number; text: string; reason: 'unknown' | 'duplicate' }[];
  width: number;
};

/** Reads a row as a header: it needs an activity column plus at least one other role. */
export function recognizeHeader(cells: string[]): Header | null {
  const columns: Partial<Record<Role, number>> = {};
  const ignored: Header['ignored'] = [];
  cells.forEach((cell, index) => {
    const name = normalizeHeader(cell);
    if (!name) return;
    const role = ROLE_BY_NAME.get(name);
    if (role === undefined) ignored.push({ index, text: cleanCell(cell), reason: 'unknown' });
    else if (columns[role] !== undefined) ignored.push({ index, text: cleanCell(cell), reason: 'duplicate' });
    else columns[role] = index;
  });
  if (columns.activity === undefined || Object.keys(columns).length < 2) return null;
  // Trailing empty cells ("a;b;c;;") are not columns: data beyond the last named one is extra.
  const width = cells.reduce((last, cell, index) => (normalizeHeader(cell) ? index + 1 : last), 0);
  return { columns, ignored, width };
}

export function findHeader(rows: { cells: string[] }[]): { index: number; header: Header } | null {
  for (const [index, row] of rows.entries()) {
    const header = recognizeHeader(row.cells);
    if (header) return { index, header };
  }
  return null;
}
