import type { DbOrTx } from '../../db/client.js';
import { notFound } from '../../errors.js';
import type { Event, Plan } from '../../generated/prisma/client.js';
import { todayIn } from '../../lib/dates.js';
import { defaultTopics, otherTopic } from './model.js';

/**
 * What every question of a plan shares: the plan's public hearing (its questions belong to it),
 * the answer deadline, and the topics a question can be filed under.
 */

/** The plan the public pages serve: the most recently created one. */
export async function currentPlan(db: DbOrTx): Promise<Plan | null> {
  return db.plan.findFirst({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

export async function findPlan(db: DbOrTx, planId: string): Promise<Plan> {
  const plan = await db.plan.findUnique({ where: { id: planId } });
  if (!plan) throw notFound('el plan', planId);
  return plan;
}

/** The plan's public hearing: its `public_hearing` event (the latest-starting one, as src/plan/derive-dates.ts reads it), or null. */
export async function hearingOf(db: DbOrTx, planId: string): Promise<Event | null> {
  return db.event.findFirst({ where: { planId, kind: 'public_hearing' }, orderBy: [{ startsAt: 'desc' }, { createdAt: 'desc' }] });
}

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export type Deadline = {
  /** The last day (plan's zone) to publish the answers: the hearing's day plus `days`; null without a hearing. */
  day: string | null;
  days: number;
  /** Today in the plan's zone: a question is overdue when today is after `day`. */
  today: string;
  hearing: { id: string; title: string; startsAt: Date } | null;
};

/**
 * The legal answer deadline: `Plan.answerDeadlineDays` calendar days after the day of the
 * public hearing, in the plan's time zone. Answers published on that day are on time; from the
 * next day on, every question not yet published (nor discarded, nor a duplicate) is overdue.
 */
export function deadlineOf(plan: Pick<Plan, 'answerDeadlineDays' | 'timeZone'>, hearing: Pick<Event, 'id' | 'title' | 'startsAt'> | null, now: Date): Deadline {
  const today = todayIn(plan.timeZone, now);
  if (!hearing) return { day: null, days: plan.answerDeadlineDays, today, hearing: null };
  return {
    day: addDays(todayIn(plan.timeZone, hearing.startsAt), plan.answerDeadlineDays),
    days: plan.answerDeadlineDays,
    today,
    hearing: { id: hearing.id, title: hearing.title, startsAt: hearing.startsAt },
  };
}

export async function planDeadline(db: DbOrTx, plan: Plan, now: Date): Promise<Deadline> {
  return deadlineOf(plan, await hearingOf(db, plan.id), now);
}

/**
 * The topics a question can be filed under: the choices of the topic question (`isTopic`) of
 * the plan's topics survey (a published one first, then the newest), else `defaultTopics`;
 * «Otro tema» always last.
 */
export async function topicChoices(db: DbOrTx, planId: string): Promise<string[]> {
  const surveys = await db.survey.findMany({
    where: { planId, purpose: 'topics' },
    orderBy: [{ createdAt: 'desc' }],
    select: { status: true, questions: { where: { isTopic: true, kind: { in: ['single_choice', 'multiple_choice'] } }, orderBy: { position: 'asc' }, select: { options: true } } },
  });
  const ordered = [...surveys.filter((s) => s.status === 'published'), ...surveys.filter((s) => s.status !== 'published')];
  for (const survey of ordered) {
    for (const question of survey.questions) {
      const choices = parseChoices(question.options);
      if (choices.length > 0) return withOther(choices);
    }
  }
  return withOther([...defaultTopics]);
}

function parseChoices(options: string): string[] {
  try {
    const parsed: unknown = JSON.parse(options);
    return Array.isArray(parsed) ? parsed.filter((c): c is string => typeof c === 'string' && c.trim() !== '').map((c) => c.trim()) : [];
  } catch {
    return [];
  }
}

function withOther(choices: string[]): string[] {
  const unique = [...new Set(choices)].filter((c) => c.toLowerCase() !== otherTopic.toLowerCase() && c.toLowerCase() !== 'otro');
  return [...unique, otherTopic];
}
