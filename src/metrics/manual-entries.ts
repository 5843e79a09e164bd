import { z } from '@hono/zod-openapi';
import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { Db, DbOrTx, Tx } from '../db/client.js';
import { AppError, notFound } from '../errors.js';
import type { ManualMetricEntry } from '../generated/prisma/client.js';
import { fromDateOnly, toDateOnly } from '../lib/dates.js';
import { manualKindLabels, manualKinds, manualReachOf, type ManualKind } from './vocabulary.js';

/**
 * Manual metric entries: what the office measures by hand for offline pieces (a radio spot's
 * estimated audience, the people at a fair, a billboard's reach…), each with its evidence (a
 * file of the media library or a link). Every change is checked field by field (422 with a
 * Spanish message per field, nothing written) and leaves its audit entry in the same transaction.
 */

export const NOTES_MAX = 2000;
const URL_MAX = 2000;

export type ManualEntryInput = {
  kind: ManualKind;
  /** YYYY-MM-DD, stored as UTC midnight (like activity dates). */
  date: string;
  reach: number | null;
  attendance: number | null;
  audience: number | null;
  evidenceUrl: string | null;
  evidenceMediaId: string | null;
  pieceId: string | null;
  notes: string | null;
};

/** One problem with one field of an entry. `field` is the input's name (or `evidence` / `figures` for the rules across fields). */
export type FieldError = { field: string; message: string };

const fieldLabels = { reach: 'El alcance', attendance: 'El número de asistentes', audience: 'La audiencia estimada' } as const;
const countMessage = (field: keyof typeof fieldLabels) => `${fieldLabels[field]} debe ser un número entero igual o mayor que cero.`;
const count = (field: keyof typeof fieldLabels) =>
  z
    .number({ error: countMessage(field) })
    .int({ error: countMessage(field) })
    .min(0, { error: countMessage(field) })
    .max(2_000_000_000, { error: `${fieldLabels[field]} es demasiado grande.` })
    .nullable()
    .optional();

function validDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

const optionalText = (max: number, tooLong: string) =>
  z
    .string({ error: 'Debe ser un texto.' })
    .max(max, { error: tooLong })
    .nullable()
    .optional();

