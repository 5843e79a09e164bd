import type { Context } from 'hono';
import type { AppEnv } from '../http/env.js';

/**
 * For department-scoped roles, which activities a request touches. Each returns the ids of
 * the activities the user must answer for (null: the resource has no activity, which no
 * department owns), or 'missing' when the resource does not exist, so the handler answers
 * its own 404.
 */
export type ScopeResolver = (c: Context<AppEnv>, params: Record<string, string>) => Promise<(string | null)[] | 'missing'>;

async function jsonActivityId(c: Context<AppEnv>): Promise<string | null | undefined> {
  try {
    const body = (await c.req.json()) as { activityId?: unknown };
    return typeof body.activityId === 'string' ? body.activityId : body.activityId === null ? null : undefined;
  } catch {
    return undefined; // not JSON: the route's own validation answers 400
  }
}

export const activityFromParam: ScopeResolver = async (c, { id }) => {
  const found = id ? await c.var.db.activity.findUnique({ where: { id }, select: { id: true } }) : null;
  return found ? [found.id] : 'missing';
};

/** A manual metrics entry's activity (offline pieces are recorded per activity). */
export const manualEntryFromParam: ScopeResolver = async (c, { id }) => {
  const entry = id ? await c.var.db.manualMetricEntry.findUnique({ where: { id }, select: { activityId: true } }) : null;
  return entry ? [entry.activityId] : 'missing';
};

/** The survey's activity, for department users creating its announcement piece. */
export const surveyActivityFromParam: ScopeResolver = async (c, { id }) => {
  const survey = id ? await c.var.db.survey.findUnique({ where: { id }, select: { activityId: true } }) : null;
  return survey ? [survey.activityId] : 'missing';
};

/** A piece's activity, and the activity a change would move it to. */
export const pieceFromParam: ScopeResolver = async (c, { id }) => {
  const piece = id ? await c.var.db.piece.findUnique({ where: { id }, select: { activityId: true } }) : null;
  if (!piece) return 'missing';
  const target = c.req.method === 'PATCH' ? await jsonActivityId(c) : undefined;
  return target === undefined ? [piece.activityId] : [piece.activityId, target];
};

export const pieceFromBody: ScopeResolver = async (c) => {
  const activityId = await jsonActivityId(c);
  return [activityId ?? null];
};
