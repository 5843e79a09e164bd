import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { Db, DbOrTx } from '../db/client.js';
import { AppError, notFound } from '../errors.js';
import { fromDateOnly, toDateOnly, todayIn } from '../lib/dates.js';

/**
 * Planned dates derived from the public hearing: each activity may say "n days before/after
 * the hearing" for its start and its end (Activity.hearingOffsetStartDays/EndDays, negative =
 * before). Calculating sets plannedStart/plannedEnd of the activities that have offsets, after
 * a preview, with an audit entry per activity changed.
 */

/** How far from the hearing an offset may reach, in days (two years either way). */
export const MAX_OFFSET_DAYS = 730;

/** `YYYY-MM-DD` plus `n` calendar days (negative goes back). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export type Offsets = { startDays: number | null; endDays: number | null };

/** Whether an activity's start or end follows the hearing. */
export function hasOffsets(o: Offsets | undefined): o is Offsets {
  return o !== undefined && (o.startDays !== null || o.endDays !== null);
}

/**
 * The planned dates an activity's offsets give from the hearing's calendar day; a date without
 * an offset keeps its current value.
 */
export function deriveDates(hearingDay: string, offsets: Offsets, current: { plannedStart: string | null; plannedEnd: string | null }) {
  return {
    plannedStart: offsets.startDays === null ? current.plannedStart : addDays(hearingDay, offsets.startDays),
    plannedEnd: offsets.endDays === null ? current.plannedEnd : addDays(hearingDay, offsets.endDays),
  };
}

/** The plan's public hearing: the latest-starting event of kind public_hearing, or null. */
export async function findPlanHearing(db: DbOrTx, planId: string) {
  return db.event.findFirst({ where: { planId, kind: 'public_hearing' }, orderBy: [{ startsAt: 'desc' }, { createdAt: 'desc' }] });
}

export type DerivedRow = {
  activityId: string;
  subcomponent: string;
  position: string;
  description: string;
  offsets: Offsets;
  current: { plannedStart: string | null; plannedEnd: string | null };
  next: { plannedStart: string | null; plannedEnd: string | null };
  changed: boolean;
  /** Why it cannot be applied (an end before the start), in Spanish; null when it can. */
  problem: string | null;
};

export type DerivedPreview = {
  plan: { id: string; title: string; timeZone: string };
  hearing: { id: string; title: string; startsAt: string; day: string };
  /** Only the activities with at least one offset. */
  rows: DerivedRow[];
};

/** What "Calcular fechas desde la audiencia" would do, without doing it. */
export async function previewDerivedDates(db: DbOrTx, planId: string): Promise<DerivedPreview> {
  const plan = await db.plan.findUnique({
    where: { id: planId },
    include: { subcomponents: { orderBy: { position: 'asc' }, include: { activities: { orderBy: { position: 'asc' } } } } },
  });
  if (!plan) throw notFound('el plan', planId);
  const hearing = await findPlanHearing(db, planId);
  if (!hearing) {
    throw new AppError('unprocessable', 'El plan no tiene audiencia pública con fecha: prográmela en «Audiencia pública» antes de calcular las fechas.', { details: { planId } });
  }
  const day = todayIn(plan.timeZone, hearing.startsAt);
  const rows: DerivedRow[] = [];
  for (const s of plan.subcomponents) {
    for (const a of s.activities) {
      const offsets = { startDays: a.hearingOffsetStartDays, endDays: a.hearingOffsetEndDays };
      if (!hasOffsets(offsets)) continue;
      const current = { plannedStart: toDateOnly(a.plannedStart), plannedEnd: toDateOnly(a.plannedEnd) };
      const next = deriveDates(day, offsets, current);
      const problem =
        next.plannedStart && next.plannedEnd && next.plannedEnd < next.plannedStart
          ? `La fecha final calculada (${next.plannedEnd}) queda antes de la de inicio (${next.plannedStart}); revise los días de la actividad.`
          : null;
      rows.push({
        activityId: a.id,
        subcomponent: s.name,
        position: `${s.position}.${a.position}`,
        description: a.description,
        offsets,
        current,
        next,
        changed: next.plannedStart !== current.plannedStart || next.plannedEnd !== current.plannedEnd,
        problem,
      });
    }
  }
  return {
    plan: { id: plan.id, title: plan.title, timeZone: plan.timeZone },
    hearing: { id: hearing.id, title: hearing.title, startsAt: hearing.startsAt.toISOString(), day },
    rows,
  };
}

