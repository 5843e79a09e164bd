import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { html } from 'hono/html';
import { randomBytes } from 'node:crypto';
import type { ConnectedAccount } from '../channels/channel.js';
import { FakeKit, snowflake, type FakeDialect, type FakeNetwork } from './fake-kit.js';

/**
 * A local Graph API for Facebook Pages: the calls the Facebook channel makes, with Graph's
 * paths (under `/v21.0`), error bodies, usage headers and validations, an in-memory store
 * and a permalink page per post (`/web/{post-id}`). Serve it and point
 * `META_GRAPH_BASE_URL` at `${url}/v21.0`, `META_OAUTH_DIALOG_URL` at `${url}/v21.0/dialog/oauth`
 * and `META_WEB_URL` at `${url}/web`.
 *
 * One sandbox user manages every page made with `createAccount`; the OAuth dialog logs that
 * user in and shares all the pages (making a "Página Sandbox" first if there is none).
 * Members of the public (`createPerson`) can comment on the pages' posts with their own token
 * (`POST /{post-id}/comments`), and the page reads them (`GET /{post-id}/comments`).
 */

export const GRAPH_VERSION = 'v21.0';
const V = `/${GRAPH_VERSION}`;

export type FakePage = { id: string; name: string; accessToken: string };
export type FakePhoto = {
  id: string;
  pageId: string;
  /** The uploaded file (`source`), or null when the photo came by `url`. */
  bytes: Buffer | null;
  mimeType: string | null;
  url: string | null;
  caption: string;
  altText: string;
  published: boolean;
  /** The post the photo is part of, once published or attached. */
  postId: string | null;
  createdAt: Date;
};
export type FakePost = { id: string; pageId: string; message: string; link: string | null; photoIds: string[]; createdAt: Date };
/** A person on Facebook who is not the page's manager: a citizen commenting on a post. */
export type FakePerson = { id: string; name: string };
export type FakeComment = { id: string; postId: string; from: { id: string; name: string }; message: string; createdAt: Date };
type AuthCode = { clientId: string; redirectUri: string; expiresAt: Date; used: boolean };

export type GraphStore = {
  user: { id: string; name: string };
  pages: Map<string, FakePage>;
  posts: Map<string, FakePost>;
  photos: Map<string, FakePhoto>;
  people: Map<string, FakePerson>;
  /** Comments on posts, by id, in the order they were written. */
  comments: Map<string, FakeComment>;
  codes: Map<string, AuthCode>;
};

export type FakeGraph = FakeNetwork & {
  store: GraphStore;
  /** A member of the public with a user token of their own, who can comment on the pages' posts. */
  createPerson(name: string): FakePerson & { accessToken: string };
};

const MESSAGE_LIMIT = 63_206;
const MAX_IDS = 50;
/** Graph refuses the same text on the same page again within a short time (error 506). */
const DUPLICATE_WINDOW_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;
/** The hourly budget `x-app-usage` / `x-page-usage` report against (Graph's 200 calls per user and hour). */
const CALLS_PER_HOUR = 200;
const USER_TOKEN_TTL_S = 2 * 3600;
const LONG_USER_TOKEN_TTL_S = 60 * 86_400;
/** Page tokens from a long-lived user token never expire; the kit needs a lifetime, so: ten years. */
const PAGE_TOKEN_TTL_S = 10 * 365 * 86_400;

// ---------------------------------------------------------------- errors

type GraphErrorOptions = { status?: number; subcode?: number; transient?: boolean; headers?: Record<string, string> };

/** A Graph error answer, thrown from handlers and rendered by `onError`. */
class GraphFault extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly options: GraphErrorOptions = {},
  ) {
    super(message);
  }
}

function fail(code: number, message: string, options: GraphErrorOptions = {}): never {
  throw new GraphFault(code, message, options);
}

/** Graph's error body. It says `OAuthException` for token, permission and rate-limit errors alike. */
function errorBody(code: number, message: string, { subcode, transient }: GraphErrorOptions = {}) {
  return {
    error: {
      message,
      type: 'OAuthException',
      code,
      ...(subcode !== undefined && { error_subcode: subcode }),
      ...(transient && { is_transient: true }),
      fbtrace_id: randomBytes(8).toString('base64url'),
    },
  };
}

