import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { createHash, randomBytes } from 'node:crypto';
import type { ConnectedAccount } from '../channels/channel.js';
import { youtubeScopes } from '../channels/youtube/oauth.js';
import { tagCharacters } from '../channels/youtube/rules.js';
import { todayIn } from '../lib/dates.js';
import { FakeKit, type FakeDialect, type FakeNetwork } from './fake-kit.js';

/**
 * A local Google: the OAuth 2.0 endpoints and the part of the YouTube Data API v3 Pregón
 * uses, with the same paths, parameters, resource shapes and error bodies as the real one
 * (developers.google.com/youtube/v3/docs). Videos, broadcasts and streams live in memory;
 * statistics grow with the time elapsed since a video became visible, measured with
 * `kit.now()` so tests can move the clock.
 */

/** Google's access tokens last an hour (it answers `expires_in: 3599`). */
const TOKEN_TTL_SECONDS = 3599;
/** YouTube's default daily quota per project; the day ends at midnight Pacific time. */
const DEFAULT_DAILY_QUOTA = 10_000;
const QUOTA_TIME_ZONE = 'America/Los_Angeles';
/** Quota units per call (YouTube's published costs); every other call costs 1. */
const QUOTA_COSTS: Record<string, number> = {
  'POST /upload/youtube/v3/videos': 1600,
  'POST /upload/youtube/v3/thumbnails/set': 50,
  'DELETE /youtube/v3/videos': 50,
  'POST /youtube/v3/liveBroadcasts': 50,
  'POST /youtube/v3/liveBroadcasts/bind': 50,
  'DELETE /youtube/v3/liveBroadcasts': 50,
  'POST /youtube/v3/liveStreams': 50,
  'POST /youtube/v3/commentThreads': 50,
  'DELETE /youtube/v3/liveStreams': 50,
};
/** The categories YouTube lets uploads use (videoCategories.list, assignable=true). */
const ASSIGNABLE_CATEGORIES = new Set(['1', '2', '10', '15', '17', '19', '20', '22', '23', '24', '25', '26', '27', '28', '29']);
const DEFAULT_CATEGORY = '22';
const THUMBNAIL_TYPES = ['image/jpeg', 'image/png', 'application/octet-stream'];
const PRIVACY = ['public', 'unlisted', 'private'];

// ---------------------------------------------------------------- store

export type FakeYoutubeChannel = { id: string; title: string; createdAt: Date };

export type FakeVideo = {
  id: string;
  channelId: string;
  title: string;
  description: string;
  tags: string[];
  categoryId: string;
  defaultLanguage: string | null;
  privacyStatus: string;
  /** Scheduled publication: private until then, public after. */
  publishAt: Date | null;
  selfDeclaredMadeForKids: boolean;
  uploadedAt: Date;
  /** The uploaded bytes as they arrived (empty for a broadcast's video). */
  media: Buffer;
  mediaType: string;
  thumbnail: { bytes: Buffer; type: string } | null;
  /** Set when the video is a live broadcast's (YouTube gives both the same id). */
  scheduledStartTime: Date | null;
};

export type FakeBroadcast = {
  id: string;
  channelId: string;
  title: string;
  description: string;
  scheduledStartTime: Date;
  scheduledEndTime: Date | null;
  privacyStatus: string;
  selfDeclaredMadeForKids: boolean;
  lifeCycleStatus: 'created' | 'ready';
  boundStreamId: string | null;
  enableAutoStart: boolean;
  enableAutoStop: boolean;
  createdAt: Date;
};

export type FakeStream = {
  id: string;
  channelId: string;
  title: string;
  ingestionType: string;
  resolution: string;
  frameRate: string;
  streamName: string;
  createdAt: Date;
};

/** A comment someone wrote through `commentThreads.insert` (the generated ones are computed from the clock). */
export type FakeComment = { id: string; videoId: string; channelId: string; text: string; publishedAt: Date };

type AuthorizationCode = { channelId: string; clientId: string; redirectUri: string; scope: string; expiresAt: Date };

export type GoogleStore = {
  channels: Map<string, FakeYoutubeChannel>;
  videos: Map<string, FakeVideo>;
  broadcasts: Map<string, FakeBroadcast>;
  streams: Map<string, FakeStream>;
  /** Comments written through the API, by id. */
  comments: Map<string, FakeComment>;
  codes: Map<string, AuthorizationCode>;
  /** Quota units spent per Pacific-time day (`YYYY-MM-DD`). */
  quotaUsed: Map<string, number>;
};

export type FakeGoogle = FakeNetwork & {
  store: GoogleStore;
  /** Units a day before YouTube answers 403 `quotaExceeded` (10,000 unless changed). */
  dailyQuota: number;
};

export type FakeGoogleOptions = {
  /** When set, the token endpoint accepts only this client (as Google checks the OAuth client). */
  client?: { id: string; secret: string };
};

// ---------------------------------------------------------------- errors

const RPC_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const INVALID_CREDENTIALS =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

type ErrorDetail = { domain?: string; detail?: string; location?: string; locationType?: string };

/** Google's error body: `{error: {code, message, errors: [{message, domain, reason}], status}}`. */
function googleError(code: number, reason: string, message: string, { domain = 'global', detail, location, locationType }: ErrorDetail = {}) {
  const item = { message: detail ?? message, domain, reason, ...(location ? { location, locationType } : {}) };
  return { error: { code, message, errors: [item], ...(RPC_STATUS[code] ? { status: RPC_STATUS[code] } : {}) } };
}

const googleDialect: FakeDialect = {
  name: 'google',
  errorBody(status, kind, message) {
    switch (kind) {
      case 'rate_limit':
        return googleError(status, 'rateLimitExceeded', message ?? 'The request cannot be completed because you have exceeded your rate limit.', { domain: 'usageLimits' });
      case 'server_error':
        return googleError(status, 'backendError', message ?? 'Backend Error');
      case 'expired_token':
        return googleError(status, 'authError', message ?? INVALID_CREDENTIALS, { detail: 'Invalid Credentials', location: 'Authorization', locationType: 'header' });
      case 'not_found':
        return googleError(status, 'notFound', message ?? 'Not Found');
      case 'forbidden':
        return googleError(status, 'forbidden', message ?? 'Forbidden');
      case 'bad_request':
        return googleError(status, 'badRequest', message ?? 'Bad Request');
    }
  },
  // Google sends no rate-limit headers (no reset time): only the body's reason tells a limit apart.
  // Faults without `match` hit the API only, never OAuth, the watch page or thumbnails.
  exempt: (_method, path) => !path.startsWith('/youtube/v3/') && !path.startsWith('/upload/youtube/v3/'),
};

