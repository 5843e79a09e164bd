import { deadlineOf, hearingOf } from '../dialogue/questions/plan-context.js';
import type { Db } from '../db/client.js';
import { notFound } from '../errors.js';
import type { Network, PieceKind } from '../generated/prisma/client.js';
import { pieceKindLabel } from '../i18n/es.js';
import { todayIn, toDateOnly } from '../lib/dates.js';
import { publishedWithLatestSample } from '../metrics/latest-samples.js';
import type { ChannelKey } from '../metrics/rollup-types.js';
import { channelLabel, planMetrics } from '../metrics/rollups.js';
import { interactionsOf, manualReachOf, reachOf } from '../metrics/vocabulary.js';
import { activityLateness, scheduleOf } from '../plan/lateness.js';
import { weightedProgress } from '../plan/plan-tree.js';
import { parseAgenda } from './agenda.js';
import type {
  EvaluationRow,
  HearingInfo,
  LateActivityRow,
  PieceKindRow,
  PiecesSection,
  QuestionsSection,
  ReachFigures,
  ReachSection,
  Report,
  ScheduleRow,
  ScheduleSection,
  SurveyResult,
} from './report-types.js';
import { parseAnswers, percentOf, questionResult } from './survey-results.js';

/**
 * The general accountability report of a plan, computed from the data at `now` (report-types.ts
 * says how each figure is counted). It reads the tables of the dialogue (Survey, SurveyQuestion,
 * SurveyResponse, CitizenQuestion, Event, Evaluation) directly, and the metrics through
 * planMetrics, so it shows the same reach as the metrics dashboard.
 */
export type ReportOptions = { timeZone: string; now: Date };

const networks: Network[] = ['x', 'youtube', 'facebook', 'website'];
const channelOrder: ChannelKey[] = ['x', 'youtube', 'facebook', 'website', 'offline'];
/** Pieces that reached approval: what the report calls "produced". */
const producedStatuses = new Set(['approved', 'scheduled', 'published', 'failed']);

const zeroByNetwork = (): Record<Network, number> => ({ x: 0, youtube: 0, facebook: 0, website: 0 });

export async function buildReport(db: Db, planId: string, opts: ReportOptions): Promise<Report> {
  const { timeZone, now } = opts;
  const plan = await db.plan.findUnique({
    where: { id: planId },
    select: {
      id: true,
      title: true,
      objective: true,
      year: true,
      answerDeadlineDays: true,
      timeZone: true,
      subcomponents: {
        orderBy: { position: 'asc' },
        select: {
          id: true,
          name: true,
          activities: {
            orderBy: { position: 'asc' },
            select: { id: true, description: true, status: true, progress: true, weight: true, plannedStart: true, plannedEnd: true, actualStart: true, actualEnd: true },
          },
        },
      },
    },
  });
  if (!plan) throw notFound('el plan', planId);
  const today = todayIn(timeZone, now);
  // The same hearing and deadline as the questions' pages (src/dialogue/questions/plan-context.ts).
  const hearingRow = await hearingOf(db, planId);
  const hearing: HearingInfo | null = hearingRow && {
    title: hearingRow.title,
    startsAt: hearingRow.startsAt.toISOString(),
    endsAt: hearingRow.endsAt?.toISOString() ?? null,
    place: hearingRow.place,
    agenda: parseAgenda(hearingRow.agenda),
    watchUrl: hearingRow.watchUrl,
    recordingUrl: hearingRow.recordingUrl,
  };

  const { schedule, lateActivities } = scheduleSection(plan.subcomponents, today);
  const [pieces, reach, surveys, questions, evaluation] = await Promise.all([
    piecesOf(db, planId),
    reachSection(db, plan.subcomponents, planId, opts),
    surveysOf(db, planId, now),
    questionsOf(db, planId, { deadline: deadlineOf(plan, hearingRow, now).day, deadlineDays: plan.answerDeadlineDays, timeZone, today }),
    evaluationOf(db, planId, plan.subcomponents),
  ]);

  return {
    plan: { id: plan.id, title: plan.title, objective: plan.objective, year: plan.year },
    timeZone,
    generatedAt: now.toISOString(),
    today,
    hearing,
    schedule,
    pieces: pieces.section,
    reach,
    surveys,
    questions,
    evaluation,
    lateActivities,
    piecesInProgress: pieces.inProgress,
  };
}

