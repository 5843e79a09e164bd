import type { Db } from '../db/client.js';
import type { Network } from '../generated/prisma/client.js';
import { sqlTime } from '../scheduler/queue.js';
import { interactionsOf, metricNames, reachOf, type MetricName } from './vocabulary.js';

/**
 * The SQL side of the metrics read model. Every read here is one query however many
 * publications are in scope (a plan may have 10,000 with 30 samples each): the latest sample
 * of each publication is found through the (publicationId, collectedAt) index, the daily
 * series reads each publication's samples packed into one row, and nothing is asked per
 * publication.
 *
 * Prisma stores DateTime as ISO text ('2026-11-25T03:00:00.000+00:00'), so instants are
 * compared as text with `sqlTime` (always a full instant: the column's numeric affinity
 * would turn a bare '9999' into a number, which sorts before any text).
 */

/** Which publications, short links and samples a rollup reads. */
export type Scope = { activityIds: string[] } | { pieceId: string };

/** The period of a rollup: publications published in [publishedFrom, publishedBefore), samples collected before `asOf`. */
export type Period = { publishedFrom: Date | null; publishedBefore: Date | null; asOf: Date | null };

export type SampleValues = Record<MetricName, number | null> & { collectedAt: Date };

/** One published publication with its latest sample (null when none was taken yet). */
export type PublicationFigures = {
  publicationId: string;
  pieceId: string;
  pieceTitle: string;
  activityId: string | null;
  network: Network;
  accountLabel: string;
  url: string | null;
  publishedAt: Date | null;
  sample: SampleValues | null;
};

/** Far enough in the future that every stored instant sorts before it. */
const END_OF_TIME = '9999-12-31T23:59:59.999+00:00';

const q = (name: string) => `"${name}"`;
const sampleColumns = metricNames.map((n) => `s.${q(n)}`).join(', ');

function scopeSql(scope: Scope, piece: string): { sql: string; params: unknown[] } {
  if ('pieceId' in scope) return { sql: `${piece}."id" = ?`, params: [scope.pieceId] };
  return { sql: `${piece}."activityId" IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(scope.activityIds)] };
}

function periodSql(period: Period): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (period.publishedFrom) {
    parts.push(`p."publishedAt" >= ?`);
    params.push(sqlTime(period.publishedFrom));
  }
  if (period.publishedBefore) {
    parts.push(`p."publishedAt" < ?`);
    params.push(sqlTime(period.publishedBefore));
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

export function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v); // SQLite's SUM() comes back as a bigint
  return Number.isFinite(n) ? n : null;
}

export function toDate(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const d = new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * The published publications in scope and period, each with its latest sample collected
 * before `period.asOf` (counts are cumulative: the latest replaces the earlier ones; two
 * taken at the same instant: the one written last). One query: the latest sample is a
 * correlated `ORDER BY collectedAt DESC, rowid DESC LIMIT 1` that SQLite answers with one
 * seek in the covering (publicationId, collectedAt) index per publication.
 */
export async function publishedWithLatestSample(db: Db, scope: Scope, period: Period): Promise<PublicationFigures[]> {
  const where = scopeSql(scope, 'pc');
  const when = periodSql(period);
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT p."id" AS "publicationId", p."pieceId" AS "pieceId", pc."title" AS "pieceTitle", pc."activityId" AS "activityId",
            a."network" AS "network", a."label" AS "accountLabel", p."url" AS "url", p."publishedAt" AS "publishedAt",
            s."collectedAt" AS "collectedAt", ${sampleColumns}
       FROM "Publication" p
       JOIN "Piece" pc ON pc."id" = p."pieceId"
       JOIN "ChannelAccount" a ON a."id" = p."accountId"
       LEFT JOIN "MetricSample" s ON s.rowid = (
         SELECT s2.rowid FROM "MetricSample" s2
          WHERE s2."publicationId" = p."id" AND s2."collectedAt" < ?
          ORDER BY s2."collectedAt" DESC, s2.rowid DESC LIMIT 1)
      WHERE p."status" = 'published' AND ${where.sql}${when.sql}`,
    period.asOf ? sqlTime(period.asOf) : END_OF_TIME,
    ...where.params,
    ...when.params,
  );
  return rows.map((r) => {
    const collectedAt = toDate(r['collectedAt']);
    let sample: SampleValues | null = null;
    if (collectedAt) {
      sample = { collectedAt } as SampleValues;
      for (const name of metricNames) sample[name] = toNumber(r[name]);
    }
    return {
      publicationId: String(r['publicationId']),
      pieceId: String(r['pieceId']),
      pieceTitle: String(r['pieceTitle'] ?? ''),
      activityId: r['activityId'] === null || r['activityId'] === undefined ? null : String(r['activityId']),
      network: String(r['network']) as Network,
      accountLabel: String(r['accountLabel'] ?? ''),
      url: r['url'] === null || r['url'] === undefined ? null : String(r['url']),
      publishedAt: toDate(r['publishedAt']),
      sample,
    };
  });
}

