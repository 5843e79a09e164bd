import type { youtube_v3 } from '@googleapis/youtube';
import { ChannelError, type AccountContext, type OutgoingVariant, type ReconcileResult } from '../channel.js';
import { callOptions, send, youtubeApi, type YoutubeApi } from './client.js';
import { findStream, liveProgress, liveResult, liveTitle, type LiveProgress } from './live.js';
import { recentUploads } from './published.js';
import { composeDescription } from './rules.js';
import { thumbnailOf, videoProgress, videoResult, videoTitle, type VideoProgress } from './video.js';

/**
 * Reconciliation: after an attempt whose outcome is unknown, YouTube is asked (reads only) what
 * the attempt left there. A video is looked for in the channel's uploads playlist, a broadcast and
 * its stream in the channel's own broadcasts and streams; each must have been created since the
 * attempt started and carry the variant's title and description.
 */

type Attempt = { startedAt: Date; progress: unknown };

/** Our clock and YouTube's may differ: what YouTube dates up to this much before the attempt's start still counts as the attempt's. */
const CLOCK_SLACK_MS = 2 * 60_000;
/** YouTube's largest page. */
const PAGE_SIZE = 50;
/** Listings are read to the end, up to this many pages (500 broadcasts or streams is far beyond a municipality's). */
const MAX_PAGES = 10;

export async function reconcileYoutube(ctx: AccountContext, variant: OutgoingVariant, attempt: Attempt): Promise<ReconcileResult> {
  try {
    return variant.options.youtubeMode === 'live' ? await reconcileLive(ctx, variant, attempt) : await reconcileVideo(ctx, variant, attempt);
  } catch (error) {
    if (error instanceof ChannelError) return { state: 'unknown', reason: unknownReason(error) };
    throw error;
  }
}

function unknownReason(error: ChannelError): string {
  // The usual 5xx message speaks of a refused publication; here only a question went unanswered.
  const cause = error.status !== null && error.status >= 500 ? `YouTube tuvo un error interno (HTTP ${error.status}) al responder la consulta.` : error.message;
  return `No fue posible confirmar en YouTube si la publicación quedó hecha. ${cause} Vuelva a verificar más tarde o revise el canal en YouTube Studio.`;
}

// ---------------------------------------------------------------- video

async function reconcileVideo(ctx: AccountContext, variant: OutgoingVariant, attempt: Attempt): Promise<ReconcileResult> {
  const api = youtubeApi(ctx.settings, ctx.credentials.accessToken);
  const saved = videoProgress.safeParse(attempt.progress);
  const video = saved.success ? await videoById(ctx, api, saved.data.videoId) : await findUpload(ctx, api, variant, windowStart(attempt));
  if (!video) return saved.success ? gone(`El video que el intento anterior subió (${saved.data.videoId})`) : { state: 'absent', progress: null };

  const progress: VideoProgress = saved.success ? saved.data : { videoId: video.id!, video };
  // Whether the thumbnail was set cannot be read back (YouTube gives the same thumbnail URLs
  // either way). Setting it again is harmless, so publishing goes on from the uploaded video.
  if (thumbnailOf(variant) && progress.thumbnail === undefined) return { state: 'absent', progress };
  const publishedAt = variant.options.publishAt ? new Date(variant.options.publishAt) : dateOf(video.snippet?.publishedAt);
  return { state: 'published', result: videoResult(ctx.settings, progress, publishedAt) };
}

async function videoById(ctx: AccountContext, api: YoutubeApi, id: string): Promise<youtube_v3.Schema$Video | null> {
  const found = await send('read', () => api.videos.list({ part: ['snippet', 'status'], id: [id] }, callOptions(ctx.settings)));
  return found.items?.[0] ?? null;
}

/** The newest upload since `since` with the variant's title and description, as videos.list gives it (the shape the upload answered). */
async function findUpload(ctx: AccountContext, api: YoutubeApi, variant: OutgoingVariant, since: Date): Promise<youtube_v3.Schema$Video | null> {
  const title = videoTitle(variant);
  const candidates = (await recentUploads(ctx, PAGE_SIZE))
    .filter((upload) => upload.uploadedAt !== null && upload.uploadedAt >= since && sameText(upload.title, title))
    .sort((a, b) => b.uploadedAt!.getTime() - a.uploadedAt!.getTime());
  if (candidates.length === 0) return null;
  // The playlist items carry no description: the candidates are read in full.
  const found = await send('read', () => api.videos.list({ part: ['snippet', 'status'], id: candidates.map((c) => c.videoId) }, callOptions(ctx.settings)));
  const description = composeDescription(variant.text, variant.link);
  const videos = candidates.map((c) => found.items?.find((v) => v.id === c.videoId));
  return videos.find((v) => v !== undefined && sameText(v.snippet?.description, description)) ?? null;
}

// ---------------------------------------------------------------- live broadcast

