import type { AccountContext, PublishedRef, RemoteMetrics } from '../channel.js';
import { ChannelError } from '../channel.js';
import { callOptions, send, youtubeApi } from './client.js';
import type { LiveRaw } from './live.js';

/** YouTube's cap on ids per videos.list request. */
const IDS_PER_REQUEST = 50;

/** Deletes a video, or a broadcast and its stream. Something already gone counts as deleted. */
export async function removeYoutube(ctx: AccountContext, published: PublishedRef): Promise<void> {
  const api = youtubeApi(ctx.settings, ctx.credentials.accessToken);
  const options = callOptions(ctx.settings);
  const raw = published.raw as Partial<LiveRaw> | null;
  if (raw?.mode === 'live') {
    await ignoringNotFound(() => send('write', () => api.liveBroadcasts.delete({ id: published.remoteId }, options)));
    if (raw.stream?.id) await ignoringNotFound(() => send('write', () => api.liveStreams.delete({ id: raw.stream!.id }, options)));
    return;
  }
  await ignoringNotFound(() => send('write', () => api.videos.delete({ id: published.remoteId }, options)));
}

async function ignoringNotFound(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (error instanceof ChannelError && error.status === 404) return;
    throw error;
  }
}

/** Views, likes and comments of many videos (a broadcast is a video too), 50 per request. */
export async function fetchYoutubeMetrics(ctx: AccountContext, published: PublishedRef[]): Promise<Map<string, RemoteMetrics>> {
  const api = youtubeApi(ctx.settings, ctx.credentials.accessToken);
  const ids = [...new Set(published.map((p) => p.remoteId))];
  const metrics = new Map<string, RemoteMetrics>();
  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    const batch = ids.slice(i, i + IDS_PER_REQUEST);
    const found = await send('read', () => api.videos.list({ part: ['statistics'], id: batch }, callOptions(ctx.settings)));
    for (const video of found.items ?? []) {
      if (!video.id || !video.statistics) continue;
      const s = video.statistics;
      // The API sends counts as strings; a hidden count (likes can be hidden) is absent.
      metrics.set(video.id, { views: count(s.viewCount), likes: count(s.likeCount), replies: count(s.commentCount), raw: s });
    }
  }
  return metrics;
}

function count(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export type RecentUpload = { videoId: string; title: string; uploadedAt: Date | null };

/**
 * The channel's latest uploads, newest first: how an `unknown_outcome` upload is reconciled
 * (the video may be there although its answer never came). Reads only.
 */
export async function recentUploads(ctx: AccountContext, limit = 25): Promise<RecentUpload[]> {
  const api = youtubeApi(ctx.settings, ctx.credentials.accessToken);
  const options = callOptions(ctx.settings);
  const channels = await send('read', () => api.channels.list({ part: ['contentDetails'], mine: true }, options));
  const playlistId = channels.items?.[0]?.contentDetails?.relatedPlaylists?.uploads;
  if (!playlistId) return [];
  const page = await send('read', () => api.playlistItems.list({ part: ['snippet', 'contentDetails'], playlistId, maxResults: Math.min(limit, 50) }, options));
  return (page.items ?? []).flatMap((item) => {
    const videoId = item.contentDetails?.videoId ?? item.snippet?.resourceId?.videoId;
    if (!videoId) return [];
    return [{ videoId, title: item.snippet?.title ?? '', uploadedAt: item.snippet?.publishedAt ? new Date(item.snippet.publishedAt) : null }];
  });
}