/** The body of a new entry (API and documentation); the service checks it again with the database (media, piece). */
export const ManualEntryInputSchema = z
  .object({
    kind: z.enum(manualKinds, { error: `Elija el tipo de pieza fuera de línea: ${manualKinds.join(', ')}.` }),
    date: z
      .string({ error: 'Indique la fecha en formato AAAA-MM-DD.' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Indique la fecha en formato AAAA-MM-DD.' })
      .refine(validDay, { error: 'La fecha no existe en el calendario.' })
      .openapi({ example: '2026-11-20' }),
    reach: count('reach').openapi({ description: 'Personas alcanzadas (una valla, un afiche).', example: 12000 }),
    attendance: count('attendance').openapi({ description: 'Asistentes (feria, reunión, evento).' }),
    audience: count('audience').openapi({ description: 'Audiencia estimada (radio, prensa).' }),
    evidenceUrl: optionalText(URL_MAX, `El enlace de la evidencia admite hasta ${URL_MAX} caracteres.`)
      .refine((v) => v === null || v === undefined || v.trim() === '' || isHttpUrl(v.trim()), { error: 'El enlace de la evidencia debe ser una dirección completa que empiece por http:// o https://.' })
      .openapi({ example: 'https://emisora.example/cunas/rendicion.mp3' }),
    evidenceMediaId: z.string({ error: 'El archivo de evidencia debe ser el id de un archivo de la biblioteca de medios.' }).nullable().optional(),
    pieceId: z.string({ error: 'La pieza debe ser el id de una pieza de la actividad.' }).nullable().optional(),
    notes: optionalText(NOTES_MAX, `Las notas admiten hasta ${NOTES_MAX} caracteres.`),
  })
  .strict()
  .openapi('ManualMetricEntryInput');

/** A change: any field of the entry; null clears an optional one. The result must still be a valid entry. */
export const ManualEntryPatchSchema = ManualEntryInputSchema.partial().openapi('ManualMetricEntryPatch');

export const ManualEntrySchema = z
  .object({
    id: z.string(),
    activityId: z.string(),
    pieceId: z.string().nullable(),
    pieceTitle: z.string().nullable(),
    kind: z.enum(manualKinds),
    kindLabel: z.string(),
    date: z.string(),
    reach: z.number().int().nullable(),
    attendance: z.number().int().nullable(),
    audience: z.number().int().nullable(),
    /** The figure the rollups count as reach: reach, else audience, else attendance. */
    countedReach: z.number().int(),
    evidenceUrl: z.string().nullable(),
    evidenceMediaId: z.string().nullable(),
    evidenceMedia: z.object({ id: z.string(), name: z.string(), url: z.string() }).nullable(),
    notes: z.string().nullable(),
    createdById: z.string().nullable(),
    createdByName: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ManualMetricEntry');

export type ManualEntryView = z.infer<typeof ManualEntrySchema>;

function isHttpUrl(s: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(s)) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

function unprocessable(errors: FieldError[]): AppError {
  const message = errors.length === 1 ? errors[0]!.message : `Revise los datos del registro: ${errors.map((e) => e.message).join(' ')}`;
  return new AppError('unprocessable', message, { details: { field: errors[0]?.field ?? null, errors } });
}

/** Each zod issue as the field it is about; several issues of one field keep the first. */
function fieldErrors(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : (issue.path.map(String).join('.') || 'body');
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: issue.code === 'unrecognized_keys' ? `No se reconoce el campo ${issue.keys.map((k) => `«${k}»`).join(', ')}.` : issue.message });
  }
  return out;
}

const blankToNull = (s: string | null | undefined) => (s === undefined || s === null || s.trim() === '' ? null : s.trim());

/**
 * Checks an entry as a whole: each field, then the rules across fields (a figure, the
 * evidence) and, against the database, that the evidence file exists and the piece belongs
 * to the activity. Throws a 422 listing every problem.
 */
async function checkEntry(db: DbOrTx, activityId: string, raw: unknown): Promise<ManualEntryInput> {
  const parsed = ManualEntryInputSchema.safeParse(raw);
  const errors: FieldError[] = parsed.success ? [] : fieldErrors(parsed.error);
  const bad = new Set(errors.map((e) => e.field));
  const body = (raw ?? {}) as Record<string, unknown>;
  const given = (k: string) => typeof body[k] === 'number' || (typeof body[k] === 'string' && (body[k] as string).trim() !== '');
  if (!bad.has('reach') && !bad.has('attendance') && !bad.has('audience') && !given('reach') && !given('attendance') && !given('audience')) {
    errors.push({ field: 'figures', message: 'Indique al menos una cifra: alcance, asistentes o audiencia estimada.' });
  }
  if (!bad.has('evidenceUrl') && !bad.has('evidenceMediaId') && !given('evidenceUrl') && !given('evidenceMediaId')) {
    errors.push({ field: 'evidence', message: 'Adjunte la evidencia: un archivo o un enlace.' });
  }
  const mediaId = typeof body['evidenceMediaId'] === 'string' ? blankToNull(body['evidenceMediaId']) : null;
  if (mediaId && !bad.has('evidenceMediaId')) {
    const found = await db.mediaAsset.findUnique({ where: { id: mediaId }, select: { id: true } });
    if (!found) errors.push({ field: 'evidenceMediaId', message: `No existe el archivo con id ${mediaId} en la biblioteca de medios.` });
  }
  const pieceId = typeof body['pieceId'] === 'string' ? blankToNull(body['pieceId']) : null;
  if (pieceId && !bad.has('pieceId')) {
    const piece = await db.piece.findUnique({ where: { id: pieceId }, select: { activityId: true } });
    if (!piece) errors.push({ field: 'pieceId', message: `No existe la pieza con id ${pieceId}.` });
    else if (piece.activityId !== activityId) errors.push({ field: 'pieceId', message: 'La pieza elegida no pertenece a esta actividad.' });
  }
  if (errors.length > 0 || !parsed.success) throw unprocessable(errors);
  const v = parsed.data;
  return {
    kind: v.kind,
    date: v.date,
    reach: v.reach ?? null,
    attendance: v.attendance ?? null,
    audience: v.audience ?? null,
    evidenceUrl: blankToNull(v.evidenceUrl),
    evidenceMediaId: blankToNull(v.evidenceMediaId),
    pieceId: blankToNull(v.pieceId),
    notes: blankToNull(v.notes),
  };
}

async function viewsOf(db: DbOrTx, rows: ManualMetricEntry[]): Promise<ManualEntryView[]> {
  const pieceIds = [...new Set(rows.map((r) => r.pieceId).filter((id): id is string => id !== null))];
  const mediaIds = [...new Set(rows.map((r) => r.evidenceMediaId).filter((id): id is string => id !== null))];
  const userIds = [...new Set(rows.map((r) => r.createdById).filter((id): id is string => id !== null))];
  const [pieces, media, users] = await Promise.all([
    pieceIds.length ? db.piece.findMany({ where: { id: { in: pieceIds } }, select: { id: true, title: true } }) : [],
    mediaIds.length ? db.mediaAsset.findMany({ where: { id: { in: mediaIds } }, select: { id: true, originalName: true, altText: true, kind: true } }) : [],
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }) : [],
  ]);
  const pieceTitle = new Map(pieces.map((p) => [p.id, p.title]));
  const mediaById = new Map(media.map((m) => [m.id, m]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => {
    const m = r.evidenceMediaId ? mediaById.get(r.evidenceMediaId) : undefined;
    const kind = (manualKinds as readonly string[]).includes(r.kind) ? (r.kind as ManualKind) : 'other';
    return {
      id: r.id,
      activityId: r.activityId,
      pieceId: r.pieceId,
      pieceTitle: r.pieceId ? (pieceTitle.get(r.pieceId) ?? null) : null,
      kind,
      kindLabel: manualKindLabels[kind],
      date: toDateOnly(r.date)!,
      reach: r.reach,
      attendance: r.attendance,
      audience: r.audience,
      countedReach: manualReachOf(r),
      evidenceUrl: r.evidenceUrl,
      evidenceMediaId: r.evidenceMediaId,
      evidenceMedia: m ? { id: m.id, name: m.originalName ?? m.altText ?? `Archivo ${m.id}`, url: `/api/media/${m.id}/file` } : null,
      notes: r.notes,
      createdById: r.createdById,
      createdByName: r.createdById ? (userName.get(r.createdById) ?? null) : null,
      createdAt: r.createdAt.toISOString(),
    };
  });
}

