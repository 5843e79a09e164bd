import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { brandKitHash } from '../brand/brand-kit.js';
import type { Db } from '../db/client.js';
import type { AppEnv } from '../http/env.js';
import type { BrandKit } from '../render/index.js';
import { lastNewsChange } from './queries.js';

/**
 * HTTP caching of the public pages. Pages and feeds change only when a website publication
 * changes (published, cancelled…) or the brand kit does, so their validator is computed from
 * those alone, before anything is rendered: a revalidation costs two small queries.
 */

export type Validators = { etag: string; lastModified: Date | null; cacheControl: string };

/** Sets the cache headers; answers 304 (no body) when the client already holds this version. */
export function answerFromCache(c: Context<AppEnv>, { etag, lastModified, cacheControl }: Validators): Response | null {
  c.header('Cache-Control', cacheControl);
  c.header('ETag', etag);
  if (lastModified) c.header('Last-Modified', lastModified.toUTCString());
  return matchesIfNoneMatch(c.req.header('If-None-Match'), etag) ? c.body(null, 304) : null;
}

/** For a page or feed: `key` names what is shown ("lista:2", "noticia:<slug>", "rss"…). */
export async function newsValidators(db: Db, key: string, kit: BrandKit): Promise<Validators> {
  const last = await lastNewsChange(db);
  const etag = quotedHash([last?.id ?? '', last?.updatedAt.toISOString() ?? '', key, brandKitHash(kit)].join('|'));
  return { etag, lastModified: last?.updatedAt ?? null, cacheControl: 'public, max-age=300' };
}

export function quotedHash(value: string): string {
  return `"${createHash('sha256').update(value).digest('base64url').slice(0, 27)}"`;
}

/** `If-None-Match` may list several tags, weak ones (W/"…") included, or be `*` (RFC 9110 §13.1.2). */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}