/** The report as citizens see it (/participa/informe and its PDF): without the staff-only parts. */
export function publicReport(report: Report): Report {
  return { ...report, lateActivities: null, piecesInProgress: null };
}

// ---------------------------------------------------------------- schedule

type ActivityRow = {
  id: string;
  description: string;
  status: 'pending' | 'in_progress' | 'done' | 'cancelled';
  progress: number;
  weight: number;
  plannedStart: Date | null;
  plannedEnd: Date | null;
  actualStart: Date | null;
  actualEnd: Date | null;
};

function scheduleRow(subcomponentId: string | null, name: string, all: ActivityRow[], today: string): ScheduleRow {
  const counted = all.filter((a) => a.status !== 'cancelled');
  const completed = counted.filter((a) => a.status === 'done');
  const dated = completed.filter((a) => a.plannedEnd && a.actualEnd);
  const onTime = dated.filter((a) => toDateOnly(a.actualEnd)! <= toDateOnly(a.plannedEnd)!).length;
  const late = counted.filter((a) => activityLateness(scheduleOf(a), today).late).length;
  return {
    subcomponentId,
    name,
    activities: counted.length,
    cancelled: all.length - counted.length,
    completed: completed.length,
    completedOnTime: onTime,
    completedLate: dated.length - onTime,
    completedUndated: completed.length - dated.length,
    lateNow: late,
    completedPercent: percentOf(completed.length, counted.length),
    onTimePercent: percentOf(onTime, completed.length),
    averageProgress: weightedProgress(all),
  };
}

function scheduleSection(subcomponents: { id: string; name: string; activities: ActivityRow[] }[], today: string): { schedule: ScheduleSection; lateActivities: LateActivityRow[] } {
  const bySubcomponent = subcomponents.map((s) => scheduleRow(s.id, s.name, s.activities, today));
  const total = scheduleRow(null, 'Total del plan', subcomponents.flatMap((s) => s.activities), today);
  const lateActivities: LateActivityRow[] = [];
  for (const s of subcomponents) {
    for (const a of s.activities) {
      const lateness = activityLateness(scheduleOf(a), today);
      if (!lateness.late) continue;
      lateActivities.push({
        activityId: a.id,
        subcomponent: s.name,
        description: a.description,
        reason: lateness.reason,
        daysLate: lateness.daysLate,
        plannedStart: toDateOnly(a.plannedStart),
        plannedEnd: toDateOnly(a.plannedEnd),
      });
    }
  }
  lateActivities.sort((a, b) => b.daysLate - a.daysLate);
  return { schedule: { bySubcomponent, total }, lateActivities };
}

// ---------------------------------------------------------------- pieces