function missingObject(verb: 'get' | 'post' | 'delete', id: string): never {
  fail(
    100,
    `Unsupported ${verb} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    { subcode: 33 },
  );
}

function graphDialect(store: GraphStore, now: () => Date): FakeDialect {
  return {
    name: 'graph',
    errorBody(_status, kind, message) {
      switch (kind) {
        case 'rate_limit':
          return errorBody(32, '(#32) Page request limit reached');
        case 'server_error':
          return errorBody(2, 'An unexpected error has occurred. Please retry your request later.', { transient: true });
        case 'expired_token':
          return errorBody(190, `Error validating access token: Session has expired on ${now().toUTCString()}. The current time is ${now().toUTCString()}.`, { subcode: 463 });
        case 'not_found':
          return errorBody(100, message ?? 'Unsupported get request.', { subcode: 33 });
        case 'forbidden':
          return errorBody(200, message ?? '(#200) Permissions error');
        case 'bad_request':
          return errorBody(100, message ?? '(#100) Invalid parameter');
      }
    },
    // Graph answers 400, not 429 or 401, for its rate-limit and token errors.
    status: { rate_limit: 400, expired_token: 400 },
    rateLimitHeaders(resetEpochSeconds) {
      const minutes = Math.max(1, Math.round((resetEpochSeconds * 1000 - now().getTime()) / 60_000));
      const usage = { call_count: 100, total_cputime: 100, total_time: 100 };
      // The header is keyed by the business object (the page); any page of the sandbox stands for it.
      const pageId = store.pages.keys().next().value ?? '0';
      return {
        'x-business-use-case-usage': JSON.stringify({ [pageId]: [{ type: 'pages', ...usage, estimated_time_to_regain_access: minutes }] }),
        'x-page-usage': JSON.stringify(usage),
        'x-app-usage': JSON.stringify(usage),
      };
    },
    exempt: (_method, path) => path.startsWith(`${V}/dialog/`) || path === `${V}/oauth/access_token` || path.startsWith('/web/'),
  };
}

// ---------------------------------------------------------------- requests

type Params = Record<string, string | File>;

/** Graph reads parameters from the query and, for writes, from a form, multipart or JSON body alike. */
async function readParams(c: Context): Promise<Params> {
  const params: Params = Object.fromEntries(new URL(c.req.url).searchParams);
  if (c.req.method !== 'POST') return params;
  if ((c.req.header('content-type') ?? '').includes('application/json')) {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    for (const [key, value] of Object.entries(body)) params[key] = typeof value === 'string' ? value : JSON.stringify(value);
    return params;
  }
  for (const [key, value] of Object.entries(await c.req.parseBody())) {
    // Multipart turns every line break into CRLF on the way (HTML's form encoding); Graph keeps plain LF.
    if (typeof value === 'string') params[key] = value.replace(/\r\n/g, '\n');
    else if (value instanceof File) params[key] = value;
  }
  return params;
}

function text(params: Params, name: string): string {
  const value = params[name];
  return typeof value === 'string' ? value : '';
}

function isHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}

/** `since` / `until` of time-based paging, in milliseconds: a Unix time in seconds, or a date `strtotime` would read. */
function timeParam(params: Params, name: string): number | null {
  const value = text(params, name).trim();
  if (value === '') return null;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (Number.isNaN(ms)) fail(100, `(#100) The parameter ${name} is not a valid time`);
  return ms;
}

function cursorOf(item: { id: string }): string {
  return Buffer.from(item.id).toString('base64url');
}

/** Graph's time format: `2025-01-31T14:05:00+0000`. */
function graphTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, '+0000');
}

// ---------------------------------------------------------------- fields

type FieldSpec = { name: string; args: Record<string, string> };

/** Graph's field expansion: `insights.metric(a,b),shares,comments.summary(true).limit(0)`. */
function parseFields(spec: string): FieldSpec[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of spec) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((part) => {
      const [name = '', ...modifiers] = part.split(/\.(?![^(]*\))/);
      const args = Object.fromEntries(modifiers.map((m) => /^(\w+)\((.*)\)$/.exec(m)?.slice(1, 3) ?? [m, '']));
      return { name, args };
    });
}

// ---------------------------------------------------------------- insights

type InsightValue = number | Record<string, number>;

/** A post's numbers grow with the hours since it went out, by the fake's clock, so tests can move time. */
function statsAfter(hours: number) {
  const perHour = (rate: number) => Math.floor(hours * rate);
  const reactions = Object.fromEntries(Object.entries({ like: perHour(6), love: perHour(2) }).filter(([, n]) => n > 0));
  return { impressions: perHour(120), reach: perHour(80), clicks: perHour(9), reactions, shares: perHour(1), comments: perHour(3) };
}

const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);

/** The post metrics this fake knows; any other name is refused as Graph refuses a retired metric. */
const INSIGHTS: Record<string, (stats: ReturnType<typeof statsAfter>) => InsightValue> = {
  post_impressions: (s) => s.impressions,
  post_impressions_unique: (s) => s.reach,
  post_impressions_organic: (s) => s.impressions,
  post_impressions_paid: () => 0,
  post_clicks: (s) => s.clicks,
  post_reactions_like_total: (s) => s.reactions.like ?? 0,
  post_reactions_by_type_total: (s) => s.reactions,
};

