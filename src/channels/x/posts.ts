import { ApiResponseError, type EUploadMimeType, type SendTweetV2Params, type TwitterApiv2 } from 'twitter-api-v2';
import { z } from 'zod';
import { ChannelError, type AccountContext, type ChannelSettings, type OutgoingMedia, type OutgoingVariant, type PublishContext, type PublishedRef, type PublishResult, type RuleIssue } from '../channel.js';
import { userClient } from './client.js';
import { toChannelError } from './errors.js';
import { checkX, composeText } from './rules.js';

/** What `publish` saves after every step that created something on X, in order. */
const progressSchema = z.object({ mediaIds: z.array(z.string()), tweetIds: z.array(z.string()) });
export type XProgress = z.infer<typeof progressSchema>;

/** `PublishResult.raw`: every post of the thread (first to last) and the images of the first one. */
const rawSchema = z.object({ tweets: z.array(z.object({ id: z.string(), text: z.string() })).min(1), mediaIds: z.array(z.string()) });
export type XPublishedRaw = z.infer<typeof rawSchema>;

/** Where a post is seen on the web; X redirects this form to `/{username}/status/{id}`, so no username is needed. */
function statusUrl(webUrl: string, tweetId: string): string {
  return `${webUrl.replace(/\/+$/, '')}/i/web/status/${tweetId}`;
}

/** The ids of every post of a publication, first to last (a single post when `raw` is not ours). */
export function tweetIdsOf(published: PublishedRef): string[] {
  const raw = rawSchema.safeParse(published.raw);
  return raw.success ? raw.data.tweets.map((t) => t.id) : [published.remoteId];
}

/**
 * Uploads the images, then posts the text (one post, or each part of a thread replying to the
 * previous one). Everything created is saved with `ctx.saveProgress` before the next call, and
 * a retry continues from `ctx.progress`, so nothing is posted twice.
 */
export async function publishX(ctx: PublishContext, variant: OutgoingVariant): Promise<PublishResult> {
  const parts = partsToSend(variant);
  const client = userClient(ctx.settings, ctx.credentials.accessToken).v2;
  const state = readProgress(ctx.progress);
  try {
    await uploadImages(client, variant.media, state, ctx);
    await postParts(client, parts, state, ctx);
  } catch (error) {
    throw toChannelError(error, 'write');
  }
  return publishedResult(ctx.settings, parts, state, new Date());
}

/** What `publish` returns once every part is out; `reconcile` gives the same for a post it finds. */
export function publishedResult(settings: ChannelSettings, parts: string[], state: XProgress, publishedAt: Date): PublishResult {
  const first = state.tweetIds[0] as string;
  const raw: XPublishedRaw = { tweets: state.tweetIds.map((id, i) => ({ id, text: parts[i] ?? '' })), mediaIds: state.mediaIds };
  return { remoteId: first, url: statusUrl(settings.x.webUrl, first), publishedAt, raw };
}

/** The posts to send; a variant that breaks X's rules is refused here rather than by X. */
function partsToSend(variant: OutgoingVariant): string[] {
  const { parts, issues } = partsOf(variant);
  const problem = issues.find((i) => i.severity === 'error');
  if (problem) throw new ChannelError('rejected', problem.message, { reason: problem.code });
  return parts;
}

/** The texts of the posts the variant goes out as (first to last), and what X's rules say about it. */
export function partsOf(variant: OutgoingVariant): { parts: string[]; issues: RuleIssue[] } {
  const checked = checkX({ title: variant.title, text: variant.text, link: variant.link, options: variant.options, media: variant.media });
  return { parts: checked.parts ?? [composeText(variant.text, variant.link)], issues: checked.issues };
}

/** What an earlier attempt saved; nothing when there is none or it is not ours. */
export function readProgress(progress: unknown): XProgress {
  const parsed = progressSchema.safeParse(progress);
  return parsed.success ? copyOf(parsed.data) : { mediaIds: [], tweetIds: [] };
}

/** A copy: the caller may keep what it is given while this attempt goes on. */
function copyOf(state: XProgress): XProgress {
  return { mediaIds: [...state.mediaIds], tweetIds: [...state.tweetIds] };
}

async function uploadImages(client: TwitterApiv2, media: OutgoingMedia[], state: XProgress, ctx: PublishContext) {
  for (const image of media.slice(state.mediaIds.length)) {
    // checkX has already limited the type to the image types X takes.
    const id = await client.uploadMedia(await image.read(), { media_type: image.mimeType as `${EUploadMimeType}` });
    await client.createMediaMetadata(id, { alt_text: { text: image.altText.trim() } });
    // Saved only once the alt text is set: an image without it is uploaded again on retry
    // (X discards unused uploads after a day), never posted without its description.
    state.mediaIds.push(id);
    await ctx.saveProgress(copyOf(state));
  }
}

async function postParts(client: TwitterApiv2, parts: string[], state: XProgress, ctx: PublishContext) {
  for (let i = state.tweetIds.length; i < parts.length; i++) {
    const params: SendTweetV2Params = { text: parts[i] };
    if (i === 0 && state.mediaIds.length > 0) params.media = { media_ids: state.mediaIds as NonNullable<SendTweetV2Params['media']>['media_ids'] };
    const previous = state.tweetIds[i - 1];
    if (previous) params.reply = { in_reply_to_tweet_id: previous };
    const { data } = await client.tweet(params);
    state.tweetIds.push(data.id);
    await ctx.saveProgress(copyOf(state));
  }
}

/** Deletes every post of the publication, newest first; a post already gone is fine. */
export async function removeX(ctx: AccountContext, published: PublishedRef): Promise<void> {
  const client = userClient(ctx.settings, ctx.credentials.accessToken).v2;
  for (const id of tweetIdsOf(published).reverse()) {
    try {
      await client.deleteTweet(id);
    } catch (error) {
      if (error instanceof ApiResponseError && error.code === 404) continue;
      throw toChannelError(error, 'write');
    }
  }
}