async function piecesOf(db: Db, planId: string): Promise<{ section: PiecesSection; inProgress: { kind: PieceKind; label: string; count: number }[] }> {
  const inPlan = { activity: { subcomponent: { planId } } };
  const [pieces, publications] = await Promise.all([
    db.piece.groupBy({ by: ['kind', 'status'], where: inPlan, _count: { _all: true } }),
    db.publication.findMany({ where: { status: 'published', piece: inPlan }, select: { piece: { select: { kind: true } }, account: { select: { network: true } } } }),
  ]);
  const kinds = Object.keys(pieceKindLabel) as PieceKind[];
  const rows = new Map<PieceKind, PieceKindRow>(
    kinds.map((kind) => [kind, { kind, label: pieceKindLabel[kind], produced: 0, published: 0, publicationsByChannel: zeroByNetwork(), publications: 0 }]),
  );
  const inProgress = new Map<PieceKind, number>();
  for (const g of pieces) {
    const row = rows.get(g.kind)!;
    if (producedStatuses.has(g.status)) row.produced += g._count._all;
    if (g.status === 'published') row.published += g._count._all;
    if (g.status === 'draft' || g.status === 'in_review') inProgress.set(g.kind, (inProgress.get(g.kind) ?? 0) + g._count._all);
  }
  const totals = { produced: 0, published: 0, publications: 0, publicationsByChannel: zeroByNetwork() };
  for (const p of publications) {
    const row = rows.get(p.piece.kind)!;
    row.publicationsByChannel[p.account.network] += 1;
    row.publications += 1;
    totals.publicationsByChannel[p.account.network] += 1;
    totals.publications += 1;
  }
  const byKind = [...rows.values()].filter((r) => r.produced > 0 || r.published > 0 || r.publications > 0);
  for (const r of byKind) {
    totals.produced += r.produced;
    totals.published += r.published;
  }
  return {
    section: { byKind, channels: networks.filter((n) => totals.publicationsByChannel[n] > 0), totals },
    inProgress: kinds.filter((k) => inProgress.has(k)).map((kind) => ({ kind, label: pieceKindLabel[kind], count: inProgress.get(kind)! })),
  };
}

// ---------------------------------------------------------------- reach and interaction

/**
 * Totals, channels and subcomponents from planMetrics; the subcomponent × channel cells from
 * the same read (the latest sample of each published publication, and the manual entries as
 * "offline") with the same vocabulary, so each row's cells add up to planMetrics' row.
 */
async function reachSection(db: Db, subcomponents: { id: string; name: string; activities: { id: string }[] }[], planId: string, opts: ReportOptions): Promise<ReachSection> {
  const activityIds = subcomponents.flatMap((s) => s.activities.map((a) => a.id));
  const subcomponentOf = new Map(subcomponents.flatMap((s) => s.activities.map((a) => [a.id, s.id] as const)));
  const [metrics, pubs, entries] = await Promise.all([
    planMetrics(db, planId, { timeZone: opts.timeZone, now: opts.now, limit: 0 }),
    publishedWithLatestSample(db, { activityIds }, { publishedFrom: null, publishedBefore: null, asOf: null }),
    db.manualMetricEntry.findMany({ where: { activityId: { in: activityIds } }, select: { activityId: true, reach: true, audience: true, attendance: true } }),
  ]);

  const cells = new Map<string, Map<ChannelKey, ReachFigures>>(subcomponents.map((s) => [s.id, new Map()]));
  const add = (subcomponentId: string | undefined, key: ChannelKey, reach: number, interactions: number) => {
    const row = subcomponentId ? cells.get(subcomponentId) : undefined;
    if (!row) return;
    const cell = row.get(key) ?? { reach: 0, interactions: 0 };
    cell.reach += reach;
    cell.interactions += interactions;
    row.set(key, cell);
  };
  for (const p of pubs) add(p.activityId ? subcomponentOf.get(p.activityId) : undefined, p.network, p.sample ? reachOf(p.sample) : 0, p.sample ? interactionsOf(p.sample) : 0);
  for (const e of entries) add(subcomponentOf.get(e.activityId), 'offline', manualReachOf(e), 0);

  const byChannel = metrics.byChannel.map((r) => ({
    key: r.key as ChannelKey,
    label: r.label,
    reach: r.totals.reach,
    interactions: r.totals.interactions,
    publications: r.totals.publications,
  }));
  const channels = channelOrder.filter((k) => byChannel.some((r) => r.key === k));
  return {
    totals: {
      reach: metrics.totals.reach,
      interactions: metrics.totals.interactions,
      engagementRate: metrics.totals.engagementRate,
      publications: metrics.totals.publications,
      manualReach: metrics.totals.manualReach,
    },
    channels,
    byChannel: channels.map((k) => byChannel.find((r) => r.key === k) ?? { key: k, label: channelLabel(k), reach: 0, interactions: 0, publications: 0 }),
    bySubcomponent: metrics.bySubcomponent.map((s) => {
      const row = cells.get(s.key) ?? new Map<ChannelKey, ReachFigures>();
      return {
        subcomponentId: s.key,
        name: s.label,
        reach: s.totals.reach,
        interactions: s.totals.interactions,
        byChannel: Object.fromEntries(channels.map((k) => [k, row.get(k) ?? { reach: 0, interactions: 0 }])),
      };
    }),
  };
}

