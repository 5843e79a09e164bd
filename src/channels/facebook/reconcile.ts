import { ChannelError, channelMessages, type AccountContext, type OutgoingVariant, type PublishResult, type ReconcileResult } from '../channel.js';
import { graph, missingIds, tryGraph } from './graph.js';
import { pageIdOf, publishResult, readAlbumProgress, type AlbumProgress } from './posts.js';
import { messageFor } from './rules.js';

/**
 * After an attempt whose answer never came, asks Facebook whether the post exists: the page's
 * own feed (`GET /{page-id}/feed`) since the attempt started, compared by text and by the
 * number of photos. Read only: nothing is created or deleted here.
 *
 * - Found: `published`, with what `publish()` would have returned (the newest match wins).
 * - Not found: `absent`. For several photos, the progress keeps the photos already uploaded
 *   (and still on Facebook), so publishing again attaches them instead of uploading twice.
 * - Facebook does not answer: `unknown`, with the reason in Spanish.
 */

const NETWORK = 'Facebook';
/** Pregón's clock and Facebook's may disagree: posts up to this long before `startedAt` still count. */
const CLOCK_SLACK_MS = 2 * 60_000;
/** Graph's largest page for the feed. */
const FEED_PAGE_SIZE = 100;
/** Five full pages since the attempt is far more than a municipality posts; past that, answering "absent" would be a guess. */
const MAX_FEED_PAGES = 5;
/** `attachments` with Graph's default fields names each photo (`target.id`), which tells a photo post from a text post. */
const FEED_FIELDS = 'id,message,created_time,attachments';

type Attachment = { type?: string; media_type?: string; target?: { id?: string }; subattachments?: { data?: Attachment[] } };
type FeedPost = { id: string; message?: string; created_time?: string; attachments?: { data?: Attachment[] } };
type FeedPage = { data: FeedPost[]; paging?: { next?: string } };

export async function reconcilePost(ctx: AccountContext, variant: OutgoingVariant, attempt: { startedAt: Date; progress: unknown }): Promise<ReconcileResult> {
  const since = new Date(attempt.startedAt.getTime() - CLOCK_SLACK_MS);
  const known = readAlbumProgress(attempt.progress);
  try {
    const posts = await feedSince(ctx, pageIdOf(ctx), since);
    if (posts === null) return unknown(`la página tiene más de ${MAX_FEED_PAGES * FEED_PAGE_SIZE} publicaciones desde el intento y no se revisaron todas.`);
    const match = newestMatch(posts, variant, since, known);
    if (match) return { state: 'published', result: resultOf(ctx, variant, match) };
    if (variant.media.length <= 1) return { state: 'absent', progress: attempt.progress ?? null };
    return { state: 'absent', progress: await photosStillThere(ctx, known) };
  } catch (error) {
    if (error instanceof ChannelError) return unknown(whyNoAnswer(error));
    throw error;
  }
}

/**
 * The page's posts created since `since`, following Graph's `paging.next` (whose query carries
 * the cursor or time paging Graph chose); null when there are more than `MAX_FEED_PAGES` pages.
 */
async function feedSince(ctx: AccountContext, pageId: string, since: Date): Promise<FeedPost[] | null> {
  const posts: FeedPost[] = [];
  let query: Record<string, string> = { fields: FEED_FIELDS, since: String(Math.floor(since.getTime() / 1000)), limit: String(FEED_PAGE_SIZE) };
  for (let page = 0; page < MAX_FEED_PAGES; page += 1) {
    const answer = await graph<FeedPage>(ctx.settings, { method: 'GET', path: `/${pageId}/feed`, query, token: ctx.credentials.accessToken });
    posts.push(...answer.data);
    if (!answer.paging?.next) return posts;
    query = nextQuery(answer.paging.next);
  }
  return null;
}

/** The query of Graph's `next` address, without the token it may carry (ours goes in the header). */
function nextQuery(next: string): Record<string, string> {
  const params = new URL(next).searchParams;
  params.delete('access_token');
  return Object.fromEntries(params);
}

/**
 * Ours: created in the window and either attaching a photo this attempt uploaded, or with the
 * same text and as many photos. Several matches (an identical post made by hand): the newest.
 */