// ---------------------------------------------------------------- the server

export function createFakeGraph(): FakeGraph {
  const store: GraphStore = {
    user: { id: snowflake(), name: 'Usuario de prueba (sandbox)' },
    pages: new Map(),
    posts: new Map(),
    photos: new Map(),
    people: new Map(),
    comments: new Map(),
    codes: new Map(),
  };
  const now = () => kit.now();
  const kit: FakeKit = new FakeKit(graphDialect(store, now));
  /** Every token this fake issued, so an expired one gets Graph's "session has expired" answer. */
  const issued = new Set<string>();

  function issue(accountId: string, ttlSeconds: number): string {
    const token = kit.issueToken(accountId, { ttlSeconds }).accessToken;
    issued.add(token);
    return token;
  }

  const statsOf = (post: FakePost) => statsAfter(Math.max(0, now().getTime() - post.createdAt.getTime()) / HOUR_MS);

  // ------------------------------------------------ who is calling

  type Caller = { kind: 'user' } | { kind: 'page'; page: FakePage } | { kind: 'person'; person: FakePerson };

  function callerOf(c: Context, params: Params): Caller {
    const header = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const token = header ?? text(params, 'access_token');
    if (!token) fail(104, 'An access token is required to request this resource.');
    const accountId = kit.accountFor(token);
    if (!accountId) {
      const message = issued.has(token)
        ? `Error validating access token: Session has expired on ${now().toUTCString()}. The current time is ${now().toUTCString()}.`
        : 'Invalid OAuth access token - Cannot parse access token';
      fail(190, message, { subcode: issued.has(token) ? 463 : undefined, headers: { 'www-authenticate': `OAuth "Facebook Platform" "invalid_token" "${message}"` } });
    }
    if (accountId === store.user.id) return { kind: 'user' };
    const person = store.people.get(accountId);
    if (person) return { kind: 'person', person };
    const page = store.pages.get(accountId);
    if (!page) fail(190, 'Invalid OAuth access token - Cannot parse access token');
    return { kind: 'page', page };
  }

  /** Writes on a page need that page's token (a user token no longer may post as the page). */
  function pageWriter(c: Context, params: Params, pageId: string): FakePage {
    const caller = callerOf(c, params);
    const page = store.pages.get(pageId);
    if (!page) missingObject('post', pageId);
    if (caller.kind !== 'page' || caller.page.id !== page.id) {
      fail(200, '(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission');
    }
    return page;
  }

  // ------------------------------------------------ nodes

  function insightsOf(post: FakePost, metricArg: string | undefined) {
    const names = metricArg ? metricArg.split(',').map((m) => m.trim()).filter(Boolean) : Object.keys(INSIGHTS);
    if (names.some((name) => !INSIGHTS[name])) fail(100, '(#100) The value must be a valid insights metric');
    const stats = statsOf(post);
    return names.map((name) => ({
      name,
      period: 'lifetime',
      values: [{ value: INSIGHTS[name]?.(stats) ?? 0 }],
      id: `${post.id}/insights/${name}/lifetime`,
    }));
  }

  function postNode(post: FakePost, fields: FieldSpec[], origin: string): Record<string, unknown> {
    const node: Record<string, unknown> = { id: post.id };
    const stats = statsOf(post);
    for (const { name, args } of fields) {
      if (name === 'id') continue;
      else if (name === 'message') {
        if (post.message) node.message = post.message;
      } else if (name === 'created_time') node.created_time = graphTime(post.createdAt);
      else if (name === 'permalink_url') node.permalink_url = `${origin}/web/${post.id}`;
      else if (name === 'attachments') {
        const attachments = attachmentsOf(post, origin);
        if (attachments.length > 0) node.attachments = { data: attachments };
      }
      else if (name === 'insights') node.insights = { data: insightsOf(post, args.metric) };
      else if (name === 'shares') {
        // Graph leaves `shares` out until someone shares the post.
        if (stats.shares > 0) node.shares = { count: stats.shares };
      } else if (name === 'comments') {
        const written = [...store.comments.values()].filter((k) => k.postId === post.id).length;
        const summary = { order: 'ranked', total_count: stats.comments + written, can_comment: true };
        node.comments = { data: [], ...(args.summary === 'true' && { summary }) };
      } else fail(100, `(#100) Tried accessing nonexisting field (${name}) on node type (Post)`);
    }
    return node;
  }

  /**
   * The post's story attachments with Graph's default fields: an `album` with one
   * subattachment per photo, a single `photo`, or a `share` for a link (whose `url` is
   * Facebook's l.facebook.com redirect and `unshimmed_url` the address that was posted).
   */
  function attachmentsOf(post: FakePost, origin: string): Record<string, unknown>[] {
    const photo = (id: string) => ({
      media: { image: { src: `${origin}/web/photo/${id}`, width: 8, height: 8 } },
      target: { id, url: `${origin}/web/photo/${id}` },
      type: 'photo',
      media_type: 'photo',
      url: `${origin}/web/photo/${id}`,
    });
    const [single, ...more] = post.photoIds;
    if (single && more.length === 0) return [photo(single)];
    if (single) {
      const url = `${origin}/web/${post.id}`;
      return [{ target: { id: post.id, url }, type: 'album', media_type: 'album', url, subattachments: { data: post.photoIds.map(photo) } }];
    }
    if (!post.link) return [];
    const shim = `https://l.facebook.com/l.php?u=${encodeURIComponent(post.link)}`;
    return [{ target: { url: shim }, title: post.link, type: 'share', media_type: 'link', url: shim, unshimmed_url: post.link }];
  }

  function commentNode(comment: FakeComment, fields: FieldSpec[], withAuthor: boolean, origin: string): Record<string, unknown> {
    const values: Record<string, unknown> = {
      id: comment.id,
      message: comment.message,
      created_time: graphTime(comment.createdAt),
      from: withAuthor ? comment.from : undefined,
      like_count: 0,
      comment_count: 0,
      permalink_url: `${origin}/web/${comment.postId}?comment_id=${comment.id}`,
    };
    return pick(values, fields, 'Comment');
  }

  function photoNode(photo: FakePhoto, fields: FieldSpec[], origin: string): Record<string, unknown> {
    const values: Record<string, unknown> = {
      id: photo.id,
      name: photo.caption || undefined,
      alt_text_custom: photo.altText || undefined,
      created_time: graphTime(photo.createdAt),
      images: [{ source: photo.url ?? `${origin}/web/photo/${photo.id}` }],
    };
    return pick(values, fields, 'Photo');
  }

  function pageNode(page: FakePage, fields: FieldSpec[]): Record<string, unknown> {
    return pick({ id: page.id, name: page.name }, fields, 'Page');
  }

  function pick(values: Record<string, unknown>, fields: FieldSpec[], type: string): Record<string, unknown> {
    const node: Record<string, unknown> = { id: values.id };
    for (const { name } of fields) {
      if (!(name in values)) fail(100, `(#100) Tried accessing nonexisting field (${name}) on node type (${type})`);
      if (values[name] !== undefined) node[name] = values[name];
    }
    return node;
  }

  /** Any object by id, with the fields asked for (or Graph's defaults for its type); null if there is none. */
  function nodeById(id: string, fieldSpec: string, origin: string): Record<string, unknown> | null {
    const post = store.posts.get(id);
    if (post) return postNode(post, parseFields(fieldSpec || 'id,message,created_time'), origin);
    const photo = store.photos.get(id);
    if (photo) return photoNode(photo, parseFields(fieldSpec || 'id,name,created_time'), origin);
    const page = store.pages.get(id);
    if (page) return pageNode(page, parseFields(fieldSpec || 'id,name'));
    return null;
  }

  // ------------------------------------------------ writes

  function storePost(pageId: string, message: string, link: string | null, photoIds: string[]): FakePost {
    const post: FakePost = { id: `${pageId}_${snowflake()}`, pageId, message, link, photoIds, createdAt: now() };
    store.posts.set(post.id, post);
    for (const id of photoIds) {
      const photo = store.photos.get(id);
      if (photo) photo.postId = post.id;
    }
    return post;
  }

  function checkLength(value: string, param: string) {
    if ([...value].length > MESSAGE_LIMIT) fail(100, `(#100) Param ${param} must be at most ${MESSAGE_LIMIT} characters long.`);
  }

  function isDuplicate(pageId: string, message: string): boolean {
    const since = now().getTime() - DUPLICATE_WINDOW_MS;
    return [...store.posts.values()].some((p) => p.pageId === pageId && p.message === message && p.createdAt.getTime() >= since);
  }

  /** `attached_media[0]={"media_fbid":"…"}`, … (or one JSON array), each an unpublished, unattached photo of the page. */
  function attachedPhotos(params: Params, pageId: string): string[] {
    const indexed = Object.keys(params)
      .map((key) => ({ key, index: Number(/^attached_media\[(\d+)\]$/.exec(key)?.[1] ?? NaN) }))
      .filter((e) => !Number.isNaN(e.index))
      .sort((a, b) => a.index - b.index)
      .map((e) => text(params, e.key));
    const raw = params.attached_media ? parseJson(text(params, 'attached_media')) : null;
    const items = Array.isArray(raw) ? raw : indexed.map(parseJson);
    return items.map((item, i) => {
      const id = String((item as { media_fbid?: unknown } | null)?.media_fbid ?? '');
      const photo = store.photos.get(id);
      if (!photo || photo.pageId !== pageId || photo.published || photo.postId !== null) {
        fail(100, `(#100) attached_media[${i}]: media_fbid ${id || '(vacío)'} is not an unpublished photo of this Page`);
      }
      return id;
    });
  }

  // ------------------------------------------------ the app

  const app = new Hono();
  // Outside the kit's middleware so that fault answers carry the usage headers too.
  app.use(`${V}/*`, usageHeaders(kit));
  app.use('*', kit.middleware());
  app.route('/', kit.adminRoutes());
  app.onError((err, c) => {
    if (!(err instanceof GraphFault)) {
      console.error('Graph simulado: error inesperado', err);
      return c.json(errorBody(1, 'An unknown error occurred'), 500);
    }
    return c.json(errorBody(err.code, err.message, err.options), (err.options.status ?? 400) as 400, err.options.headers ?? {});
  });

  app.get(`${V}/dialog/oauth`, (c) => {
    const { client_id: clientId, redirect_uri: redirectUri, state, scope } = c.req.query();
    if (!clientId || !redirectUri || !isHttpUrl(redirectUri)) {
      return c.html(sandboxPage('Error de inicio de sesión', html`<p>Faltan <code>client_id</code> o <code>redirect_uri</code> válidos en la solicitud.</p>`), 400);
    }
    // Like X's consent page: a sandbox user with no page yet gets one, so the flow always ends with an account.
    if (store.pages.size === 0) createAccount('Página Sandbox');
    const code = randomBytes(16).toString('hex');
    store.codes.set(code, { clientId, redirectUri, expiresAt: new Date(now().getTime() + 10 * 60_000), used: false });
    const approve = withQuery(redirectUri, { code, ...(state && { state }) });
    const deny = withQuery(redirectUri, { error: 'access_denied', error_code: '200', error_description: 'Permissions error', error_reason: 'user_denied', ...(state && { state }) });
    return c.html(consentPage({ user: store.user.name, pages: [...store.pages.values()], scope: scope ?? '', approve, deny }));
  });

  app.get(`${V}/oauth/access_token`, (c) => {
    const q = c.req.query();
    if (!q.client_id) fail(101, 'Missing client_id parameter.');
    if (!q.client_secret) fail(100, 'Missing client_secret parameter.');
    if (q.grant_type === 'fb_exchange_token') {
      if (kit.accountFor(q.fb_exchange_token ?? '') !== store.user.id) fail(190, 'Invalid OAuth access token - Cannot parse access token');
      return c.json({ access_token: issue(store.user.id, LONG_USER_TOKEN_TTL_S), token_type: 'bearer', expires_in: LONG_USER_TOKEN_TTL_S });
    }
    const entry = store.codes.get(q.code ?? '');
    if (!entry) fail(100, 'Invalid verification code format.', { subcode: 36007 });
    if (entry.used) fail(100, 'This authorization code has been used.', { subcode: 36009 });
    if (entry.expiresAt <= now()) fail(100, 'This authorization code has expired.', { subcode: 36007 });
    if (entry.redirectUri !== q.redirect_uri || entry.clientId !== q.client_id) {
      fail(100, 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request', { subcode: 36008 });
    }
    entry.used = true;
    return c.json({ access_token: issue(store.user.id, USER_TOKEN_TTL_S), token_type: 'bearer', expires_in: USER_TOKEN_TTL_S });
  });

  app.get(`${V}/me/accounts`, async (c) => {
    const params = await readParams(c);
    if (callerOf(c, params).kind !== 'user') fail(100, '(#100) Tried accessing nonexisting field (accounts) on node type (Page)');
    const fields = parseFields(text(params, 'fields') || 'access_token,category,name,id,tasks');
    const data = [...store.pages.values()].map((page) =>
      pick({ id: page.id, name: page.name, access_token: page.accessToken, category: 'Government Organization', tasks: ['ANALYZE', 'ADVERTISE', 'MODERATE', 'CREATE_CONTENT', 'MANAGE'] }, fields, 'Page'),
    );
    return c.json({ data, paging: { cursors: { before: 'MAZDZD', after: 'MAZDZD' } } });
  });

  app.get(`${V}/me`, async (c) => {
    const params = await readParams(c);
    const caller = callerOf(c, params);
    const fields = parseFields(text(params, 'fields') || 'id,name');
    if (caller.kind === 'page') return c.json(pageNode(caller.page, fields));
    const who = caller.kind === 'person' ? caller.person : store.user;
    return c.json(pick({ id: who.id, name: who.name }, fields, 'User'));
  });

  // The multi-id read: GET /?ids=a,b,c&fields=… → { a: {…}, b: {…}, c: {…} }.
  const multiRead = async (c: Context) => {
    const params = await readParams(c);
    callerOf(c, params);
    const ids = text(params, 'ids').split(',').map((id) => id.trim()).filter(Boolean);
    if (ids.length === 0) fail(100, '(#100) Missing parameter: ids');
    if (ids.length > MAX_IDS) fail(100, `(#100) Too many IDs. Maximum: ${MAX_IDS}. Provided: ${ids.length}.`);
    const origin = new URL(c.req.url).origin;
    const missing = ids.filter((id) => !nodeById(id, 'id', origin));
    if (missing.length > 0) fail(803, `(#803) Some of the aliases you requested do not exist: ${missing.join(',')}`);
    return c.json(Object.fromEntries(ids.map((id) => [id, nodeById(id, text(params, 'fields'), origin)])));
  };
  app.get(V, multiRead);
  app.get(`${V}/`, multiRead);

  app.get(`${V}/:id/insights`, async (c) => {
    const params = await readParams(c);
    callerOf(c, params);
    const post = store.posts.get(c.req.param('id'));
    if (!post) missingObject('get', c.req.param('id'));
    return c.json({ data: insightsOf(post, text(params, 'metric') || undefined) });
  });

  app.get(`${V}/:id/feed`, async (c) => {
    const params = await readParams(c);
    callerOf(c, params);
    const pageId = c.req.param('id');
    if (!store.pages.has(pageId)) missingObject('get', pageId);
    const limit = Math.min(100, Math.max(1, Number(text(params, 'limit')) || 25));
    const fields = parseFields(text(params, 'fields') || 'id,message,created_time');
    const since = timeParam(params, 'since') ?? -Infinity;
    const until = timeParam(params, 'until') ?? Infinity;
    const posts = [...store.posts.values()]
      .filter((p) => p.pageId === pageId && p.createdAt.getTime() >= since && p.createdAt.getTime() <= until)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    // Cursor pagination: `after` is an opaque cursor naming the last post of the previous page.
    const after = text(params, 'after');
    const start = after ? posts.findIndex((p) => cursorOf(p) === after) + 1 : 0;
    if (after && start === 0) fail(100, '(#100) The after cursor is invalid or expired');
    const slice = posts.slice(start, start + limit);
    const origin = new URL(c.req.url).origin;
    const data = slice.map((p) => postNode(p, fields, origin));
    const [first, last] = [slice[0], slice.at(-1)];
    if (!first || !last) return c.json({ data });
    const paging: Record<string, unknown> = { cursors: { before: cursorOf(first), after: cursorOf(last) } };
    if (start + limit < posts.length) {
      const next = new URL(c.req.url);
      next.searchParams.set('after', cursorOf(last));
      paging.next = next.toString();
    }
    return c.json({ data, paging });
  });

  app.post(`${V}/:id/feed`, async (c) => {
    const params = await readParams(c);
    const page = pageWriter(c, params, c.req.param('id'));
    const message = text(params, 'message');
    const link = text(params, 'link') || null;
    const photoIds = attachedPhotos(params, page.id);
    if (!message && !link && photoIds.length === 0) fail(100, '(#100) Missing message or attachment');
    checkLength(message, 'message');
    if (link && !isHttpUrl(link)) fail(100, '(#100) link URL is not properly formatted');
    if (message && isDuplicate(page.id, message)) fail(506, '(#506) Duplicate status message');
    return c.json({ id: storePost(page.id, message, link, photoIds).id });
  });

  app.post(`${V}/:id/photos`, async (c) => {
    const params = await readParams(c);
    const page = pageWriter(c, params, c.req.param('id'));
    const source = params.source;
    const url = text(params, 'url');
    const bytes = source instanceof File ? Buffer.from(await source.arrayBuffer()) : null;
    const mimeType = bytes ? imageTypeOf(bytes) : null;
    if (bytes && !mimeType) fail(324, '(#324) Missing or invalid image file');
    if (!bytes && !url) fail(324, '(#324) Requires upload file');
    if (!bytes && !isHttpUrl(url)) fail(100, '(#100) url should represent a valid URL');
    const caption = text(params, 'caption');
    checkLength(caption, 'caption');
    const photo: FakePhoto = {
      id: snowflake(),
      pageId: page.id,
      bytes,
      mimeType,
      url: bytes ? null : url,
      caption,
      altText: text(params, 'alt_text_custom'),
      published: text(params, 'published') !== 'false',
      postId: null,
      createdAt: now(),
    };
    store.photos.set(photo.id, photo);
    if (!photo.published) return c.json({ id: photo.id });
    return c.json({ id: photo.id, post_id: storePost(page.id, caption, null, [photo.id]).id });
  });

  /**
   * A post's comments, oldest first (`order=chronological`, Graph's default) or newest first
   * (`reverse_chronological`), in pages of `limit` (25 by default, at most 100) with cursors
   * and `paging.next`. `from` is given only to a token of the page that owns the post, as Graph
   * does for people's privacy. Only top-level comments exist here, so `filter=toplevel` and
   * `filter=stream` give the same.
   */
  app.get(`${V}/:id/comments`, async (c) => {
    const params = await readParams(c);
    const caller = callerOf(c, params);
    const post = store.posts.get(c.req.param('id'));
    if (!post) missingObject('get', c.req.param('id'));
    const order = text(params, 'order') || 'chronological';
    if (!['chronological', 'reverse_chronological', 'ranked'].includes(order)) fail(100, '(#100) param order must be one of {CHRONOLOGICAL, REVERSE_CHRONOLOGICAL, RANKED}');
    const filter = text(params, 'filter') || 'toplevel';
    if (!['toplevel', 'stream'].includes(filter)) fail(100, '(#100) param filter must be one of {TOPLEVEL, STREAM}');
    const limit = Math.min(100, Math.max(1, Number(text(params, 'limit')) || 25));
    const fields = parseFields(text(params, 'fields') || 'created_time,from,message,id');
    const ownerReads = caller.kind === 'page' && caller.page.id === post.pageId;
    const all = [...store.comments.values()].filter((k) => k.postId === post.id);
    if (order === 'reverse_chronological') all.reverse();
    const after = text(params, 'after');
    const start = after ? all.findIndex((k) => cursorOf(k) === after) + 1 : 0;
    if (after && start === 0) fail(100, '(#100) The after cursor is invalid or expired');
    const slice = all.slice(start, start + limit);
    const data = slice.map((k) => commentNode(k, fields, ownerReads, new URL(c.req.url).origin));
    const summary = text(params, 'summary') === 'true' ? { summary: { order, total_count: all.length, can_comment: true } } : {};
    const [first, last] = [slice[0], slice.at(-1)];
    if (!first || !last) return c.json({ data, ...summary });
    const paging: Record<string, unknown> = { cursors: { before: cursorOf(first), after: cursorOf(last) } };
    if (start + limit < all.length) {
      const next = new URL(c.req.url);
      next.searchParams.set('after', cursorOf(last));
      paging.next = next.toString();
    }
    return c.json({ data, paging, ...summary });
  });

  /** Comments as a person (their token), as the page (its token) or as the sandbox user. */
  app.post(`${V}/:id/comments`, async (c) => {
    const params = await readParams(c);
    const caller = callerOf(c, params);
    const post = store.posts.get(c.req.param('id'));
    if (!post) missingObject('post', c.req.param('id'));
    const message = text(params, 'message');
    if (!message.trim()) fail(100, '(#100) Missing message or attachment');
    checkLength(message, 'message');
    const from = caller.kind === 'page' ? { id: caller.page.id, name: caller.page.name } : caller.kind === 'person' ? { ...caller.person } : { ...store.user };
    const comment: FakeComment = { id: `${post.id.split('_')[1] ?? post.id}_${snowflake()}`, postId: post.id, from, message, createdAt: now() };
    store.comments.set(comment.id, comment);
    return c.json({ id: comment.id });
  });

  app.get(`${V}/:id`, async (c) => {
    const params = await readParams(c);
    callerOf(c, params);
    const node = nodeById(c.req.param('id'), text(params, 'fields'), new URL(c.req.url).origin);
    return node ? c.json(node) : missingObject('get', c.req.param('id'));
  });

  app.delete(`${V}/:id`, async (c) => {
    const params = await readParams(c);
    const caller = callerOf(c, params);
    const id = c.req.param('id');
    const post = store.posts.get(id);
    const photo = store.photos.get(id);
    const owner = post?.pageId ?? photo?.pageId;
    if (!owner) missingObject('delete', id);
    if (caller.kind !== 'page' || caller.page.id !== owner) fail(200, '(#200) Permissions error');
    // Deleting a post takes its photos with it.
    for (const photoId of post?.photoIds ?? []) store.photos.delete(photoId);
    store.posts.delete(id);
    store.photos.delete(id);
    return c.json({ success: true });
  });

  // ------------------------------------------------ web pages (outside the Graph host in reality)

  app.get('/web/photo/:id', (c) => {
    const photo = store.photos.get(c.req.param('id'));
    if (photo?.bytes && photo.mimeType) return c.body(new Uint8Array(photo.bytes), 200, { 'content-type': photo.mimeType });
    return photo?.url ? c.redirect(photo.url) : c.notFound();
  });

  app.get('/web/:id', (c) => {
    const post = store.posts.get(c.req.param('id'));
    if (!post) return c.html(sandboxPage('Contenido no disponible', html`<p>Esta publicación no existe o fue eliminada.</p>`), 404);
    const page = store.pages.get(post.pageId);
    const stats = statsOf(post);
    const photos = post.photoIds.map((id) => store.photos.get(id)).filter((p): p is FakePhoto => p !== undefined);
    return c.html(
      sandboxPage(
        page?.name ?? 'Página',
        html`<article>
          <h1>${page?.name ?? 'Página'}</h1>
          <p><time datetime="${post.createdAt.toISOString()}">${post.createdAt.toLocaleString('es-CO', { timeZone: 'America/Bogota' })}</time></p>
          ${post.message ? html`<p class="message">${post.message}</p>` : ''}
          ${post.link ? html`<p><a href="${post.link}">${post.link}</a></p>` : ''}
          ${photos.map((p) => html`<img src="/web/photo/${p.id}" alt="${p.altText}" />`)}
          <p class="stats">${stats.impressions} impresiones · ${sum(stats.reactions)} reacciones · ${stats.comments} comentarios · compartida ${stats.shares} veces</p>
        </article>`,
      ),
    );
  });

  function createAccount(name: string): ConnectedAccount {
    const id = snowflake();
    const page: FakePage = { id, name, accessToken: issue(id, PAGE_TOKEN_TTL_S) };
    store.pages.set(id, page);
    return { label: name, remoteAccountId: id, accessToken: page.accessToken, refreshToken: null, expiresAt: null };
  }

  function createPerson(name: string): FakePerson & { accessToken: string } {
    const person: FakePerson = { id: snowflake(), name };
    store.people.set(person.id, person);
    return { ...person, accessToken: issue(person.id, USER_TOKEN_TTL_S) };
  }

  return { app, kit, createAccount, createPerson, store };
}

/** `x-app-usage` and `x-page-usage` on every Graph answer: the share (%) of an hourly budget used in the last hour. */
function usageHeaders(kit: FakeKit): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const since = kit.now().getTime() - HOUR_MS;
    const calls = kit.log.filter((r) => Date.parse(r.at) > since).length;
    const share = Math.min(100, Math.ceil((calls * 100) / CALLS_PER_HOUR));
    const usage = JSON.stringify({ call_count: share, total_time: Math.ceil(share / 2), total_cputime: Math.ceil(share / 2) });
    for (const name of ['x-app-usage', 'x-page-usage']) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, usage);
    }
  };
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

