import { channelFor } from '../../channels/registry.js';
import type { RuleIssue } from '../../channels/channel.js';
import type { DbOrTx } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { Network, PieceKind } from '../../generated/prisma/client.js';
import { networkLabel } from '../../i18n/es.js';
import { fromLocalDateTime } from '../../lib/dates.js';
import { foldText } from '../../plan/import/clean.js';
import { validateFields } from '../../render/fields.js';
import { listTemplates } from '../../render/templates.js';
import type { TemplateManifest } from '../../render/types.js';
import { formatDateTime } from '../../web/format.js';
import { PieceCreateSchema } from '../schemas.js';
import type { ColumnKey, RowValues } from './columns.js';
import type { FileProblem, ParsedRow, ParsedTable, Severity } from './parse.js';
import { foldDescription, readActivityRef, readDate, readFields, readKind, readTime } from './values.js';

/**
 * Checks every row of a bulk file against the plan and says what each would create, before
 * anything is created. An error blocks the whole import; a warning (the networks' rules,
 * a date already past, a repeated piece…) is shown and does not.
 */

export type Problem = { field: ColumnKey | null; message: string; severity: Severity };

export type PlannedVariant = { network: Network; title: string | null; text: string; link: string | null };
/** What a row would create: a draft piece with these fields. */
export type PlannedPiece = {
  kind: PieceKind;
  title: string;
  body: string;
  activityId: string | null;
  /** The activity as the plan numbers it ("1.3"), for the preview. */
  activity: { id: string; ref: string; description: string } | null;
  scheduledAt: string | null;
  templateId: string | null;
  templateFields: Record<string, unknown> | null;
  variants: PlannedVariant[];
};
export type PreviewRow = { line: number; values: RowValues; problems: Problem[]; piece: PlannedPiece | null };

export type ImportPreview = {
  plan: { id: string; title: string; timeZone: string };
  format: ParsedTable['format'];
  rows: PreviewRow[];
  /** Problems of the file as a whole (unknown or repeated columns). */
  problems: FileProblem[];
  /** Rows that would create a piece (none is created while any row has an error). */
  pieces: number;
  errors: number;
  warnings: number;
};

export type ActivityChoice = {
  id: string;
  ref: string;
  description: string;
  folded: string;
  allDepartments: boolean;
  departmentIds: string[];
};

export type ImportContext = {
  plan: { id: string; title: string; timeZone: string };
  activities: ActivityChoice[];
  templates: TemplateManifest[];
  /** `activityId|folded title` of the pieces the plan already has, to warn about a second import. */
  existing: Set<string>;
  now: Date;
  /** A department-scoped caller may only create pieces of these departments' activities; null: any activity. */
  departmentIds: string[] | null;
};

/** The plan to import into: the given one, or the latest. */
export async function findImportPlan(db: DbOrTx, planId?: string | null) {
  const select = { id: true, title: true, timeZone: true } as const;
  if (planId) {
    const plan = await db.plan.findUnique({ where: { id: planId }, select });
    if (!plan) throw notFound('el plan', planId);
    return plan;
  }
  const latest = await db.plan.findFirst({ orderBy: { createdAt: 'desc' }, select });
  if (!latest) throw new AppError('not_found', 'Todavía no hay un plan de acción: importe el plan antes de importar sus piezas.');
  return latest;
}

export async function loadImportContext(
  db: DbOrTx,
  { planId, departmentIds = null, now = new Date() }: { planId?: string | null; departmentIds?: string[] | null; now?: Date } = {},
): Promise<ImportContext> {
  const plan = await findImportPlan(db, planId);
  const subcomponents = await db.subcomponent.findMany({
    where: { planId: plan.id },
    orderBy: { position: 'asc' },
    include: { activities: { orderBy: { position: 'asc' }, include: { departments: { select: { departmentId: true } } } } },
  });
  const activities = subcomponents.flatMap((s) =>
    s.activities.map((a) => ({
      id: a.id,
      ref: `${s.position}.${a.position}`,
      description: a.description,
      folded: foldDescription(a.description),
      allDepartments: a.allDepartments,
      departmentIds: a.departments.map((d) => d.departmentId),
    })),
  );
  const pieces = await db.piece.findMany({ where: { activityId: { in: activities.map((a) => a.id) } }, select: { activityId: true, title: true } });
  return {
    plan,
    activities,
    templates: listTemplates(),
    existing: new Set(pieces.map((p) => pieceKey(p.activityId, p.title))),
    now,
    departmentIds,
  };
}

