import type { Network } from '../generated/prisma/client.js';
import type { MetricName, TargetMetric } from './vocabulary.js';

/**
 * The shapes the metrics read model (rollups.ts) returns and the pages and CSV exports show.
 * Every figure is computed from the stored samples: the latest sample of each publication
 * (counts are cumulative), the short links' daily clicks, and the manual entries.
 */

/** Totals of one group (a piece, a channel, an activity…). */
export type Totals = Record<MetricName, number> & {
  /** Impressions, else views, per publication; plus manual reach (vocabulary.manualReachOf). */
  reach: number;
  /** likes + shares + replies + quotes + saves. */
  interactions: number;
  /**
   * interactions / reach on the networks that count interactions: manual reach and website visits
   * are left out (neither has interactions); null when there is no such reach.
   */
  engagementRate: number | null;
  /** Clicks on Pregón's short links (`/l/:code`). */
  shortLinkClicks: number;
  /** Publications with status published. */
  publications: number;
  /** Pieces with at least one published publication. */
  piecesPublished: number;
  /** Manual entries: their reach (manualReachOf) and attendance. */
  manualReach: number;
  attendance: number;
};

/** "offline" groups the manual entries in per-channel tables. */
export type ChannelKey = Network | 'offline';

export type GroupRow = { key: string; label: string; totals: Totals };

/** One day (YYYY-MM-DD in the office's zone) of a series: cumulative counts at the end of the day, clicks of that day. */
export type DayPoint = { day: string; reach: number; interactions: number; views: number; shortLinkClicks: number };

export type Attainment = {
  metric: TargetMetric;
  target: number;
  actual: number;
  /** actual / target × 100, rounded to one decimal; may pass 100. */
  percent: number;
};

export type ActivityRow = GroupRow & {
  subcomponentId: string;
  position: number;
  attainment: Attainment | null;
};

export type SubcomponentRow = GroupRow & {
  /** Weighted (Activity.weight) mean of min(percent, 100) over its activities with a target; null when none has one. */
  attainmentPercent: number | null;
  activitiesWithTarget: number;
};

export type TopPiece = { pieceId: string; title: string; activityId: string | null; totals: Totals };

export type PlanMetrics = {
  planId: string;
  totals: Totals;
  byChannel: GroupRow[];
  bySubcomponent: SubcomponentRow[];
  byActivity: ActivityRow[];
  byDepartment: GroupRow[];
  /** By reach, highest first (at most `limit`, default 10). */
  topPieces: TopPiece[];
  series: DayPoint[];
};

/** One publication's samples over time, for the piece page's charts. */
export type PublicationSeries = {
  publicationId: string;
  network: Network;
  accountLabel: string;
  url: string | null;
  publishedAt: string | null;
  latest: (Record<MetricName, number | null> & { collectedAt: string }) | null;
  samples: (Record<MetricName, number | null> & { collectedAt: string })[];
};

export type PieceMetrics = {
  pieceId: string;
  totals: Totals;
  byChannel: GroupRow[];
  publications: PublicationSeries[];
  shortLinks: { code: string; network: Network; targetUrl: string; clicks: number; days: { day: string; clicks: number }[] }[];
  series: DayPoint[];
};

export type ActivityMetrics = {
  activityId: string;
  totals: Totals;
  attainment: Attainment | null;
  /** Its pieces compared. */
  pieces: TopPiece[];
  byChannel: GroupRow[];
  series: DayPoint[];
};

/** Engagement by weekday × hour of publishing, in the office's zone, from the plan's own publications. */
export type BestTimeCell = {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  hour: number;
  publications: number;
  reach: number;
  interactions: number;
  /** interactions / reach; null when no reach. */
  rate: number | null;
};

export type BestTimes = {
  cells: BestTimeCell[];
  /** The best cells with at least `minPublications` publications, best first (at most 3). */
  suggestions: BestTimeCell[];
};
