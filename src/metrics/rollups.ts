import type { Db } from '../db/client.js';
import { notFound } from '../errors.js';
import type { Network } from '../generated/prisma/client.js';
import { networkLabel } from '../i18n/es.js';
import { fromLocalDateTime, toDateOnly, todayIn } from '../lib/dates.js';
import {
  dailySampleDeltas,
  samplesByPublication,
  publishedWithLatestSample,
  shortLinkClicksByDay,
  shortLinkClicksByPiece,
  type Period,
  type PublicationFigures,
  type Scope,
} from './latest-samples.js';
import type {
  ActivityMetrics,
  ActivityRow,
  Attainment,
  ChannelKey,
  DayPoint,
  GroupRow,
  PieceMetrics,
  PlanMetrics,
  PublicationSeries,
  SubcomponentRow,
  TopPiece,
  Totals,
} from './rollup-types.js';
import { engagementRate, interactionsOf, isTargetMetric, manualReachOf, metricNames, reachOf, type MetricName } from './vocabulary.js';

export { bestTimes } from './best-time.js';
export { metricsCsv, metricsCsvFileName, planCsvTables, pieceCsvTables, activityCsvTables, type PlanCsvTable, type PieceCsvTable, type ActivityCsvTable } from './metrics-csv.js';

/**
 * The metrics read model: what the plan, an activity or a piece reached, from the stored
 * numbers only (nothing here asks a network).
 *
 * - A publication counts when it is published; its figures are its latest sample (counts are
 *   cumulative: never added across samples). Without a sample it adds 0 but still counts.
 * - Manual entries (offline pieces) add their reach (manualReachOf) and attendance; they are
 *   the "offline" channel. Engagement rate = interactions / digital reach.
 * - Short-link clicks are the daily clicks of the pieces' `/l/:code` links.
 * - With `from`/`to` (YYYY-MM-DD, office's zone) the rollup covers the publications published
 *   in those days, the manual entries dated in them and the clicks of those days, with the
 *   samples collected up to the end of `to`; the series covers the same days.
 */

export type RollupOptions = {
  timeZone: string;
  /** First day (YYYY-MM-DD in the office's zone); default: no lower bound, series from the first publication or entry. */
  from?: string;
  /** Last day; default: no upper bound, series up to today. */
  to?: string;
  /** Most pieces listed (PlanMetrics.topPieces, default 10; ActivityMetrics.pieces, default all). */
  limit?: number;
  /** "Today" for the series' default end (tests). */
  now?: Date;
};

export const offlineLabel = 'Fuera de línea';
const channelOrder: ChannelKey[] = ['x', 'youtube', 'facebook', 'website', 'offline'];

export function channelLabel(key: ChannelKey): string {
  return key === 'offline' ? offlineLabel : networkLabel[key];
}

// ---------------------------------------------------------------- accumulating

/** Running sums of a group; Totals are derived from it once every row is in. */
type Acc = {
  metrics: Record<MetricName, number>;
  digitalReach: number;
  /** Reach on networks that count interactions (not the website, which counts only visits): the rate's denominator. */
  interactiveReach: number;
  interactions: number;
  shortLinkClicks: number;
  publications: number;
  pieces: Set<string>;
  manualReach: number;
  attendance: number;
  /** Published YouTube publications (target videos_published). */
  videos: number;
  /** Manual entries (so an offline channel with zero reach still shows). */
  entries: number;
  /** Responses to the surveys of the activity (target survey_answers). */
  surveyAnswers: number;
};

function newAcc(): Acc {
  const metrics = {} as Record<MetricName, number>;
  for (const name of metricNames) metrics[name] = 0;
  return { metrics, digitalReach: 0, interactiveReach: 0, interactions: 0, shortLinkClicks: 0, publications: 0, pieces: new Set(), manualReach: 0, attendance: 0, videos: 0, entries: 0, surveyAnswers: 0 };
}

