import type { AuthUser } from '../auth/authenticate.js';
import type { DbOrTx } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';
import { todayIn } from '../lib/dates.js';
import { activityLateness, scheduleOf } from '../plan/lateness.js';
import { toActivityView, type ActivityView } from '../plan/plan-tree.js';
import { activityScope } from './scope.js';

export type LateActivity = ActivityView & { planTitle: string; lateness: Extract<ActivityView['lateness'], { late: true }> };

/**
 * Late activities, worst first, flagged by the plan's own view (`toActivityView`, which
 * applies `activityLateness`) with "today" in each plan's zone, as the plan page does.
 * `timeZone` is only the fallback for a plan without one.
 */
export async function listLateActivities(db: DbOrTx, user: AuthUser, now: Date, timeZone: string): Promise<LateActivity[]> {
  const rows = await db.activity.findMany({
    where: candidates(user),
    include: {
      departments: { include: { department: true }, orderBy: { department: { name: 'asc' } } },
      subcomponent: { select: { id: true, name: true, planId: true, position: true, plan: { select: { title: true, timeZone: true } } } },
      _count: { select: { pieces: true } },
    },
    orderBy: [{ subcomponent: { position: 'asc' } }, { position: 'asc' }],
  });
  const todayByZone = new Map<string, string>();
  const today = (zone: string) => todayByZone.get(zone) ?? todayByZone.set(zone, todayIn(zone, now)).get(zone)!;
  const late: LateActivity[] = [];
  for (const row of rows) {
    const view = toActivityView(row, today(row.subcomponent.plan.timeZone || timeZone));
    if (view.lateness.late) late.push({ ...view, lateness: view.lateness, planTitle: row.subcomponent.plan.title });
  }
  return late.sort((a, b) => b.lateness.daysLate - a.lateness.daysLate);
}

/** How many `listLateActivities` would list, reading only the dates (the header badge runs it on every page). */
export async function countLateActivities(db: DbOrTx, user: AuthUser, now: Date, timeZone: string): Promise<number> {
  const rows = await db.activity.findMany({
    where: candidates(user),
    select: { status: true, plannedStart: true, plannedEnd: true, actualStart: true, subcomponent: { select: { plan: { select: { timeZone: true } } } } },
  });
  const todayByZone = new Map<string, string>();
  const today = (zone: string) => todayByZone.get(zone) ?? todayByZone.set(zone, todayIn(zone, now)).get(zone)!;
  return rows.filter((r) => activityLateness(scheduleOf(r), today(r.subcomponent.plan.timeZone || timeZone)).late).length;
}

/** Open activities with a planned date, in the person's scope: the only ones that can be late. */
function candidates(user: AuthUser): Prisma.ActivityWhereInput {
  const scope = activityScope(user);
  const where: Prisma.ActivityWhereInput = { status: { in: ['pending', 'in_progress'] }, OR: [{ plannedStart: { not: null } }, { plannedEnd: { not: null } }] };
  return scope ? { AND: [where, scope] } : where;
}
