import type { InlineErrorV2, TweetV2, TweetV2LookupResult, TwitterApiv2 } from 'twitter-api-v2';
import type { AccountContext, PublishedRef, RemoteMetrics } from '../channel.js';
import { userClient } from './client.js';
import { toChannelError } from './errors.js';
import { tweetIdsOf } from './posts.js';

/** GET /2/tweets takes up to 100 ids. */
const batchSize = 100;
const allMetrics: ('public_metrics' | 'non_public_metrics' | 'organic_metrics')[] = ['public_metrics', 'non_public_metrics', 'organic_metrics'];
const refusedField = 'https://api.twitter.com/2/problems/not-authorized-for-field';
/** X gives private metrics (impressions, link clicks) for the last 30 days of the account's own posts; a margin for clocks. */
const PRIVATE_METRICS_MS = 30 * 86_400_000 - 10 * 60_000;

/**
 * Numbers for many publications in as few requests as X allows. For a thread, the
 * interactions of every part add up (a like on the third part is a like on the publication);
 * the impressions are the first post's, since readers of later parts were counted there.
 * A publication whose first post is gone is absent from the map.
 */
export async function fetchXMetrics(ctx: AccountContext, published: PublishedRef[], now: Date = new Date()): Promise<Map<string, RemoteMetrics>> {
  const client = userClient(ctx.settings, ctx.credentials.accessToken).v2;
  // Posts known to be older than X's 30 days of private metrics are asked for public ones only:
  // asking for all would be refused and need a second request.
  const isOld = (ref: PublishedRef) => !!ref.publishedAt && now.getTime() - ref.publishedAt.getTime() > PRIVATE_METRICS_MS;
  const recentIds = [...new Set(published.filter((r) => !isOld(r)).flatMap(tweetIdsOf))];
  const oldIds = [...new Set(published.filter(isOld).flatMap(tweetIdsOf))].filter((id) => !recentIds.includes(id));
  const found = new Map<string, TweetV2>();
  try {
    for (let i = 0; i < recentIds.length; i += batchSize) {
      for (const tweet of await lookup(client, recentIds.slice(i, i + batchSize))) found.set(tweet.id, tweet);
    }
    for (let i = 0; i < oldIds.length; i += batchSize) {
      const page = await client.tweets(oldIds.slice(i, i + batchSize), { 'tweet.fields': ['public_metrics'] });
      for (const tweet of page.data ?? []) found.set(tweet.id, tweet);
    }
  } catch (error) {
    throw toChannelError(error, 'read');
  }
  const metrics = new Map<string, RemoteMetrics>();
  for (const ref of published) {
    const tweets = tweetIdsOf(ref).flatMap((id) => found.get(id) ?? []);
    if (tweets[0]?.id === ref.remoteId) metrics.set(ref.remoteId, toMetrics(tweets));
  }
  return metrics;
}

/**
 * X gives private metrics only for the account's own posts of the last 30 days; any other
 * post is left out of `data` and named in `errors`. Those are asked again for their public
 * numbers only.
 */
async function lookup(client: TwitterApiv2, ids: string[]): Promise<TweetV2[]> {
  const first = await client.tweets(ids, { 'tweet.fields': allMetrics });
  const refused = refusedIds(first.errors);
  if (refused.length === 0) return first.data ?? [];
  const again: TweetV2LookupResult = await client.tweets(refused, { 'tweet.fields': ['public_metrics'] });
  return [...(first.data ?? []), ...(again.data ?? [])];
}

function refusedIds(errors: InlineErrorV2[] | undefined): string[] {
  const ids = (errors ?? []).filter((e) => e.type === refusedField).map((e) => e.resource_id ?? e.value);
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}

function toMetrics(tweets: TweetV2[]): RemoteMetrics {
  const [first] = tweets;
  const sum = (pick: (t: TweetV2) => number | undefined) => tweets.reduce((total, t) => total + (pick(t) ?? 0), 0);
  const linkClicks = tweets.some((t) => t.non_public_metrics) ? sum((t) => t.non_public_metrics?.url_link_clicks) : undefined;
  return {
    impressions: first?.non_public_metrics?.impression_count ?? first?.public_metrics?.impression_count,
    likes: sum((t) => t.public_metrics?.like_count),
    shares: sum((t) => t.public_metrics?.retweet_count),
    replies: sum((t) => t.public_metrics?.reply_count),
    quotes: sum((t) => t.public_metrics?.quote_count),
    saves: sum((t) => t.public_metrics?.bookmark_count),
    ...(linkClicks === undefined ? {} : { linkClicks }),
    raw: tweets,
  };
}