function addPublication(acc: Acc, pub: PublicationFigures) {
  acc.publications += 1;
  acc.pieces.add(pub.pieceId);
  if (pub.network === 'youtube') acc.videos += 1;
  if (!pub.sample) return;
  for (const name of metricNames) acc.metrics[name] += pub.sample[name] ?? 0;
  acc.digitalReach += reachOf(pub.sample);
  if (pub.network !== 'website') acc.interactiveReach += reachOf(pub.sample);
  acc.interactions += interactionsOf(pub.sample);
}

function addEntry(acc: Acc, entry: EntryRow) {
  acc.entries += 1;
  acc.manualReach += entry.reach;
  acc.attendance += entry.attendance;
}

function merge(into: Acc, from: Acc): Acc {
  for (const name of metricNames) into.metrics[name] += from.metrics[name];
  into.digitalReach += from.digitalReach;
  into.interactiveReach += from.interactiveReach;
  into.interactions += from.interactions;
  into.shortLinkClicks += from.shortLinkClicks;
  into.publications += from.publications;
  for (const p of from.pieces) into.pieces.add(p);
  into.manualReach += from.manualReach;
  into.attendance += from.attendance;
  into.videos += from.videos;
  into.entries += from.entries;
  into.surveyAnswers += from.surveyAnswers;
  return into;
}

function totalsOf(acc: Acc): Totals {
  return {
    ...acc.metrics,
    reach: acc.digitalReach + acc.manualReach,
    interactions: acc.interactions,
    engagementRate: engagementRate(acc.interactions, acc.interactiveReach),
    shortLinkClicks: acc.shortLinkClicks,
    publications: acc.publications,
    piecesPublished: acc.pieces.size,
    manualReach: acc.manualReach,
    attendance: acc.attendance,
  };
}

const getOr = <K, V>(map: Map<K, V>, key: K, make: () => V): V => {
  let v = map.get(key);
  if (v === undefined) map.set(key, (v = make()));
  return v;
};

// ---------------------------------------------------------------- reading a scope

type EntryRow = { id: string; activityId: string; pieceId: string | null; day: string; reach: number; attendance: number };

type Loaded = {
  pubs: PublicationFigures[];
  clicks: { pieceId: string; activityId: string | null; network: Network; clicks: number }[];
  entries: EntryRow[];
  /** Survey responses per activity (activity scopes only), received in the period. */
  surveyAnswers: { activityId: string; count: number }[];
  period: Period;
  fromDay: string | null;
  toDay: string | null;
};

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function dayStart(day: string, timeZone: string): Date {
  return fromLocalDateTime(`${day}T00:00`, timeZone)!;
}

function periodOf(opts: RollupOptions): Period {
  const publishedFrom = opts.from ? dayStart(opts.from, opts.timeZone) : null;
  const publishedBefore = opts.to ? dayStart(nextDay(opts.to), opts.timeZone) : null;
  return { publishedFrom, publishedBefore, asOf: publishedBefore };
}

async function load(db: Db, scope: Scope, entryWhere: { activityId: { in: string[] } } | { pieceId: string }, opts: RollupOptions): Promise<Loaded> {
  const period = periodOf(opts);
  const fromDay = opts.from ?? null;
  const toDay = opts.to ?? null;
  const [pubs, clicks, entries, surveyAnswers] = await Promise.all([
    publishedWithLatestSample(db, scope, period),
    shortLinkClicksWithActivity(db, scope, fromDay, toDay),
    db.manualMetricEntry.findMany({ where: entryWhere, select: { id: true, activityId: true, pieceId: true, date: true, reach: true, audience: true, attendance: true } }),
    'activityIds' in scope ? surveyAnswersByActivity(db, scope.activityIds, period) : [],
  ]);
  const rows = entries
    // The entry's date is a calendar day (stored as UTC midnight, like activity dates).
    .map((e) => ({ id: e.id, activityId: e.activityId, pieceId: e.pieceId, day: toDateOnly(e.date)!, reach: manualReachOf(e), attendance: e.attendance ?? 0 }))
    .filter((e) => (!fromDay || e.day >= fromDay) && (!toDay || e.day <= toDay));
  return { pubs, clicks, entries: rows, surveyAnswers, period, fromDay, toDay };
}

