import ExcelJS from 'exceljs';
import type { DbOrTx } from '../../db/client.js';
import type { Network } from '../../generated/prisma/client.js';
import { pieceKindLabel } from '../../i18n/es.js';
import { toCsv } from '../../lib/csv.js';
import { fromLocalDateTime, todayIn } from '../../lib/dates.js';
import { listTemplates } from '../../render/templates.js';
import { pieceInclude, type PieceRow } from '../piece-view.js';
import { columnHelp, columnKeys, type ColumnKey, type RowValues } from './columns.js';
import { findImportPlan } from './validate.js';

/**
 * Pieces of a plan in the bulk format (the columns in columns.ts), so that a file exported
 * here and imported again makes the same pieces: activity by its position and
 * description, kind by its Spanish name, date and time in the plan's zone, template
 * fields as JSON. Media, per-network options and statuses are not part of the format.
 */

export type ExportFormat = 'csv' | 'xlsx';
export type ExportedFile = { body: Uint8Array; contentType: string; filename: string; count: number };

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the plan's wall clock: `YYYY-MM-DD` and `HH:mm` (24 h). */
export function localDateTime(at: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return { date: `${parts['year']}-${parts['month']}-${parts['day']}`, time: `${pad(Number(parts['hour']))}:${parts['minute']}` };
}

type ActivityRef = { ref: string; description: string };

/** One piece as a row of the format. */
export function pieceRow(piece: PieceRow, activity: ActivityRef | null, timeZone: string): RowValues {
  const variant = (network: Network) => piece.variants.find((v) => v.network === network);
  const at = piece.scheduledAt ? localDateTime(piece.scheduledAt, timeZone) : null;
  const fields = piece.templateFields ? (JSON.parse(piece.templateFields) as Record<string, unknown>) : null;
  return {
    actividad: activity ? `${activity.ref} ${activity.description}` : '',
    tipo: pieceKindLabel[piece.kind],
    titulo: piece.title,
    cuerpo: piece.body,
    texto_x: variant('x')?.text ?? '',
    texto_facebook: variant('facebook')?.text ?? '',
    titulo_youtube: variant('youtube')?.title ?? '',
    texto_youtube: variant('youtube')?.text ?? '',
    titulo_web: variant('website')?.title ?? '',
    texto_web: variant('website')?.text ?? '',
    // One link column: the variants of an imported piece share it.
    enlace: piece.variants.find((v) => v.link)?.link ?? '',
    plantilla: piece.templateId ?? '',
    campos: fields && Object.keys(fields).length > 0 ? JSON.stringify(fields) : '',
    fecha: at?.date ?? '',
    hora: at?.time ?? '',
  };
}

export function rowsToCsv(rows: RowValues[]): string {
  return toCsv([...columnKeys], rows.map((r) => columnKeys.map((k) => r[k])));
}