const pieceKey = (activityId: string | null, title: string) => `${activityId ?? ''}|${foldText(title)}`;

/** Which column holds each variant's title and text. */
const variantColumns: { network: Network; title: ColumnKey | null; text: ColumnKey }[] = [
  { network: 'x', title: null, text: 'texto_x' },
  { network: 'facebook', title: null, text: 'texto_facebook' },
  { network: 'youtube', title: 'titulo_youtube', text: 'texto_youtube' },
  { network: 'website', title: 'titulo_web', text: 'texto_web' },
];

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

type Resolved = { activity: ActivityChoice | null } | { error: string };

/** The activity a cell names: by position (checked against the description that may follow it), or by the start of its description. */
export function resolveActivity(cell: string, activities: ActivityChoice[]): Resolved {
  if (cell === '') return { activity: null };
  const ref = readActivityRef(cell);
  const byDescription = (text: string): Resolved => {
    const folded = foldDescription(text);
    const exact = activities.filter((a) => a.folded === folded);
    const matches = exact.length > 0 ? exact : activities.filter((a) => folded !== '' && a.folded.startsWith(folded));
    if (matches.length === 1) return { activity: matches[0]! };
    if (matches.length > 1) {
      return { error: `La actividad «${cell}» es ambigua: coincide con ${matches.map((a) => a.ref).join(', ')}. Escriba su número (por ejemplo ${matches[0]!.ref}) o más texto de la descripción.` };
    }
    return { error: `No hay en el plan ninguna actividad cuya descripción empiece por «${text}». Escriba su número, por ejemplo 1.3, o el comienzo de su descripción.` };
  };
  if (ref.position === null) return byDescription(ref.text);
  const wanted = `${ref.position[0]}.${ref.position[1]}`;
  const activity = activities.find((a) => a.ref === wanted);
  if (!activity) {
    // "10.000 familias…" is a description that starts with a number, not a position.
    const fallback = ref.text ? byDescription(cell) : null;
    if (fallback && 'activity' in fallback) return fallback;
    return { error: `El plan no tiene la actividad ${wanted}.` };
  }
  if (ref.text) {
    const text = foldDescription(ref.text);
    if (!activity.folded.startsWith(text) && !text.startsWith(activity.folded)) {
      return { error: `La actividad ${wanted} del plan es «${activity.description}», que no coincide con «${ref.text}». Revise el número.` };
    }
  }
  return { activity };
}

function resolveTemplate(cell: string, templates: TemplateManifest[]): TemplateManifest | null {
  const folded = foldText(cell);
  return templates.find((t) => t.id.toLowerCase() === folded) ?? templates.find((t) => foldText(t.name) === folded) ?? null;
}

/** Zod paths of PieceCreateSchema as the columns they came from. */
function columnOfPath(path: PropertyKey[], variants: PlannedVariant[]): ColumnKey | null {
  const [head, index, leaf] = path;
  if (head === 'title') return 'titulo';
  if (head === 'body') return 'cuerpo';
  if (head === 'kind') return 'tipo';
  if (head === 'activityId') return 'actividad';
  if (head === 'scheduledAt') return 'fecha';
  if (head === 'templateId') return 'plantilla';
  if (head === 'templateFields') return 'campos';
  if (head === 'variants' && typeof index === 'number') {
    const columns = variantColumns.find((c) => c.network === variants[index]?.network);
    if (leaf === 'link') return 'enlace';
    if (leaf === 'title') return columns?.title ?? null;
    return columns?.text ?? null;
  }
  return null;
}