function withQuery(base: string, query: Record<string, string>): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

/** The formats Graph documents for photos, told by their first bytes. */
function imageTypeOf(bytes: Buffer): string | null {
  const hex = bytes.subarray(0, 4).toString('hex');
  if (hex.startsWith('ffd8ff')) return 'image/jpeg';
  if (hex === '89504e47') return 'image/png';
  if (hex === '47494638') return 'image/gif';
  if (hex.startsWith('424d')) return 'image/bmp';
  if (hex === '49492a00' || hex === '4d4d002a') return 'image/tiff';
  return null;
}

function sandboxPage(title: string, body: ReturnType<typeof html>) {
  return html`<!doctype html>
    <html lang="es-CO">
      <head>
        <meta charset="utf-8" />
        <title>${title} · Facebook (sandbox)</title>
        <style>
          body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1c1e21; }
          .sandbox { background: #fff3cd; border: 1px solid #e0c36c; padding: .5rem .75rem; border-radius: .375rem; }
          .message { white-space: pre-wrap; }
          img { max-width: 100%; display: block; margin: .5rem 0; }
          .stats { color: #65676b; }
          .actions a { display: inline-block; margin-right: 1rem; padding: .5rem 1rem; border-radius: .375rem; }
          .approve { background: #1877f2; color: #fff; text-decoration: none; }
        </style>
      </head>
      <body>
        <p class="sandbox"><strong>Sandbox</strong>: Facebook simulado en este equipo; nada de esto está en la red real.</p>
        ${body}
      </body>
    </html>`;
}

function consentPage(args: { user: string; pages: FakePage[]; scope: string; approve: string; deny: string }) {
  return sandboxPage(
    'Autorizar Pregón',
    html`<h1>Pregón quiere administrar sus páginas</h1>
      <p>Sesión iniciada como <strong>${args.user}</strong>.</p>
      <p>Páginas que se compartirán:</p>
      <ul>
        ${args.pages.length > 0 ? args.pages.map((p) => html`<li>${p.name}</li>`) : html`<li>(ninguna página creada en el sandbox)</li>`}
      </ul>
      <p>Permisos pedidos: <code>${args.scope}</code></p>
      <p class="actions"><a class="approve" href="${args.approve}">Autorizar</a><a href="${args.deny}">Cancelar</a></p>`,
  );
}