export async function rowsToXlsx(rows: RowValues[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Pregón';
  const sheet = workbook.addWorksheet('Piezas', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columnKeys.map((key) => ({ header: key, key, width: widths[key] }));
  sheet.getRow(1).font = { bold: true };
  // Every value as text: "1.10" must not become the number 1.1, nor 15:00 a fraction of a day.
  for (const row of rows) sheet.addRow(columnKeys.map((k) => row[k]));
  const help = workbook.addWorksheet('Columnas');
  help.columns = [
    { header: 'Columna', key: 'column', width: 18 },
    { header: 'Qué lleva', key: 'help', width: 100 },
    { header: 'Ejemplo', key: 'example', width: 40 },
  ];
  help.getRow(1).font = { bold: true };
  for (const key of columnKeys) help.addRow({ column: key, help: columnHelp[key].help, example: columnHelp[key].example });
  help.addRow({});
  help.addRow({ column: 'tipo', help: `Tipos: ${Object.values(pieceKindLabel).join(', ')}.` });
  help.addRow({ column: 'plantilla', help: `Plantillas: ${listTemplates().map((t) => `${t.id} (${t.name})`).join(', ')}.` });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const widths: Record<ColumnKey, number> = {
  actividad: 40, tipo: 24, titulo: 40, cuerpo: 50, texto_x: 50, texto_facebook: 50, titulo_youtube: 30, texto_youtube: 50,
  titulo_web: 30, texto_web: 50, enlace: 30, plantilla: 18, campos: 40, fecha: 12, hora: 8,
};

export async function encodeRows(rows: RowValues[], format: ExportFormat): Promise<{ body: Uint8Array; contentType: string }> {
  if (format === 'xlsx') return { body: await rowsToXlsx(rows), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
  return { body: new TextEncoder().encode(rowsToCsv(rows)), contentType: 'text/csv; charset=utf-8' };
}

function slug(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'plan'
  );
}

/** Every piece of the plan's activities, in the plan's order (then by date and creation). */
export async function exportPieces(db: DbOrTx, { planId, format, now = new Date() }: { planId?: string | null; format: ExportFormat; now?: Date }): Promise<ExportedFile> {
  const plan = await findImportPlan(db, planId);
  const pieces = await db.piece.findMany({
    where: { activity: { subcomponent: { planId: plan.id } } },
    include: { ...pieceInclude, activity: { select: { position: true, description: true, subcomponent: { select: { position: true } } } } },
  });
  const at = (p: (typeof pieces)[number]) => [p.activity!.subcomponent.position, p.activity!.position] as const;
  pieces.sort((a, b) => {
    const [sa, aa] = at(a);
    const [sb, ab] = at(b);
    return sa - sb || aa - ab || (a.scheduledAt?.getTime() ?? Infinity) - (b.scheduledAt?.getTime() ?? Infinity) || a.createdAt.getTime() - b.createdAt.getTime();
  });
  const rows = pieces.map((p) => pieceRow(p, { ref: `${p.activity!.subcomponent.position}.${p.activity!.position}`, description: p.activity!.description }, plan.timeZone));
  const { body, contentType } = await encodeRows(rows, format);
  return { body, contentType, filename: `piezas-${slug(plan.title)}-${todayIn(plan.timeZone, now)}.${format}`, count: rows.length };
}

/**
 * The example file of the import page: three pieces on the plan's first activities (or
 * "1.1" when there is no plan yet), dated a month ahead in the plan's zone.
 */
export async function exampleRows(db: DbOrTx, now = new Date()): Promise<RowValues[]> {
  const plan = await db.plan.findFirst({ orderBy: { createdAt: 'desc' }, select: { id: true, timeZone: true } });
  const activities = plan
    ? await db.activity.findMany({ where: { subcomponent: { planId: plan.id } }, orderBy: [{ subcomponent: { position: 'asc' } }, { position: 'asc' }], take: 2, include: { subcomponent: { select: { position: true } } } })
    : [];
  const ref = (i: number) => {
    const a = activities[i] ?? activities[0];
    return a ? `${a.subcomponent.position}.${a.position}` : '1.1';
  };
  const timeZone = plan?.timeZone ?? 'America/Bogota';
  const day = (offset: number) => localDateTime(new Date(now.getTime() + offset * 86_400_000), timeZone).date;
  // The template's own date field, an instant with its offset: 09:00 of the first row's day.
  const wall = `${day(30)}T09:00`;
  const offset = (Date.parse(`${wall}:00Z`) - fromLocalDateTime(wall, timeZone)!.getTime()) / 60_000;
  const when = `${wall}:00${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const empty = Object.fromEntries(columnKeys.map((k) => [k, ''])) as RowValues;
  return [
    {
      ...empty,
      actividad: ref(0),
      tipo: pieceKindLabel.social_post,
      titulo: 'Invitación a la audiencia pública',
      cuerpo: 'Invitación general a la audiencia pública de rendición de cuentas.',
      texto_x: 'Lo invitamos a la audiencia pública de rendición de cuentas. ¡Participe! #RendiciónDeCuentas',
      texto_facebook: 'La Alcaldía lo invita a la audiencia pública de rendición de cuentas. Conozca los avances del plan de desarrollo y haga sus preguntas.',
      enlace: 'https://www.example.gov.co/rendicion-de-cuentas',
      plantilla: 'announcement',
      campos: `title=Audiencia pública de rendición de cuentas; when=${when}; place=Teatro Municipal`,
      fecha: day(30),
      hora: '09:00',
    },
    {
      ...empty,
      actividad: ref(1),
      tipo: pieceKindLabel.press_release,
      titulo: 'Comunicado: informe de gestión disponible',
      cuerpo: 'El informe de gestión ya se puede consultar en el sitio web.',
      titulo_web: 'El informe de gestión ya está disponible',
      texto_web: 'La Alcaldía publicó el informe de gestión del año. Puede consultarlo en el sitio web y enviar sus preguntas para la audiencia pública.',
      fecha: day(31),
      hora: '3:00 p. m.',
    },
    {
      ...empty,
      actividad: ref(1),
      tipo: pieceKindLabel.video,
      titulo: 'Video resumen de la gestión',
      titulo_youtube: 'Resumen de la gestión municipal',
      texto_youtube: 'En cinco minutos, los principales resultados de la gestión municipal.',
    },
  ];
}