/** Responses of the surveys whose activity is one of these, submitted in the period. */
async function surveyAnswersByActivity(db: Db, activityIds: string[], period: Period) {
  const surveys = await db.survey.findMany({ where: { activityId: { in: activityIds } }, select: { id: true, activityId: true } });
  if (surveys.length === 0) return [];
  const submittedAt = { ...(period.publishedFrom ? { gte: period.publishedFrom } : {}), ...(period.publishedBefore ? { lt: period.publishedBefore } : {}) };
  const counts = await db.surveyResponse.groupBy({ by: ['surveyId'], where: { surveyId: { in: surveys.map((s) => s.id) }, submittedAt }, _count: { _all: true } });
  const activityOf = new Map(surveys.map((s) => [s.id, s.activityId!]));
  return counts.map((r) => ({ activityId: activityOf.get(r.surveyId)!, count: r._count._all }));
}

async function shortLinkClicksWithActivity(db: Db, scope: Scope, fromDay: string | null, toDay: string | null) {
  const rows = await shortLinkClicksByPiece(db, scope, fromDay, toDay);
  if (rows.length === 0) return [];
  const pieces = await db.piece.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.pieceId))] } }, select: { id: true, activityId: true } });
  const activityOf = new Map(pieces.map((p) => [p.id, p.activityId]));
  return rows.map((r) => ({ ...r, activityId: activityOf.get(r.pieceId) ?? null }));
}

/** Channel rows (x, youtube, facebook, website, then offline), only those with something to show. */
function channelRows(loaded: Loaded): GroupRow[] {
  const accs = new Map<ChannelKey, Acc>();
  for (const pub of loaded.pubs) addPublication(getOr(accs, pub.network, newAcc), pub);
  for (const c of loaded.clicks) getOr(accs, c.network, newAcc).shortLinkClicks += c.clicks;
  for (const e of loaded.entries) addEntry(getOr(accs, 'offline', newAcc), e);
  return channelOrder
    .filter((key) => {
      const acc = accs.get(key);
      return acc !== undefined && (acc.publications > 0 || acc.shortLinkClicks > 0 || acc.entries > 0);
    })
    .map((key) => ({ key, label: channelLabel(key), totals: totalsOf(accs.get(key)!) }));
}

/** Per piece: its publications, its short links' clicks and the manual entries that name it. */
function pieceAccs(loaded: Loaded): Map<string, Acc> {
  const accs = new Map<string, Acc>();
  for (const pub of loaded.pubs) addPublication(getOr(accs, pub.pieceId, newAcc), pub);
  for (const c of loaded.clicks) getOr(accs, c.pieceId, newAcc).shortLinkClicks += c.clicks;
  for (const e of loaded.entries) if (e.pieceId) addEntry(getOr(accs, e.pieceId, newAcc), e);
  return accs;
}

/** By reach (online and offline), then interactions, then title. */
function comparePieces(a: TopPiece, b: TopPiece): number {
  return b.totals.reach - a.totals.reach || b.totals.interactions - a.totals.interactions || a.title.localeCompare(b.title, 'es');
}

// ---------------------------------------------------------------- series

/**
 * One point per day from `from` (default: the first publication or entry day) to `to`
 * (default: today): reach, interactions and views at the end of the day from each
 * publication's latest sample up to that day, manual reach from each entry's day on, and
 * the short-link clicks of the day.
 */
