import type { youtube_v3 } from '@googleapis/youtube';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { ChannelError, type ChannelSettings, type OutgoingMedia, type OutgoingVariant, type PublishContext, type PublishResult } from '../channel.js';
import { callOptions, send, youtubeApi, type YoutubeApi } from './client.js';
import { cleanTags, composeDescription, youtubeDefaults } from './rules.js';

/**
 * What an interrupted upload saved: the uploaded video (its answer, so a retry never uploads it
 * again) and, once set, the thumbnail's answer.
 */
export const videoProgress = z.object({ videoId: z.string(), video: z.unknown(), thumbnail: z.unknown().optional() });
export type VideoProgress = z.infer<typeof videoProgress>;

/** What a published video keeps as `raw`. */
export type VideoRaw = { mode: 'video'; video: unknown; thumbnail: unknown };

export function watchUrl(watchBase: string, videoId: string): string {
  return `${watchBase}?v=${encodeURIComponent(videoId)}`;
}

/** The title the video is uploaded with: the variant's, else the piece's. */
export function videoTitle(variant: OutgoingVariant): string {
  return (variant.title ?? variant.pieceTitle).trim();
}

/** The image set as the video's thumbnail after the upload (a second step), if any. */
export function thumbnailOf(variant: OutgoingVariant): OutgoingMedia | undefined {
  return variant.media.find((m) => m.kind === 'image');
}

/** The result of a finished upload, from what its steps gave. */
export function videoResult(settings: ChannelSettings, progress: VideoProgress, publishedAt: Date): PublishResult {
  const raw: VideoRaw = { mode: 'video', video: progress.video, thumbnail: progress.thumbnail ?? null };
  return { remoteId: progress.videoId, url: watchUrl(settings.google.watchUrl, progress.videoId), publishedAt, raw };
}

/**
 * Uploads the variant's video, then sets its thumbnail when an image is attached. Each step that
 * created something is saved before the next, and a retry continues from what was saved.
 */
export async function publishVideo(ctx: PublishContext, variant: OutgoingVariant): Promise<PublishResult> {
  const api = youtubeApi(ctx.settings, ctx.credentials.accessToken);
  const publishAt = variant.options.publishAt ? new Date(variant.options.publishAt) : null;

  const saved = videoProgress.safeParse(ctx.progress);
  let progress: VideoProgress = saved.success ? saved.data : await uploadVideo(ctx, api, variant, publishAt);

  const image = thumbnailOf(variant);
  if (image && progress.thumbnail === undefined) {
    progress = { ...progress, thumbnail: await setThumbnail(ctx, api, progress.videoId, image) };
    await ctx.saveProgress(progress);
  }

  // A scheduled video is private until `publishAt`: that is when the public can see it.
  return videoResult(ctx.settings, progress, publishAt ?? new Date());
}

async function uploadVideo(ctx: PublishContext, api: YoutubeApi, variant: OutgoingVariant, publishAt: Date | null): Promise<VideoProgress> {
  const file = variant.media.find((m) => m.kind === 'video');
  if (!file) throw new ChannelError('rejected', 'La variante para YouTube no tiene video adjunto.');
  const { options } = variant;
  const tags = cleanTags(options.tags);
  const requestBody: youtube_v3.Schema$Video = {
    snippet: {
      title: videoTitle(variant),
      description: composeDescription(variant.text, variant.link),
      ...(tags.length ? { tags } : {}),
      categoryId: options.categoryId ?? youtubeDefaults.categoryId,
      defaultLanguage: youtubeDefaults.language,
    },
    status: {
      // YouTube only schedules private videos: it makes them public at `publishAt`.
      privacyStatus: publishAt ? 'private' : (options.privacy ?? youtubeDefaults.privacy),
      ...(publishAt ? { publishAt: publishAt.toISOString() } : {}),
      selfDeclaredMadeForKids: false,
    },
  };
  const media = { mimeType: file.mimeType, body: Readable.from(await file.read()) };
  const video = await send('write', () => api.videos.insert({ part: ['snippet', 'status'], requestBody, media }, callOptions(ctx.settings)));
  if (!video.id) throw new ChannelError('unknown_outcome', 'YouTube aceptó el video pero no devolvió su identificador; verifique en YouTube Studio antes de reintentar.');
  const progress = { videoId: video.id, video };
  await ctx.saveProgress(progress);
  return progress;
}

/**
 * Sets the thumbnail and gives YouTube's answer. The video is already out by then: when YouTube
 * refuses the image for good (an unverified channel cannot use custom thumbnails, a bad file),
 * the publication still succeeds and the refusal is kept in `raw` instead of failing it.
 */
async function setThumbnail(ctx: PublishContext, api: YoutubeApi, videoId: string, image: OutgoingMedia): Promise<unknown> {
  const media = { mimeType: image.mimeType, body: Readable.from(await image.read()) };
  try {
    return await send('write', () => api.thumbnails.set({ videoId, media }, callOptions(ctx.settings)));
  } catch (error) {
    if (error instanceof ChannelError && error.kind === 'rejected') return { rejected: { status: error.status, reason: error.reason, message: error.message } };
    throw error;
  }
}