function issueColumn(network: Network, field: RuleIssue['field']): ColumnKey | null {
  const columns = variantColumns.find((c) => c.network === network)!;
  if (field === 'title') return columns.title;
  if (field === 'text') return columns.text;
  if (field === 'link') return 'enlace';
  return null;
}

export function validateRow({ line, values }: ParsedRow, ctx: ImportContext): PreviewRow {
  const problems: Problem[] = [];
  const error = (field: ColumnKey | null, message: string) => problems.push({ field, message, severity: 'error' });
  const warning = (field: ColumnKey | null, message: string) => problems.push({ field, message, severity: 'warning' });

  // Activity, and whether a department user answers for it.
  const resolved = resolveActivity(values.actividad, ctx.activities);
  const activity = 'activity' in resolved ? resolved.activity : null;
  if ('error' in resolved) error('actividad', resolved.error);
  if (ctx.departmentIds !== null && !('error' in resolved)) {
    if (!activity) error('actividad', 'Indique la actividad: solo puede crear piezas de las actividades de su dependencia.');
    else if (!activity.allDepartments && !activity.departmentIds.some((id) => ctx.departmentIds!.includes(id))) {
      error('actividad', `La actividad ${activity.ref} no es de su dependencia: solo puede crear piezas de las actividades de su dependencia.`);
    }
  }

  const kind = readKind(values.tipo);
  if (!kind.ok) error('tipo', kind.message);

  const title = values.titulo;
  if (title === '') error('titulo', 'Falta el título de la pieza.');
  else if ([...title].length < 3) error('titulo', 'El título debe tener al menos 3 caracteres.');
  else if ([...title].length > 300) error('titulo', `El título tiene ${[...title].length} caracteres; el máximo es 300.`);

  // The link, given to every variant.
  const link = values.enlace || null;
  const linkOk = link === null || isHttpUrl(link);
  if (!linkOk) error('enlace', `El enlace «${link}» no es una dirección web completa: debe empezar por http:// o https://.`);

  const variants: PlannedVariant[] = variantColumns
    .filter((c) => values[c.text] !== '' || (c.title !== null && values[c.title] !== ''))
    .map((c) => ({ network: c.network, title: c.title ? values[c.title] || null : null, text: values[c.text], link }));
  if (link && variants.length === 0) warning('enlace', 'El enlace no se usa: la fila no tiene texto para ninguna red.');
  for (const v of variants) {
    const { issues } = channelFor(v.network).check({ title: v.title, text: v.text, link: linkOk ? v.link : null, options: {}, media: [] });
    // Media and options cannot come in the file; they are added on the piece's page.
    for (const issue of issues.filter((i) => i.field === 'title' || i.field === 'text' || i.field === 'link')) {
      warning(issueColumn(v.network, issue.field), `${networkLabel[v.network]}: ${issue.message}`);
    }
  }

  // Template and its fields.
  let template: TemplateManifest | null = null;
  if (values.plantilla !== '') {
    template = resolveTemplate(values.plantilla, ctx.templates);
    if (!template) error('plantilla', `No existe la plantilla «${values.plantilla}». Las plantillas son: ${ctx.templates.map((t) => t.id).join(', ')}.`);
  }
  let templateFields: Record<string, unknown> | null = null;
  if (values.campos !== '') {
    const fields = readFields(values.campos);
    if (!fields.ok) error('campos', fields.message);
    else if (values.plantilla === '') error('campos', 'Hay campos pero no hay plantilla: indique en la columna «plantilla» a qué plantilla pertenecen.');
    else {
      templateFields = fields.value;
      if (template) {
        const known = new Set(template.fields.map((f) => f.name));
        const unknown = Object.keys(fields.value).filter((name) => !known.has(name));
        if (unknown.length > 0) {
          warning('campos', `La plantilla «${template.name}» no tiene ${unknown.length === 1 ? 'el campo' : 'los campos'} ${unknown.map((n) => `«${n}»`).join(', ')}: no se usarán. Sus campos son: ${[...known].join(', ')}.`);
        }
      }
    }
  }
  if (template) {
    try {
      validateFields(template, templateFields ?? {});
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      warning('campos', `${err.message} Complételo en la pieza antes de generar sus imágenes.`);
    }
  }

  // Date and time, in the plan's zone.
  let scheduledAt: string | null = null;
  if (values.fecha !== '' || values.hora !== '') {
    const date = values.fecha === '' ? null : readDate(values.fecha);
    if (date === null) error('fecha', 'Falta la fecha: la hora va con una fecha.');
    else if (!date.ok) error('fecha', date.message);
    const timeCell = values.hora !== '' ? values.hora : date?.ok ? date.value.time : null;
    const time = timeCell === null ? null : readTime(timeCell);
    if (time === null) {
      if (date?.ok) error('hora', 'Falta la hora: la fecha va con una hora (por ejemplo 15:00).');
    } else if (!time.ok) error('hora', time.message);
    if (date?.ok && time?.ok) {
      const at = fromLocalDateTime(`${date.value.date}T${time.value}`, ctx.plan.timeZone)!;
      scheduledAt = at.toISOString();
      if (at <= ctx.now) warning('fecha', `La fecha y hora ya pasaron (${formatDateTime(scheduledAt, ctx.plan.timeZone)}).`);
    }
  }

  if (kind.ok && title !== '') {
    const key = pieceKey(activity?.id ?? null, title);
    if (activity && ctx.existing.has(key)) warning('titulo', `La actividad ${activity.ref} ya tiene una pieza con este título; se creará otra.`);
  }

  const piece: PlannedPiece | null = kind.ok
    ? {
        kind: kind.value,
        title,
        body: values.cuerpo,
        activityId: activity?.id ?? null,
        activity: activity && { id: activity.id, ref: activity.ref, description: activity.description },
        scheduledAt,
        templateId: template?.id ?? null,
        templateFields,
        variants,
      }
    : null;

  // The API's own schema, so that an import accepts exactly what POST /api/pieces accepts.
  if (piece && !problems.some((p) => p.severity === 'error')) {
    const parsed = PieceCreateSchema.safeParse(toPieceFields(piece));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) error(columnOfPath(issue.path, variants), issue.message);
    }
  }
  const failed = problems.some((p) => p.severity === 'error');
  return { line, values, problems, piece: failed ? null : piece };
}