type Json = Record<string, unknown>;

function fail(c: Context, code: number, reason: string, message: string, detail?: ErrorDetail) {
  return c.json(googleError(code, reason, message, detail), code as 400);
}

// ---------------------------------------------------------------- helpers

/** YouTube ids: 11 url-safe characters for videos, `UC` + 22 for channels. */
function youtubeId(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}

/** A stream key as YouTube shows it: five groups of four. */
function streamKey(): string {
  return Array.from({ length: 5 }, () => randomBytes(3).toString('hex').slice(0, 4)).join('-');
}

function etag(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('base64url').slice(0, 27);
}

/** Repeated (`part=a&part=b`) and comma-joined (`part=a,b`) values alike, as Google accepts both. */
function listParam(c: Context, name: string): string[] {
  return (c.req.queries(name) ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

function hasAngleBrackets(s: string): boolean {
  return /[<>]/.test(s);
}

function parseInstant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function isJpegOrPng(bytes: Buffer): boolean {
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return jpeg || png;
}

/** `multipart/related` as the Google client sends it: a JSON part, then the media part. */
function splitMultipartRelated(body: Buffer, contentType: string): { headers: string; content: Buffer }[] | null {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { headers: string; content: Buffer }[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const afterDelimiter = start + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break; // the closing delimiter
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next === -1) return null;
    const part = body.subarray(afterDelimiter + 2, next - 2); // without the CRLF after the delimiter and before the next
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) return null;
    parts.push({ headers: part.subarray(0, headerEnd).toString('utf8'), content: part.subarray(headerEnd + 4) });
    start = next;
  }
  return parts;
}

function partType(headers: string): string {
  return /content-type:\s*([^\r\n;]+)/i.exec(headers)?.[1]?.trim().toLowerCase() ?? 'application/octet-stream';
}

// ---------------------------------------------------------------- what time does to a video

function isPublished(v: FakeVideo, now: Date): boolean {
  return v.publishAt !== null && v.publishAt <= now;
}

/** YouTube makes a scheduled video public at `publishAt` and forgets the date. */
function privacyOf(v: FakeVideo, now: Date): string {
  return isPublished(v, now) ? 'public' : v.privacyStatus;
}

/** From when people can watch it: never for a private video, else from upload, schedule or broadcast start. */
function visibleSince(v: FakeVideo, now: Date): Date | null {
  if (privacyOf(v, now) === 'private') return null;
  return v.publishAt ?? v.scheduledStartTime ?? v.uploadedAt;
}

/** Five views a minute, one like every 12 views, one comment every 40: deterministic from the clock. */
const VIEWS_PER_MINUTE = 5;
const VIEWS_PER_LIKE = 12;
const VIEWS_PER_COMMENT = 40;

function viewsOf(v: FakeVideo, now: Date): number {
  const since = visibleSince(v, now);
  if (!since) return 0;
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000)) * VIEWS_PER_MINUTE;
}

function statisticsOf(v: FakeVideo, now: Date) {
  const views = viewsOf(v, now);
  // The API sends every count as a string (they are uint64).
  return {
    viewCount: String(views),
    likeCount: String(Math.floor(views / VIEWS_PER_LIKE)),
    favoriteCount: '0',
    commentCount: String(Math.floor(views / VIEWS_PER_COMMENT)),
  };
}

const SAMPLE_COMMENTS = [
  '¡Gracias por la información!',
  '¿A qué hora empieza la audiencia?',
  'Muy importante que rindan cuentas a la comunidad.',
  '¿Dónde se puede consultar el informe completo?',
  'Saludos desde la vereda.',
];

// ---------------------------------------------------------------- resources

/** YouTube's thumbnail sizes and their file names (i.ytimg.com/vi/ID/hqdefault.jpg…). */
const THUMBNAIL_SIZES = {
  default: ['default.jpg', 120, 90],
  medium: ['mqdefault.jpg', 320, 180],
  high: ['hqdefault.jpg', 480, 360],
  standard: ['sddefault.jpg', 640, 480],
  maxres: ['maxresdefault.jpg', 1280, 720],
} as const;

function thumbnailsOf(origin: string, id: string) {
  return Object.fromEntries(Object.entries(THUMBNAIL_SIZES).map(([size, [file, width, height]]) => [size, { url: `${origin}/vi/${id}/${file}`, width, height }]));
}

function videoResource(v: FakeVideo, parts: string[], origin: string, now: Date, channel: FakeYoutubeChannel | undefined) {
  const resource: Json = { kind: 'youtube#video', id: v.id };
  if (parts.includes('snippet')) {
    resource.snippet = {
      publishedAt: (isPublished(v, now) ? v.publishAt! : v.uploadedAt).toISOString(),
      channelId: v.channelId,
      title: v.title,
      description: v.description,
      thumbnails: thumbnailsOf(origin, v.id),
      channelTitle: channel?.title ?? '',
      ...(v.tags.length ? { tags: v.tags } : {}),
      categoryId: v.categoryId,
      liveBroadcastContent: v.scheduledStartTime ? 'upcoming' : 'none',
      ...(v.defaultLanguage ? { defaultLanguage: v.defaultLanguage } : {}),
      localized: { title: v.title, description: v.description },
    };
  }
  if (parts.includes('status')) {
    resource.status = {
      uploadStatus: v.scheduledStartTime ? 'uploaded' : 'processed',
      privacyStatus: privacyOf(v, now),
      ...(v.publishAt && !isPublished(v, now) ? { publishAt: v.publishAt.toISOString() } : {}),
      license: 'youtube',
      embeddable: true,
      publicStatsViewable: true,
      madeForKids: v.selfDeclaredMadeForKids,
      selfDeclaredMadeForKids: v.selfDeclaredMadeForKids,
    };
  }
  if (parts.includes('statistics')) resource.statistics = statisticsOf(v, now);
  return { ...resource, etag: etag(resource) };
}

