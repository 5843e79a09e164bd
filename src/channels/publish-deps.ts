import type { Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import type { PublishDeps } from './publish-piece.js';

/** What publishing needs, taken from a request's context. */
export function publishDeps(c: Context<AppEnv>): PublishDeps {
  return { db: c.var.db, box: c.var.secrets, media: c.var.media, settings: c.var.config.channels, actor: c.var.actor, timeZone: c.var.config.timeZone, metrics: c.var.config.metrics };
}
