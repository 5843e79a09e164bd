import { Hono, type Context } from 'hono';
import type { Auth } from '../auth/authenticate.js';
import { can, departmentScopedRoles } from '../auth/permissions.js';
import { listLateActivities } from '../dashboard/late-activities.js';
import { listPublicationProblems } from '../dashboard/publication-problems.js';
import { AppError, notFound } from '../errors.js';
import type { MediaKind } from '../generated/prisma/client.js';
import type { AppEnv } from '../http/env.js';
import { toAppError } from '../http/errors.js';
import { createManualEntry, deleteManualEntry, listManualEntries, manualEntryFromForm, updateManualEntry, type FieldError } from '../metrics/manual-entries.js';
import { activityMetrics, bestTimes, pieceMetrics, planMetrics } from '../metrics/rollups.js';
import { parseTarget, setActivityTarget } from '../metrics/targets.js';
import { getActivity } from '../plan/plan-tree.js';
import { ActivityMetricsPage, PieceMetricsPage, PlanMetricsPage, type EntryFormState, type MediaChoice } from './metrics-pages.js';
import { renderPage } from './page.js';

/**
 * The metrics pages: the plan's dashboard, a piece's and an activity's, and the activity
 * page's forms (its target, its manual entries). The figures come from the read model in
 * src/metrics/rollups.ts; the tables' CSV links go to its API (src/metrics/routes.ts).
 */
export const metricsWebRoutes = new Hono<AppEnv>();

function signedIn(c: Context<AppEnv>): Auth {
  const auth = c.var.auth;
  if (!auth) throw new AppError('unauthenticated', 'Inicie sesión para continuar.');
  return auth;
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) => dayPattern.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

// ---------------------------------------------------------------- the plan

/** For the navigation: the latest plan's dashboard (or the plans, when there is none). */
metricsWebRoutes.get('/metricas', async (c) => {
  const latest = await c.var.db.plan.findFirst({ orderBy: { createdAt: 'desc' }, select: { id: true } });
  return c.redirect(latest ? `/planes/${latest.id}/metricas` : '/planes', 302);
});

metricsWebRoutes.get('/planes/:id/metricas', async (c) => {
  const auth = signedIn(c);
  const db = c.var.db;
  const id = c.req.param('id');
  const plan = await db.plan.findUnique({ where: { id }, select: { id: true, title: true } });
  if (!plan) throw notFound('el plan', id);
  const timeZone = c.var.config.timeZone;

  let range = { desde: (c.req.query('desde') ?? '').trim(), hasta: (c.req.query('hasta') ?? '').trim() };
  let error: string | undefined;
  for (const [k, v] of Object.entries(range)) {
    if (v && !isDay(v)) error = `La fecha «${k}» no es válida (${v}); use el calendario o el formato AAAA-MM-DD.`;
  }
  if (!error && range.desde && range.hasta && range.desde > range.hasta) error = `La fecha «desde» (${range.desde}) es posterior a «hasta» (${range.hasta}).`;
  if (error) range = { desde: '', hasta: '' };

  const now = new Date();
  const [metrics, best, late, problems, pieceIds] = await Promise.all([
    planMetrics(db, id, { timeZone, from: range.desde || undefined, to: range.hasta || undefined, now }),
    bestTimes(db, id, { timeZone }),
    listLateActivities(db, auth.user, now, timeZone),
    listPublicationProblems(db, auth.user),
    db.piece.findMany({ where: { activity: { subcomponent: { planId: id } } }, select: { id: true } }).then((rows) => new Set(rows.map((r) => r.id))),
  ]);
  return renderPage(
    c,
    <PlanMetricsPage
      plan={{ ...plan, timeZone }}
      metrics={metrics}
      best={best}
      late={late.filter((a) => a.planId === id)}
      problems={problems.filter((p) => pieceIds.has(p.pieceId))}
      range={range}
      error={error}
    />,
    error ? 422 : 200,
  );
});

