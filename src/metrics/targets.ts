import type { Actor } from '../audit/write-audit.js';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { updateActivity } from '../plan/update-activity.js';
import { isTargetMetric, targetMetricLabels, targetMetrics, type TargetMetric } from './vocabulary.js';

/**
 * An activity's numeric target: what it is measured by (vocabulary.targetMetrics) and how
 * much. Saved through updateActivity, so the change has the activity's own audit entry.
 */

export type TargetChange = { metric: TargetMetric; value: number } | null;

const metricMessage = `Elija con qué se mide la meta: ${targetMetrics.map((m) => targetMetricLabels[m].split(' (')[0]!.toLowerCase()).join(', ')}.`;
const valueMessage = 'La meta debe ser un número mayor que cero.';

/** Checks a target as the page's form (or a script) sends it; throws a 422 naming the field. */
export function parseTarget(input: { metric?: unknown; value?: unknown }): { metric: TargetMetric; value: number } {
  const metric = typeof input.metric === 'string' ? input.metric.trim() : '';
  if (!isTargetMetric(metric)) throw new AppError('unprocessable', metricMessage, { details: { field: 'targetMetric' } });
  const value = toNumber(input.value);
  if (value === null || !Number.isFinite(value) || value <= 0) throw new AppError('unprocessable', valueMessage, { details: { field: 'targetValue' } });
  if (value > 1e12) throw new AppError('unprocessable', 'La meta es demasiado grande.', { details: { field: 'targetValue' } });
  return { metric, value };
}

/**
 * A number as a person types it: `50000`, `50.000` or `50 000` (es-CO groups thousands with
 * dots), `2,5` or `2.5` for a decimal. Null when it is not a number.
 */
function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return null;
  let s = v.trim().replace(/\s/g, '');
  if (s === '') return null;
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d+,\d+$/.test(s)) s = s.replace(',', '.');
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : null;
}

/** Sets (or, with null, clears) the target of an activity. */
export async function setActivityTarget({ db, actor, activityId, target }: { db: Db; actor: Actor; activityId: string; target: TargetChange }) {
  return updateActivity({
    db,
    actor,
    id: activityId,
    changes: target ? { targetMetric: target.metric, targetValue: target.value } : { targetMetric: null, targetValue: null },
  });
}