function broadcastResource(b: FakeBroadcast, parts: string[], origin: string) {
  const resource: Json = { kind: 'youtube#liveBroadcast', id: b.id };
  if (parts.includes('snippet')) {
    resource.snippet = {
      publishedAt: b.createdAt.toISOString(),
      channelId: b.channelId,
      title: b.title,
      description: b.description,
      thumbnails: thumbnailsOf(origin, b.id),
      scheduledStartTime: b.scheduledStartTime.toISOString(),
      ...(b.scheduledEndTime ? { scheduledEndTime: b.scheduledEndTime.toISOString() } : {}),
      isDefaultBroadcast: false,
      liveChatId: `KicKGFVD${b.id}`,
    };
  }
  if (parts.includes('status')) {
    resource.status = {
      lifeCycleStatus: b.lifeCycleStatus,
      privacyStatus: b.privacyStatus,
      recordingStatus: 'notRecording',
      madeForKids: b.selfDeclaredMadeForKids,
      selfDeclaredMadeForKids: b.selfDeclaredMadeForKids,
    };
  }
  if (parts.includes('contentDetails')) {
    resource.contentDetails = {
      ...(b.boundStreamId ? { boundStreamId: b.boundStreamId, boundStreamLastUpdateTimeMs: b.createdAt.toISOString() } : {}),
      monitorStream: { enableMonitorStream: true, broadcastStreamDelayMs: 0 },
      enableEmbed: true,
      enableDvr: true,
      recordFromStart: true,
      enableClosedCaptions: false,
      closedCaptionsType: 'closedCaptionsDisabled',
      enableLowLatency: false,
      latencyPreference: 'normal',
      projection: 'rectangular',
      enableAutoStart: b.enableAutoStart,
      enableAutoStop: b.enableAutoStop,
    };
  }
  return { ...resource, etag: etag(resource) };
}

/** The ingestion host is fake on purpose (`.invalid` never resolves): nothing can stream to it by mistake. */
const INGESTION_HOST = 'sandbox-rtmp.invalid';

function streamResource(s: FakeStream, parts: string[]) {
  const resource: Json = { kind: 'youtube#liveStream', id: s.id };
  if (parts.includes('snippet')) {
    resource.snippet = { publishedAt: s.createdAt.toISOString(), channelId: s.channelId, title: s.title, description: '', isDefaultStream: false };
  }
  if (parts.includes('cdn')) {
    resource.cdn = {
      ingestionType: s.ingestionType,
      ingestionInfo: {
        streamName: s.streamName,
        ingestionAddress: `rtmp://${INGESTION_HOST}/live2`,
        backupIngestionAddress: `rtmp://b.${INGESTION_HOST}/live2?backup=1`,
        rtmpsIngestionAddress: `rtmps://${INGESTION_HOST}:443/live2`,
        rtmpsBackupIngestionAddress: `rtmps://b.${INGESTION_HOST}:443/live2?backup=1`,
      },
      resolution: s.resolution,
      frameRate: s.frameRate,
    };
  }
  if (parts.includes('status')) resource.status = { streamStatus: 'ready', healthStatus: { status: 'noData' } };
  if (parts.includes('contentDetails')) resource.contentDetails = { isReusable: true };
  return { ...resource, etag: etag(resource) };
}

function channelResource(ch: FakeYoutubeChannel, parts: string[]) {
  const resource: Json = { kind: 'youtube#channel', id: ch.id };
  if (parts.includes('snippet')) {
    resource.snippet = { title: ch.title, description: '', publishedAt: ch.createdAt.toISOString(), localized: { title: ch.title, description: '' } };
  }
  if (parts.includes('contentDetails')) resource.contentDetails = { relatedPlaylists: { likes: '', uploads: uploadsPlaylistOf(ch.id) } };
  return { ...resource, etag: etag(resource) };
}

/** YouTube's uploads playlist of channel `UCxyz` is `UUxyz`. */
function uploadsPlaylistOf(channelId: string): string {
  return `UU${channelId.slice(2)}`;
}