/** What the audit trail keeps of an entry: its stored fields. */
function auditState(r: ManualMetricEntry) {
  return {
    activityId: r.activityId,
    pieceId: r.pieceId,
    kind: r.kind,
    date: toDateOnly(r.date),
    reach: r.reach,
    attendance: r.attendance,
    audience: r.audience,
    evidenceUrl: r.evidenceUrl,
    evidenceMediaId: r.evidenceMediaId,
    notes: r.notes,
  };
}

/** The entries of an activity (or of one piece), newest date first. */
export async function listManualEntries(db: DbOrTx, where: { activityId?: string; pieceId?: string }): Promise<ManualEntryView[]> {
  if (where.activityId) {
    const found = await db.activity.findUnique({ where: { id: where.activityId }, select: { id: true } });
    if (!found) throw notFound('la actividad', where.activityId);
  }
  const rows = await db.manualMetricEntry.findMany({
    where: { activityId: where.activityId, pieceId: where.pieceId },
    orderBy: [{ date: 'desc' }, { createdAt: 'desc' }],
  });
  return viewsOf(db, rows);
}

export async function getManualEntry(db: DbOrTx, id: string): Promise<ManualEntryView> {
  const row = await db.manualMetricEntry.findUnique({ where: { id } });
  if (!row) throw notFound('el registro manual', id);
  return (await viewsOf(db, [row]))[0]!;
}

