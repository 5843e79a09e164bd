import type { Context } from 'hono';
import type { Db } from '../db/client.js';
import type { AppEnv } from '../http/env.js';
import { todayIn } from '../lib/dates.js';

/**
 * Views of the website's articles, per publication and day (PageViewDay), and the one rule
 * that decides whether a request is a person's visit (used by the short links too).
 * Nothing about the reader is stored or logged: no address, no user agent, no cookie. The
 * user agent is only read, to leave robots out, and then forgotten.
 */

/**
 * Link-preview fetchers and crawlers. Every network fetches each posted link to draw its card,
 * so counting them would inflate clicks and views. Also the generic bot/crawler/spider/preview
 * words, which cover Discordbot, Applebot, SkypeUriPreview and the like.
 */
const robotPattern =
  /facebookexternalhit|facebookcatalog|facebot|meta-externalagent|twitterbot|slackbot|slack-imgproxy|whatsapp|telegrambot|linkedinbot|googlebot|bingbot|bot|crawler|spider|preview/i;

/** Whether a user agent is a robot (link previews, crawlers). A missing user agent is not. */
export function isRobot(userAgent: string | null | undefined): boolean {
  return userAgent ? robotPattern.test(userAgent) : false;
}

/**
 * Whether a request is a person opening the page: a GET (HEAD asks without reading), not a
 * robot, and not a browser's speculative prefetch (the person may never look at it).
 * A conditional GET answered 304 is a reader too, and counts.
 */
export function isCountedVisit(request: Request): boolean {
  if (request.method !== 'GET') return false;
  const headers = request.headers;
  if (isRobot(headers.get('user-agent'))) return false;
  const purpose = `${headers.get('sec-purpose') ?? ''} ${headers.get('purpose') ?? ''} ${headers.get('x-moz') ?? ''}`;
  return !/prefetch|prerender/i.test(purpose);
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

function assertDay(day: string): void {
  if (!dayPattern.test(day)) throw new Error(`Día inválido: «${day}» (se esperaba AAAA-MM-DD).`);
}

/** One more view of a website publication on `day` (YYYY-MM-DD in the office's zone): one statement, safe under concurrency. */
export async function countPageView(db: Db, publicationId: string, day: string): Promise<void> {
  assertDay(day);
  await db.$executeRaw`INSERT INTO "PageViewDay" ("publicationId", "day", "views") VALUES (${publicationId}, ${day}, 1)
    ON CONFLICT ("publicationId", "day") DO UPDATE SET "views" = "views" + 1`;
}

/**
 * One more view of the live website article with this slug (the publication the news pages
 * show: status published, on the website account), in one statement that finds the
 * publication and counts. Returns whether an article was counted.
 */
export async function countNewsView(db: Db, slug: string, day: string): Promise<boolean> {
  assertDay(day);
  const changed = await db.$executeRaw`INSERT INTO "PageViewDay" ("publicationId", "day", "views")
    SELECT p."id", ${day}, 1 FROM "Publication" p JOIN "ChannelAccount" a ON a."id" = p."accountId"
    WHERE p."remoteId" = ${slug} AND a."network" = 'website' AND p."status" = 'published' AND p."publishedAt" IS NOT NULL
    ORDER BY p."publishedAt" DESC LIMIT 1
    ON CONFLICT ("publicationId", "day") DO UPDATE SET "views" = "views" + 1`;
  return changed > 0;
}

/**
 * For the article page (`GET /noticias/:slug`, once it knows the article is published and
 * before answering from the cache): counts the view when the request is a person's visit,
 * on today's day in the office's zone. A failure to count never breaks the page.
 */
export async function countArticleView(c: Context<AppEnv>, slug: string, now: Date = new Date()): Promise<void> {
  if (!isCountedVisit(c.req.raw)) return;
  try {
    await countNewsView(c.var.db, slug, todayIn(c.var.config.timeZone, now));
  } catch (err) {
    console.error(`[${c.get('requestId') ?? '-'}] No se pudo contar la visita a una noticia`, err);
  }
}

/** Total views of each website publication; every id asked for is in the map (0 when never viewed). */
export async function websiteViews(db: Db, publicationIds: string[]): Promise<Map<string, number>> {
  const totals = new Map(publicationIds.map((id) => [id, 0]));
  if (publicationIds.length === 0) return totals;
  const sums = await db.pageViewDay.groupBy({ by: ['publicationId'], where: { publicationId: { in: publicationIds } }, _sum: { views: true } });
  for (const s of sums) totals.set(s.publicationId, s._sum.views ?? 0);
  return totals;
}

export type PageViewDayRow = { publicationId: string; day: string; views: number };

/** Views per publication and day (days inclusive, YYYY-MM-DD), by day then publication: for the read model's series. */
export async function pageViewDays(db: Db, { publicationIds, from, to }: { publicationIds?: string[]; from?: string; to?: string } = {}): Promise<PageViewDayRow[]> {
  return db.pageViewDay.findMany({
    where: { ...(publicationIds ? { publicationId: { in: publicationIds } } : {}), day: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } },
    orderBy: [{ day: 'asc' }, { publicationId: 'asc' }],
    select: { publicationId: true, day: true, views: true },
  });
}
