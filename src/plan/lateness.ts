import { daysBetween, toDateOnly } from '../lib/dates.js';

export type ScheduleInput = {
  status: 'pending' | 'in_progress' | 'done' | 'cancelled';
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
};

/** An activity row's schedule as `activityLateness` reads it: its stored dates as calendar days. */
export function scheduleOf(a: { status: ScheduleInput['status']; plannedStart: Date | null; plannedEnd: Date | null; actualStart: Date | null }): ScheduleInput {
  return { status: a.status, plannedStart: toDateOnly(a.plannedStart), plannedEnd: toDateOnly(a.plannedEnd), actualStart: toDateOnly(a.actualStart) };
}

export type Lateness =
  | { late: false }
  | { late: true; reason: 'not_started' | 'not_finished'; daysLate: number };

/**
 * Whether an activity is behind its schedule on `today` (a date in the plan's zone).
 * Not finished after its planned end is worse than not started after its planned start,
 * so it wins when both hold. Done and cancelled activities are never late.
 */
export function activityLateness(a: ScheduleInput, today: string): Lateness {
  if (a.status === 'done' || a.status === 'cancelled') return { late: false };
  if (a.plannedEnd && today > a.plannedEnd) {
    return { late: true, reason: 'not_finished', daysLate: daysBetween(a.plannedEnd, today) };
  }
  const started = a.status === 'in_progress' || a.actualStart !== null;
  if (!started && a.plannedStart && today > a.plannedStart) {
    return { late: true, reason: 'not_started', daysLate: daysBetween(a.plannedStart, today) };
  }
  return { late: false };
}
