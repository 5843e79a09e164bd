import type { TweetV2 } from 'twitter-api-v2';
import twitterText from 'twitter-text';
import { ChannelError, type AccountContext, type OutgoingVariant, type ReconcileResult } from '../channel.js';
import { userClient } from './client.js';
import { toChannelError } from './errors.js';
import { partsOf, publishedResult, readProgress, type XProgress } from './posts.js';

/** Clocks differ: a post up to this long before the attempt started may still be the attempt's own. */
const clockSlackMs = 2 * 60_000;

/**
 * Whether an attempt whose answer never came left its posts on X. Reads the account's own
 * timeline since the attempt started (newest first) and follows the thread: the first part is
 * the newest post with its text that replies to nothing (or the one saved in the attempt's
 * progress), each next part the newest reply to the previous one with its text. Reads only.
 */
export async function reconcileX(ctx: AccountContext, variant: OutgoingVariant, attempt: { startedAt: Date; progress: unknown }): Promise<ReconcileResult> {
  const { parts } = partsOf(variant);
  const known = readProgress(attempt.progress);
  let posts: TweetV2[];
  try {
    posts = await recentPosts(ctx, new Date(attempt.startedAt.getTime() - clockSlackMs));
  } catch (error) {
    const failure = toChannelError(error, 'read');
    if (!(failure instanceof ChannelError)) throw failure;
    return { state: 'unknown', reason: `No fue posible verificar en X si la publicación quedó hecha: ${failure.message}` };
  }
  const found = followThread(parts, variant.media.length, known, posts);
  if (found.tweetIds.length >= parts.length) {
    // `publish` dates a publication when its last part went out.
    const last = posts.find((t) => t.id === found.tweetIds.at(-1));
    const publishedAt = last?.created_at ? new Date(last.created_at) : attempt.startedAt;
    return { state: 'published', result: publishedResult(ctx.settings, parts, found, publishedAt) };
  }
  const foundMore = found.tweetIds.length > known.tweetIds.length;
  return { state: 'absent', progress: foundMore ? found : attempt.progress };
}

/** The account's posts created since `since`, newest first, with what matching needs. */
async function recentPosts(ctx: AccountContext, since: Date): Promise<TweetV2[]> {
  const client = userClient(ctx.settings, ctx.credentials.accessToken).v2;
  const userId = ctx.credentials.remoteAccountId ?? (await client.me()).data.id;
  const timeline = await client.userTimeline(userId, {
    // X takes whole seconds here ("YYYY-MM-DDTHH:mm:ssZ"); rounding down only widens the window.
    start_time: `${since.toISOString().slice(0, 19)}Z`,
    max_results: 100,
    'tweet.fields': ['created_at', 'referenced_tweets', 'attachments'],
  });
  if (timeline.unusable) {
    // X answers 200 with only `errors` when the account itself cannot be read (suspended, deleted).
    const reason = timeline.errors[0]?.detail ?? 'sin detalle';
    throw new ChannelError('rejected', `X no dejó leer las publicaciones de la cuenta: «${reason}».`, { reason });
  }
  // An office posts a few times a day: the window rarely needs a second page of 100.
  while (!timeline.done) await timeline.fetchNext();
  return timeline.tweets;
}

/** The parts found on X, first to last, and the images of the first one. */
function followThread(parts: string[], images: number, known: XProgress, posts: TweetV2[]): XProgress {
  const found: XProgress = { mediaIds: known.mediaIds, tweetIds: [...known.tweetIds] };
  if (found.tweetIds.length === 0) {
    const first = posts.find((t) => !repliedTo(t) && attachedMedia(t).length === images && sameText(t.text, parts[0] ?? '', images));
    if (!first) return found;
    found.tweetIds.push(first.id);
    found.mediaIds = attachedMedia(first);
  }
  while (found.tweetIds.length < parts.length) {
    const previous = found.tweetIds.at(-1);
    const next = posts.find((t) => repliedTo(t) === previous && sameText(t.text, parts[found.tweetIds.length] ?? '', 0));
    if (!next) break;
    found.tweetIds.push(next.id);
  }
  return found;
}

function repliedTo(post: TweetV2): string | undefined {
  return post.referenced_tweets?.find((r) => r.type === 'replied_to')?.id;
}

/** Media keys are `{type}_{media id}` (`3_…` for a photo). */
function attachedMedia(post: TweetV2): string[] {
  return (post.attachments?.media_keys ?? []).map((key) => key.slice(key.indexOf('_') + 1));
}

/**
 * Whether X's text of a post is the text that was sent. X gives links back as t.co addresses,
 * adds one more link to the photos of a post with images, and escapes `&`, `<`, `>`: links
 * are compared by count, the rest with whitespace collapsed and case kept.
 */
function sameText(listed: string, sent: string, images: number): boolean {
  const got = withoutLinks(unescapeHtml(listed));
  const expected = withoutLinks(sent);
  const extraLinks = got.links - expected.links;
  return got.text === expected.text && extraLinks >= 0 && extraLinks <= (images > 0 ? 1 : 0);
}

function withoutLinks(text: string): { text: string; links: number } {
  const urls = twitterText.extractUrlsWithIndices(text);
  let rest = '';
  let at = 0;
  for (const { indices } of urls) {
    rest += `${text.slice(at, indices[0])} `;
    at = indices[1];
  }
  rest += text.slice(at);
  return { text: rest.normalize('NFC').replace(/\s+/g, ' ').trim(), links: urls.length };
}

function unescapeHtml(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}