/**
 * Every sample of some publications collected before `asOf`, oldest first (same instant: in
 * the order written, as publishedWithLatestSample breaks the tie), for the piece page's charts.
 */
export async function samplesByPublication(db: Db, publicationIds: string[], asOf: Date | null): Promise<Map<string, (Record<MetricName, number | null> & { collectedAt: string })[]>> {
  const out = new Map<string, (Record<MetricName, number | null> & { collectedAt: string })[]>();
  if (publicationIds.length === 0) return out;
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT s."publicationId" AS "publicationId", s."collectedAt" AS "collectedAt", ${sampleColumns}
       FROM "MetricSample" s
      WHERE s."publicationId" IN (SELECT value FROM json_each(?)) AND s."collectedAt" < ?
      ORDER BY s."publicationId", s."collectedAt", s.rowid`,
    JSON.stringify(publicationIds),
    asOf ? sqlTime(asOf) : END_OF_TIME,
  );
  for (const r of rows) {
    const sample = { collectedAt: toDate(r['collectedAt'])!.toISOString() } as Record<MetricName, number | null> & { collectedAt: string };
    for (const name of metricNames) sample[name] = toNumber(r[name]);
    const id = String(r['publicationId']);
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    list.push(sample);
  }
  return out;
}

/** Short-link clicks per piece and network on the days in [fromDay, toDay] (either open). */
export async function shortLinkClicksByPiece(db: Db, scope: Scope, fromDay: string | null, toDay: string | null): Promise<{ pieceId: string; network: Network; clicks: number }[]> {
  const where = scopeSql(scope, 'pc');
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT l."pieceId" AS "pieceId", l."network" AS "network", SUM(d."clicks") AS "clicks"
       FROM "ShortLink" l
       JOIN "Piece" pc ON pc."id" = l."pieceId"
       JOIN "ShortLinkDay" d ON d."shortLinkId" = l."id"
      WHERE ${where.sql} AND d."day" >= ? AND d."day" <= ?
      GROUP BY l."pieceId", l."network"`,
    ...where.params,
    fromDay ?? '0000-00-00',
    toDay ?? '9999-99-99',
  );
  return rows.map((r) => ({ pieceId: String(r['pieceId']), network: String(r['network']) as Network, clicks: toNumber(r['clicks']) ?? 0 }));
}

