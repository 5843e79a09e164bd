import type { MetricsSettings } from '../config.js';

const DAY_MS = 86_400_000;

/**
 * When the snapshots of a publication are taken, as offsets from its publishing time: the
 * configured ones (+1 h, +24 h, +7 d, +30 d by default) and, when `daily`, one a day from
 * the first day to the last snapshot. Sorted, without repeats.
 */
export function snapshotOffsets(settings: MetricsSettings): number[] {
  const offsets = new Set(settings.snapshotsMs);
  const last = settings.snapshotsMs.at(-1) ?? 0;
  if (settings.daily) for (let t = DAY_MS; t < last; t += DAY_MS) offsets.add(t);
  return [...offsets].sort((a, b) => a - b);
}

/**
 * The next snapshot of a publication published at `publishedAt` strictly after `after`, or
 * null when the last one is past. A collection that ran late (the network asked to wait)
 * goes on from the next point after it, rather than taking the missed ones all at once.
 */
export function nextSnapshotAt(publishedAt: Date, after: Date, offsets: number[]): Date | null {
  const start = publishedAt.getTime();
  const next = offsets.find((o) => start + o > after.getTime());
  return next === undefined ? null : new Date(start + next);
}

/** The first snapshot of a publication that just went out. */
export function firstSnapshotAt(publishedAt: Date, offsets: number[]): Date | null {
  return nextSnapshotAt(publishedAt, publishedAt, offsets);
}