function dataOf(input: ManualEntryInput) {
  return { ...input, date: fromDateOnly(input.date)! };
}

export async function createManualEntry({ db, actor, activityId, input }: { db: Db; actor: Actor; activityId: string; input: unknown }): Promise<ManualEntryView> {
  const row = await db.$transaction(async (tx: Tx) => {
    const activity = await tx.activity.findUnique({ where: { id: activityId }, select: { id: true } });
    if (!activity) throw notFound('la actividad', activityId);
    const entry = await checkEntry(tx, activityId, input);
    const created = await tx.manualMetricEntry.create({ data: { ...dataOf(entry), activityId, createdById: actor.userId } });
    await writeAudit(tx, actor, { action: 'create', entityType: 'ManualMetricEntry', entityId: created.id, after: auditState(created) });
    return created;
  });
  return (await viewsOf(db, [row]))[0]!;
}

/** Changes some fields; the entry that results is checked whole (it must keep a figure and its evidence). */
export async function updateManualEntry({ db, actor, id, changes }: { db: Db; actor: Actor; id: string; changes: unknown }): Promise<ManualEntryView> {
  const row = await db.$transaction(async (tx: Tx) => {
    const current = await tx.manualMetricEntry.findUnique({ where: { id } });
    if (!current) throw notFound('el registro manual', id);
    if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) throw unprocessable([{ field: 'body', message: 'Envíe los cambios como un objeto JSON.' }]);
    if ('activityId' in changes) throw unprocessable([{ field: 'activityId', message: 'Un registro no se puede pasar a otra actividad; elimínelo y créelo en la otra.' }]);
    const merged = { ...auditState(current), ...(changes as Record<string, unknown>) };
    delete (merged as Record<string, unknown>)['activityId'];
    const entry = await checkEntry(tx, current.activityId, merged);
    const updated = await tx.manualMetricEntry.update({ where: { id }, data: dataOf(entry) });
    await writeAudit(tx, actor, { action: 'update', entityType: 'ManualMetricEntry', entityId: id, before: auditState(current), after: auditState(updated) });
    return updated;
  });
  return (await viewsOf(db, [row]))[0]!;
}

export async function deleteManualEntry({ db, actor, id }: { db: Db; actor: Actor; id: string }): Promise<void> {
  await db.$transaction(async (tx: Tx) => {
    const current = await tx.manualMetricEntry.findUnique({ where: { id } });
    if (!current) throw notFound('el registro manual', id);
    await tx.manualMetricEntry.delete({ where: { id } });
    await writeAudit(tx, actor, { action: 'delete', entityType: 'ManualMetricEntry', entityId: id, before: auditState(current) });
  });
}

/**
 * A page form as the API body: empty fields are absent, whole numbers become numbers (anything
 * else stays text, for the check to name), the evidence is a link or a library file.
 */
export function manualEntryFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const text = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
  const out: Record<string, unknown> = {};
  for (const k of ['kind', 'date', 'evidenceUrl', 'evidenceMediaId', 'pieceId', 'notes']) {
    if (text(k) !== '') out[k] = k === 'notes' ? String(form[k]) : text(k);
  }
  for (const k of ['reach', 'attendance', 'audience']) {
    // es-CO typists write 12.000 for twelve thousand: dots and spaces between digit groups are dropped.
    const v = text(k).replace(/(?<=\d)[.\s](?=\d{3}(\D|$))/g, '');
    if (v !== '') out[k] = /^\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}
