import { createHash, randomBytes } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import twitterText from 'twitter-text';
import { z } from 'zod';
import { FakeKit, snowflake, type FakeDialect, type FakeNetwork } from './fake-kit.js';

/**
 * A local X API: the endpoints twitter-api-v2 calls for Pregón (OAuth 2.0 with PKCE, posts,
 * v2 chunked media upload, alt text, lookups with metrics, the user timeline, recent search of a
 * post's replies), with X's paths,
 * payloads, problem bodies and per-user 15-minute rate-limit windows. Posts live in memory;
 * their metrics grow with the time elapsed on `kit.now()`. It also serves what a browser
 * sees: the consent page of the OAuth flow and a page per post (`/i/web/status/:id`).
 */

export type XUser = { id: string; name: string; username: string };
export type StoredTweet = { id: string; authorId: string; text: string; createdAt: Date; mediaIds: string[]; inReplyTo: string | null };
export type StoredMedia = {
  id: string;
  ownerId: string;
  mediaType: string;
  category: string;
  totalBytes: number;
  segments: Map<number, Buffer>;
  /** The whole file, once finalized. */
  bytes: Buffer | null;
  altText: string | null;
  createdAt: Date;
};

export type FakeX = FakeNetwork & {
  users: ReadonlyMap<string, XUser>;
  /** Live posts (deleted ones are gone), oldest first. */
  tweets(): StoredTweet[];
  media(id: string): StoredMedia | undefined;
};

const WINDOW_SECONDS = 15 * 60;
const DAY_MS = 86_400_000;
const TEXT_LIMIT = 280;
const ALT_TEXT_LIMIT = 1000;
const MEDIA_EXPIRES_SECONDS = 86_400;
/** Real X gives 30 s; a person reading the sandbox consent page needs longer. */
const CODE_TTL_MS = 10 * 60_000;
const ALL_SCOPES = 'tweet.read tweet.write users.read offline.access media.write';
const KNOWN_SCOPES = new Set([
  'tweet.read', 'tweet.write', 'tweet.moderate.write', 'users.read', 'users.email', 'follows.read', 'follows.write', 'offline.access',
  'space.read', 'mute.read', 'mute.write', 'like.read', 'like.write', 'list.read', 'list.write', 'block.read', 'block.write',
  'bookmark.read', 'bookmark.write', 'media.write', 'dm.read', 'dm.write',
]);
/** Per user and 15 minutes, as X's Basic/Pro tiers roughly allow. */
const LIMITS = {
  createTweet: 100,
  deleteTweet: 50,
  lookup: 900,
  me: 75,
  timeline: 900,
  media: 500,
  /** Recent search (replies to a post: `conversation_id:`), per user, as X's Pro tier. */
  search: 300,
} as const;
/** Recent search looks back 7 days, no further. */
const SEARCH_WINDOW_MS = 7 * DAY_MS;
/** The user fields a search may expand (`expansions=author_id`, `user.fields=`). */
const USER_FIELDS = new Set(['created_at', 'description', 'id', 'location', 'name', 'pinned_tweet_id', 'profile_image_url', 'protected', 'public_metrics', 'url', 'username', 'verified', 'withheld']);
/** What the upload initialize step accepts, with X's size limit per category. */
const MEDIA_CATEGORIES: Record<string, { types: string[]; maxBytes: number }> = {
  tweet_image: { types: ['image/jpeg', 'image/png', 'image/webp', 'image/bmp', 'image/pjpeg', 'image/tiff'], maxBytes: 5 * 1024 * 1024 },
  tweet_gif: { types: ['image/gif'], maxBytes: 15 * 1024 * 1024 },
  tweet_video: { types: ['video/mp4', 'video/quicktime', 'video/webm'], maxBytes: 512 * 1024 * 1024 },
};
const TWEET_FIELDS = new Set([
  'article', 'attachments', 'author_id', 'card_uri', 'community_id', 'context_annotations', 'conversation_id', 'created_at', 'display_text_range',
  'edit_controls', 'edit_history_tweet_ids', 'entities', 'geo', 'id', 'in_reply_to_user_id', 'lang', 'media_metadata', 'non_public_metrics',
  'note_tweet', 'organic_metrics', 'possibly_sensitive', 'promoted_metrics', 'public_metrics', 'referenced_tweets', 'reply_settings', 'scopes',
  'source', 'text', 'withheld',
]);
/** Fields X gives only to the author, and only for posts of the last 30 days. */
const PRIVATE_FIELDS = ['non_public_metrics', 'organic_metrics', 'promoted_metrics'];