function listResponse(kind: string, items: unknown[], page?: { total: number; perPage: number; nextPageToken?: string }) {
  const body = {
    kind,
    ...(page?.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    pageInfo: { totalResults: page?.total ?? items.length, resultsPerPage: page?.perPage ?? items.length },
    items,
  };
  return { ...body, etag: etag(body) };
}

/** Pages are offsets here; Google's tokens are opaque, so callers only pass them back. */
function paginate<T>(items: T[], c: Context, { byDefault, max }: { byDefault: number; max: number }) {
  const perPage = Math.min(Math.max(Number(c.req.query('maxResults') ?? byDefault) || byDefault, 0), max);
  const offset = Number(c.req.query('pageToken')?.replace(/^CA/, '') ?? 0) || 0;
  const next = offset + perPage < items.length ? `CA${offset + perPage}` : undefined;
  return { page: items.slice(offset, offset + perPage), total: items.length, perPage, nextPageToken: next };
}

// ---------------------------------------------------------------- the server

export function createFakeGoogle(options: FakeGoogleOptions = {}): FakeGoogle {
  const kit = new FakeKit(googleDialect);
  const store: GoogleStore = { channels: new Map(), videos: new Map(), broadcasts: new Map(), streams: new Map(), comments: new Map(), codes: new Map(), quotaUsed: new Map() };
  const app = new Hono();
  const fake: FakeGoogle = { app, kit, store, dailyQuota: DEFAULT_DAILY_QUOTA, createAccount };

  function createChannel(title: string): FakeYoutubeChannel {
    const channel = { id: `UC${youtubeId(22)}`, title, createdAt: kit.now() };
    store.channels.set(channel.id, channel);
    return channel;
  }

  function createAccount(name: string): ConnectedAccount {
    const channel = createChannel(name);
    const token = kit.issueToken(channel.id, { ttlSeconds: TOKEN_TTL_SECONDS, scope: youtubeScopes.join(' ') });
    return { label: name, remoteAccountId: channel.id, accessToken: token.accessToken, refreshToken: token.refreshToken, expiresAt: token.expiresAt, scope: token.scope };
  }

  /** The channel a request acts for (the auth middleware already checked the token). */
  function caller(c: Context): FakeYoutubeChannel {
    return store.channels.get(kit.accountFor(c.req.header('authorization'))!)!;
  }

  const origin = (c: Context) => new URL(c.req.url).origin;

  app.use('*', kit.middleware());
  app.route('/', kit.adminRoutes());

  // ---------------------------------------------------------------- OAuth 2.0

  app.get('/o/oauth2/v2/auth', (c) => {
    const q = (name: string) => c.req.query(name) ?? '';
    const problem =
      (!q('client_id') && 'Missing required parameter: client_id') ||
      (!q('redirect_uri') && 'Missing required parameter: redirect_uri') ||
      (!URL.canParse(q('redirect_uri')) && 'Invalid parameter value for redirect_uri: Missing scheme') ||
      (!q('scope') && 'Missing required parameter: scope') ||
      (q('response_type') !== 'code' && `Invalid response_type: ${q('response_type')}`);
    if (problem) return c.html(html`<!doctype html><html lang="es"><body><h1>Error 400: invalid_request</h1><p>${problem}</p></body></html>`, 400);
    if (options.client && q('client_id') !== options.client.id) {
      return c.html(html`<!doctype html><html lang="es"><body><h1>Error 401: invalid_client</h1><p>The OAuth client was not found.</p></body></html>`, 401);
    }
    if (store.channels.size === 0) createChannel('Canal municipal (Sandbox)');
    const choices = [...store.channels.values()].map((channel) => {
      const code = `4/${randomBytes(24).toString('base64url')}`;
      store.codes.set(code, { channelId: channel.id, clientId: q('client_id'), redirectUri: q('redirect_uri'), scope: q('scope'), expiresAt: new Date(kit.now().getTime() + 10 * 60_000) });
      const target = new URL(q('redirect_uri'));
      target.search = new URLSearchParams({ state: q('state'), code, scope: q('scope') }).toString();
      return { channel, href: target.toString() };
    });
    const deny = new URL(q('redirect_uri'));
    deny.search = new URLSearchParams({ error: 'access_denied', state: q('state') }).toString();
    return c.html(html`<!doctype html>
      <html lang="es">
        <head><meta charset="utf-8" /><title>Sandbox de Google: autorizar acceso</title></head>
        <body style="font-family: sans-serif; max-width: 40rem; margin: 2rem auto">
          <p style="background: #fde68a; padding: .5rem">Sandbox: esto no es Google. Ninguna cuenta real se conecta.</p>
          <h1>Pregón quiere acceder a su canal de YouTube</h1>
          <p>Permisos pedidos:</p>
          <ul>${q('scope').split(' ').map((s) => html`<li>${s}</li>`)}</ul>
          <p>Elija el canal:</p>
          <ul>${choices.map((ch) => html`<li><a href="${ch.href}">Autorizar como «${ch.channel.title}»</a></li>`)}</ul>
          <p><a href="${deny.toString()}">Cancelar</a></p>
        </body>
      </html>`);
  });

  app.post('/token', async (c) => {
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    const clientId = field('client_id') || basicId || '';
    const clientSecret = field('client_secret') || basicSecret || '';
    if (!clientId) return c.json({ error: 'invalid_request', error_description: 'Could not determine client ID from request.' }, 400);
    if (options.client && (clientId !== options.client.id || clientSecret !== options.client.secret)) {
      return c.json({ error: 'invalid_client', error_description: 'Unauthorized' }, 401);
    }
    switch (field('grant_type')) {
      case 'authorization_code': {
        const code = store.codes.get(field('code'));
        store.codes.delete(field('code')); // a code works once
        if (!code || code.expiresAt <= kit.now() || code.clientId !== clientId) return c.json({ error: 'invalid_grant', error_description: 'Bad Request' }, 400);
        if (code.redirectUri !== field('redirect_uri')) return c.json({ error: 'redirect_uri_mismatch', error_description: 'Bad Request' }, 400);
        const token = kit.issueToken(code.channelId, { ttlSeconds: TOKEN_TTL_SECONDS, scope: code.scope });
        return c.json({ access_token: token.accessToken, expires_in: TOKEN_TTL_SECONDS, refresh_token: token.refreshToken, scope: token.scope, token_type: 'Bearer' });
      }
      case 'refresh_token': {
        // Google keeps the refresh token: the answer brings none.
        const token = kit.refresh(field('refresh_token'), { rotate: false, ttlSeconds: TOKEN_TTL_SECONDS });
        if (!token) return c.json({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }, 400);
        return c.json({ access_token: token.accessToken, expires_in: TOKEN_TTL_SECONDS, scope: token.scope, token_type: 'Bearer' });
      }
      default:
        return c.json({ error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${field('grant_type')}` }, 400);
    }
  });

  // ---------------------------------------------------------------- pages (the sandbox's youtube.com)

  app.get('/watch', (c) => {
    const video = store.videos.get(c.req.query('v') ?? '');
    const now = kit.now();
    if (!video) return c.html(html`<!doctype html><html lang="es"><body><p>Sandbox de YouTube: este video no existe o fue eliminado.</p></body></html>`, 404);
    const stats = statisticsOf(video, now);
    const channel = store.channels.get(video.channelId);
    return c.html(html`<!doctype html>
      <html lang="es">
        <head><meta charset="utf-8" /><title>${video.title} - YouTube (Sandbox)</title></head>
        <body style="font-family: sans-serif; max-width: 48rem; margin: 2rem auto">
          <p style="background: #fde68a; padding: .5rem">Sandbox: esta página imita YouTube; el video no está en internet.</p>
          ${video.thumbnail ? html`<img src="/vi/${video.id}/maxresdefault.jpg" alt="Miniatura" style="max-width: 100%" />` : ''}
          <h1>${video.title}</h1>
          <p>${channel?.title ?? ''} · ${privacyLabel(privacyOf(video, now))}</p>
          ${video.scheduledStartTime ? html`<p>Transmisión en vivo programada para ${video.scheduledStartTime.toISOString()}</p>` : ''}
          ${video.publishAt && !isPublished(video, now) ? html`<p>Se publicará el ${video.publishAt.toISOString()}</p>` : ''}
          <p>${stats.viewCount} vistas · ${stats.likeCount} me gusta · ${stats.commentCount} comentarios</p>
          <p style="white-space: pre-wrap">${video.description}</p>
        </body>
      </html>`);
  });

  app.get('/vi/:id/:file', (c) => {
    const thumbnail = store.videos.get(c.req.param('id'))?.thumbnail;
    if (!thumbnail) return c.body(null, 404);
    return c.body(new Uint8Array(thumbnail.bytes), 200, { 'content-type': thumbnail.type === 'application/octet-stream' ? 'image/jpeg' : thumbnail.type });
  });

  // ---------------------------------------------------------------- the API: token and quota first

  for (const prefix of ['/youtube/v3/*', '/upload/youtube/v3/*']) {
    app.use(prefix, async (c, next) => {
      const authorization = c.req.header('authorization');
      if (!authorization) {
        return fail(c, 401, 'required', 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.', {
          detail: 'Login Required.',
          location: 'Authorization',
          locationType: 'header',
        });
      }
      if (!kit.accountFor(authorization)) {
        return fail(c, 401, 'authError', INVALID_CREDENTIALS, { detail: 'Invalid Credentials', location: 'Authorization', locationType: 'header' });
      }
      const day = todayIn(QUOTA_TIME_ZONE, kit.now());
      const cost = QUOTA_COSTS[`${c.req.method} ${new URL(c.req.url).pathname}`] ?? 1;
      const used = store.quotaUsed.get(day) ?? 0;
      if (used + cost > fake.dailyQuota) {
        return fail(c, 403, 'quotaExceeded', 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.', { domain: 'youtube.quota' });
      }
      store.quotaUsed.set(day, used + cost);
      await next();
    });
  }

  /** `part` is required on every call here. */
  function partsOf(c: Context): string[] | null {
    const parts = listParam(c, 'part');
    return parts.length ? parts : null;
  }

  const missingPart = (c: Context) => fail(c, 400, 'required', 'Required parameter: part', { location: 'part', locationType: 'parameter' });

  // ---------------------------------------------------------------- videos

  app.post('/upload/youtube/v3/videos', async (c) => {
    const parts = partsOf(c);
    if (!parts) return missingPart(c);
    const body = Buffer.from(await c.req.arrayBuffer());
    const upload = readUpload(c.req.query('uploadType'), c.req.header('content-type') ?? '', body);
    if ('error' in upload) return fail(c, 400, upload.error.reason, upload.error.message);
    if (upload.media.length === 0) return fail(c, 400, 'mediaBodyRequired', 'The request does not include the video content.', { domain: 'youtube.video' });
    if (!upload.mediaType.startsWith('video/') && upload.mediaType !== 'application/octet-stream') {
      return fail(c, 400, 'badContent', `Media type '${upload.mediaType}' is not supported. Valid media types: [video/*, application/octet-stream]`);
    }
    // Only the parts named in `part` are written, as YouTube does.
    const snippet = (parts.includes('snippet') ? upload.metadata.snippet : undefined) as Json | undefined;
    const status = (parts.includes('status') ? upload.metadata.status : undefined) as Json | undefined;
    const problem = videoMetadataProblem(snippet, status, kit.now());
    if (problem) return fail(c, 400, problem.reason, problem.message, { domain: 'youtube.video' });

    const video: FakeVideo = {
      id: youtubeId(11),
      channelId: caller(c).id,
      title: typeof snippet?.title === 'string' ? snippet.title : 'unknown',
      description: typeof snippet?.description === 'string' ? snippet.description : '',
      tags: Array.isArray(snippet?.tags) ? (snippet.tags as string[]) : [],
      categoryId: typeof snippet?.categoryId === 'string' ? snippet.categoryId : DEFAULT_CATEGORY,
      defaultLanguage: typeof snippet?.defaultLanguage === 'string' ? snippet.defaultLanguage : null,
      privacyStatus: typeof status?.privacyStatus === 'string' ? status.privacyStatus : 'public',
      publishAt: parseInstant(status?.publishAt),
      selfDeclaredMadeForKids: status?.selfDeclaredMadeForKids === true,
      uploadedAt: kit.now(),
      media: upload.media,
      mediaType: upload.mediaType,
      thumbnail: null,
      scheduledStartTime: null,
    };
    store.videos.set(video.id, video);
    return c.json(videoResource(video, parts, origin(c), kit.now(), caller(c)));
  });

  app.get('/youtube/v3/videos', (c) => {
    const parts = partsOf(c);
    if (!parts) return missingPart(c);
    const ids = listParam(c, 'id');
    if (ids.length === 0) return fail(c, 400, 'missingRequiredParameter', 'No filter selected. Expected one of: myRating, chart, id');
    const me = caller(c).id;
    const now = kit.now();
    // Missing ids are simply absent; other channels' private videos too.
    const items = ids
      .map((id) => store.videos.get(id))
      .filter((v): v is FakeVideo => v !== undefined && (v.channelId === me || privacyOf(v, now) !== 'private'))
      .map((v) => videoResource(v, parts, origin(c), now, store.channels.get(v.channelId)));
    return c.json(listResponse('youtube#videoListResponse', items));
  });

  app.delete('/youtube/v3/videos', (c) => {
    const video = store.videos.get(c.req.query('id') ?? '');
    if (!video) return fail(c, 404, 'videoNotFound', 'The video identified by the <code>id</code> parameter could not be found.', { domain: 'youtube.video', location: 'id', locationType: 'parameter' });
    if (video.channelId !== caller(c).id) return fail(c, 403, 'forbidden', 'The video that you are trying to delete cannot be deleted. The request might not be properly authorized.', { domain: 'youtube.video' });
    store.videos.delete(video.id);
    store.broadcasts.delete(video.id);
    return c.body(null, 204);
  });

  app.post('/upload/youtube/v3/thumbnails/set', async (c) => {
    const video = store.videos.get(c.req.query('videoId') ?? '');
    if (!video) return fail(c, 404, 'videoNotFound', 'The video that you are trying to insert a thumbnail image for cannot be found. Check the value of the <code>videoId</code> parameter.', { domain: 'youtube.thumbnail' });
    if (video.channelId !== caller(c).id) return fail(c, 403, 'forbidden', 'The thumbnail can’t be set for the specified video. The request might not be properly authorized.', { domain: 'youtube.thumbnail' });
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!THUMBNAIL_TYPES.includes(type)) return fail(c, 400, 'badContent', `Media type '${type}' is not supported. Valid media types: [image/jpeg, image/png, application/octet-stream]`);
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length === 0) return fail(c, 400, 'mediaBodyRequired', 'The request does not include the image content.', { domain: 'youtube.thumbnail' });
    if (!isJpegOrPng(bytes)) return fail(c, 400, 'invalidImage', 'The provided image content is invalid.', { domain: 'youtube.thumbnail' });
    video.thumbnail = { bytes, type };
    return c.json(listResponse('youtube#thumbnailSetResponse', [thumbnailsOf(origin(c), video.id)]));
  });

  /**
   * A video's top-level comments, newest first: the ones written through `commentThreads.insert`
   * and one generated every 40 views (from `@vecinoN`, a channel of its own). `textFormat=html`
   * (the default) gives `textDisplay` as HTML, `plainText` as written.
   */
  app.get('/youtube/v3/commentThreads', (c) => {
    if (!partsOf(c)) return missingPart(c);
    const textFormat = c.req.query('textFormat') ?? 'html';
    if (!['html', 'plainText'].includes(textFormat)) return fail(c, 400, 'invalidParameter', `Invalid value for textFormat: ${textFormat}`, { location: 'textFormat', locationType: 'parameter' });
    const video = store.videos.get(c.req.query('videoId') ?? '');
    if (!video) return fail(c, 404, 'videoNotFound', 'The video identified by the <code>videoId</code> parameter could not be found.', { domain: 'youtube.commentThread' });
    const now = kit.now();
    const since = visibleSince(video, now) ?? now; // a private video has no views, so no comments either
    const count = Math.floor(viewsOf(video, now) / VIEWS_PER_COMMENT);
    // Comment i (0 = the first) arrived when the views reached (i + 1) × 40.
    const generated = Array.from({ length: count }, (_, i) => ({
      id: `Ugz${video.id}${i}`,
      text: SAMPLE_COMMENTS[i % SAMPLE_COMMENTS.length]!,
      author: { name: `@vecino${i + 1}`, channelId: `UCvecino${String(i + 1).padStart(16, '0')}` },
      likeCount: i % 3,
      publishedAt: new Date(since.getTime() + ((i + 1) * VIEWS_PER_COMMENT * 60_000) / VIEWS_PER_MINUTE),
    }));
    const written = [...store.comments.values()]
      .filter((k) => k.videoId === video.id)
      .map((k) => ({ id: k.id, text: k.text, author: { name: authorNameOf(k.channelId), channelId: k.channelId }, likeCount: 0, publishedAt: k.publishedAt }));
    const threads = [...generated, ...written]
      .sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime())
      .map((k) => threadResource(video, k, textFormat, origin(c)));
    const { page, ...pageInfo } = paginate(threads, c, { byDefault: 20, max: 100 });
    return c.json(listResponse('youtube#commentThreadListResponse', page, pageInfo));
  });

  /** How YouTube shows a channel as a comment's author: its handle. */
  function authorNameOf(channelId: string): string {
    const title = store.channels.get(channelId)?.title ?? 'canal';
    return `@${title.normalize('NFD').replace(/[^A-Za-z0-9]/g, '').toLowerCase() || 'canal'}`;
  }

  type CommentData = { id: string; text: string; author: { name: string; channelId: string }; likeCount: number; publishedAt: Date };

  function threadResource(video: FakeVideo, k: CommentData, textFormat: string, origin: string) {
    const publishedAt = k.publishedAt.toISOString();
    const textDisplay = textFormat === 'html' ? escapeHtml(k.text).replace(/\n/g, '<br>') : k.text;
    const comment = {
      kind: 'youtube#comment',
      etag: etag(k),
      id: k.id,
      snippet: {
        channelId: video.channelId,
        videoId: video.id,
        textDisplay,
        textOriginal: k.text,
        authorDisplayName: k.author.name,
        authorProfileImageUrl: `${origin}/yt3/${k.author.channelId}.jpg`,
        authorChannelUrl: `http://www.youtube.com/${k.author.name}`,
        authorChannelId: { value: k.author.channelId },
        canRate: true,
        viewerRating: 'none',
        likeCount: k.likeCount,
        publishedAt,
        updatedAt: publishedAt,
      },
    };
    const thread = { kind: 'youtube#commentThread', id: k.id, snippet: { channelId: video.channelId, videoId: video.id, topLevelComment: comment, canReply: true, totalReplyCount: 0, isPublic: true } };
    return { ...thread, etag: etag(thread) };
  }

  /** `commentThreads.insert`: the calling channel comments on a video (a citizen on the office's live stream, in tests). */
  app.post('/youtube/v3/commentThreads', async (c) => {
    const parts = partsOf(c);
    if (!parts) return missingPart(c);
    const body = (await c.req.json().catch(() => ({}))) as Json;
    const snippet = (body.snippet ?? {}) as Json;
    const top = ((snippet.topLevelComment ?? {}) as Json).snippet as Json | undefined;
    const domain = { domain: 'youtube.commentThread' };
    const video = store.videos.get(typeof snippet.videoId === 'string' ? snippet.videoId : '');
    if (!video) return fail(c, 404, 'videoNotFound', 'The video identified by the <code>videoId</code> parameter could not be found.', domain);
    const text = typeof top?.textOriginal === 'string' ? top.textOriginal : '';
    if (text.trim() === '') return fail(c, 400, 'commentTextRequired', 'The comment resource that is being inserted must specify a value for the <code>snippet.topLevelComment.snippet.textOriginal</code> property.', domain);
    if ([...text].length > 10_000) return fail(c, 400, 'commentTextTooLong', 'The comment resource that is being inserted contains too many characters in the <code>snippet.topLevelComment.snippet.textOriginal</code> property.', domain);
    const comment: FakeComment = { id: `Ugw${youtubeId(20)}`, videoId: video.id, channelId: caller(c).id, text, publishedAt: kit.now() };
    store.comments.set(comment.id, comment);
    return c.json(threadResource(video, { id: comment.id, text, author: { name: authorNameOf(comment.channelId), channelId: comment.channelId }, likeCount: 0, publishedAt: comment.publishedAt }, 'html', origin(c)));
  });

  // ---------------------------------------------------------------- channel and its uploads (reconciliation)

  app.get('/youtube/v3/channels', (c) => {
    const parts = partsOf(c);
    if (!parts) return missingPart(c);
    const ids = listParam(c, 'id');
    if (c.req.query('mine') !== 'true' && ids.length === 0) {
      return fail(c, 400, 'missingRequiredParameter', 'No filter selected. Expected one of: mine, forUsername, id, managedByMe, categoryId, forHandle');
    }
    const found = c.req.query('mine') === 'true' ? [caller(c)] : ids.map((id) => store.channels.get(id)).filter((ch) => ch !== undefined);
    return c.json(listResponse('youtube#channelListResponse', found.map((ch) => channelResource(ch, parts))));
  });

  app.get('/youtube/v3/playlistItems', (c) => {
    const parts = partsOf(c);
    if (!parts) return missingPart(c);
    const playlistId = c.req.query('playlistId') ?? '';
    const channel = [...store.channels.values()].find((ch) => uploadsPlaylistOf(ch.id) === playlistId);
    if (!channel) return fail(c, 404, 'playlistNotFound', 'The playlist identified with the request\'s <code>playlistId</code> parameter cannot be found.', { domain: 'youtube.playlistItem', location: 'playlistId', locationType: 'parameter' });
    const mine = channel.id === caller(c).id;
    const now = kit.now();
    const uploads = [...store.videos.values()]
      .filter((v) => v.channelId === channel.id && (mine || privacyOf(v, now) !== 'private'))
      .sort((a, b) => b.uploadedAt.getTime() - a.uploadedAt.getTime());
    const { page, total, perPage, nextPageToken } = paginate(uploads, c, { byDefault: 5, max: 50 });
    const items = page.map((v) => {
      const resource: Json = { kind: 'youtube#playlistItem', id: etag(`${playlistId}${v.id}`) };
      if (parts.includes('snippet')) {
        resource.snippet = {
          publishedAt: v.uploadedAt.toISOString(),
          channelId: channel.id,
          title: v.title,
          description: v.description,
          channelTitle: channel.title,
          playlistId,
          position: uploads.indexOf(v),
          resourceId: { kind: 'youtube#video', videoId: v.id },
        };
      }
      if (parts.includes('contentDetails')) resource.contentDetails = { videoId: v.id, videoPublishedAt: (v.publishAt ?? v.uploadedAt).toISOString() };
      if (parts.includes('status')) resource.status = { privacyStatus: privacyOf(v, now) };
      return resource;
    });
    return c.json(listResponse('youtube#playlistItemListResponse', items, { total, perPage, nextPageToken }));
  });

  // ---------------------------------------------------------------- live

  app.post('/youtube/v3/liveBroadcasts', async (c) => {
    const parts = partsOf(c);
    if (!parts) return missingPart(c);
    const body = (await c.req.json().catch(() => ({}))) as Json;
    const snippet = (body.snippet ?? {}) as Json;
    const status = (body.status ?? {}) as Json;
    const details = (body.contentDetails ?? {}) as Json;
    const start = parseInstant(snippet.scheduledStartTime);
    const domain = { domain: 'youtube.liveBroadcast' };
    if (typeof snippet.title !== 'string' || snippet.title === '') return fail(c, 400, 'titleRequired', 'The request metadata must specify a title for the broadcast.', domain);
    if ([...snippet.title].length > 100 || hasAngleBrackets(snippet.title)) return fail(c, 400, 'invalidTitle', 'The request metadata specifies an invalid broadcast title.', domain);
    if (typeof snippet.description === 'string' && (Buffer.byteLength(snippet.description) > 5000 || hasAngleBrackets(snippet.description))) {
      return fail(c, 400, 'invalidDescription', 'The request metadata specifies an invalid broadcast description.', domain);
    }
    if (snippet.scheduledStartTime === undefined) return fail(c, 400, 'scheduledStartTimeRequired', 'The request metadata must specify a scheduled start time.', domain);
    if (!start || start <= kit.now()) return fail(c, 400, 'invalidScheduledStartTime', 'Scheduled start time must be in the future.', domain);
    if (typeof status.privacyStatus !== 'string') return fail(c, 400, 'privacyStatusRequired', 'The request metadata must specify a privacy status.', domain);
    if (!PRIVACY.includes(status.privacyStatus)) return fail(c, 400, 'invalidPrivacyStatus', 'The request metadata specifies an invalid privacy status.', domain);

    const broadcast: FakeBroadcast = {
      id: youtubeId(11),
      channelId: caller(c).id,
      title: snippet.title,
      description: typeof snippet.description === 'string' ? snippet.description : '',
      scheduledStartTime: start,
      scheduledEndTime: parseInstant(snippet.scheduledEndTime),
      privacyStatus: status.privacyStatus,
      selfDeclaredMadeForKids: status.selfDeclaredMadeForKids === true,
      lifeCycleStatus: 'created',
      boundStreamId: null,
      enableAutoStart: details.enableAutoStart === true,
      enableAutoStop: details.enableAutoStop === true,
      createdAt: kit.now(),
    };
    store.broadcasts.set(broadcast.id, broadcast);
    // A broadcast is also a video with the same id: its watch page and statistics.
    store.videos.set(broadcast.id, {
      id: broadcast.id,
      channelId: broadcast.channelId,
      title: broadcast.title,
      description: broadcast.description,
      tags: [],
      categoryId: DEFAULT_CATEGORY,
      defaultLanguage: null,
      privacyStatus: broadcast.privacyStatus,
      publishAt: null,
      selfDeclaredMadeForKids: broadcast.selfDeclaredMadeForKids,
      uploadedAt: broadcast.createdAt,
      media: Buffer.alloc(0),
      mediaType: 'video/mp4',
      thumbnail: null,
      scheduledStartTime: start,
    });
    return c.json(broadcastResource(broadcast, parts, origin(c)));
  });

  app.post('/youtube/v3/liveBroadcasts/bind', (c) => {
    const parts = partsOf(c);
    if (!parts) return missingPart(c);
    if (!c.req.query('id')) return fail(c, 400, 'idRequired', 'The required <code>id</code> parameter must identify the broadcast to bind.', { domain: 'youtube.liveBroadcast' });
    const broadcast = store.broadcasts.get(c.req.query('id')!);
    if (!broadcast || broadcast.channelId !== caller(c).id) return fail(c, 404, 'liveBroadcastNotFound', 'Broadcast not found', { domain: 'youtube.liveBroadcast' });
    const streamId = c.req.query('streamId');
    if (streamId) {
      const stream = store.streams.get(streamId);
      if (!stream || stream.channelId !== caller(c).id) return fail(c, 404, 'liveStreamNotFound', 'Stream not found', { domain: 'youtube.liveBroadcast' });
      broadcast.boundStreamId = stream.id;
      broadcast.lifeCycleStatus = 'ready';
    } else {
      // Without streamId, bind unbinds.
      broadcast.boundStreamId = null;
      broadcast.lifeCycleStatus = 'created';
    }
    return c.json(broadcastResource(broadcast, parts, origin(c)));
  });

  app.get('/youtube/v3/liveBroadcasts', (c) => {
    const parts = partsOf(c);
    if (!parts) return missingPart(c);
    const ids = listParam(c, 'id');
    const me = caller(c).id;
    const filter = c.req.query('broadcastStatus');
    if (ids.length === 0 && c.req.query('mine') !== 'true' && !filter) {
      return fail(c, 400, 'incompatibleParameters', 'Incompatible parameters specified in the request: one of id, mine or broadcastStatus is required.', { domain: 'youtube.liveBroadcast' });
    }
    const items = [...store.broadcasts.values()]
      .filter((b) => b.channelId === me && (ids.length === 0 || ids.includes(b.id)))
      // Every broadcast here is still to come (created or ready): "active" and "completed" find none.
      .filter(() => !filter || filter === 'all' || filter === 'upcoming')
      .map((b) => broadcastResource(b, parts, origin(c)));
    if (ids.length) return c.json(listResponse('youtube#liveBroadcastListResponse', items)); // a lookup by id gives every id asked for
    const { page, ...pageInfo } = paginate(items, c, { byDefault: 5, max: 50 });
    return c.json(listResponse('youtube#liveBroadcastListResponse', page, pageInfo));
  });

  app.delete('/youtube/v3/liveBroadcasts', (c) => {
    const broadcast = store.broadcasts.get(c.req.query('id') ?? '');
    if (!broadcast || broadcast.channelId !== caller(c).id) return fail(c, 404, 'liveBroadcastNotFound', 'Broadcast not found', { domain: 'youtube.liveBroadcast' });
    store.broadcasts.delete(broadcast.id);
    store.videos.delete(broadcast.id);
    return c.body(null, 204);
  });

  app.post('/youtube/v3/liveStreams', async (c) => {
    const parts = partsOf(c);
    if (!parts) return missingPart(c);
    const body = (await c.req.json().catch(() => ({}))) as Json;
    const snippet = (body.snippet ?? {}) as Json;
    const cdn = (body.cdn ?? {}) as Json;
    const domain = { domain: 'youtube.liveStream' };
    if (typeof snippet.title !== 'string' || snippet.title === '') return fail(c, 400, 'titleRequired', 'The request metadata must specify a title for the stream.', domain);
    if (typeof cdn.ingestionType !== 'string') return fail(c, 400, 'ingestionTypeRequired', 'The request metadata must specify an ingestion type.', domain);
    if (!['rtmp', 'dash', 'webrtc', 'hls'].includes(cdn.ingestionType)) return fail(c, 400, 'invalidIngestionType', 'The request metadata specifies an invalid ingestion type.', domain);
    const stream: FakeStream = {
      id: `${caller(c).id.slice(2)}${randomBytes(6).readUIntBE(0, 6)}`,
      channelId: caller(c).id,
      title: snippet.title,
      ingestionType: cdn.ingestionType,
      resolution: typeof cdn.resolution === 'string' ? cdn.resolution : 'variable',
      frameRate: typeof cdn.frameRate === 'string' ? cdn.frameRate : 'variable',
      streamName: streamKey(),
      createdAt: kit.now(),
    };
    store.streams.set(stream.id, stream);
    return c.json(streamResource(stream, parts));
  });

  app.get('/youtube/v3/liveStreams', (c) => {
    const parts = partsOf(c);
    if (!parts) return missingPart(c);
    const ids = listParam(c, 'id');
    if (ids.length === 0 && c.req.query('mine') !== 'true') {
      return fail(c, 400, 'incompatibleParameters', 'Incompatible parameters specified in the request: one of id or mine is required.', { domain: 'youtube.liveStream' });
    }
    const me = caller(c).id;
    const items = [...store.streams.values()].filter((s) => s.channelId === me && (ids.length === 0 || ids.includes(s.id))).map((s) => streamResource(s, parts));
    if (ids.length) return c.json(listResponse('youtube#liveStreamListResponse', items)); // a lookup by id gives every id asked for
    const { page, ...pageInfo } = paginate(items, c, { byDefault: 5, max: 50 });
    return c.json(listResponse('youtube#liveStreamListResponse', page, pageInfo));
  });

  app.delete('/youtube/v3/liveStreams', (c) => {
    const stream = store.streams.get(c.req.query('id') ?? '');
    if (!stream || stream.channelId !== caller(c).id) return fail(c, 404, 'liveStreamNotFound', 'Stream not found', { domain: 'youtube.liveStream' });
    store.streams.delete(stream.id);
    return c.body(null, 204);
  });

  return fake;
}

// ---------------------------------------------------------------- upload parsing and validation

type Upload = { metadata: Json; media: Buffer; mediaType: string } | { error: { reason: string; message: string } };

/** `uploadType=multipart` carries metadata and media; `uploadType=media` only the media. */
function readUpload(uploadType: string | undefined, contentType: string, body: Buffer): Upload {
  if (uploadType === 'media') return { metadata: {}, media: body, mediaType: contentType.split(';')[0]!.trim().toLowerCase() };
  if (uploadType !== 'multipart') return { error: { reason: 'invalidParameter', message: `Invalid value for uploadType: ${uploadType ?? ''}` } };
  const parts = splitMultipartRelated(body, contentType);
  const [json, media] = parts ?? [];
  if (!json || !media || partType(json.headers) !== 'application/json') return { error: { reason: 'badContent', message: 'Invalid multipart request: expected a JSON part and a media part.' } };
  try {
    return { metadata: JSON.parse(json.content.toString('utf8')) as Json, media: media.content, mediaType: partType(media.headers) };
  } catch {
    return { error: { reason: 'parseError', message: 'Parse Error' } };
  }
}

/** What YouTube checks in a video's snippet and status (the videos resource's documented limits). */
function videoMetadataProblem(snippet: Json | undefined, status: Json | undefined, now: Date): { reason: string; message: string } | null {
  if (snippet) {
    const { title, description, tags, categoryId } = snippet;
    if (typeof title !== 'string' || title.trim() === '' || [...title].length > 100 || hasAngleBrackets(title)) {
      return { reason: 'invalidTitle', message: 'The request metadata specifies an invalid video title.' };
    }
    if (description !== undefined && (typeof description !== 'string' || Buffer.byteLength(description) > 5000 || hasAngleBrackets(description))) {
      return { reason: 'invalidDescription', message: 'The request metadata specifies an invalid video description.' };
    }
    if (tags !== undefined && (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || hasAngleBrackets(t)) || tagCharacters(tags as string[]) > 500)) {
      return { reason: 'invalidTags', message: 'The request metadata specifies invalid video keywords.' };
    }
    if (categoryId !== undefined && !ASSIGNABLE_CATEGORIES.has(String(categoryId))) {
      return { reason: 'invalidCategoryId', message: 'The <code>snippet.categoryId</code> property specifies an invalid category ID.' };
    }
  }
  if (status) {
    if (status.privacyStatus !== undefined && !PRIVACY.includes(String(status.privacyStatus))) {
      return { reason: 'invalidVideoMetadata', message: 'The request metadata is invalid.' };
    }
    if (status.publishAt !== undefined && status.publishAt !== null) {
      const at = parseInstant(status.publishAt);
      // A scheduled video must be private until then, and the time must be ahead.
      if (!at || at <= now || status.privacyStatus !== 'private') {
        return { reason: 'invalidPublishAt', message: 'The request metadata specifies an invalid scheduled publishing time.' };
      }
    }
  }
  return null;
}

function privacyLabel(privacy: string): string {
  return privacy === 'public' ? 'Público' : privacy === 'unlisted' ? 'No listado' : 'Privado';
}
