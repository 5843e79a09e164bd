import type { AuthUser } from '../auth/authenticate.js';
import { can, departmentScopedRoles } from '../auth/permissions.js';
import type { DbOrTx } from '../db/client.js';
import { sortNetworks } from '../dashboard/waiting-pieces.js';
import type { Network, PieceKind, PieceStatus, Prisma, PublicationStatus } from '../generated/prisma/client.js';
import { zonedDayTime, type CalendarFilters } from './range.js';

/** Piece statuses whose time may still be moved (by dragging it in the calendar or on the piece's page). */
export const reschedulableStatuses: readonly PieceStatus[] = ['draft', 'in_review', 'approved', 'scheduled'];

/** One network of an item: the publication on it that day (with its status and link), or null when none exists yet. */
export type CalendarMark = {
  network: Network;
  publication: {
    id: string;
    status: PublicationStatus;
    url: string | null;
    error: string | null;
    accountLabel: string;
    sandbox: boolean;
    /** When it went out (published) or is or was due. */
    at: Date | null;
  } | null;
};

/** One piece on one day: its own scheduled time, and/or its publications of that day. */
export type CalendarItem = {
  pieceId: string;
  title: string;
  kind: PieceKind;
  status: PieceStatus;
  activity: { id: string; description: string } | null;
  /** The day in the office's zone (`YYYY-MM-DD`) and the time shown: the earliest of the day. */
  day: string;
  at: Date;
  /** `HH:mm` in the office's zone: the script keeps it when the item is dropped on another day. */
  localTime: string;
  /** True when the item stands for the piece's own scheduled time (the one a drag moves). */
  scheduled: boolean;
  /** The signed-in person may move it: a reschedulable status, piece:write, and (departments) their own activity. */
  reschedulable: boolean;
  marks: CalendarMark[];
};

const liveUnpublished: PublicationStatus[] = ['pending', 'publishing', 'failed', 'unconfirmed', 'held'];

/** Publications the calendar shows in a window: published ones by when they went out, the rest by when they are due. */
function publicationsIn(from: Date, until: Date, network: Network | undefined): Prisma.PublicationWhereInput {
  const inWindow = { gte: from, lt: until };
  return {
    ...(network ? { account: { network } } : {}),
    OR: [
      { status: 'published', publishedAt: inWindow },
      { status: { in: liveUnpublished }, scheduledAt: inWindow },
      // "Publicar ahora" has no scheduled time: an attempt that failed or was not confirmed shows when it was made.
      { status: { in: liveUnpublished }, scheduledAt: null, attemptStartedAt: inWindow },
    ],
  };
}

function activityFilter(f: CalendarFilters): Prisma.ActivityWhereInput | null {
  if (!f.subcomponentId && !f.activityId && !f.departmentId) return null;
  return {
    ...(f.subcomponentId ? { subcomponentId: f.subcomponentId } : {}),
    ...(f.activityId ? { id: f.activityId } : {}),
    // An activity of "todas las dependencias" belongs to each one (the same rule as src/dashboard/scope.ts).
    ...(f.departmentId ? { OR: [{ allDepartments: true }, { departments: { some: { departmentId: f.departmentId } } }] } : {}),
  };
}

/** Whether a person may change a piece's schedule: piece:write and, for department users, an activity of theirs. */
function mayReschedule(user: AuthUser | null, activity: { allDepartments: boolean; departments: { departmentId: string }[] } | null): boolean {
  if (!user || !can(user.role, 'piece:write')) return false;
  if (!departmentScopedRoles.includes(user.role)) return true;
  return !!activity && (activity.allDepartments || activity.departments.some((d) => user.departmentIds.includes(d.departmentId)));
}

export type CalendarWindow = { from: Date; until: Date; timeZone: string };

/**
 * The calendar's items between two instants, with the filters: every piece (not cancelled)
 * scheduled in the window, on its day in the office's zone, and every publication in the
 * window (published ones by when they went out; pending, failed, unconfirmed or on hold
 * ones by when they are due). A piece whose publications fall on other days than its own
 * time appears on each of those days. Sorted by time, then title.
 */
