import type { Db } from '../db/client.js';
import { notFound } from '../errors.js';
import { publishedWithLatestSample } from './latest-samples.js';
import type { BestTimeCell, BestTimes } from './rollup-types.js';
import { engagementRate, interactionsOf, reachOf } from './vocabulary.js';

const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Weekday (0 = Sunday) and hour (0–23) of an instant on the office's wall clock. */
export function weekdayHourIn(timeZone: string, at: Date, formatter = weekdayHourFormatter(timeZone)): { weekday: number; hour: number } {
  const parts = formatter.formatToParts(at);
  const weekday = weekdays[parts.find((p) => p.type === 'weekday')?.value ?? ''] ?? 0;
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0) % 24;
  return { weekday, hour };
}

export function weekdayHourFormatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
}

/**
 * When the plan's own publications did best: each published publication on a social network
 * with at least one sample adds its latest reach and interactions to the cell of the weekday × hour it went out
 * (office's zone). A cell's rate is Σ interactions / Σ reach. Suggestions: the three cells with
 * the highest rate among those with at least `minPublications` publications (ties: more
 * publications, then more reach, then earlier in the week). Only cells with publications are
 * listed, by weekday and hour.
 */
export async function bestTimes(db: Db, planId: string, { timeZone, minPublications = 2 }: { timeZone: string; minPublications?: number }): Promise<BestTimes> {
  const plan = await db.plan.findUnique({ where: { id: planId }, select: { subcomponents: { select: { activities: { select: { id: true } } } } } });
  if (!plan) throw notFound('el plan', planId);
  const activityIds = plan.subcomponents.flatMap((s) => s.activities.map((a) => a.id));
  const rows = await publishedWithLatestSample(db, { activityIds }, { publishedFrom: null, publishedBefore: null, asOf: null });
  const formatter = weekdayHourFormatter(timeZone);
  const cells = new Map<number, BestTimeCell>();
  for (const row of rows) {
    // The website counts visits, not interactions: its hours say nothing about engagement.
    if (!row.sample || !row.publishedAt || row.network === 'website') continue;
    const { weekday, hour } = weekdayHourIn(timeZone, row.publishedAt, formatter);
    const key = weekday * 24 + hour;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { weekday, hour, publications: 0, reach: 0, interactions: 0, rate: null }));
    cell.publications += 1;
    cell.reach += reachOf(row.sample);
    cell.interactions += interactionsOf(row.sample);
  }
  const list = [...cells.entries()].sort((a, b) => a[0] - b[0]).map(([, c]) => ({ ...c, rate: engagementRate(c.interactions, c.reach) }));
  const suggestions = list
    .filter((c) => c.publications >= minPublications && c.rate !== null)
    .sort((a, b) => b.rate! - a.rate! || b.publications - a.publications || b.reach - a.reach || a.weekday * 24 + a.hour - (b.weekday * 24 + b.hour))
    .slice(0, 3);
  return { cells: list, suggestions };
}