// ---------------------------------------------------------------- a piece

metricsWebRoutes.get('/piezas/:id/metricas', async (c) => {
  const db = c.var.db;
  const id = c.req.param('id');
  const piece = await db.piece.findUnique({
    where: { id },
    select: { id: true, title: true, activity: { select: { id: true, description: true, subcomponent: { select: { plan: { select: { id: true, title: true } } } } } } },
  });
  if (!piece) throw notFound('la pieza', id);
  const timeZone = c.var.config.timeZone;
  const [metrics, manual] = await Promise.all([pieceMetrics(db, id, { timeZone }), listManualEntries(db, { pieceId: id })]);
  const a = piece.activity;
  return renderPage(
    c,
    <PieceMetricsPage
      piece={{ id: piece.id, title: piece.title }}
      activity={a && { id: a.id, description: a.description, planId: a.subcomponent.plan.id, planTitle: a.subcomponent.plan.title }}
      metrics={metrics}
      manual={manual}
      timeZone={timeZone}
    />,
  );
});

// ---------------------------------------------------------------- an activity

const notices: Record<string, string> = {
  meta: 'Meta guardada.',
  'meta-quitada': 'La actividad ya no tiene meta numérica.',
  registro: 'Registro guardado.',
  'registro-corregido': 'Registro corregido.',
  'registro-eliminado': 'Registro eliminado.',
};

const mediaKindLabel: Record<MediaKind, string> = { image: 'Imagen', video: 'Video', document: 'Documento', audio: 'Audio' };

/** The media library as evidence choices: the newest files, and any an entry already points to. */
async function mediaChoices(c: Context<AppEnv>, keep: string[]): Promise<MediaChoice[]> {
  const select = { id: true, kind: true, originalName: true, altText: true, templateId: true, format: true, width: true, height: true } as const;
  const db = c.var.db;
  const newest = await db.mediaAsset.findMany({ orderBy: { createdAt: 'desc' }, take: 200, select });
  const missing = keep.filter((id) => !newest.some((m) => m.id === id));
  const extra = missing.length ? await db.mediaAsset.findMany({ where: { id: { in: missing } }, select }) : [];
  return [...newest, ...extra].map((m) => ({
    id: m.id,
    label: `${mediaKindLabel[m.kind]}: ${m.originalName ?? (m.templateId ? `${m.templateId} ${m.format ?? ''}`.trim() : (m.altText ?? m.id))}${m.width ? ` (${m.width}×${m.height})` : ''}`,
  }));
}

type ActivityPageState = { targetError?: string; entryForm?: EntryFormState };

async function activityPage(c: Context<AppEnv>, id: string, state: ActivityPageState = {}, status: 200 | 422 = 200) {
  const db = c.var.db;
  const activity = await getActivity(db, id);
  const timeZone = c.var.config.timeZone;
  const [metrics, manual, pieces, plan] = await Promise.all([
    activityMetrics(db, id, { timeZone }),
    listManualEntries(db, { activityId: id }),
    db.piece.findMany({ where: { activityId: id }, orderBy: { createdAt: 'asc' }, select: { id: true, title: true } }),
    db.plan.findUniqueOrThrow({ where: { id: activity.planId }, select: { title: true } }),
  ]);
  const media = await mediaChoices(c, manual.map((e) => e.evidenceMediaId).filter((m): m is string => m !== null));
  const notice = notices[c.req.query('aviso') ?? ''];
  // The same rule authorize() applies to the forms' POSTs: a department changes only its own activities.
  const auth = c.var.auth;
  const canEdit =
    auth !== null &&
    can(auth.user.role, 'activity:update') &&
    (!departmentScopedRoles.includes(auth.user.role) || activity.allDepartments || activity.departments.some((d) => auth.user.departmentIds.includes(d.id)));
  return renderPage(
    c,
    <ActivityMetricsPage
      activity={activity}
      planTitle={plan.title}
      metrics={metrics}
      manual={manual}
      pieces={pieces}
      media={media}
      timeZone={timeZone}
      canEdit={canEdit}
      notice={status === 200 ? notice : undefined}
      {...state}
    />,
    status,
  );
}

