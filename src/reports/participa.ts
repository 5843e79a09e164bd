import { deadlineOf, hearingOf } from '../dialogue/questions/plan-context.js';
import type { Db } from '../db/client.js';
import { activityStatusLabel } from '../i18n/es.js';
import { todayIn, toDateOnly } from '../lib/dates.js';
import { weightedProgress } from '../plan/plan-tree.js';
import { parseAgenda } from './agenda.js';
import { isSurveyOpen } from './build-report.js';
import type { HearingInfo } from './report-types.js';

/**
 * What the public transparency page (/participa) shows, read for citizens: only public facts.
 * The plan and its progress (activities, their status and planned dates; no people, no
 * departments' staff), the hearing, the open surveys, how many answers are published. Nothing
 * from drafts: draft surveys, unpublished questions and answers, pieces and the evaluation
 * (which is published only inside the report) are not read here at all.
 */

export type ParticipaActivity = { description: string; status: string; done: boolean; plannedStart: string | null; plannedEnd: string | null };
export type ParticipaSubcomponent = { name: string; progress: number; activities: number; completed: number; items: ParticipaActivity[] };

export type HearingPhase = 'upcoming' | 'live' | 'past';

export type ParticipaOverview = {
  plan: { id: string; title: string; objective: string | null; year: number | null; progress: number; activities: number; completed: number };
  subcomponents: ParticipaSubcomponent[];
  hearing: (HearingInfo & { phase: HearingPhase }) | null;
  openSurveys: { slug: string; title: string; description: string; closesAt: string | null }[];
  /** Published answers to citizens' questions. */
  publishedAnswers: number;
  /** The answer deadline (YYYY-MM-DD) when the hearing has a date, and its length in days. */
  answerDeadline: string | null;
  answerDeadlineDays: number;
  timeZone: string;
  today: string;
};

/** The plan citizens see: the latest one (as the hearing pages use). */
export async function publicPlanId(db: Db): Promise<string | null> {
  return (await db.plan.findFirst({ orderBy: { createdAt: 'desc' }, select: { id: true } }))?.id ?? null;
}

/** A hearing is live from its start until its end (or three hours after the start when it has none). */
export function hearingPhase(h: { startsAt: Date; endsAt: Date | null }, now: Date): HearingPhase {
  const end = h.endsAt ?? new Date(h.startsAt.getTime() + 3 * 3_600_000);
  if (now < h.startsAt) return 'upcoming';
  return now <= end ? 'live' : 'past';
}

export async function participaOverview(db: Db, planId: string, { timeZone, now }: { timeZone: string; now: Date }): Promise<ParticipaOverview | null> {
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
          name: true,
          activities: { orderBy: { position: 'asc' }, select: { description: true, status: true, progress: true, weight: true, plannedStart: true, plannedEnd: true } },
        },
      },
    },
  });
  if (!plan) return null;
  const [hearing, surveys, publishedAnswers] = await Promise.all([
    hearingOf(db, planId),
    db.survey.findMany({ where: { planId, status: 'published' }, orderBy: [{ closesAt: 'asc' }, { createdAt: 'asc' }], select: { slug: true, title: true, description: true, status: true, opensAt: true, closesAt: true } }),
    db.citizenQuestion.count({ where: { planId, status: 'published' } }),
  ]);
  const subcomponents = plan.subcomponents.map((s) => {
    const counted = s.activities.filter((a) => a.status !== 'cancelled');
    return {
      name: s.name,
      progress: weightedProgress(s.activities),
      activities: counted.length,
      completed: counted.filter((a) => a.status === 'done').length,
      items: counted.map((a) => ({
        description: a.description,
        status: activityStatusLabel[a.status],
        done: a.status === 'done',
        plannedStart: toDateOnly(a.plannedStart),
        plannedEnd: toDateOnly(a.plannedEnd),
      })),
    };
  });
  const all = plan.subcomponents.flatMap((s) => s.activities);
  return {
    plan: {
      id: plan.id,
      title: plan.title,
      objective: plan.objective,
      year: plan.year,
      progress: weightedProgress(all),
      activities: subcomponents.reduce((n, s) => n + s.activities, 0),
      completed: subcomponents.reduce((n, s) => n + s.completed, 0),
    },
    subcomponents,
    hearing: hearing && {
      title: hearing.title,
      startsAt: hearing.startsAt.toISOString(),
      endsAt: hearing.endsAt?.toISOString() ?? null,
      place: hearing.place,
      agenda: parseAgenda(hearing.agenda),
      watchUrl: hearing.watchUrl,
      recordingUrl: hearing.recordingUrl,
      phase: hearingPhase(hearing, now),
    },
    openSurveys: surveys.filter((s) => isSurveyOpen(s, now)).map((s) => ({ slug: s.slug, title: s.title, description: s.description, closesAt: s.closesAt?.toISOString() ?? null })),
    publishedAnswers,
    answerDeadline: deadlineOf(plan, hearing, now).day,
    answerDeadlineDays: plan.answerDeadlineDays,
    timeZone,
    today: todayIn(timeZone, now),
  };
}
