import { ChannelError, type AccountContext, type OutgoingMedia, type OutgoingVariant, type PublishContext, type PublishedRef, type PublishResult } from '../channel.js';
import { graph, tryGraph, type GraphErrorBody } from './graph.js';
import { checkFacebook, messageFor } from './rules.js';

/**
 * Publishing on a Facebook Page:
 * - text and link: one `POST /{page-id}/feed`;
 * - one photo: one `POST /{page-id}/photos` (the photo becomes the post);
 * - several photos: each uploaded unpublished (`published=false`), then one
 *   `POST /{page-id}/feed` with `attached_media`. Progress is saved after every upload so a
 *   retry attaches the photos already on Facebook instead of uploading them twice.
 */

type FeedAnswer = { id: string };
type PhotoAnswer = { id: string; post_id?: string };
/** What a multi-photo publish saves between steps: the Facebook photo id of each media item already uploaded. */
export type AlbumProgress = { photos: { mediaId: string; photoId: string }[] };

export async function publishToPage(ctx: PublishContext, variant: OutgoingVariant): Promise<PublishResult> {
  assertPublishable(variant);
  const pageId = pageIdOf(ctx);
  const images = variant.media;
  const message = messageFor(variant.text, variant.link, images.length);
  const [first] = images;
  if (!first) return postToFeed(ctx, pageId, message, variant.link?.trim() || null);
  if (images.length === 1) return postOnePhoto(ctx, pageId, first, message);
  return postPhotos(ctx, pageId, images, message);
}

/** `DELETE /{post-id}`. A post that no longer exists is already what we wanted. */
export async function removePost(ctx: AccountContext, published: PublishedRef): Promise<void> {
  const outcome = await tryGraph<{ success: boolean }>(ctx.settings, { method: 'DELETE', path: `/${published.remoteId}`, token: ctx.credentials.accessToken });
  if (outcome.ok || isMissingObject(outcome.error)) return;
  throw outcome.failure;
}

/**
 * Graph's "object does not exist" answer: code 100, subcode 33. Graph gives the same answer
 * when the token may not see the object; either way there is nothing this page can delete.
 */
function isMissingObject(error: GraphErrorBody | null): boolean {
  return error?.code === 100 && (error.error_subcode === 33 || /does not exist/i.test(error.message ?? ''));
}

/** The same rules the editor shows: nothing that `check` refuses is sent. */
function assertPublishable(variant: OutgoingVariant) {
  const blocking = checkFacebook(variant).issues.find((i) => i.severity === 'error');
  if (blocking) throw new ChannelError('rejected', blocking.message, { reason: blocking.code });
}

export function pageIdOf(ctx: AccountContext): string {
  const pageId = ctx.credentials.remoteAccountId ?? ctx.account.remoteAccountId;
  if (!pageId) throw new ChannelError('auth', 'La cuenta de Facebook no indica a qué página publicar; vuelva a conectarla desde Facebook.');
  return pageId;
}

export function publishResult(ctx: AccountContext, postId: string, raw: unknown, publishedAt = new Date()): PublishResult {
  return { remoteId: postId, url: `${ctx.settings.meta.webUrl.replace(/\/+$/, '')}/${postId}`, publishedAt, raw };
}

async function postToFeed(ctx: PublishContext, pageId: string, message: string, link: string | null): Promise<PublishResult> {
  const body = new URLSearchParams();
  if (message) body.set('message', message);
  if (link) body.set('link', link);
  const answer = await graph<FeedAnswer>(ctx.settings, { method: 'POST', path: `/${pageId}/feed`, body, token: ctx.credentials.accessToken });
  return publishResult(ctx, answer.id, answer);
}

async function postOnePhoto(ctx: PublishContext, pageId: string, image: OutgoingMedia, caption: string): Promise<PublishResult> {
  const answer = await uploadPhoto(ctx, pageId, image, { caption, published: true });
  // A published photo answers { id: photo id, post_id: the feed post }; the post is what gets metrics and a permalink.
  return publishResult(ctx, answer.post_id ?? answer.id, answer);
}

async function postPhotos(ctx: PublishContext, pageId: string, images: OutgoingMedia[], message: string): Promise<PublishResult> {
  const photos = [...readAlbumProgress(ctx.progress).photos];
  const photoIds: string[] = [];
  for (const image of images) {
    let photoId = photos.find((p) => p.mediaId === image.id)?.photoId;
    if (!photoId) {
      photoId = (await uploadPhoto(ctx, pageId, image, { caption: '', published: false })).id;
      photos.push({ mediaId: image.id, photoId });
      await ctx.saveProgress({ photos } satisfies AlbumProgress);
    }
    photoIds.push(photoId);
  }
  const body = new URLSearchParams();
  if (message) body.set('message', message);
  photoIds.forEach((id, i) => body.set(`attached_media[${i}]`, JSON.stringify({ media_fbid: id })));
  const answer = await graph<FeedAnswer>(ctx.settings, { method: 'POST', path: `/${pageId}/feed`, body, token: ctx.credentials.accessToken });
  return publishResult(ctx, answer.id, { post: answer, photoIds });
}

async function uploadPhoto(ctx: PublishContext, pageId: string, image: OutgoingMedia, options: { caption: string; published: boolean }): Promise<PhotoAnswer> {
  const form = new FormData();
  form.set('source', new Blob([await image.read()], { type: image.mimeType }), `${image.id}.${image.mimeType.split('/')[1] ?? 'img'}`);
  if (options.caption) form.set('caption', options.caption);
  form.set('alt_text_custom', image.altText.trim());
  form.set('published', String(options.published));
  return graph<PhotoAnswer>(ctx.settings, { method: 'POST', path: `/${pageId}/photos`, body: form, token: ctx.credentials.accessToken });
}

/** Progress from an earlier attempt, or none; anything malformed counts as none (the photos are then uploaded again). */
export function readAlbumProgress(progress: unknown): AlbumProgress {
  const photos = (progress as Partial<AlbumProgress> | null)?.photos;
  if (!Array.isArray(photos)) return { photos: [] };
  return { photos: photos.filter((p): p is AlbumProgress['photos'][number] => typeof p?.mediaId === 'string' && typeof p?.photoId === 'string') };
}