// ---------------------------------------------------------------- surveys

async function surveysOf(db: Db, planId: string, now: Date): Promise<SurveyResult[]> {
  const surveys = await db.survey.findMany({
    where: { planId, status: 'published' },
    orderBy: [{ opensAt: 'asc' }, { createdAt: 'asc' }],
    include: { questions: { orderBy: { position: 'asc' } }, responses: { select: { answers: true } } },
  });
  return surveys.map((s) => {
    const answers = parseAnswers(s.responses);
    const purpose = s.purpose === 'perception' || s.purpose === 'other' ? s.purpose : 'topics';
    return {
      id: s.id,
      slug: s.slug,
      title: s.title,
      purpose,
      opensAt: s.opensAt?.toISOString() ?? null,
      closesAt: s.closesAt?.toISOString() ?? null,
      open: isSurveyOpen(s, now),
      responses: s.responses.length,
      questions: s.questions.map((q) => questionResult(q, answers)),
    };
  });
}

/** A published survey accepts answers from its opening (if any) until its closing (if any). */
export function isSurveyOpen(s: { status: string; opensAt: Date | null; closesAt: Date | null }, now: Date): boolean {
  return s.status === 'published' && (!s.opensAt || s.opensAt <= now) && (!s.closesAt || now < s.closesAt);
}

// ---------------------------------------------------------------- citizens' questions

async function questionsOf(
  db: Db,
  planId: string,
  /** The last day to publish answers (deadlineOf), or null without a hearing. */
  o: { deadline: string | null; deadlineDays: number; timeZone: string; today: string },
): Promise<QuestionsSection> {
  const rows = await db.citizenQuestion.findMany({ where: { planId }, select: { status: true, publishedAt: true } });
  const deadline = o.deadline;
  const counted = rows.filter((q) => q.status !== 'duplicate');
  const published = counted.filter((q) => q.status === 'published');
  const publishedDays = published.map((q) => (q.publishedAt ? todayIn(o.timeZone, q.publishedAt) : null));
  const publishedOnTime = deadline ? publishedDays.filter((d) => d !== null && d <= deadline).length : 0;
  const publishedLate = deadline ? publishedDays.filter((d) => d !== null && d > deadline).length : 0;
  const discarded = counted.filter((q) => q.status === 'discarded').length;
  const pending = counted.filter((q) => q.status !== 'published' && q.status !== 'discarded').length;
  return {
    received: counted.length,
    duplicates: rows.length - counted.length,
    discarded,
    answered: counted.filter((q) => q.status === 'answered' || q.status === 'approved' || q.status === 'published').length,
    published: published.length,
    publishedOnTime,
    publishedLate,
    overdue: deadline !== null && o.today > deadline ? pending : 0,
    pending,
    deadlineDays: o.deadlineDays,
    deadline,
    publishedPercent: percentOf(published.length, counted.length - discarded),
    onTimePercent: deadline ? percentOf(publishedOnTime, published.length) : null,
  };
}

// ---------------------------------------------------------------- evaluation

async function evaluationOf(db: Db, planId: string, subcomponents: { id: string; name: string }[]): Promise<EvaluationRow[]> {
  const rows = await db.evaluation.findMany({ where: { planId } });
  return subcomponents.map((s) => {
    const e = rows.find((r) => r.subcomponentId === s.id);
    return { subcomponentId: s.id, name: s.name, strengths: e?.strengths ?? '', weaknesses: e?.weaknesses ?? '', improvements: e?.improvements ?? '', updatedAt: e?.updatedAt.toISOString() ?? null };
  });
}
