import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { Db } from '../db/client.js';
import { AppError, notFound } from '../errors.js';
import type { ActivityStatus } from '../generated/prisma/client.js';
import { fromDateOnly, toDateOnly, todayIn } from '../lib/dates.js';
import { getActivity } from './plan-tree.js';

export type ActivityChanges = {
  description?: string;
  goal?: string | null;
  indicator?: string | null;
  plannedStart?: string | null;
  plannedEnd?: string | null;
  actualStart?: string | null;
  actualEnd?: string | null;
  status?: ActivityStatus;
  progress?: number;
  weight?: number;
  allDepartments?: boolean;
  departmentIds?: string[];
  targetValue?: number | null;
  targetMetric?: string | null;
};

/**
 * Updates an activity's schedule, status, progress and departments. Starting an activity
 * records today as its actual start and finishing it records the actual end and 100 %,
 * unless the request says otherwise: that is what the office would write by hand.
 */
export async function updateActivity({ db, actor, id, changes, now = new Date() }: { db: Db; actor: Actor; id: string; changes: ActivityChanges; now?: Date }) {
  await db.$transaction(async (tx) => {
    const current = await tx.activity.findUnique({
      where: { id },
      include: { subcomponent: { select: { plan: { select: { timeZone: true } } } }, departments: { select: { departmentId: true } } },
    });
    if (!current) throw notFound('la actividad', id);
    const today = todayIn(current.subcomponent.plan.timeZone, now);

    const next = {
      plannedStart: pick(changes.plannedStart, toDateOnly(current.plannedStart)),
      plannedEnd: pick(changes.plannedEnd, toDateOnly(current.plannedEnd)),
      actualStart: pick(changes.actualStart, toDateOnly(current.actualStart)),
      actualEnd: pick(changes.actualEnd, toDateOnly(current.actualEnd)),
      progress: changes.progress ?? current.progress,
    };
    if (changes.status === 'in_progress' || changes.status === 'done') next.actualStart ??= today;
    if (changes.status === 'done') {
      next.actualEnd ??= today;
      if (changes.progress === undefined) next.progress = 100;
    }
    assertOrdered(next.plannedStart, next.plannedEnd, 'plannedEnd', 'La fecha final programada es anterior a la de inicio.');
    assertOrdered(next.actualStart, next.actualEnd, 'actualEnd', 'La fecha real de finalización es anterior a la de inicio.');

    if (changes.departmentIds) {
      const unique = [...new Set(changes.departmentIds)];
      const found = await tx.department.findMany({ where: { id: { in: unique } }, select: { id: true } });
      const missing = unique.filter((d) => !found.some((f) => f.id === d));
      if (missing.length > 0) {
        throw new AppError('unprocessable', 'Alguna de las dependencias indicadas no existe.', { details: { missing } });
      }
      await tx.activityDepartment.deleteMany({ where: { activityId: id } });
      await tx.activityDepartment.createMany({ data: unique.map((departmentId) => ({ activityId: id, departmentId })) });
    }

    const { subcomponent: _s, departments: beforeDepartments, ...before } = current;
    const after = await tx.activity.update({
      where: { id },
      data: {
        description: changes.description,
        goal: changes.goal,
        indicator: changes.indicator,
        status: changes.status,
        weight: changes.weight,
        allDepartments: changes.allDepartments,
        targetValue: changes.targetValue,
        targetMetric: changes.targetMetric,
        progress: next.progress,
        plannedStart: fromDateOnly(next.plannedStart),
        plannedEnd: fromDateOnly(next.plannedEnd),
        actualStart: fromDateOnly(next.actualStart),
        actualEnd: fromDateOnly(next.actualEnd),
      },
      include: { departments: { select: { departmentId: true } } },
    });
    const { departments: afterDepartments, ...afterRow } = after;
    await writeAudit(tx, actor, {
      action: 'update',
      entityType: 'Activity',
      entityId: id,
      before: { ...before, departmentIds: beforeDepartments.map((d) => d.departmentId) },
      after: { ...afterRow, departmentIds: afterDepartments.map((d) => d.departmentId) },
    });
  });
  return getActivity(db, id, now);
}

function pick(change: string | null | undefined, current: string | null): string | null {
  return change === undefined ? current : change;
}

function assertOrdered(start: string | null, end: string | null, field: string, message: string) {
  if (start && end && end < start) throw new AppError('unprocessable', message, { details: { field, start, end } });
}
