import type { Network, PieceKind } from '../generated/prisma/client.js';
import type { ChannelKey } from '../metrics/rollup-types.js';

/**
 * The general accountability report, as buildReport (build-report.ts) computes it from the
 * data, and as the web pages, the PDF and the API show it. Every figure says here how it is
 * counted. Percentages are already ×100 and rounded to one decimal; null when there is nothing
 * to divide by. Instants are ISO strings (UTC); days are `YYYY-MM-DD` in the office's zone.
 */

// ---------------------------------------------------------------- schedule compliance

/** One subcomponent's schedule (or the whole plan's, in `total`). */
export type ScheduleRow = {
  /** null in the plan's total row. */
  subcomponentId: string | null;
  name: string;
  /** Activities that count: every activity except the cancelled ones. */
  activities: number;
  /** Cancelled activities (left out of every other figure). */
  cancelled: number;
  /** Activities with status "done" (Cumplida). */
  completed: number;
  /** Completed with both dates and actualEnd ≤ plannedEnd (calendar days). */
  completedOnTime: number;
  /** Completed with both dates and actualEnd > plannedEnd. */
  completedLate: number;
  /** Completed without a planned end or an actual end: neither on time nor late. */
  completedUndated: number;
  /** Late today by the plan's own rule (src/plan/lateness.ts): not finished after the planned end, or not started after the planned start. */
  lateNow: number;
  /** completed / activities × 100; null without activities. */
  completedPercent: number | null;
  /** completedOnTime / completed × 100; null when nothing is completed. */
  onTimePercent: number | null;
  /** Progress weighted by each activity's weight, cancelled ones left out (weightedProgress of src/plan/plan-tree.ts, as the plan page shows it), 0–100. */
  averageProgress: number;
};

/** An activity late today (staff report only). */
export type LateActivityRow = {
  activityId: string;
  subcomponent: string;
  description: string;
  reason: 'not_started' | 'not_finished';
  daysLate: number;
  plannedStart: string | null;
  plannedEnd: string | null;
};

export type ScheduleSection = {
  bySubcomponent: ScheduleRow[];
  total: ScheduleRow;
};

// ---------------------------------------------------------------- pieces

export type PieceKindRow = {
  kind: PieceKind;
  label: string;
  /** Pieces of the plan's activities that reached approval: approved, scheduled, published or failed (drafts, pieces in review and cancelled ones are not produced yet). */
  produced: number;
  /** Pieces with status "published" (every publication went out). */
  published: number;
  /** Publications with status "published", per network of their account. */
  publicationsByChannel: Record<Network, number>;
  /** Sum of publicationsByChannel. */
  publications: number;
};

export type PiecesSection = {
  /** Only the kinds with something produced or published, in the order of the catalogue (src/i18n/es.ts). */
  byKind: PieceKindRow[];
  /** Networks with at least one published publication, in the order x, youtube, facebook, website. */
  channels: Network[];
  totals: { produced: number; published: number; publications: number; publicationsByChannel: Record<Network, number> };
};

// ---------------------------------------------------------------- reach and interaction

/** Reach and interactions as src/metrics defines them (vocabulary.ts): reach = latest impressions (else views) of each published publication + manual reach; interactions = likes + shares + replies + quotes + saves. */
export type ReachFigures = { reach: number; interactions: number };

export type ReachSubcomponentRow = ReachFigures & {
  subcomponentId: string;
  name: string;
  /** Per channel (networks and 'offline' for the manual entries); only the section's `channels`. */
  byChannel: Partial<Record<ChannelKey, ReachFigures>>;
};

export type ReachChannelRow = ReachFigures & {
  key: ChannelKey;
  label: string;
  /** Published publications (0 for 'offline'). */
  publications: number;
};

export type ReachSection = {
  /** Whole plan, from planMetrics (src/metrics/rollups.ts). */
  totals: ReachFigures & {
    /** interactions / reach on the networks that count interactions (planMetrics' engagementRate), null without such reach. */
    engagementRate: number | null;
    publications: number;
    /** Part of the reach that comes from manual (offline) entries. */
    manualReach: number;
  };
  /** Channels with a figure or a publication, in the order x, youtube, facebook, website, offline. */
  channels: ChannelKey[];
  byChannel: ReachChannelRow[];
  bySubcomponent: ReachSubcomponentRow[];
};