/** A planned piece as createPiece's fields (and PieceCreateSchema's input). */
export function toPieceFields(piece: PlannedPiece) {
  return {
    kind: piece.kind,
    title: piece.title,
    body: piece.body,
    activityId: piece.activityId,
    scheduledAt: piece.scheduledAt,
    templateId: piece.templateId,
    ...(piece.templateFields ? { templateFields: piece.templateFields } : {}),
    variants: piece.variants.map((v) => ({ network: v.network, title: v.title, text: v.text, link: v.link })),
  };
}

/** Every row checked; the same piece twice in one file is a warning on the second. */
export function validateTable(table: ParsedTable, ctx: ImportContext): ImportPreview {
  const seen = new Map<string, number>();
  const rows = table.rows.map((row) => {
    const checked = validateRow(row, ctx);
    if (checked.piece) {
      const key = `${pieceKey(checked.piece.activityId, checked.piece.title)}|${checked.piece.kind}`;
      const first = seen.get(key);
      if (first !== undefined) checked.problems.push({ field: 'titulo', severity: 'warning', message: `Repite la pieza de la línea ${first} (mismo tipo, título y actividad).` });
      else seen.set(key, row.line);
    }
    return checked;
  });
  const all = [...table.problems, ...rows.flatMap((r) => r.problems)];
  return {
    plan: ctx.plan,
    format: table.format,
    rows,
    problems: table.problems,
    pieces: rows.filter((r) => r.piece).length,
    errors: all.filter((p) => p.severity === 'error').length,
    warnings: all.filter((p) => p.severity === 'warning').length,
  };
}
