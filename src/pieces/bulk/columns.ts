import { foldText } from '../../plan/import/clean.js';

/**
 * The bulk format of pieces: one row per piece, the same columns for import and export.
 * Header names are Spanish and matched without case or accents ("Título", "TITULO",
 * "titulo" and "texto x" / "texto-x" / "texto_x" are all the same column).
 *
 *   actividad        the activity: its position "1.3" (subcomponent . activity, as the plan page
 *                    numbers them), optionally followed by its description ("1.3 Elaborar informe…"),
 *                    or the start of its description. Empty: a piece with no activity.
 *   tipo             piece kind: its Spanish name ("Comunicado de prensa") or its key (press_release).
 *   titulo           the piece's title (required, 3 to 300 characters).
 *   cuerpo           the piece's body.
 *   texto_x          text of the X variant (the variant exists when this is not empty).
 *   texto_facebook   text of the Facebook variant.
 *   titulo_youtube, texto_youtube   title and description of the YouTube variant.
 *   titulo_web, texto_web           title and text of the website news item.
 *   enlace           a link (http/https) given to every variant of the row.
 *   plantilla        the id of a template in templates/ (or its name).
 *   campos           the template's fields: JSON ({"place": "Teatro"}) or `campo=valor; campo=valor`.
 *   fecha, hora      when it goes out, in the plan's time zone: 2026-11-24 or 24/11/2026, and
 *                    15:00 (24 h) or "3:00 p. m.". Both or neither.
 */
export const columnKeys = [
  'actividad',
  'tipo',
  'titulo',
  'cuerpo',
  'texto_x',
  'texto_facebook',
  'titulo_youtube',
  'texto_youtube',
  'titulo_web',
  'texto_web',
  'enlace',
  'plantilla',
  'campos',
  'fecha',
  'hora',
] as const;
export type ColumnKey = (typeof columnKeys)[number];
export type RowValues = Record<ColumnKey, string>;

/** What each column holds, in Spanish, for the import page and the workbook's second sheet. */
export const columnHelp: Record<ColumnKey, { label: string; help: string; example: string }> = {
  actividad: {
    label: 'Actividad',
    help: 'La actividad del plan: su número «1.3» (subcomponente . actividad, como en la página del plan), que puede ir seguido de su descripción, o el comienzo de su descripción. Vacía: la pieza no queda en ninguna actividad. En Excel, «1.10» escrito solo puede volverse el número 1,1: escriba la descripción después del número.',
    example: '1.3',
  },
  tipo: { label: 'Tipo', help: 'El tipo de pieza, por su nombre («Comunicado de prensa», «Afiche»…) o su clave (press_release, poster…). Obligatorio.', example: 'Comunicado de prensa' },
  titulo: { label: 'Título', help: 'El título de la pieza, de 3 a 300 caracteres. Obligatorio.', example: 'Invitación a la audiencia pública' },
  cuerpo: { label: 'Cuerpo', help: 'El texto general de la pieza.', example: 'La Alcaldía invita a…' },
  texto_x: { label: 'Texto para X', help: 'Si no está vacío, la pieza tiene variante para X. Se revisa con las reglas de X (280 caracteres).', example: 'Participe en la audiencia…' },
  texto_facebook: { label: 'Texto para Facebook', help: 'Si no está vacío, la pieza tiene variante para Facebook.', example: 'Lo esperamos…' },
  titulo_youtube: { label: 'Título en YouTube', help: 'Título del video (máximo 100 caracteres). Con él o con la descripción, la pieza tiene variante para YouTube.', example: 'Audiencia pública 2026' },
  texto_youtube: { label: 'Descripción en YouTube', help: 'Descripción del video.', example: 'Transmisión de la audiencia…' },
  titulo_web: { label: 'Título en el sitio web', help: 'Título de la noticia. Con él o con el texto, la pieza tiene variante para el sitio web.', example: 'Audiencia pública de rendición de cuentas' },
  texto_web: { label: 'Texto en el sitio web', help: 'El texto de la noticia.', example: 'La Alcaldía rendirá cuentas…' },
  enlace: { label: 'Enlace', help: 'Una dirección web (http:// o https://) que llevan todas las variantes de la fila.', example: 'https://www.alcaldia.gov.co/rendicion' },
  plantilla: { label: 'Plantilla', help: 'La plantilla de diseño de la pieza, por su identificador (announcement, press_header…) o su nombre.', example: 'announcement' },
  campos: {
    label: 'Campos de la plantilla',
    help: 'Los campos de la plantilla como JSON ({"place": "Teatro Municipal"}) o como campo=valor separados por punto y coma (place=Teatro Municipal; subtitle=Participe).',
    example: 'place=Teatro Municipal; subtitle=Participe',
  },
  fecha: { label: 'Fecha', help: 'Día de publicación, AAAA-MM-DD o DD/MM/AAAA, en la zona horaria del plan. Va con la hora.', example: '2026-11-24' },
  hora: { label: 'Hora', help: 'Hora de publicación: 15:00 (24 horas) o «3:00 p. m.». Va con la fecha.', example: '15:00' },
};

/** A header cell as a column name: folded (no case, no accents), separators as `_`. */
export function normalizeColumnName(cell: string): string {
  return foldText(cell).replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

const aliases: Record<string, ColumnKey> = {
  actividades: 'actividad',
  tipo_de_pieza: 'tipo',
  texto_twitter: 'texto_x',
  descripcion_youtube: 'texto_youtube',
  enlaces: 'enlace',
};

export function columnFor(cell: string): ColumnKey | null {
  const name = normalizeColumnName(cell);
  if ((columnKeys as readonly string[]).includes(name)) return name as ColumnKey;
  return aliases[name] ?? null;
}

export type HeaderMatch = {
  /** Cell index of each recognized column (the first wins when one repeats). */
  columns: Partial<Record<ColumnKey, number>>;
  unknown: string[];
  duplicate: string[];
};

/** Reads a row as the header: it must name at least `tipo` and `titulo`. */
export function matchHeader(cells: string[]): HeaderMatch | null {
  const columns: Partial<Record<ColumnKey, number>> = {};
  const unknown: string[] = [];
  const duplicate: string[] = [];
  cells.forEach((cell, index) => {
    if (cell.trim() === '') return;
    const key = columnFor(cell);
    if (key === null) unknown.push(cell.trim());
    else if (columns[key] !== undefined) duplicate.push(cell.trim());
    else columns[key] = index;
  });
  return columns.tipo !== undefined && columns.titulo !== undefined ? { columns, unknown, duplicate } : null;
}