async function seriesOf(db: Db, scope: Scope, loaded: Loaded, opts: RollupOptions): Promise<DayPoint[]> {
  const { timeZone } = opts;
  const firstDays: string[] = [];
  const published = loaded.pubs.map((p) => p.publishedAt).filter((d): d is Date => d !== null);
  let firstPublished: Date | null = null;
  for (const d of published) if (!firstPublished || d < firstPublished) firstPublished = d;
  if (firstPublished) firstDays.push(todayIn(timeZone, firstPublished));
  for (const e of loaded.entries) firstDays.push(e.day);
  const from = opts.from ?? firstDays.sort()[0];
  const to = opts.to ?? todayIn(timeZone, opts.now ?? new Date());
  if (!from || from > to) return [];

  // The zone's offsets are worked out over the days that can hold samples.
  const aroundFrom = new Date(Math.min(dayStart(from, timeZone).getTime(), firstPublished?.getTime() ?? Infinity) - 86_400_000);
  const aroundTo = new Date(dayStart(nextDay(to), timeZone).getTime() + 86_400_000);
  const [deltas, clicks] = await Promise.all([
    dailySampleDeltas(db, loaded.pubs.map((p) => p.publicationId), timeZone, loaded.period.asOf, { from: aroundFrom, to: aroundTo }),
    shortLinkClicksByDay(db, scope, from, to),
  ]);

  // Everything changed before `from` is where the series starts.
  let reach = 0;
  let interactions = 0;
  let views = 0;
  const sortedDays = [...deltas.keys()].sort();
  let i = 0;
  for (; i < sortedDays.length && sortedDays[i]! < from; i++) {
    const d = deltas.get(sortedDays[i]!)!;
    reach += d.reach;
    interactions += d.interactions;
    views += d.views;
  }
  const manual = [...loaded.entries].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  let m = 0;
  let manualReach = 0;
  for (; m < manual.length && manual[m]!.day < from; m++) manualReach += manual[m]!.reach;

  const points: DayPoint[] = [];
  for (let day = from; day <= to; day = nextDay(day)) {
    for (; i < sortedDays.length && sortedDays[i]! <= day; i++) {
      const d = deltas.get(sortedDays[i]!)!;
      reach += d.reach;
      interactions += d.interactions;
      views += d.views;
    }
    for (; m < manual.length && manual[m]!.day <= day; m++) manualReach += manual[m]!.reach;
    points.push({ day, reach: reach + manualReach, interactions, views, shortLinkClicks: clicks.get(day) ?? 0 });
  }
  return points;
}

// ---------------------------------------------------------------- attainment

type Target = { targetValue: number | null; targetMetric: string | null };

