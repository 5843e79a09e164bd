import { describe, expect, it } from 'vitest';
import { defaultMetricsSettings, loadConfig, parseSnapshotList } from '../../src/config.js';
import { packBatches } from '../../src/metrics/collect.js';
import { firstSnapshotAt, nextSnapshotAt, snapshotOffsets } from '../../src/metrics/snapshots.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('snapshot schedule', () => {
  it('by default: +1 h, then every day from +24 h to +30 d', () => {
    const offsets = snapshotOffsets(defaultMetricsSettings);
    expect(offsets[0]).toBe(HOUR);
    expect(offsets.slice(1)).toEqual(Array.from({ length: 30 }, (_, i) => (i + 1) * DAY));
  });

  it('without daily snapshots: only the configured points', () => {
    expect(snapshotOffsets({ ...defaultMetricsSettings, daily: false })).toEqual([HOUR, DAY, 7 * DAY, 30 * DAY]);
  });

  it('the next point is strictly after the one served, and null after the last', () => {
    const t0 = new Date('2026-11-01T15:00:00Z');
    const offsets = snapshotOffsets({ ...defaultMetricsSettings, daily: false });
    expect(firstSnapshotAt(t0, offsets)).toEqual(new Date('2026-11-01T16:00:00Z'));
    expect(nextSnapshotAt(t0, new Date('2026-11-01T16:00:00Z'), offsets)).toEqual(new Date('2026-11-02T15:00:00Z'));
    expect(nextSnapshotAt(t0, new Date('2026-11-05T00:00:00Z'), offsets)).toEqual(new Date('2026-11-08T15:00:00Z'));
    expect(nextSnapshotAt(t0, new Date('2026-12-01T15:00:00Z'), offsets)).toBeNull();
  });

  it('reads the setting as hours and days, and refuses anything else in Spanish', () => {
    expect(parseSnapshotList('2h, 3d ,1h')).toEqual([HOUR, 2 * HOUR, 3 * DAY]);
    expect(parseSnapshotList('0.5h')).toEqual([HOUR / 2]);
    expect(parseSnapshotList('1 semana')).toBeNull();
    expect(parseSnapshotList('0h')).toBeNull();
    expect(() => loadConfig({ PREGON_METRICS_SNAPSHOTS: '1h,mañana' })).toThrow(/PREGON_METRICS_SNAPSHOTS debe ser una lista/);
    expect(loadConfig({ PREGON_METRICS_SNAPSHOTS: '6h,2d', PREGON_METRICS_DAILY: 'false', PREGON_METRICS_WINDOW_MIN: '5' }).metrics).toEqual({ snapshotsMs: [6 * HOUR, 2 * DAY], daily: false, windowMs: 5 * 60_000 });
  });
});

describe('packing publications into requests', () => {
  const row = (remoteId: string, parts = 1) => ({ id: remoteId, remoteId, rawResponse: JSON.stringify({ parts }), publishedAt: new Date(), metricsDueAt: new Date() });
  const channel = { metricsBatch: { maxIds: 5, idsOf: (p: { raw: unknown }) => Array.from({ length: (p.raw as { parts: number }).parts }, (_, i) => String(i)) } };

  it('fills each request up to the limit, in due order', () => {
    const batches = packBatches(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => row(id)), channel);
    expect(batches.map((b) => b.rows.map((r) => r.remoteId))).toEqual([['a', 'b', 'c', 'd', 'e'], ['f', 'g']]);
  });

  it('keeps a thread in one request, and a thread longer than the limit alone', () => {
    const batches = packBatches([row('a'), row('b'), row('c'), row('t', 3), row('long', 7), row('d')], channel);
    expect(batches.map((b) => b.rows.map((r) => r.remoteId))).toEqual([['a', 'b', 'c'], ['t'], ['long'], ['d']]);
  });
});