const PROBLEM_TITLES: Record<number, string> = {
  400: 'Invalid Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found Error',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** X's v2 problem body: `{title, detail, type, status}`. */
function problem(status: number, detail?: string) {
  const title = PROBLEM_TITLES[status] ?? 'Error';
  return { title, detail: detail ?? title, type: 'about:blank', status };
}

function rateLimitHeaders(limit: number, remaining: number, resetEpochSeconds: number): Record<string, string> {
  return { 'x-rate-limit-limit': String(limit), 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-reset': String(resetEpochSeconds) };
}

export const xDialect: FakeDialect = {
  name: 'x',
  errorBody: (status, _kind, message) => problem(status, message),
  rateLimitHeaders: (reset) => rateLimitHeaders(LIMITS.createTweet, 0, reset),
  // The token endpoint and the pages a browser opens are not API calls: faults leave them alone unless named.
  exempt: (_method, path) => path === '/2/oauth2/token' || path.startsWith('/i/'),
};

type Env = { Variables: { user: XUser } };

/**
 * `limits`: per-user 15-minute windows other than X's (load tests and the scheduler benchmark
 * post hundreds of times from one account, far beyond what X allows).
 */
export function createFakeX(options: { limits?: Partial<Record<keyof typeof LIMITS, number>> } = {}): FakeX {
  const limits = { ...LIMITS, ...options.limits };
  const kit = new FakeKit(xDialect);
  const users = new Map<string, XUser>();
  const tweets = new Map<string, StoredTweet>();
  const media = new Map<string, StoredMedia>();
  const codes = new Map<string, { userId: string; clientId: string; redirectUri: string; challenge: string; method: string; scope: string; expiresAt: number }>();
  const windows = new Map<string, { used: number; resetAt: number }>();
  const nowSeconds = () => Math.ceil(kit.now().getTime() / 1000);

  // ---------------------------------------------------------------- users

  function createUser(name: string): XUser {
    const base = name.normalize('NFD').replace(/[^A-Za-z0-9_]/g, '').slice(0, 15) || 'usuario';
    let username = base;
    for (let n = 2; [...users.values()].some((u) => u.username.toLowerCase() === username.toLowerCase()); n++) {
      username = base.slice(0, 15 - String(n).length) + n;
    }
    const user = { id: snowflake(), name, username };
    users.set(user.id, user);
    return user;
  }

  // ---------------------------------------------------------------- answers

  const fail = (c: Context, status: number, detail?: string, headers: Record<string, string> = {}) =>
    c.body(JSON.stringify(problem(status, detail)), status as ContentfulStatusCode, { 'content-type': 'application/problem+json', ...headers });

  /** X's answer to a request that breaks the endpoint's schema. */
  const invalid = (c: Context, message: string, parameter?: string, value?: string) =>
    c.body(
      JSON.stringify({
        errors: [{ parameters: parameter ? { [parameter]: [value ?? ''] } : {}, message }],
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        type: 'https://api.twitter.com/2/problems/invalid-request',
      }),
      400,
      { 'content-type': 'application/problem+json' },
    );

  /**
   * Every API route: a valid bearer token of a known user (else 401), then the endpoint's
   * window for that user (else 429); the answer carries the window in X's headers.
   */
  function guard(endpoint: string, limit: number): MiddlewareHandler<Env> {
    return async (c, next) => {
      const user = users.get(kit.accountFor(c.req.header('authorization')) ?? '');
      if (!user) return fail(c, 401);
      const key = `${endpoint} ${user.id}`;
      let window = windows.get(key);
      if (!window || window.resetAt <= nowSeconds()) {
        window = { used: 0, resetAt: nowSeconds() + WINDOW_SECONDS };
        windows.set(key, window);
      }
      if (window.used >= limit) return fail(c, 429, undefined, rateLimitHeaders(limit, 0, window.resetAt));
      window.used += 1;
      for (const [name, value] of Object.entries(rateLimitHeaders(limit, limit - window.used, window.resetAt))) c.header(name, value);
      c.set('user', user);
      await next();
    };
  }

  const api = new Hono<Env>();

  // ---------------------------------------------------------------- posts

  const tweetBody = z.object({
    text: z.string().optional(),
    media: z.object({ media_ids: z.array(z.string().regex(/^\d+$/)).min(1).max(4) }).optional(),
    reply: z.object({ in_reply_to_tweet_id: z.string().regex(/^\d+$/) }).optional(),
  });

  api.post('/2/tweets', guard('POST /2/tweets', limits.createTweet), async (c) => {
    const user = c.get('user');
    const parsed = tweetBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return invalid(c, schemaMessage(parsed.error));
    const text = parsed.data.text ?? '';
    const mediaIds = parsed.data.media?.media_ids ?? [];
    const replyTo = parsed.data.reply?.in_reply_to_tweet_id ?? null;
    if (!text && mediaIds.length === 0) return invalid(c, 'Post must contain text or media.', 'text');
    if (twitterText.parseTweet(text).weightedLength > TEXT_LIMIT) {
      return fail(c, 400, 'Your Tweet text is too long. For more information on how X determines text length see https://github.com/twitter/twitter-text.');
    }
    if (!mediaIds.every((id) => usableMedia(id, user.id))) return fail(c, 400, 'Your media IDs are invalid.');
    if (replyTo && !tweets.has(replyTo)) return fail(c, 403, 'You attempted to reply to a Tweet that is deleted or not visible to you.');
    if (text && isDuplicate(user.id, text)) return fail(c, 403, 'You are not allowed to create a Tweet with duplicate content.');
    const tweet: StoredTweet = { id: snowflake(), authorId: user.id, text, createdAt: kit.now(), mediaIds, inReplyTo: replyTo };
    tweets.set(tweet.id, tweet);
    return c.json({ data: { id: tweet.id, text: displayText(tweet), edit_history_tweet_ids: [tweet.id] } }, 201);
  });

  function usableMedia(id: string, userId: string): boolean {
    const m = media.get(id);
    return !!m && m.ownerId === userId && m.bytes !== null && kit.now().getTime() - m.createdAt.getTime() < MEDIA_EXPIRES_SECONDS * 1000;
  }

  /** X refuses the same text from the same account within a day. */
  function isDuplicate(userId: string, text: string): boolean {
    const since = kit.now().getTime() - DAY_MS;
    return [...tweets.values()].some((t) => t.authorId === userId && t.text === text && t.createdAt.getTime() > since);
  }

  api.delete('/2/tweets/:id', guard('DELETE /2/tweets/:id', limits.deleteTweet), (c) => {
    const tweet = tweets.get(c.req.param('id'));
    if (!tweet) return fail(c, 404, `Could not find tweet with id: [${c.req.param('id')}].`);
    if (tweet.authorId !== c.get('user').id) return fail(c, 403, 'You are not allowed to delete a Tweet that is not yours.');
    tweets.delete(tweet.id);
    return c.json({ data: { deleted: true } });
  });

  api.get('/2/tweets', guard('GET /2/tweets', limits.lookup), (c) => {
    const raw = c.req.query('ids') ?? '';
    const ids = raw.split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > 100 || !ids.every((id) => /^\d{1,19}$/.test(id))) {
      return invalid(c, `The \`ids\` query parameter value [${raw}] is not valid: from 1 to 100 post ids, comma-separated.`, 'ids', raw);
    }
    const fields = requestedFields(c.req.query('tweet.fields'));
    if (typeof fields === 'string') return invalid(c, `The \`tweet.fields\` query parameter value [${fields}] is not one of [${[...TWEET_FIELDS].join(',')}]`, 'tweet.fields', fields);
    const data: unknown[] = [];
    const errors: unknown[] = [];
    for (const id of ids) {
      const tweet = tweets.get(id);
      if (!tweet) errors.push(notFound('tweet', 'ids', id));
      else renderInto(tweet, fields, c.get('user'), data, errors);
    }
    return c.json({ ...(data.length ? { data } : {}), ...(errors.length ? { errors } : {}) });
  });

  api.get('/2/users/me', guard('GET /2/users/me', limits.me), (c) => c.json({ data: c.get('user') }));

  /** The account's recent posts, newest first: how a scheduler finds out whether a post went out. */
  api.get('/2/users/:id/tweets', guard('GET /2/users/:id/tweets', limits.timeline), (c) => {
    const author = users.get(c.req.param('id'));
    if (!author) return c.json({ errors: [notFound('user', 'id', c.req.param('id'))] });
    const q = c.req.query();
    const max = Number(q.max_results ?? 10);
    if (!Number.isInteger(max) || max < 5 || max > 100) return invalid(c, `The \`max_results\` query parameter value [${q.max_results}] is not between 5 and 100`, 'max_results', q.max_results);
    const bounds = { start: q.start_time ? Date.parse(q.start_time) : -Infinity, end: q.end_time ? Date.parse(q.end_time) : Infinity };
    if (Number.isNaN(bounds.start) || Number.isNaN(bounds.end)) return invalid(c, 'start_time and end_time must be RFC 3339 dates.', q.start_time ? 'start_time' : 'end_time');
    const fields = requestedFields(q['tweet.fields']);
    if (typeof fields === 'string') return invalid(c, `The \`tweet.fields\` query parameter value [${fields}] is not valid`, 'tweet.fields', fields);
    const all = [...tweets.values()]
      .filter((t) => t.authorId === author.id && t.createdAt.getTime() >= bounds.start && t.createdAt.getTime() < bounds.end)
      .reverse();
    // The page token is the id of the first post of the next page.
    const from = q.pagination_token ? all.findIndex((t) => t.id === q.pagination_token) : 0;
    if (from < 0) return invalid(c, 'The `pagination_token` query parameter value is not valid.', 'pagination_token', q.pagination_token);
    const page = all.slice(from, from + max);
    const data: unknown[] = [];
    const errors: unknown[] = [];
    for (const tweet of page) renderInto(tweet, fields, c.get('user'), data, errors);
    const next = all[from + max];
    const meta = { result_count: data.length, ...(page.length ? { newest_id: page[0]?.id, oldest_id: page.at(-1)?.id } : {}), ...(next ? { next_token: next.id } : {}) };
    return c.json({ ...(data.length ? { data } : {}), ...(errors.length ? { errors } : {}), meta });
  });

  /**
   * Recent search, as X answers it for the operators Pregón uses: `conversation_id:<id>` (the
   * replies to a post and its thread), `from:` / `-from:` (a username or user id) and
   * `is:reply` / `-is:reply`, joined by spaces (AND). Posts of the last 7 days only, newest
   * first; `max_results` from 10 to 100; `next_token` is opaque. `expansions=author_id` adds
   * `includes.users`. Another user replies through `POST /2/tweets` with
   * `reply.in_reply_to_tweet_id`, as on X.
   */
  api.get('/2/tweets/search/recent', guard('GET /2/tweets/search/recent', limits.search), (c) => {
    const q = c.req.query();
    const query = (q.query ?? '').trim();
    if (!query) return invalid(c, 'The `query` query parameter can not be empty', 'query', '');
    if (query.length > 512) return invalid(c, `The \`query\` query parameter value [${query}] is not valid: at most 512 characters.`, 'query', query);
    const terms = parseSearch(query);
    if (typeof terms === 'string') return invalid(c, `There were errors processing your request: ${terms}`, 'query', query);
    const max = Number(q.max_results ?? 10);
    if (!Number.isInteger(max) || max < 10 || max > 100) return invalid(c, `The \`max_results\` query parameter value [${q.max_results}] is not between 10 and 100`, 'max_results', q.max_results);
    const oldest = kit.now().getTime() - SEARCH_WINDOW_MS;
    const start = q.start_time ? Date.parse(q.start_time) : oldest;
    if (Number.isNaN(start)) return invalid(c, 'start_time must be an RFC 3339 date.', 'start_time', q.start_time);
    if (start < oldest - 60_000) {
      return invalid(c, `Invalid 'start_time':'${q.start_time}'. 'start_time' must be on or after ${new Date(oldest).toISOString()}`, 'start_time', q.start_time);
    }
    const fields = requestedFields(q['tweet.fields']);
    if (typeof fields === 'string') return invalid(c, `The \`tweet.fields\` query parameter value [${fields}] is not one of [${[...TWEET_FIELDS].join(',')}]`, 'tweet.fields', fields);
    const expansions = (q.expansions ?? '').split(',').filter(Boolean);
    const badExpansion = expansions.find((e) => e !== 'author_id');
    if (badExpansion) return invalid(c, `The \`expansions\` query parameter value [${badExpansion}] is not supported here`, 'expansions', badExpansion);
    const userFields = (q['user.fields'] ?? '').split(',').filter(Boolean);
    const badUserField = userFields.find((f) => !USER_FIELDS.has(f));
    if (badUserField) return invalid(c, `The \`user.fields\` query parameter value [${badUserField}] is not one of [${[...USER_FIELDS].join(',')}]`, 'user.fields', badUserField);
    const found = [...tweets.values()]
      .filter((t) => t.createdAt.getTime() >= Math.max(start, oldest) && terms.every((term) => term(t)))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const from = q.next_token ? found.findIndex((t) => searchToken(t.id) === q.next_token) : 0;
    if (from < 0) return invalid(c, 'The `next_token` query parameter value is not valid.', 'next_token', q.next_token);
    const page = found.slice(from, from + max);
    const data = page.map((t) => tweetView(t, fields));
    const next = found[from + max];
    const authors = [...new Set(page.map((t) => t.authorId))].flatMap((id) => users.get(id) ?? []);
    const includes = expansions.includes('author_id') && authors.length ? { includes: { users: authors.map((u) => userView(u, userFields)) } } : {};
    const meta = { ...(page.length ? { newest_id: page[0]?.id, oldest_id: page.at(-1)?.id } : {}), result_count: page.length, ...(next ? { next_token: searchToken(next.id) } : {}) };
    return c.json({ ...(data.length ? { data } : {}), ...includes, meta });
  });

  /** The search's conditions, one per term; or the reason the query is refused. */
  function parseSearch(query: string): ((t: StoredTweet) => boolean)[] | string {
    const terms: ((t: StoredTweet) => boolean)[] = [];
    for (const raw of query.split(/\s+/)) {
      const negated = raw.startsWith('-');
      const term = negated ? raw.slice(1) : raw;
      const [operator, value = ''] = term.includes(':') ? [term.slice(0, term.indexOf(':')), term.slice(term.indexOf(':') + 1)] : ['', term];
      let test: (t: StoredTweet) => boolean;
      if (operator === 'conversation_id' && /^\d{1,19}$/.test(value)) test = (t) => conversationOf(t) === value;
      else if (operator === 'from' && value) test = (t) => t.authorId === value || users.get(t.authorId)?.username.toLowerCase() === value.replace(/^@/, '').toLowerCase();
      else if (operator === 'is' && value === 'reply') test = (t) => t.inReplyTo !== null;
      else return `Unsupported operator or value: ${raw}`;
      terms.push(negated ? (t) => !test(t) : test);
    }
    return terms;
  }

  /** Search tokens are opaque on X; here they name the first post of the next page. */
  function searchToken(id: string): string {
    return `b26v89c19zqg8o3fo${Buffer.from(id).toString('hex')}`;
  }

  function userView(user: XUser, fields: string[]) {
    return { id: user.id, name: user.name, username: user.username, ...(fields.includes('created_at') ? { created_at: new Date(0).toISOString() } : {}) };
  }

  /** The requested `tweet.fields`, or the first unknown one. */
  function requestedFields(value: string | undefined): Set<string> | string {
    const fields = (value ?? '').split(',').filter(Boolean);
    return fields.find((f) => !TWEET_FIELDS.has(f)) ?? new Set(fields);
  }

  /** Adds the post to `data`, or to `errors` when it asks for private metrics the caller may not see. */
  function renderInto(tweet: StoredTweet, fields: Set<string>, caller: XUser, data: unknown[], errors: unknown[]) {
    const refused = PRIVATE_FIELDS.find((f) => fields.has(f) && (tweet.authorId !== caller.id || kit.now().getTime() - tweet.createdAt.getTime() > 30 * DAY_MS));
    if (refused) errors.push(fieldRefused(tweet.id, refused));
    else data.push(tweetView(tweet, fields));
  }

  const parentOf = (tweet: StoredTweet) => (tweet.inReplyTo ? tweets.get(tweet.inReplyTo) : undefined);

  function tweetView(tweet: StoredTweet, fields: Set<string>) {
    const view: Record<string, unknown> = { id: tweet.id, text: displayText(tweet), edit_history_tweet_ids: [tweet.id] };
    const m = metricsOf(tweet);
    const parent = parentOf(tweet);
    if (fields.has('created_at')) view.created_at = tweet.createdAt.toISOString();
    if (fields.has('author_id')) view.author_id = tweet.authorId;
    if (fields.has('conversation_id')) view.conversation_id = conversationOf(tweet);
    if (fields.has('in_reply_to_user_id') && parent) view.in_reply_to_user_id = parent.authorId;
    if (fields.has('referenced_tweets') && tweet.inReplyTo) view.referenced_tweets = [{ type: 'replied_to', id: tweet.inReplyTo }];
    if (fields.has('attachments') && tweet.mediaIds.length) view.attachments = { media_keys: tweet.mediaIds.map((id) => `3_${id}`) };
    if (fields.has('public_metrics')) {
      view.public_metrics = { retweet_count: m.retweets, reply_count: m.replies, like_count: m.likes, quote_count: m.quotes, bookmark_count: m.bookmarks, impression_count: m.impressions };
    }
    if (fields.has('non_public_metrics')) view.non_public_metrics = { impression_count: m.impressions, url_link_clicks: m.linkClicks, user_profile_clicks: m.profileClicks };
    if (fields.has('organic_metrics')) {
      view.organic_metrics = {
        impression_count: m.impressions,
        like_count: m.likes,
        reply_count: m.replies,
        retweet_count: m.retweets,
        url_link_clicks: m.linkClicks,
        user_profile_clicks: m.profileClicks,
      };
    }
    return view;
  }

  /** The first post of the thread the post belongs to. */
  function conversationOf(tweet: StoredTweet): string {
    let root = tweet;
    for (let parent = parentOf(root); parent; parent = parentOf(root)) root = parent;
    return root.id;
  }

  /**
   * Numbers that grow with the square root of the minutes since the post (fast at first, then
   * slower, as real reach does), computed from `kit.now()` so tests can move the clock.
   */
  function metricsOf(tweet: StoredTweet) {
    const minutes = Math.max(0, (kit.now().getTime() - tweet.createdAt.getTime()) / 60_000);
    const impressions = Math.floor(120 * Math.sqrt(minutes));
    const replies = [...tweets.values()].filter((t) => t.inReplyTo === tweet.id).length;
    const hasLink = twitterText.extractUrls(tweet.text).length > 0;
    return {
      impressions,
      likes: Math.floor(impressions / 25),
      retweets: Math.floor(impressions / 120),
      replies: replies + Math.floor(impressions / 200),
      quotes: Math.floor(impressions / 400),
      bookmarks: Math.floor(impressions / 150),
      linkClicks: hasLink ? Math.floor(impressions / 60) : 0,
      profileClicks: Math.floor(impressions / 90),
    };
  }

  // ---------------------------------------------------------------- media (v2 chunked upload)

  const initBody = z.object({
    media_type: z.string(),
    total_bytes: z.number().int().positive(),
    media_category: z.string().optional(),
    additional_owners: z.array(z.string()).optional(),
  });

  api.post('/2/media/upload/initialize', guard('POST /2/media/upload', limits.media), async (c) => {
    const parsed = initBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return invalid(c, schemaMessage(parsed.error));
    const { media_type, total_bytes } = parsed.data;
    const category = parsed.data.media_category ?? Object.keys(MEDIA_CATEGORIES).find((k) => MEDIA_CATEGORIES[k]?.types.includes(media_type));
    const rules = category ? MEDIA_CATEGORIES[category] : undefined;
    if (!category || !rules || !rules.types.includes(media_type)) return invalid(c, `media_type ${media_type} is not supported for media_category ${category ?? '(none)'}.`, 'media_type', media_type);
    if (total_bytes > rules.maxBytes) return invalid(c, `total_bytes ${total_bytes} exceeds the ${rules.maxBytes} bytes allowed for ${category}.`, 'total_bytes', String(total_bytes));
    const item: StoredMedia = {
      id: snowflake(),
      ownerId: c.get('user').id,
      mediaType: media_type,
      category,
      totalBytes: total_bytes,
      segments: new Map(),
      bytes: null,
      altText: null,
      createdAt: kit.now(),
    };
    media.set(item.id, item);
    return c.json({ data: { id: item.id, media_key: `3_${item.id}`, expires_after_secs: MEDIA_EXPIRES_SECONDS } });
  });

  /** The caller's upload in progress, or null. */
  function ownUpload(c: Context<Env>): StoredMedia | null {
    const item = media.get(c.req.param('id') ?? '');
    return item && item.ownerId === c.get('user').id ? item : null;
  }

  api.post('/2/media/upload/:id/append', guard('POST /2/media/upload', limits.media), async (c) => {
    const item = ownUpload(c);
    if (!item || item.bytes) return invalid(c, 'The media id is not an upload in progress.', 'id', c.req.param('id'));
    const parts = parseMultipart(Buffer.from(await c.req.arrayBuffer()), c.req.header('content-type') ?? '');
    const index = Number(parts.get('segment_index')?.toString());
    const chunk = parts.get('media');
    if (!Number.isInteger(index) || index < 0 || index > 999) return invalid(c, 'segment_index must be an integer from 0 to 999.', 'segment_index');
    if (!chunk) return invalid(c, 'The media part is required.', 'media');
    item.segments.set(index, chunk);
    if (received(item) > item.totalBytes) return invalid(c, `The segments add up to more than total_bytes (${item.totalBytes}).`, 'media');
    return c.json({ data: { expires_at: nowSeconds() + MEDIA_EXPIRES_SECONDS } });
  });

  api.post('/2/media/upload/:id/finalize', guard('POST /2/media/upload', limits.media), (c) => {
    const item = ownUpload(c);
    if (!item) return invalid(c, 'The media id is not an upload in progress.', 'id', c.req.param('id'));
    if (received(item) !== item.totalBytes) return invalid(c, `File size mismatch: received ${received(item)} bytes, total_bytes was ${item.totalBytes}.`, 'total_bytes');
    item.bytes = Buffer.concat([...item.segments.entries()].sort(([a], [b]) => a - b).map(([, chunk]) => chunk));
    return c.json({ data: { id: item.id, media_key: `3_${item.id}`, size: item.totalBytes, expires_after_secs: MEDIA_EXPIRES_SECONDS } });
  });

  // Images are ready at finalize (no `processing_info`); the status call still answers as X does.
  api.get('/2/media/upload', guard('GET /2/media/upload', limits.media), (c) => {
    const item = media.get(c.req.query('media_id') ?? '');
    if (c.req.query('command') !== 'STATUS') return invalid(c, 'command must be STATUS.', 'command', c.req.query('command'));
    if (!item || item.ownerId !== c.get('user').id) return invalid(c, 'The media id is not valid.', 'media_id', c.req.query('media_id'));
    return c.json({ data: { id: item.id, media_key: `3_${item.id}`, processing_info: { state: item.bytes ? 'succeeded' : 'pending', progress_percent: item.bytes ? 100 : 0 } } });
  });

  const metadataBody = z.object({ id: z.string(), metadata: z.object({ alt_text: z.object({ text: z.string().min(1) }) }) });

  api.post('/2/media/metadata', guard('POST /2/media/metadata', limits.media), async (c) => {
    const parsed = metadataBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return invalid(c, schemaMessage(parsed.error));
    const item = media.get(parsed.data.id);
    if (!item || item.ownerId !== c.get('user').id) return invalid(c, 'The media id is not valid.', 'id', parsed.data.id);
    const text = parsed.data.metadata.alt_text.text;
    if ([...text].length > ALT_TEXT_LIMIT) return invalid(c, `alt_text.text must be at most ${ALT_TEXT_LIMIT} characters.`, 'alt_text');
    item.altText = text;
    return c.json({ data: { id: item.id, associated_metadata: { alt_text: { text } } } });
  });

  // ---------------------------------------------------------------- OAuth 2.0

  const app = new Hono();
  app.use('*', kit.middleware());
  app.route('/', kit.adminRoutes());

  /** The consent page: one "Autorizar" link per sandbox user, each carrying a fresh code. */
  app.get('/i/oauth2/authorize', (c) => {
    const q = c.req.query();
    const problems = authorizeProblems(q);
    if (problems.length) return c.html(page('Solicitud de autorización inválida', html`<p>La aplicación pidió la autorización con errores:</p><ul>${problems.map((p) => html`<li>${p}</li>`)}</ul>`), 400);
    if (users.size === 0) createUser('Cuenta Sandbox');
    const scope = q.scope ?? '';
    const links = [...users.values()].map((user) => {
      const code = randomBytes(24).toString('base64url');
      codes.set(code, {
        userId: user.id,
        clientId: q.client_id ?? '',
        redirectUri: q.redirect_uri ?? '',
        challenge: q.code_challenge ?? '',
        method: (q.code_challenge_method ?? '').toLowerCase(),
        scope,
        expiresAt: kit.now().getTime() + CODE_TTL_MS,
      });
      return { user, href: withQuery(q.redirect_uri ?? '', { state: q.state ?? '', code }) };
    });
    const deny = withQuery(q.redirect_uri ?? '', { error: 'access_denied', state: q.state ?? '' });
    return c.html(
      page(
        `¿Autorizar a «${q.client_id}» en X?`,
        html`<p>La aplicación pide: ${scope.split(' ').join(', ')}.</p>
          <ul>
            ${links.map(({ user, href }) => html`<li>@${user.username} (${user.name}) — <a class="autorizar" href="${href}">Autorizar</a></li>`)}
          </ul>
          <p><a href="${deny}">Cancelar</a></p>`,
      ),
    );
  });

  function authorizeProblems(q: Record<string, string>): string[] {
    const required = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'scope'];
    const problems = required.filter((k) => !q[k]).map((k) => `falta el parámetro ${k}`);
    if (q.response_type && q.response_type !== 'code') problems.push('response_type debe ser «code»');
    if (q.code_challenge_method && !['s256', 'plain'].includes(q.code_challenge_method.toLowerCase())) problems.push('code_challenge_method debe ser S256 o plain');
    const unknown = (q.scope ?? '').split(' ').filter((s) => s && !KNOWN_SCOPES.has(s));
    if (unknown.length) problems.push(`permisos desconocidos: ${unknown.join(', ')}`);
    if (q.redirect_uri && !URL.canParse(q.redirect_uri)) problems.push('redirect_uri no es una dirección válida');
    return problems;
  }

  app.post('/2/oauth2/token', async (c) => {
    const body = await formOrJson(c);
    const clientId = basicClientId(c.req.header('authorization')) ?? body.client_id;
    if (!clientId) return c.json({ error: 'unauthorized_client', error_description: 'Missing valid authorization header' }, 401);
    if (body.grant_type === 'authorization_code') {
      const issued = exchangeCode(body, clientId);
      return issued ? c.json(tokenAnswer(issued)) : c.json({ error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' }, 400);
    }
    if (body.grant_type === 'refresh_token') {
      // X rotates refresh tokens: the one used stops working.
      const issued = kit.refresh(body.refresh_token ?? '', { rotate: true });
      return issued ? c.json(tokenAnswer(issued)) : c.json({ error: 'invalid_request', error_description: 'Value passed for the token was invalid.' }, 400);
    }
    return c.json({ error: 'invalid_request', error_description: 'Value passed for the grant_type was invalid.' }, 400);
  });

  /** A code is good once, for the app and redirect it was given to, with the verifier of its challenge. */
  function exchangeCode(body: Record<string, string>, clientId: string) {
    const pending = codes.get(body.code ?? '');
    codes.delete(body.code ?? '');
    if (!pending || pending.expiresAt <= kit.now().getTime() || pending.clientId !== clientId || pending.redirectUri !== body.redirect_uri) return null;
    const verifier = body.code_verifier ?? '';
    const expected = pending.method === 's256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
    if (!verifier || expected !== pending.challenge) return null;
    return kit.issueToken(pending.userId, { scope: pending.scope });
  }

  function tokenAnswer(token: ReturnType<FakeKit['issueToken']>) {
    const offline = token.scope.split(' ').includes('offline.access');
    return {
      token_type: 'bearer',
      expires_in: Math.round((token.expiresAt.getTime() - kit.now().getTime()) / 1000),
      access_token: token.accessToken,
      scope: token.scope,
      ...(offline ? { refresh_token: token.refreshToken } : {}),
    };
  }

  // ---------------------------------------------------------------- pages for the browser

  app.get('/i/web/status/:id', (c) => {
    const tweet = tweets.get(c.req.param('id'));
    if (!tweet) return c.html(page('Esta publicación no existe', html`<p>Fue borrada o nunca existió en este sandbox.</p>`), 404);
    const author = users.get(tweet.authorId);
    const m = metricsOf(tweet);
    const images = tweet.mediaIds.flatMap((id) => media.get(id) ?? []);
    return c.html(
      page(
        `Publicación de ${author?.name ?? 'una cuenta'} en X`,
        html`<p><strong>${author?.name}</strong> @${author?.username} · <time datetime="${tweet.createdAt.toISOString()}">${tweet.createdAt.toISOString()}</time></p>
          ${tweet.inReplyTo ? html`<p>En respuesta a <a href="/i/web/status/${tweet.inReplyTo}">la publicación anterior</a></p>` : ''}
          <p style="white-space: pre-wrap">${tweet.text}</p>
          ${images.map((img) => html`<img src="/i/media/${img.id}" alt="${img.altText ?? ''}" style="max-width: 100%">`)}
          <p>${m.impressions} impresiones · ${m.likes} me gusta · ${m.retweets} reposts · ${m.replies} respuestas</p>`,
      ),
    );
  });

  app.get('/i/media/:id', (c) => {
    const item = media.get(c.req.param('id'));
    if (!item?.bytes) return c.notFound();
    return c.body(new Uint8Array(item.bytes), 200, { 'content-type': item.mediaType });
  });

  app.route('/', api);

  return {
    app,
    kit,
    users,
    tweets: () => [...tweets.values()],
    media: (id) => media.get(id),
    createAccount(name) {
      const user = createUser(name);
      const token = kit.issueToken(user.id, { scope: ALL_SCOPES });
      return { accessToken: token.accessToken, refreshToken: token.refreshToken, expiresAt: token.expiresAt, scope: token.scope, label: `@${user.username}`, remoteAccountId: user.id };
    },
  };
}

/**
 * The text as X's API gives it back, which is not what was sent: every link is replaced by a
 * t.co address, a post with images ends with one more t.co link (to its photos), and `&`, `<`,
 * `>` come HTML-escaped.
 */
function displayText(tweet: StoredTweet): string {
  let text = '';
  let at = 0;
  for (const { url, indices } of twitterText.extractUrlsWithIndices(tweet.text)) {
    text += escapeHtml(tweet.text.slice(at, indices[0])) + tco(tweet.id, url);
    at = indices[1];
  }
  text += escapeHtml(tweet.text.slice(at));
  const [photo] = tweet.mediaIds;
  return photo ? `${text}${text ? ' ' : ''}${tco(tweet.id, `photo/${photo}`)}` : text;
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A short link like X's (23 characters), the same for the same post and target. */
function tco(tweetId: string, target: string): string {
  return `https://t.co/${createHash('sha256').update(`${tweetId} ${target}`).digest('hex').slice(0, 10)}`;
}

/** X names the JSON path of each field that breaks the schema. */
function schemaMessage(error: z.ZodError): string {
  return error.issues.map((i) => `$.${i.path.join('.')}: ${i.message}`).join('; ');
}

function received(item: StoredMedia): number {
  return [...item.segments.values()].reduce((sum, chunk) => sum + chunk.length, 0);
}

function notFound(resource: 'tweet' | 'user', parameter: string, id: string) {
  return {
    value: id,
    detail: `Could not find ${resource} with ${parameter}: [${id}].`,
    title: 'Not Found Error',
    resource_type: resource,
    parameter,
    resource_id: id,
    type: 'https://api.twitter.com/2/problems/resource-not-found',
  };
}

function fieldRefused(id: string, field: string) {
  return {
    value: id,
    detail: `Sorry, you are not authorized to access '${field}' on the Tweet with ids: [${id}].`,
    title: 'Field Authorization Error',
    resource_type: 'tweet',
    field,
    parameter: 'tweet.fields',
    resource_id: id,
    section: 'data',
    type: 'https://api.twitter.com/2/problems/not-authorized-for-field',
  };
}

/**
 * The fields of a multipart body as bytes. Hono's parseBody turns a part without a filename
 * (X's `media`) into a string, which would corrupt the image.
 */
function parseMultipart(body: Buffer, contentType: string): Map<string, Buffer> {
  const fields = new Map<string, Buffer>();
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return fields;
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // Prepending CRLF lets the first delimiter be found like the others.
  const data = Buffer.concat([Buffer.from('\r\n'), body]);
  let at = data.indexOf(delimiter);
  while (at !== -1) {
    const start = at + delimiter.length + 2; // past the delimiter and its CRLF (or "--" at the end)
    const end = data.indexOf(delimiter, start);
    if (end === -1) break;
    const part = data.subarray(start, end);
    const headerEnd = part.indexOf('\r\n\r\n');
    const name = headerEnd === -1 ? undefined : /name="([^"]*)"/i.exec(part.subarray(0, headerEnd).toString())?.[1];
    if (name) fields.set(name, Buffer.from(part.subarray(headerEnd + 4)));
    at = end;
  }
  return fields;
}

/** The library sends the token request as JSON (a quirk); browsers and other clients send a form. */
async function formOrJson(c: Context): Promise<Record<string, string>> {
  const isJson = c.req.header('content-type')?.includes('application/json');
  const body: Record<string, unknown> = isJson ? await c.req.json().catch(() => ({})) : await c.req.parseBody();
  return Object.fromEntries(Object.entries(body ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function basicClientId(authorization: string | undefined): string | undefined {
  if (!authorization?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(authorization.slice('Basic '.length), 'base64').toString();
  const id = decodeURIComponent(decoded.split(':')[0] ?? '');
  return id || undefined;
}

function withQuery(address: string, params: Record<string, string>): string {
  const url = new URL(address);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

function page(title: string, body: ReturnType<typeof html>) {
  return html`<!doctype html>
    <html lang="es">
      <head>
        <meta charset="utf-8" />
        <title>${title} · X Sandbox</title>
      </head>
      <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto">
        <p><strong style="background: #ffe08a; padding: 0 .4rem">Sandbox</strong> Servidor local de pruebas que imita a X: nada de esto se publica en x.com.</p>
        <h1>${title}</h1>
        ${body}
      </body>
    </html>`;
}