function newestMatch(posts: FeedPost[], variant: OutgoingVariant, since: Date, known: AlbumProgress): FeedPost | null {
  const expected = messageFor(variant.text, variant.link, variant.media.length);
  const knownPhotos = new Set(known.photos.map((p) => p.photoId));
  const matches = posts.filter((post) => {
    // Graph applies `since` to the last update, not to the creation: an older post edited since then is not ours.
    if (!(createdAt(post).getTime() >= since.getTime())) return false;
    const photoIds = photoIdsOf(post);
    if (photoIds.some((id) => knownPhotos.has(id))) return true;
    return photoIds.length === variant.media.length && sameText(post.message ?? '', expected);
  });
  return matches.sort((a, b) => createdAt(b).getTime() - createdAt(a).getTime())[0] ?? null;
}

/** Graph's `created_time` (`2025-01-31T14:05:00+0000`); an invalid date when absent, which no window contains. */
function createdAt(post: FeedPost): Date {
  return new Date(post.created_time ?? NaN);
}

/** The photos of a post: each subattachment of an album, or the single photo. */
function photoIdsOf(post: FeedPost): string[] {
  return (post.attachments?.data ?? []).flatMap((attachment) => {
    const parts = attachment.subattachments?.data ?? [attachment];
    return parts.filter((part) => (part.media_type ?? part.type) === 'photo' && part.target?.id).map((part) => part.target?.id ?? '');
  });
}

const URL_PATTERN = /\bhttps?:\/\/\S+/gi;

/**
 * Facebook may trim the text or change its spacing, and may rewrite links (tracking
 * parameters, redirects), so links are compared by count and the rest with its whitespace
 * collapsed. Case is kept: it is the office's text.
 */
function sameText(published: string, expected: string): boolean {
  const normalized = (text: string) => text.replace(URL_PATTERN, ' ').replace(/\s+/g, ' ').trim();
  const urlCount = (text: string) => text.match(URL_PATTERN)?.length ?? 0;
  return normalized(published) === normalized(expected) && urlCount(published) === urlCount(expected);
}

/** What `publish()` would have returned for this post, with Facebook's own publication time. */
function resultOf(ctx: AccountContext, variant: OutgoingVariant, post: FeedPost): PublishResult {
  const photoIds = photoIdsOf(post);
  const publishedAt = createdAt(post);
  // The same `raw` as publish() keeps: the feed answer, the photo answer, or the post and its photos.
  if (variant.media.length === 0) return publishResult(ctx, post.id, { id: post.id }, publishedAt);
  if (variant.media.length === 1) return publishResult(ctx, post.id, { id: photoIds[0] ?? post.id, post_id: post.id }, publishedAt);
  return publishResult(ctx, post.id, { post: { id: post.id }, photoIds }, publishedAt);
}

/**
 * The uploaded photos of the earlier attempt that Facebook still has, in the shape
 * `publish()` reads. One multi-id read; Graph refuses all of it when an id is gone (803), so
 * the missing ones are dropped and the read repeated. A photo whose upload answer was lost is
 * not among them: Graph does not list unpublished photos, so it will be uploaded again.
 */
async function photosStillThere(ctx: AccountContext, known: AlbumProgress): Promise<AlbumProgress> {
  let photos = known.photos;
  while (photos.length > 0) {
    const ids = photos.map((p) => p.photoId);
    const outcome = await tryGraph(ctx.settings, { method: 'GET', path: '/', query: { ids: ids.join(','), fields: 'id' }, token: ctx.credentials.accessToken });
    if (outcome.ok) return { photos };
    const missing = missingIds(outcome.error, ids);
    if (missing.length === 0) throw outcome.failure;
    photos = photos.filter((p) => !missing.includes(p.photoId));
  }
  return { photos };
}

function unknown(why: string): ReconcileResult {
  return { state: 'unknown', reason: `No se pudo comprobar en ${NETWORK} si la publicación quedó hecha: ${why} Revise la página antes de volver a publicar.` };
}

/** The translated failure speaks of publishing; here only a query failed, so say what failed about the query. */
function whyNoAnswer(error: ChannelError): string {
  switch (error.kind) {
    case 'rate_limited':
      return channelMessages.rateLimited(NETWORK, error.retryAt);
    case 'auth':
      return error.message;
    case 'rejected':
      return `${NETWORK} rechazó la consulta (${error.reason ?? 'sin motivo'}).`;
    default:
      return error.status ? `${NETWORK} tuvo un error interno (HTTP ${error.status}).` : `${NETWORK} no respondió a tiempo o no fue posible conectarse.`;
  }
}
