import type { AuthUser } from '../auth/authenticate.js';
import type { DbOrTx } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';
import { todayIn } from '../lib/dates.js';
import { toActivityView, type ActivityView } from '../plan/plan-tree.js';
import { activityScope } from './scope.js';

export type LateActivity = ActivityView & { planTitle: string; lateness: Extract<ActivityView['lateness'], { late: true }> };

/**
 * Late activities, worst first, flagged by the plan's own view (`toActivityView`, which
 * applies `activityLateness`) with "today" in each plan's zone, as the plan page does.
 * `timeZone` is only the fallback for a plan without one.
 */
export async function listLateActivities(db: DbOrTx, user: AuthUser, now: Date, timeZone: string): Promise<LateActivity[]> {
  const scope = activityScope(user);
  const where: Prisma.ActivityWhereInput = { status: { in: ['pending', 'in_progress'] }, OR: [{ plannedStart: { not: null } }, { plannedEnd: { not: null } }] };
  const rows = await db.activity.findMany({
    where: scope ? { AND: [where, scope] } : where,
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