export async function listCalendar(db: DbOrTx, user: AuthUser | null, { from, until, timeZone }: CalendarWindow, filters: CalendarFilters = {}): Promise<CalendarItem[]> {
  const pubWhere = publicationsIn(from, until, filters.network);
  const activity = activityFilter(filters);
  const rows = await db.piece.findMany({
    where: {
      status: filters.status ?? { not: 'cancelled' },
      ...(activity ? { activity: { is: activity } } : {}),
      AND: [
        { OR: [{ scheduledAt: { gte: from, lt: until } }, { publications: { some: pubWhere } }] },
        filters.network ? { OR: [{ variants: { some: { network: filters.network } } }, { publications: { some: { account: { network: filters.network } } } }] } : {},
      ],
    },
    select: {
      id: true,
      title: true,
      kind: true,
      status: true,
      scheduledAt: true,
      activity: { select: { id: true, description: true, allDepartments: true, departments: { select: { departmentId: true } } } },
      variants: { select: { network: true } },
      publications: {
        where: pubWhere,
        select: { id: true, status: true, scheduledAt: true, publishedAt: true, attemptStartedAt: true, url: true, error: true, account: { select: { network: true, label: true, sandbox: true } } },
        orderBy: { createdAt: 'asc' },
      },
    },
  });

  const dayOf = (d: Date) => zonedDayTime(d, timeZone).day;
  const items: CalendarItem[] = [];
  for (const p of rows) {
    type Pub = (typeof p.publications)[number];
    const days = new Map<string, { at: Date; scheduled: boolean; pubs: Pub[] }>();
    if (p.scheduledAt && p.scheduledAt >= from && p.scheduledAt < until) days.set(dayOf(p.scheduledAt), { at: p.scheduledAt, scheduled: true, pubs: [] });
    for (const pub of p.publications) {
      const at = pub.status === 'published' ? pub.publishedAt : (pub.scheduledAt ?? pub.attemptStartedAt);
      if (!at) continue;
      const day = dayOf(at);
      const entry = days.get(day);
      if (!entry) days.set(day, { at, scheduled: false, pubs: [pub] });
      else {
        entry.pubs.push(pub);
        if (!entry.scheduled && at < entry.at) entry.at = at;
      }
    }
    const reschedulable = reschedulableStatuses.includes(p.status) && mayReschedule(user, p.activity);
    for (const [day, entry] of days) {
      // The piece's own day lists every network it has a variant for; other days only what went out (or was due) then.
      const planned = entry.scheduled ? p.variants.map((v) => v.network).filter((n) => !filters.network || n === filters.network) : [];
      const networks = sortNetworks([...planned, ...entry.pubs.map((pub) => pub.account.network)]);
      const marks = networks.flatMap((network): CalendarMark[] => {
        const pubs = entry.pubs.filter((pub) => pub.account.network === network);
        if (pubs.length === 0) return [{ network, publication: null }];
        return pubs.map((pub) => ({
          network,
          publication: {
            id: pub.id,
            status: pub.status,
            url: pub.url,
            error: pub.error,
            accountLabel: pub.account.label,
            sandbox: pub.account.sandbox,
            at: pub.status === 'published' ? pub.publishedAt : (pub.scheduledAt ?? pub.attemptStartedAt),
          },
        }));
      });
      items.push({
        pieceId: p.id,
        title: p.title,
        kind: p.kind,
        status: p.status,
        activity: p.activity && { id: p.activity.id, description: p.activity.description },
        day,
        at: entry.at,
        localTime: zonedDayTime(entry.at, timeZone).time,
        scheduled: entry.scheduled,
        reschedulable: entry.scheduled && reschedulable,
        marks,
      });
    }
  }
  items.sort((a, b) => a.at.getTime() - b.at.getTime() || a.title.localeCompare(b.title, 'es'));
  return items;
}

export type CalendarOptions = {
  subcomponents: { id: string; name: string; planTitle: string }[];
  activities: { id: string; description: string; subcomponentId: string }[];
  departments: { id: string; name: string }[];
};

/** What the filter form offers: every plan's subcomponents and activities, and the departments. */
export async function calendarOptions(db: DbOrTx): Promise<CalendarOptions> {
  const [subcomponents, departments] = await Promise.all([
    db.subcomponent.findMany({
      orderBy: [{ plan: { createdAt: 'asc' } }, { position: 'asc' }],
      select: { id: true, name: true, plan: { select: { title: true } }, activities: { orderBy: { position: 'asc' }, select: { id: true, description: true } } },
    }),
    db.department.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ]);
  return {
    subcomponents: subcomponents.map((s) => ({ id: s.id, name: s.name, planTitle: s.plan.title })),
    activities: subcomponents.flatMap((s) => s.activities.map((a) => ({ id: a.id, description: a.description, subcomponentId: s.id }))),
    departments,
  };
}