/**
 * Sets the derived planned dates in one transaction, one audit entry per activity changed.
 * Refuses (422) when any activity would end before it starts, changing nothing.
 */
export async function applyDerivedDates({ db, actor, planId }: { db: Db; actor: Actor; planId: string }) {
  return db.$transaction(async (tx) => {
    const preview = await previewDerivedDates(tx, planId);
    const broken = preview.rows.filter((r) => r.problem);
    if (broken.length > 0) {
      throw new AppError('unprocessable', `No se calcularon las fechas: en ${broken.length === 1 ? 'una actividad' : `${broken.length} actividades`} la fecha final queda antes de la de inicio (${broken.map((r) => r.position).join(', ')}).`, {
        details: { activities: broken.map((r) => ({ activityId: r.activityId, problem: r.problem })) },
      });
    }
    const changed = preview.rows.filter((r) => r.changed);
    for (const r of changed) {
      await tx.activity.update({ where: { id: r.activityId }, data: { plannedStart: fromDateOnly(r.next.plannedStart), plannedEnd: fromDateOnly(r.next.plannedEnd) } });
      await writeAudit(tx, actor, {
        action: 'derive_dates',
        entityType: 'Activity',
        entityId: r.activityId,
        before: r.current,
        after: { ...r.next, hearingEventId: preview.hearing.id, hearingDay: preview.hearing.day, hearingOffsetStartDays: r.offsets.startDays, hearingOffsetEndDays: r.offsets.endDays },
      });
    }
    return { ...preview, applied: changed.map((r) => r.activityId) };
  });
}

export type OffsetChange = { activityId: string; startDays: number | null; endDays: number | null };

/** Checks one offset: a whole number of days within ±MAX_OFFSET_DAYS, or null. */
export function checkOffset(value: number | null, what: string): number | null {
  if (value === null) return null;
  if (!Number.isInteger(value) || Math.abs(value) > MAX_OFFSET_DAYS) {
    throw new AppError('unprocessable', `${what}: use un número entero de días entre −${MAX_OFFSET_DAYS} y ${MAX_OFFSET_DAYS} (negativo = antes de la audiencia).`, { details: { value } });
  }
  return value;
}

/**
 * Saves the "days before/after the hearing" of some of the plan's activities; only those that
 * change are written, each with its audit entry. Returns how many changed.
 */
export async function setHearingOffsets({ db, actor, planId, changes }: { db: Db; actor: Actor; planId: string; changes: OffsetChange[] }): Promise<{ changed: number }> {
  return db.$transaction(async (tx) => {
    const plan = await tx.plan.findUnique({ where: { id: planId }, select: { id: true } });
    if (!plan) throw notFound('el plan', planId);
    const ids = [...new Set(changes.map((c) => c.activityId))];
    const rows = await tx.activity.findMany({
      where: { id: { in: ids }, subcomponent: { planId } },
      select: { id: true, position: true, description: true, hearingOffsetStartDays: true, hearingOffsetEndDays: true, subcomponent: { select: { position: true } } },
    });
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length > 0) throw new AppError('unprocessable', 'Alguna de las actividades indicadas no existe en este plan.', { details: { missing } });
    let changed = 0;
    for (const change of changes) {
      const row = rows.find((r) => r.id === change.activityId)!;
      const name = `Actividad ${row.subcomponent.position}.${row.position}`;
      const startDays = checkOffset(change.startDays, `${name}, inicio`);
      const endDays = checkOffset(change.endDays, `${name}, fin`);
      if (startDays !== null && endDays !== null && endDays < startDays) {
        throw new AppError('unprocessable', `${name}: el fin (${endDays} días) queda antes del inicio (${startDays} días).`, { details: { activityId: row.id, field: 'endDays' } });
      }
      if (startDays === row.hearingOffsetStartDays && endDays === row.hearingOffsetEndDays) continue;
      await tx.activity.update({ where: { id: row.id }, data: { hearingOffsetStartDays: startDays, hearingOffsetEndDays: endDays } });
      await writeAudit(tx, actor, {
        action: 'update',
        entityType: 'Activity',
        entityId: row.id,
        before: { hearingOffsetStartDays: row.hearingOffsetStartDays, hearingOffsetEndDays: row.hearingOffsetEndDays },
        after: { hearingOffsetStartDays: startDays, hearingOffsetEndDays: endDays },
      });
      row.hearingOffsetStartDays = startDays;
      row.hearingOffsetEndDays = endDays;
      changed++;
    }
    return { changed };
  });
}
