/**
 * One vocabulary for every network's numbers. Each channel translates its own counts into
 * these names (`RemoteMetrics` in src/channels/channel.ts); a sample keeps the network's raw
 * answer too. Counts are cumulative: a later sample of a publication replaces an earlier one
 * in totals, it never adds to it.
 */
export const metricNames = ['impressions', 'views', 'likes', 'shares', 'replies', 'quotes', 'saves', 'linkClicks', 'watchSeconds'] as const;
export type MetricName = (typeof metricNames)[number];

export const metricLabels: Record<MetricName, string> = {
  impressions: 'Impresiones',
  views: 'Reproducciones y visitas',
  likes: 'Me gusta',
  shares: 'Compartidos',
  replies: 'Respuestas y comentarios',
  quotes: 'Citas',
  saves: 'Guardados',
  linkClicks: 'Clics en enlaces (red)',
  watchSeconds: 'Tiempo de reproducción (s)',
};

export type MetricValues = Partial<Record<MetricName, number | null>>;

/** People reached by a publication: the impressions when the network gives them, else the views. */
export function reachOf(m: MetricValues): number {
  return m.impressions ?? m.views ?? 0;
}

/** Interactions: likes, shares, replies, quotes and saves. */
export function interactionsOf(m: MetricValues): number {
  return (m.likes ?? 0) + (m.shares ?? 0) + (m.replies ?? 0) + (m.quotes ?? 0) + (m.saves ?? 0);
}

/** Interactions per person reached; null when nobody was reached. */
export function engagementRate(interactions: number, reach: number): number | null {
  return reach > 0 ? interactions / reach : null;
}

/** Kinds of offline pieces measured by hand (ManualMetricEntry.kind). */
export const manualKinds = ['radio', 'press', 'poster', 'billboard', 'fair', 'meeting', 'event', 'other'] as const;
export type ManualKind = (typeof manualKinds)[number];

export const manualKindLabels: Record<ManualKind, string> = {
  radio: 'Cuña o programa de radio',
  press: 'Nota de prensa (medio impreso)',
  poster: 'Afiche o volante impreso',
  billboard: 'Valla',
  fair: 'Feria o jornada',
  meeting: 'Reunión sectorial',
  event: 'Evento presencial',
  other: 'Otro',
};

/**
 * People reached by a manual entry: its reach when given, else the estimated audience (radio,
 * press), else the attendance (fairs, meetings). One figure per entry, so nothing counts twice.
 */
export function manualReachOf(e: { reach: number | null; audience: number | null; attendance: number | null }): number {
  return e.reach ?? e.audience ?? e.attendance ?? 0;
}

/** What an activity's numeric target (Activity.targetMetric) can be measured by. */
export const targetMetrics = ['reach', 'interactions', 'views', 'link_clicks', 'pieces_published', 'videos_published', 'attendance', 'survey_answers'] as const;
export type TargetMetric = (typeof targetMetrics)[number];

export const targetMetricLabels: Record<TargetMetric, string> = {
  reach: 'Alcance (personas alcanzadas, en línea y fuera de línea)',
  interactions: 'Interacciones',
  views: 'Reproducciones y visitas',
  link_clicks: 'Clics en los enlaces de Pregón',
  pieces_published: 'Piezas publicadas',
  videos_published: 'Videos publicados en YouTube',
  attendance: 'Asistentes (registros manuales)',
  survey_answers: 'Respuestas de encuestas',
};

export function isTargetMetric(value: string | null | undefined): value is TargetMetric {
  return (targetMetrics as readonly string[]).includes(value ?? '');
}