metricsWebRoutes.get('/actividades/:id/metricas', (c) => activityPage(c, c.req.param('id')));

/** Sets the activity's numeric target, or clears it (`action=clear`). */
metricsWebRoutes.post('/actividades/:id/metricas/meta', async (c) => {
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  try {
    if (form['action'] === 'clear') {
      await setActivityTarget({ db: c.var.db, actor: c.var.actor, activityId: id, target: null });
      return c.redirect(`/actividades/${id}/metricas?aviso=meta-quitada#meta`, 303);
    }
    const target = parseTarget({ metric: form['targetMetric'], value: form['targetValue'] });
    await setActivityTarget({ db: c.var.db, actor: c.var.actor, activityId: id, target });
    return c.redirect(`/actividades/${id}/metricas?aviso=meta#meta`, 303);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found') throw e;
    return activityPage(c, id, { targetError: e.message }, 422);
  }
});

const entryFields = ['kind', 'date', 'reach', 'audience', 'attendance', 'pieceId', 'evidenceMediaId', 'evidenceUrl', 'notes'] as const;

/** What was typed, to show it again after a refused save. */
function typed(form: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(entryFields.map((k) => [k, typeof form[k] === 'string' ? (form[k] as string) : '']));
}

function fieldErrorsOf(err: unknown): FieldError[] {
  const e = toAppError(err);
  const details = e.details as { errors?: FieldError[] } | null;
  return details?.errors?.length ? details.errors : [{ field: 'body', message: e.message }];
}

/** The entry `entryId` of activity `id`, or a 404 (an entry is changed only from its own activity's page). */
async function entryOf(c: Context<AppEnv>, id: string, entryId: string) {
  const entry = await c.var.db.manualMetricEntry.findUnique({ where: { id: entryId }, select: { activityId: true } });
  if (!entry || entry.activityId !== id) throw notFound('el registro manual', entryId);
}

metricsWebRoutes.post('/actividades/:id/metricas/registros', async (c) => {
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  try {
    await createManualEntry({ db: c.var.db, actor: c.var.actor, activityId: id, input: manualEntryFromForm(form) });
    return c.redirect(`/actividades/${id}/metricas?aviso=registro#registros`, 303);
  } catch (err) {
    if (toAppError(err).code === 'not_found') throw err;
    return activityPage(c, id, { entryForm: { values: typed(form), errors: fieldErrorsOf(err) } }, 422);
  }
});

/** A correction from the page: the form carries every field, so an emptied one is cleared. */
metricsWebRoutes.post('/actividades/:id/metricas/registros/:entryId', async (c) => {
  const id = c.req.param('id');
  const entryId = c.req.param('entryId');
  await entryOf(c, id, entryId);
  const form = await c.req.parseBody();
  const given = manualEntryFromForm(form);
  const changes = Object.fromEntries(entryFields.map((k) => [k, given[k] ?? null]));
  try {
    await updateManualEntry({ db: c.var.db, actor: c.var.actor, id: entryId, changes });
    return c.redirect(`/actividades/${id}/metricas?aviso=registro-corregido#registros`, 303);
  } catch (err) {
    if (toAppError(err).code === 'not_found') throw err;
    return activityPage(c, id, { entryForm: { values: typed(form), errors: fieldErrorsOf(err), entryId } }, 422);
  }
});

metricsWebRoutes.post('/actividades/:id/metricas/registros/:entryId/eliminar', async (c) => {
  const id = c.req.param('id');
  const entryId = c.req.param('entryId');
  await entryOf(c, id, entryId);
  await deleteManualEntry({ db: c.var.db, actor: c.var.actor, id: entryId });
  return c.redirect(`/actividades/${id}/metricas?aviso=registro-eliminado#registros`, 303);
});
