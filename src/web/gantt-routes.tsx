import { Hono, type Context } from 'hono';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { toAppError } from '../http/errors.js';
import { todayIn } from '../lib/dates.js';
import { applyDerivedDates, findPlanHearing, hasOffsets, previewDerivedDates, setHearingOffsets, type OffsetChange } from '../plan/derive-dates.js';
import { getPlanTree } from '../plan/plan-tree.js';
import { suggestedOffsets } from '../plan/suggested-offsets.js';
import { DerivedDatesPage, GanttPage, ganttChart, type Offsets } from './gantt-pages.js';
import { renderPage } from './page.js';

/**
 * The plan's schedule follow-up: the Gantt page, the activities' days relative to the
 * hearing, and calculating their planned dates from it (preview, then apply).
 */
export const ganttWebRoutes = new Hono<AppEnv>();

type Extra = { error?: string; notice?: string; typed?: Record<string, string>; suggested?: Set<string>; propose?: boolean };

async function ganttPage(c: Context<AppEnv>, planId: string, extra: Extra = {}, status: 200 | 422 = 200) {
  const db = c.var.db;
  const plan = await getPlanTree(db, planId);
  const [hearing, rows] = await Promise.all([
    findPlanHearing(db, planId),
    db.activity.findMany({ where: { subcomponent: { planId } }, select: { id: true, hearingOffsetStartDays: true, hearingOffsetEndDays: true } }),
  ]);
  const hearingDay = hearing ? todayIn(plan.timeZone, hearing.startsAt) : null;
  const offsets: Offsets = new Map(rows.map((r) => [r.id, { startDays: r.hearingOffsetStartDays, endDays: r.hearingOffsetEndDays }]));
  if (extra.propose) {
    const { answerDeadlineDays } = await db.plan.findUniqueOrThrow({ where: { id: planId }, select: { answerDeadlineDays: true } });
    const activities = plan.subcomponents.flatMap((s) => s.activities);
    const proposals = proposedOffsets(activities, offsets, answerDeadlineDays);
    extra = { ...extra, typed: proposals.typed, suggested: proposals.suggested, notice: proposalNotice(proposals.suggested.size) };
  }
  return renderPage(
    c,
    <GanttPage
      plan={plan}
      chart={ganttChart(plan, hearingDay)}
      hearing={hearing && hearingDay ? { id: hearing.id, title: hearing.title, startsAt: hearing.startsAt.toISOString(), day: hearingDay } : null}
      offsets={offsets}
      timeZone={c.var.config.timeZone}
      {...extra}
    />,
    status,
  );
}

/**
 * The usual days (src/plan/suggested-offsets.ts) for the activities that have none yet, as form
 * values to review: nothing is saved until the office presses «Guardar los días».
 */
function proposedOffsets(activities: { id: string; description: string }[], saved: Offsets, answerDeadlineDays: number) {
  const typed: Record<string, string> = {};
  const suggested = new Set<string>();
  for (const activity of activities) {
    if (hasOffsets(saved.get(activity.id))) continue;
    const proposal = suggestedOffsets(activity.description, answerDeadlineDays);
    if (!proposal) continue;
    typed[`start.${activity.id}`] = String(proposal.startDays);
    typed[`end.${activity.id}`] = String(proposal.endDays);
    suggested.add(activity.id);
  }
  return { typed, suggested };
}

function proposalNotice(n: number): string {
  if (n === 0) return 'No hay días que proponer: las actividades ya tienen días o ninguna se parece a las de una rendición de cuentas habitual.';
  const which = n === 1 ? '1 actividad que no tenía' : `${n} actividades que no tenían`;
  return `Se propusieron los días habituales para ${which} (marcadas «Propuesto»). Revíselos y pulse «Guardar los días»: todavía no se guardó nada.`;
}

function noticeFrom(c: Context<AppEnv>): string | undefined {
  const n = Number(c.req.query('n') ?? 0);
  switch (c.req.query('aviso')) {
    case 'dias':
      return n === 0 ? 'No cambió ningún día.' : n === 1 ? 'Se guardaron los días de 1 actividad.' : `Se guardaron los días de ${n} actividades.`;
    case 'fechas':
      return n === 0 ? 'Las fechas ya coincidían con la audiencia.' : n === 1 ? 'Se calcularon las fechas de 1 actividad desde la audiencia.' : `Se calcularon las fechas de ${n} actividades desde la audiencia.`;
    default:
      return undefined;
  }
}

ganttWebRoutes.get('/planes/:id/cronograma', (c) => ganttPage(c, c.req.param('id'), { notice: noticeFrom(c), propose: c.req.query('proponer') === '1' }));

/** What was typed in the offsets form (`start.<activityId>`, `end.<activityId>`), to show it again. */
function typedOffsets(form: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => /^(start|end)\./.test(e[0]) && typeof e[1] === 'string'));
}

/** Reads `start.<activityId>` / `end.<activityId>`: a whole number of days (negative = before), or empty for none. */
export function offsetsFromForm(form: Record<string, unknown>): OffsetChange[] {
  const byActivity = new Map<string, OffsetChange>();
  for (const [key, raw] of Object.entries(typedOffsets(form))) {
    const [which, ...rest] = key.split('.');
    const activityId = rest.join('.');
    const text = raw.trim().replace('\u2212', '-');
    if (text !== '' && !/^[-+]?\d+$/.test(text)) throw new AppError('unprocessable', `«${raw}» no es un número entero de días.`, { details: { field: key } });
    const days = text === '' ? null : Number(text);
    const change = byActivity.get(activityId) ?? { activityId, startDays: null, endDays: null };
    if (which === 'start') change.startDays = days;
    else change.endDays = days;
    byActivity.set(activityId, change);
  }
  return [...byActivity.values()];
}

ganttWebRoutes.post('/planes/:id/cronograma/desfases', async (c) => {
  const planId = c.req.param('id');
  const form = await c.req.parseBody();
  try {
    const changes = offsetsFromForm(form);
    if (changes.length === 0) throw new AppError('unprocessable', 'No se recibió ningún día para guardar.');
    const { changed } = await setHearingOffsets({ db: c.var.db, actor: c.var.actor, planId, changes });
    return c.redirect(`/planes/${planId}/cronograma?aviso=dias&n=${changed}#desde-audiencia`, 303);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found') throw e;
    return ganttPage(c, planId, { error: e.message, typed: typedOffsets(form) }, 422);
  }
});

/** The preview: what would change, nothing saved. */
ganttWebRoutes.get('/planes/:id/cronograma/calcular', async (c) => {
  const planId = c.req.param('id');
  try {
    const preview = await previewDerivedDates(c.var.db, planId);
    return renderPage(c, <DerivedDatesPage preview={preview} timeZone={c.var.config.timeZone} />);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found') throw e;
    return ganttPage(c, planId, { error: e.message }, 422);
  }
});

ganttWebRoutes.post('/planes/:id/cronograma/calcular', async (c) => {
  const planId = c.req.param('id');
  try {
    const { applied } = await applyDerivedDates({ db: c.var.db, actor: c.var.actor, planId });
    return c.redirect(`/planes/${planId}/cronograma?aviso=fechas&n=${applied.length}`, 303);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found') throw e;
    const preview = await previewDerivedDates(c.var.db, planId).catch(() => null);
    if (!preview) return ganttPage(c, planId, { error: e.message }, 422);
    return renderPage(c, <DerivedDatesPage preview={preview} timeZone={c.var.config.timeZone} error={e.message} />, 422);
  }
});
