import type { DbOrTx } from '../db/client.js';
import { notFound } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { toDateOnly, todayIn } from '../lib/dates.js';
import { activityLateness, scheduleOf, type Lateness } from './lateness.js';

const activityInclude = {
  departments: { include: { department: true }, orderBy: { department: { name: 'asc' } } },
  subcomponent: { select: { id: true, name: true, planId: true } },
  _count: { select: { pieces: true } },
} satisfies Prisma.ActivityInclude;

type ActivityRow = Prisma.ActivityGetPayload<{ include: typeof activityInclude }>;

export type ActivityView = ReturnType<typeof toActivityView>;

export function toActivityView(a: ActivityRow, today: string) {
  const schedule = scheduleOf(a);
  const lateness: Lateness = activityLateness(schedule, today);
  return {
    id: a.id,
    planId: a.subcomponent.planId,
    subcomponentId: a.subcomponentId,
    subcomponentName: a.subcomponent.name,
    position: a.position,
    description: a.description,
    goal: a.goal,
    indicator: a.indicator,
    ...schedule,
    actualEnd: toDateOnly(a.actualEnd),
    progress: a.progress,
    weight: a.weight,
    allDepartments: a.allDepartments,
    departments: a.departments.map((d) => ({ id: d.department.id, name: d.department.name })),
    targetValue: a.targetValue,
    targetMetric: a.targetMetric,
    pieceCount: a._count.pieces,
    lateness,
    sourceLine: a.sourceLine,
  };
}

export async function getActivity(db: DbOrTx, id: string, now = new Date()) {
  const a = await db.activity.findUnique({
    where: { id },
    include: { ...activityInclude, subcomponent: { select: { id: true, name: true, planId: true, plan: { select: { timeZone: true } } } } },
  });
  if (!a) throw notFound('la actividad', id);
  return toActivityView(a, todayIn(a.subcomponent.plan.timeZone, now));
}

export function toPlanSummary(p: Prisma.PlanGetPayload<object>) {
  return {
    id: p.id,
    title: p.title,
    objective: p.objective,
    year: p.year,
    timeZone: p.timeZone,
    requireDepartmentApproval: p.requireDepartmentApproval,
    missedGraceMinutes: p.missedGraceMinutes,
    sourceName: p.sourceName,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export async function listPlans(db: DbOrTx) {
  const plans = await db.plan.findMany({
    orderBy: { createdAt: 'desc' },
    include: { subcomponents: { select: { _count: { select: { activities: true } } } } },
  });
  return plans.map((p) => ({
    ...toPlanSummary(p),
    subcomponentCount: p.subcomponents.length,
    activityCount: p.subcomponents.reduce((n, s) => n + s._count.activities, 0),
  }));
}

/** The plan with its subcomponents and activities in order, each with its lateness today. */
export async function getPlanTree(db: DbOrTx, id: string, now = new Date()) {
  const plan = await db.plan.findUnique({
    where: { id },
    include: {
      subcomponents: {
        orderBy: { position: 'asc' },
        include: { activities: { orderBy: { position: 'asc' }, include: activityInclude } },
      },
    },
  });
  if (!plan) throw notFound('el plan', id);
  const today = todayIn(plan.timeZone, now);
  const subcomponents = plan.subcomponents.map((s) => {
    const activities = s.activities.map((a) => toActivityView(a, today));
    return { id: s.id, name: s.name, position: s.position, progress: weightedProgress(activities), activities };
  });
  const all = subcomponents.flatMap((s) => s.activities);
  return {
    ...toPlanSummary(plan),
    today,
    progress: weightedProgress(all),
    lateCount: all.filter((a) => a.lateness.late).length,
    subcomponents,
  };
}

/** Progress of a group of activities, weighted by each activity's weight; cancelled ones do not count. */
export function weightedProgress(activities: { progress: number; weight: number; status: string }[]): number {
  const counted = activities.filter((a) => a.status !== 'cancelled');
  const totalWeight = counted.reduce((n, a) => n + a.weight, 0);
  if (totalWeight === 0) return 0;
  return Math.round(counted.reduce((n, a) => n + a.progress * a.weight, 0) / totalWeight);
}