/** How far an activity is toward its numeric target, from its totals; null without a usable target. */
function attainmentOf(activity: Target, acc: Acc): Attainment | null {
  const target = activity.targetValue;
  const metric = activity.targetMetric;
  if (target === null || !(target > 0) || !isTargetMetric(metric)) return null;
  const t = totalsOf(acc);
  const actual = {
    reach: t.reach,
    interactions: t.interactions,
    views: t.views,
    link_clicks: t.shortLinkClicks,
    pieces_published: t.piecesPublished,
    videos_published: acc.videos,
    attendance: t.attendance,
    survey_answers: acc.surveyAnswers,
  }[metric];
  return { metric, target, actual, percent: round1((actual / target) * 100) };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Weighted mean of min(percent, 100) over the activities with attainment; null when none. */
function weightedAttainment(rows: { weight: number; attainment: Attainment | null }[]): number | null {
  const withTarget = rows.filter((r) => r.attainment !== null);
  if (withTarget.length === 0) return null;
  const weight = withTarget.reduce((s, r) => s + r.weight, 0);
  // Weights of 0 everywhere: a plain mean rather than no figure.
  const w = (r: { weight: number }) => (weight > 0 ? r.weight : 1);
  const total = weight > 0 ? weight : withTarget.length;
  return round1(withTarget.reduce((s, r) => s + w(r) * Math.min(r.attainment!.percent, 100), 0) / total);
}

// ---------------------------------------------------------------- the plan

export async function planMetrics(db: Db, planId: string, opts: RollupOptions): Promise<PlanMetrics> {
  const plan = await db.plan.findUnique({
    where: { id: planId },
    select: {
      id: true,
      subcomponents: {
        orderBy: { position: 'asc' },
        select: {
          id: true,
          name: true,
          activities: {
            orderBy: { position: 'asc' },
            select: {
              id: true,
              position: true,
              description: true,
              weight: true,
              allDepartments: true,
              targetValue: true,
              targetMetric: true,
              departments: { select: { department: { select: { id: true, name: true } } } },
            },
          },
        },
      },
    },
  });
  if (!plan) throw notFound('el plan', planId);
  const activities = plan.subcomponents.flatMap((s) => s.activities.map((a) => ({ ...a, subcomponentId: s.id })));
  const scope: Scope = { activityIds: activities.map((a) => a.id) };
  const loaded = await load(db, scope, { activityId: { in: scope.activityIds } }, opts);

  const byActivityAcc = new Map(activities.map((a) => [a.id, newAcc()]));
  for (const pub of loaded.pubs) if (pub.activityId) addPublication(byActivityAcc.get(pub.activityId)!, pub);
  for (const c of loaded.clicks) if (c.activityId) byActivityAcc.get(c.activityId)!.shortLinkClicks += c.clicks;
  for (const e of loaded.entries) addEntry(byActivityAcc.get(e.activityId)!, e);
  for (const s of loaded.surveyAnswers) byActivityAcc.get(s.activityId)!.surveyAnswers += s.count;

  const activityRows: (ActivityRow & { weight: number })[] = activities.map((a) => {
    const acc = byActivityAcc.get(a.id)!;
    return { key: a.id, label: a.description, subcomponentId: a.subcomponentId, position: a.position, totals: totalsOf(acc), attainment: attainmentOf(a, acc), weight: a.weight };
  });

  const planAcc = newAcc();
  const bySubcomponent: SubcomponentRow[] = plan.subcomponents.map((s) => {
    const acc = newAcc();
    for (const a of s.activities) merge(acc, byActivityAcc.get(a.id)!);
    merge(planAcc, acc);
    const rows = activityRows.filter((r) => r.subcomponentId === s.id);
    return { key: s.id, label: s.name, totals: totalsOf(acc), attainmentPercent: weightedAttainment(rows), activitiesWithTarget: rows.filter((r) => r.attainment !== null).length };
  });

  // Departments: those named by an activity, and every department when one answers for "todas".
  const everyone = activities.some((a) => a.allDepartments) ? await db.department.findMany({ select: { id: true, name: true } }) : [];
  const departments = new Map<string, { name: string; acc: Acc }>();
  for (const d of everyone) departments.set(d.id, { name: d.name, acc: newAcc() });
  for (const a of activities) {
    const acc = byActivityAcc.get(a.id)!;
    const ids = a.allDepartments ? everyone.map((d) => d.id) : a.departments.map((d) => d.department.id);
    for (const d of a.departments) if (!departments.has(d.department.id)) departments.set(d.department.id, { name: d.department.name, acc: newAcc() });
    for (const id of new Set(ids)) merge(departments.get(id)!.acc, acc);
  }
  const byDepartment: GroupRow[] = [...departments.entries()]
    .map(([id, d]) => ({ key: id, label: d.name, totals: totalsOf(d.acc) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'es'));

  const topPieces = await topPieceRows(db, loaded, opts.limit ?? 10);

  return {
    planId: plan.id,
    totals: totalsOf(planAcc),
    byChannel: channelRows(loaded),
    bySubcomponent,
    byActivity: activityRows.map(({ weight: _weight, ...row }) => row),
    byDepartment,
    topPieces,
    series: await seriesOf(db, scope, loaded, opts),
  };
}

/**
 * The `limit` pieces with the most reach (then interactions, then title) among those with
 * something to show (a publication, a click or a manual entry). Only those get their totals.
 */
async function topPieceRows(db: Db, loaded: Loaded, limit: number): Promise<TopPiece[]> {
  const accs = pieceAccs(loaded);
  const info = new Map<string, { title: string; activityId: string | null }>();
  for (const pub of loaded.pubs) info.set(pub.pieceId, { title: pub.pieceTitle, activityId: pub.activityId });
  const missing = [...accs.keys()].filter((id) => !info.has(id));
  if (missing.length > 0) {
    for (const p of await db.piece.findMany({ where: { id: { in: missing } }, select: { id: true, title: true, activityId: true } })) info.set(p.id, { title: p.title, activityId: p.activityId });
  }
  const ranked = [...accs.entries()]
    .filter(([id]) => info.has(id))
    .map(([id, acc]) => ({ id, acc, reach: acc.digitalReach + acc.manualReach }))
    .sort((a, b) => b.reach - a.reach || b.acc.interactions - a.acc.interactions || info.get(a.id)!.title.localeCompare(info.get(b.id)!.title, 'es'))
    .slice(0, limit);
  return ranked.map(({ id, acc }) => ({ pieceId: id, title: info.get(id)!.title, activityId: info.get(id)!.activityId, totals: totalsOf(acc) }));
}

// ---------------------------------------------------------------- an activity

export async function activityMetrics(db: Db, activityId: string, opts: RollupOptions): Promise<ActivityMetrics> {
  const activity = await db.activity.findUnique({ where: { id: activityId }, select: { id: true, targetValue: true, targetMetric: true } });
  if (!activity) throw notFound('la actividad', activityId);
  const scope: Scope = { activityIds: [activity.id] };
  const loaded = await load(db, scope, { activityId: { in: [activity.id] } }, opts);

  const acc = newAcc();
  for (const pub of loaded.pubs) addPublication(acc, pub);
  for (const c of loaded.clicks) acc.shortLinkClicks += c.clicks;
  for (const e of loaded.entries) addEntry(acc, e);
  for (const s of loaded.surveyAnswers) acc.surveyAnswers += s.count;

  const accs = pieceAccs(loaded);
  const pieces = (await db.piece.findMany({ where: { activityId: activity.id }, select: { id: true, title: true, activityId: true } }))
    .map((p) => ({ pieceId: p.id, title: p.title, activityId: p.activityId, totals: totalsOf(accs.get(p.id) ?? newAcc()) }))
    .sort(comparePieces);

  return {
    activityId: activity.id,
    totals: totalsOf(acc),
    attainment: attainmentOf(activity, acc),
    pieces: opts.limit === undefined ? pieces : pieces.slice(0, opts.limit),
    byChannel: channelRows(loaded),
    series: await seriesOf(db, scope, loaded, opts),
  };
}

// ---------------------------------------------------------------- a piece

export async function pieceMetrics(db: Db, pieceId: string, opts: RollupOptions): Promise<PieceMetrics> {
  const piece = await db.piece.findUnique({ where: { id: pieceId }, select: { id: true } });
  if (!piece) throw notFound('la pieza', pieceId);
  const scope: Scope = { pieceId: piece.id };
  const loaded = await load(db, scope, { pieceId: piece.id }, opts);

  const acc = newAcc();
  for (const pub of loaded.pubs) addPublication(acc, pub);
  for (const c of loaded.clicks) acc.shortLinkClicks += c.clicks;
  for (const e of loaded.entries) addEntry(acc, e);

  const samplesOf = await samplesByPublication(db, loaded.pubs.map((p) => p.publicationId), loaded.period.asOf);
  const publications: PublicationSeries[] = [...loaded.pubs]
    .sort((a, b) => (a.publishedAt?.getTime() ?? 0) - (b.publishedAt?.getTime() ?? 0) || channelOrder.indexOf(a.network) - channelOrder.indexOf(b.network))
    .map((p) => {
      const list = samplesOf.get(p.publicationId) ?? [];
      return { publicationId: p.publicationId, network: p.network, accountLabel: p.accountLabel, url: p.url, publishedAt: p.publishedAt?.toISOString() ?? null, latest: list.at(-1) ?? null, samples: list };
    });

  const links = await db.shortLink.findMany({
    where: { pieceId: piece.id },
    orderBy: [{ targetUrl: 'asc' }, { code: 'asc' }],
    select: { code: true, network: true, targetUrl: true, days: { where: { day: { gte: loaded.fromDay ?? '0000-00-00', lte: loaded.toDay ?? '9999-99-99' } }, orderBy: { day: 'asc' }, select: { day: true, clicks: true } } },
  });
  const shortLinks = links
    .map((l) => ({ code: l.code, network: l.network, targetUrl: l.targetUrl, clicks: l.days.reduce((s, d) => s + d.clicks, 0), days: l.days }))
    .sort((a, b) => channelOrder.indexOf(a.network) - channelOrder.indexOf(b.network));

  return { pieceId: piece.id, totals: totalsOf(acc), byChannel: channelRows(loaded), publications, shortLinks, series: await seriesOf(db, scope, loaded, opts) };
}