/** Short-link clicks of each day in [fromDay, toDay]. */
export async function shortLinkClicksByDay(db: Db, scope: Scope, fromDay: string, toDay: string): Promise<Map<string, number>> {
  const where = scopeSql(scope, 'pc');
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT d."day" AS "day", SUM(d."clicks") AS "clicks"
       FROM "ShortLink" l
       JOIN "Piece" pc ON pc."id" = l."pieceId"
       JOIN "ShortLinkDay" d ON d."shortLinkId" = l."id"
      WHERE ${where.sql} AND d."day" >= ? AND d."day" <= ?
      GROUP BY d."day"`,
    ...where.params,
    fromDay,
    toDay,
  );
  return new Map(rows.map((r) => [String(r['day']), toNumber(r['clicks']) ?? 0]));
}

export type DayDelta = { reach: number; interactions: number; views: number };

/** The sample columns the series needs, in the order they are packed. */
const seriesColumns = ['impressions', 'views', 'likes', 'shares', 'replies', 'quotes', 'saves'] as const satisfies readonly MetricName[];

/**
 * For the cumulative series: per day (YYYY-MM-DD in `timeZone`), how much the sum over
 * publications of "the latest sample on or before that day" changed that day. Each sample
 * adds its difference with the publication's previous sample to its own day; the differences
 * of one day telescope to (last sample of the day − last sample before the day), so a day
 * without a sample changes nothing (carry forward) and the running sum of these deltas is
 * the series.
 *
 * One query: SQLite walks the (publicationId, collectedAt) index and packs each
 * publication's samples, in time order, into one text ("epoch,impressions,views,…,epoch,…"), so
 * 300,000 samples cross to JavaScript as 10,000 short rows; reach and interactions are then
 * vocabulary.reachOf and interactionsOf. `around` is the span whose zone offsets are worked
 * out once (samples outside it are placed one by one).
 */
export async function dailySampleDeltas(db: Db, publicationIds: string[], timeZone: string, asOf: Date | null, around: { from: Date; to: Date }): Promise<Map<string, DayDelta>> {
  if (publicationIds.length === 0) return new Map();
  const packed = seriesColumns.map((c) => `COALESCE(s.${q(c)}, '')`).join(` || ',' || `);
  const rows = await db.$queryRawUnsafe<{ g: string | null }[]>(
    // The index gives each publication's samples by collectedAt, then rowid (insertion order):
    // the same order publishedWithLatestSample takes the latest by.
    `SELECT group_concat(unixepoch(s."collectedAt") || ',' || ${packed}, ',') AS g
       FROM "MetricSample" s INDEXED BY "MetricSample_publicationId_collectedAt_idx"
      WHERE s."publicationId" IN (SELECT value FROM json_each(?)) AND s."collectedAt" < ?
      GROUP BY s."publicationId"`,
    JSON.stringify(publicationIds),
    asOf ? sqlTime(asOf) : END_OF_TIME,
  );
  const dayOf = zoneDayOf(timeZone, around.from, around.to);
  const byDay = new Map<number, DayDelta>();
  const width = seriesColumns.length + 1;
  const values: Record<(typeof seriesColumns)[number], number | null> = { impressions: null, views: null, likes: null, shares: null, replies: null, quotes: null, saves: null };
  const num = (text: string) => (text === '' ? null : +text);
  for (const row of rows) {
    if (!row.g) continue;
    const parts = row.g.split(',');
    const count = Math.floor(parts.length / width);
    let order: number[] | null = null;
    // The index walk gives time order; should SQLite ever not, sort (stably) by time.
    for (let i = 1; i < count; i++) {
      if (+parts[i * width]! < +parts[(i - 1) * width]!) {
        order = Array.from({ length: count }, (_, j) => j * width).sort((x, y) => +parts[x]! - +parts[y]! || x - y);
        break;
      }
    }
    let prevReach = 0;
    let prevInteractions = 0;
    let prevViews = 0;
    for (let i = 0; i < count; i++) {
      const k = order ? order[i]! : i * width;
      // seriesColumns' order.
      values.impressions = num(parts[k + 1]!);
      values.views = num(parts[k + 2]!);
      values.likes = num(parts[k + 3]!);
      values.shares = num(parts[k + 4]!);
      values.replies = num(parts[k + 5]!);
      values.quotes = num(parts[k + 6]!);
      values.saves = num(parts[k + 7]!);
      const reach = reachOf(values);
      const interactions = interactionsOf(values);
      const views = values.views ?? 0;
      const day = dayOf(+parts[k]! * 1000);
      let d = byDay.get(day);
      if (!d) byDay.set(day, (d = { reach: 0, interactions: 0, views: 0 }));
      d.reach += reach - prevReach;
      d.interactions += interactions - prevInteractions;
      d.views += views - prevViews;
      prevReach = reach;
      prevInteractions = interactions;
      prevViews = views;
    }
  }
  return new Map([...byDay.entries()].map(([day, d]) => [new Date(day * DAY_MS).toISOString().slice(0, 10), d]));
}

const DAY_MS = 86_400_000;

/**
 * A function from an instant (ms) to its day in the zone, as whole days since 1970-01-01:
 * the offsets between `from` and `to` are found once (zoneSegments); an instant outside is
 * asked of Intl (memoized per quarter hour, the finest step any zone's offset has).
 */
function zoneDayOf(timeZone: string, from: Date, to: Date): (ms: number) => number {
  const segments = zoneSegments(timeZone, from, to);
  const lo = from.getTime();
  const hi = to.getTime();
  const memo = new Map<number, number>();
  const single = segments.length === 1 ? segments[0]!.minutes : null;
  return (ms) => {
    let minutes: number;
    if (ms >= lo && ms < hi) {
      minutes = single ?? segments.find((s) => s.until === null || ms < s.until.getTime())!.minutes;
    } else {
      const bucket = Math.floor(ms / 900_000);
      minutes = memo.get(bucket) ?? zoneOffsetMinutes(timeZone, new Date(ms));
      memo.set(bucket, minutes);
    }
    return Math.floor((ms + minutes * 60_000) / DAY_MS);
  };
}

// ---------------------------------------------------------------- the office's day

/** The zone's offset from UTC at an instant, in whole minutes (Bogotá: -300). */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  const parts = Object.fromEntries(
    offsetFormatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const asUtc = Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function offsetFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The zone's offsets between two instants: [{ until, minutes }], the last one open. Probed
 * every 6 hours; each change is then narrowed to the exact instant (zones change offset at
 * most twice a year, never twice in 6 hours).
 */
export function zoneSegments(timeZone: string, from: Date, to: Date): { until: Date | null; minutes: number }[] {
  const STEP = 6 * 3_600_000;
  const segments: { until: Date | null; minutes: number }[] = [];
  let t = from.getTime();
  let current = zoneOffsetMinutes(timeZone, new Date(t));
  while (t < to.getTime()) {
    const next = Math.min(t + STEP, to.getTime());
    const offset = zoneOffsetMinutes(timeZone, new Date(next));
    if (offset !== current) {
      // Narrow (t, next] to the first millisecond with the new offset (~25 steps).
      let lo = t;
      let hi = next;
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (zoneOffsetMinutes(timeZone, new Date(mid)) === current) lo = mid;
        else hi = mid;
      }
      segments.push({ until: new Date(hi), minutes: current });
      current = offset;
    }
    t = next;
  }
  segments.push({ until: null, minutes: current });
  return segments;
}