// ---------------------------------------------------------------- surveys

export type ChoiceCount = {
  label: string;
  count: number;
  /** count / the question's answers × 100 (a multiple-choice question's percentages may add up to more than 100). */
  percent: number | null;
};

export type SurveyQuestionResult = {
  id: string;
  position: number;
  kind: 'short_text' | 'long_text' | 'single_choice' | 'multiple_choice' | 'scale' | 'matrix';
  prompt: string;
  isTopic: boolean;
  /** Responses that answered this question (a non-empty value). */
  answers: number;
  /** Single and multiple choice: one row per choice of the question (in its order), then any other answered value; empty otherwise. */
  choices: ChoiceCount[];
  /** Scale: the distribution over every value of the scale and the mean of the answers (two decimals; null without answers). */
  scale: { min: number; max: number; minLabel: string | null; maxLabel: string | null; mean: number | null; distribution: { value: number; count: number }[] } | null;
  /** Matrix: counts[row][column] = responses that chose that column for that row. */
  matrix: { rows: string[]; columns: string[]; counts: number[][] } | null;
};

export type SurveyResult = {
  id: string;
  slug: string;
  title: string;
  purpose: 'topics' | 'perception' | 'other';
  opensAt: string | null;
  closesAt: string | null;
  /** Accepting answers now: published, opened (or no opening date) and not closed. */
  open: boolean;
  /** Stored responses. */
  responses: number;
  questions: SurveyQuestionResult[];
};

// ---------------------------------------------------------------- citizens' questions

export type QuestionsSection = {
  /** Every question of the plan except those marked as duplicates of another. */
  received: number;
  /** Marked duplicate of another question (not in `received`). */
  duplicates: number;
  /** Discarded as out of scope (in `received`). */
  discarded: number;
  /** With an answer written: status answered, approved or published. */
  answered: number;
  /** Status published (the answer is public). */
  published: number;
  /** Published on or before the deadline day. Without a hearing there is no deadline and this is 0. */
  publishedOnTime: number;
  /** Published after the deadline day. */
  publishedLate: number;
  /** Not published, not discarded, not a duplicate, and the deadline day is over. */
  overdue: number;
  /** Not published, not discarded, not a duplicate (still to be answered or published). */
  pending: number;
  /** Plan.answerDeadlineDays. */
  deadlineDays: number;
  /** The deadline: the calendar day (office's zone) `deadlineDays` after the hearing's day; a question is on time when published on or before it. null without a hearing. */
  deadline: string | null;
  /** published / (received − discarded) × 100. */
  publishedPercent: number | null;
  /** publishedOnTime / published × 100. */
  onTimePercent: number | null;
};

// ---------------------------------------------------------------- the rest

export type EvaluationRow = {
  subcomponentId: string;
  name: string;
  strengths: string;
  weaknesses: string;
  improvements: string;
  /** null when the subcomponent has no evaluation yet. */
  updatedAt: string | null;
};

export type HearingInfo = {
  title: string;
  startsAt: string;
  endsAt: string | null;
  place: string | null;
  /** The agenda, item by item (see agenda.ts). */
  agenda: { time: string | null; text: string }[];
  watchUrl: string | null;
  recordingUrl: string | null;
};

export type Report = {
  plan: { id: string; title: string; objective: string | null; year: number | null };
  timeZone: string;
  /** When the figures were computed. */
  generatedAt: string;
  /** `now`'s day in the office's zone: the day lateness and overdue questions are judged on. */
  today: string;
  hearing: HearingInfo | null;
  schedule: ScheduleSection;
  pieces: PiecesSection;
  reach: ReachSection;
  /** Published surveys of the plan (drafts are never in the report), by opening date. */
  surveys: SurveyResult[];
  questions: QuestionsSection;
  evaluation: EvaluationRow[];
  /** Staff only (null in the public report): activities late today, most days late first. */
  lateActivities: LateActivityRow[] | null;
  /** Staff only (null in the public report): pieces still in draft or in review, per kind. */
  piecesInProgress: { kind: PieceKind; label: string; count: number }[] | null;
};