async function reconcileLive(ctx: AccountContext, variant: OutgoingVariant, attempt: Attempt): Promise<ReconcileResult> {
  const event = variant.event;
  // Without an event publishing refuses before calling YouTube: nothing can be there.
  if (!event) return { state: 'absent', progress: attempt.progress ?? null };
  const api = youtubeApi(ctx.settings, ctx.credentials.accessToken);
  const since = windowStart(attempt);
  const saved = liveProgress.safeParse(attempt.progress);

  const broadcasts = await myBroadcasts(ctx, api);
  const broadcast = saved.success ? broadcasts.find((b) => b.id === saved.data.broadcastId) : findBroadcast(broadcasts, variant, event, since);
  if (!broadcast) return saved.success ? gone(`La transmisión que el intento anterior creó (${saved.data.broadcastId})`) : { state: 'absent', progress: null };

  // Binding is the last step: a broadcast bound to an existing stream is complete.
  const boundId = broadcast.contentDetails?.boundStreamId;
  const bound = boundId ? await findStream(ctx, api, boundId) : null;
  if (bound) return { state: 'published', result: liveResult(ctx.settings, broadcast, bound, dateOf(broadcast.snippet?.publishedAt)) };

  const streamId = saved.success && saved.data.streamId ? saved.data.streamId : (await findOwnStream(ctx, api, broadcast, broadcasts, since))?.id;
  const progress: LiveProgress = { broadcastId: broadcast.id!, broadcast: saved.success ? saved.data.broadcast : broadcast, ...(streamId ? { streamId } : {}) };
  return { state: 'absent', progress };
}

async function myBroadcasts(ctx: AccountContext, api: YoutubeApi): Promise<youtube_v3.Schema$LiveBroadcast[]> {
  const part = ['snippet', 'status', 'contentDetails'];
  return allPages((pageToken) => send('read', () => api.liveBroadcasts.list({ part, mine: true, maxResults: PAGE_SIZE, pageToken }, callOptions(ctx.settings))));
}

/** The newest broadcast since `since` with the variant's title, description and the event's start. */
function findBroadcast(broadcasts: youtube_v3.Schema$LiveBroadcast[], variant: OutgoingVariant, event: NonNullable<OutgoingVariant['event']>, since: Date) {
  const title = liveTitle(variant, event);
  const description = composeDescription(variant.text, variant.link);
  return newest(
    broadcasts.filter(({ snippet: s }) => createdSince(s?.publishedAt, since) && sameText(s?.title, title) && sameText(s?.description, description) && sameInstant(s?.scheduledStartTime, event.startsAt)),
  );
}

/**
 * The stream the attempt created before it could bind it: it carries the broadcast's title, was
 * created since `since` and no other broadcast uses it.
 */
async function findOwnStream(ctx: AccountContext, api: YoutubeApi, broadcast: youtube_v3.Schema$LiveBroadcast, broadcasts: youtube_v3.Schema$LiveBroadcast[], since: Date) {
  const taken = new Set(broadcasts.filter((b) => b.id !== broadcast.id).map((b) => b.contentDetails?.boundStreamId));
  const streams = await allPages((pageToken) => send('read', () => api.liveStreams.list({ part: ['snippet'], mine: true, maxResults: PAGE_SIZE, pageToken }, callOptions(ctx.settings))));
  return newest(streams.filter((s) => !taken.has(s.id) && createdSince(s.snippet?.publishedAt, since) && sameText(s.snippet?.title, broadcast.snippet?.title)));
}

// ---------------------------------------------------------------- helpers

/** Something the saved progress names is no longer on YouTube (deleted in Studio?): publishing again would fail or duplicate, so a person decides. */
function gone(what: string): ReconcileResult {
  return { state: 'unknown', reason: `${what} ya no está en YouTube (¿se eliminó en YouTube Studio?). Revise el canal antes de publicar de nuevo.` };
}

function windowStart(attempt: Attempt): Date {
  return new Date(attempt.startedAt.getTime() - CLOCK_SLACK_MS);
}

function createdSince(at: string | null | undefined, since: Date): boolean {
  return !!at && new Date(at) >= since;
}

function dateOf(at: string | null | undefined): Date {
  return at ? new Date(at) : new Date();
}

/** YouTube keeps scheduled times to the second. */
function sameInstant(at: string | null | undefined, expected: Date): boolean {
  return !!at && Math.abs(new Date(at).getTime() - expected.getTime()) < 1000;
}

const LINK = /https?:\/\/\S+/gi;

/**
 * Text as compared: composed Unicode, each link as one marker (links are compared by count, in
 * case the network rewrites them), whitespace collapsed; case kept.
 */
function comparableText(text: string | null | undefined): string {
  return (text ?? '').normalize('NFC').replace(LINK, '\u{1F517}').replace(/\s+/g, ' ').trim();
}

function sameText(a: string | null | undefined, b: string | null | undefined): boolean {
  return comparableText(a) === comparableText(b);
}

/** The most recently created of resources that carry `snippet.publishedAt`. */
function newest<T extends { snippet?: { publishedAt?: string | null } }>(items: T[]): T | undefined {
  const time = (item: T) => new Date(item.snippet?.publishedAt ?? 0).getTime();
  return [...items].sort((a, b) => time(b) - time(a))[0];
}

/** Every item of a paged listing, page after page, up to MAX_PAGES pages. */
async function allPages<T>(list: (pageToken: string | undefined) => Promise<{ items?: T[]; nextPageToken?: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await list(pageToken);
    items.push(...(answer.items ?? []));
    if (!answer.nextPageToken) break;
    pageToken = answer.nextPageToken;
  }
  return items;
}
