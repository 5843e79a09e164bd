import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError, type ChannelSettings, type OutgoingMedia, type OutgoingVariant, type PublishContext } from '../../src/channels/channel.js';
import { nextPacificMidnight } from '../../src/channels/youtube/errors.js';
import { youtubeApi } from '../../src/channels/youtube/client.js';
import { recentUploads, youtubeChannel } from '../../src/channels/youtube/index.js';
import { loadConfig } from '../../src/config.js';
import { serveFake, type ServedFake } from '../../src/sandbox/fake-kit.js';
import { createFakeGoogle, type FakeGoogle } from '../../src/sandbox/google.js';

/**
 * The YouTube channel through the real @googleapis/youtube (and its google-auth-library),
 * over real HTTP, against the local Google server. Each test gets a fresh server.
 */

// gaxios honours HTTP(S)_PROXY: loopback must never go through one.

let fake: FakeGoogle;
let served: ServedFake;
let settings: ChannelSettings;

const env = (url: string, timeoutMs = 800) => ({
  YOUTUBE_API_ROOT_URL: `${url}/`,
  YOUTUBE_WATCH_URL: `${url}/watch`,
  GOOGLE_OAUTH_TOKEN_URL: `${url}/token`,
  GOOGLE_OAUTH_AUTHORIZE_URL: `${url}/o/oauth2/v2/auth`,
  GOOGLE_CLIENT_ID: 'pregon-test',
  GOOGLE_CLIENT_SECRET: 'secreto-de-prueba',
  PREGON_CHANNEL_TIMEOUT_MS: String(timeoutMs),
});

beforeEach(async () => {
  fake = createFakeGoogle({ client: { id: 'pregon-test', secret: 'secreto-de-prueba' } });
  served = await serveFake(fake.app, fake.kit);
  settings = loadConfig(env(served.url)).channels;
});
afterEach(async () => {
  await served.close();
});

type TestContext = PublishContext & { saved: unknown[] };

/** A publish context whose saved progress goes through JSON, as the database stores it. */
function newAccount(name = 'Alcaldía de San Vicente'): TestContext {
  const made = fake.createAccount(name);
  const saved: unknown[] = [];
  return {
    settings,
    credentials: { accessToken: made.accessToken, refreshToken: made.refreshToken ?? null, expiresAt: made.expiresAt, remoteAccountId: made.remoteAccountId },
    account: { id: 'account-1', label: made.label, remoteAccountId: made.remoteAccountId, sandbox: true },
    progress: null,
    saveProgress: async (state) => {
      saved.push(JSON.parse(JSON.stringify(state)));
    },
    saved,
  };
}

/** Retrying as publish-piece does: with what the failed attempt saved. */
const resumed = (ctx: TestContext): TestContext => ({ ...ctx, progress: ctx.saved.at(-1) ?? null });

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function file(kind: 'video' | 'image', bytes: Buffer, mimeType: string): OutgoingMedia {
  return { id: `media-${kind}`, kind, mimeType, bytes: bytes.length, width: 1280, height: 720, altText: '', read: async () => bytes };
}

const videoBytes = () => randomBytes(300 * 1024);
const thumbnailBytes = () => Buffer.concat([PNG_SIGNATURE, randomBytes(2048)]);

function variant(over: Partial<OutgoingVariant> = {}): OutgoingVariant {
  return {
    pieceId: 'piece-1',
    pieceKind: 'social_post',
    pieceTitle: 'Rendición de cuentas 2024',
    pieceBody: '',
    title: 'Rendición de cuentas 2024: lo que hicimos con su plata',
    text: 'La alcaldía presenta el informe de gestión: vías, acueducto veredal y colegios.',
    link: 'https://sanvicente.gov.co/rendicion',
    options: {},
    media: [file('video', videoBytes(), 'video/mp4')],
    event: null,
    ...over,
  };
}

const inTwoDays = () => new Date(Date.now() + 2 * 86_400_000);

function liveVariant(): OutgoingVariant {
  const startsAt = inTwoDays();
  return variant({
    title: 'Audiencia pública de rendición de cuentas (en vivo)',
    options: { youtubeMode: 'live' },
    media: [],
    event: { id: 'event-1', title: 'Audiencia pública', description: null, startsAt, endsAt: new Date(startsAt.getTime() + 3 * 3_600_000) },
  });
}

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}

const videoUploads = () => fake.kit.requests('POST', '/upload/youtube/v3/videos');

describe('video upload', () => {
  it('uploads the bytes intact with its metadata, sets the thumbnail and links the watch page', async () => {
    const ctx = newAccount();
    const video = videoBytes();
    const thumbnail = thumbnailBytes();
    const result = await youtubeChannel.publish(
      ctx,
      variant({ options: { privacy: 'unlisted', tags: ['rendición de cuentas', 'San Vicente'] }, media: [file('video', video, 'video/mp4'), file('image', thumbnail, 'image/png')] }),
    );

    const stored = fake.store.videos.get(result.remoteId)!;
    expect(stored.media.equals(video)).toBe(true);
    expect(stored.mediaType).toBe('video/mp4');
    expect(stored).toMatchObject({
      channelId: ctx.credentials.remoteAccountId,
      title: 'Rendición de cuentas 2024: lo que hicimos con su plata',
      description: 'La alcaldía presenta el informe de gestión: vías, acueducto veredal y colegios.\n\nhttps://sanvicente.gov.co/rendicion',
      tags: ['rendición de cuentas', 'San Vicente'],
      categoryId: '25',
      defaultLanguage: 'es',
      privacyStatus: 'unlisted',
      publishAt: null,
      selfDeclaredMadeForKids: false,
    });
    expect(stored.thumbnail?.bytes.equals(thumbnail)).toBe(true);
    expect(videoUploads()).toHaveLength(1);
    expect(videoUploads()[0]!.query).toContain('uploadType=multipart');

    expect(result.url).toBe(`${served.url}/watch?v=${result.remoteId}`);
    expect(result.raw).toMatchObject({ mode: 'video', video: { id: result.remoteId, status: { privacyStatus: 'unlisted' } }, thumbnail: { kind: 'youtube#thumbnailSetResponse' } });
    expect(ctx.saved).toEqual([expect.objectContaining({ videoId: result.remoteId }), expect.objectContaining({ videoId: result.remoteId, thumbnail: expect.anything() })]);

    const page = await fetch(result.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sandbox');
    expect(html).toContain('Rendición de cuentas 2024: lo que hicimos con su plata');
  });

  it('schedules a video: uploaded private with publishAt, visible (and counted) only from then', async () => {
    const ctx = newAccount();
    const publishAt = new Date(Date.now() + 30 * 60_000);
    const result = await youtubeChannel.publish(ctx, variant({ options: { publishAt: publishAt.toISOString() } }));

    const stored = fake.store.videos.get(result.remoteId)!;
    expect(stored.privacyStatus).toBe('private');
    expect(stored.publishAt?.toISOString()).toBe(publishAt.toISOString());
    expect(result.publishedAt.toISOString()).toBe(publishAt.toISOString());

    const ref = [{ remoteId: result.remoteId, raw: result.raw }];
    fake.kit.now = () => new Date(publishAt.getTime() - 60_000);
    expect((await youtubeChannel.fetchMetrics(ctx, ref)).get(result.remoteId)?.views).toBe(0);
    fake.kit.now = () => new Date(publishAt.getTime() + 10 * 60_000);
    expect((await youtubeChannel.fetchMetrics(ctx, ref)).get(result.remoteId)?.views).toBe(50);
  });

  it('keeps the video published when YouTube refuses the thumbnail for good', async () => {
    const ctx = newAccount();
    const notAnImage = file('image', randomBytes(512), 'image/png');
    const result = await youtubeChannel.publish(ctx, variant({ media: [file('video', videoBytes(), 'video/mp4'), notAnImage] }));
    expect(fake.store.videos.get(result.remoteId)?.thumbnail).toBeNull();
    expect(result.raw).toMatchObject({ thumbnail: { rejected: { status: 400, reason: 'invalidImage' } } });
  });

  it('is refused by YouTube with its reason when the title breaks its rules (check bypassed)', async () => {
    const ctx = newAccount();
    const error = await failure(youtubeChannel.publish(ctx, variant({ title: 'Informe <b>2024</b>' })));
    expect(error).toMatchObject({ kind: 'rejected', status: 400, reason: 'invalidTitle' });
    expect(error.message).toContain('título');
    expect(fake.store.videos.size).toBe(0);
  });
});

describe('live broadcast', () => {
  it('creates the broadcast and its stream, binds them and returns the watch URL and stream key', async () => {
    const ctx = newAccount();
    const v = liveVariant();
    const result = await youtubeChannel.publish(ctx, v);

    const broadcast = fake.store.broadcasts.get(result.remoteId)!;
    const stream = [...fake.store.streams.values()][0]!;
    expect(broadcast).toMatchObject({
      title: 'Audiencia pública de rendición de cuentas (en vivo)',
      scheduledStartTime: v.event!.startsAt,
      privacyStatus: 'public',
      lifeCycleStatus: 'ready',
      boundStreamId: stream.id,
      enableAutoStart: false,
      enableAutoStop: false,
    });
    expect(result.live).toEqual({
      broadcastId: broadcast.id,
      liveStreamId: stream.id,
      watchUrl: `${served.url}/watch?v=${broadcast.id}`,
      streamKey: stream.streamName,
      ingestionAddress: expect.stringMatching(/^rtmp:\/\//),
    });
    expect(result.url).toBe(result.live!.watchUrl);
    // The key lets anyone stream on the channel: it must not be kept in clear with the answer.
    expect(JSON.stringify(result.raw)).not.toContain(stream.streamName);
    expect(JSON.stringify(ctx.saved)).not.toContain(stream.streamName);
    expect((await fetch(result.url)).status).toBe(200);
  });

  it('continues after a failure between the steps without a second broadcast or stream', async () => {
    const ctx = newAccount();
    const v = liveVariant();
    fake.kit.addFault({ kind: 'server_error', match: 'POST /youtube/v3/liveStreams' });
    expect((await failure(youtubeChannel.publish(ctx, v))).kind).toBe('transient');
    expect(ctx.saved).toEqual([expect.objectContaining({ broadcastId: expect.any(String) })]);

    fake.kit.addFault({ kind: 'server_error', match: 'POST /youtube/v3/liveBroadcasts/bind' });
    expect((await failure(youtubeChannel.publish(resumed(ctx), v))).kind).toBe('transient');
    expect(ctx.saved.at(-1)).toEqual(expect.objectContaining({ streamId: expect.any(String) }));

    const result = await youtubeChannel.publish(resumed(ctx), v);
    expect(fake.store.broadcasts.size).toBe(1);
    expect(fake.store.streams.size).toBe(1);
    expect(fake.kit.requests('POST', '/youtube/v3/liveBroadcasts')).toHaveLength(1 + 2); // one insert, two binds
    expect(fake.kit.requests('POST', '/youtube/v3/liveStreams')).toHaveLength(2); // the failed one and the one that worked
    const stream = [...fake.store.streams.values()][0]!;
    expect(result.live).toMatchObject({ liveStreamId: stream.id, streamKey: stream.streamName });
    expect(fake.store.broadcasts.get(result.remoteId)?.boundStreamId).toBe(stream.id);
  });

  it('is refused by YouTube when the event already started (check bypassed)', async () => {
    const ctx = newAccount();
    const v = liveVariant();
    v.event = { ...v.event!, startsAt: new Date(Date.now() - 60_000) };
    const error = await failure(youtubeChannel.publish(ctx, v));
    expect(error).toMatchObject({ kind: 'rejected', reason: 'invalidScheduledStartTime' });
    expect(fake.store.broadcasts.size).toBe(0);
  });
});

describe('resuming an upload', () => {
  it('sets the thumbnail on the video already uploaded instead of uploading it again', async () => {
    const ctx = newAccount();
    const v = variant({ media: [file('video', videoBytes(), 'video/mp4'), file('image', thumbnailBytes(), 'image/png')] });
    fake.kit.addFault({ kind: 'server_error', match: 'POST /upload/youtube/v3/thumbnails/set' });
    expect((await failure(youtubeChannel.publish(ctx, v))).kind).toBe('transient');
    expect(ctx.saved).toHaveLength(1);

    const result = await youtubeChannel.publish(resumed(ctx), v);
    expect(fake.store.videos.size).toBe(1);
    expect(videoUploads()).toHaveLength(1);
    expect(fake.store.videos.get(result.remoteId)?.thumbnail).not.toBeNull();
    expect(result.raw).toMatchObject({ video: { id: result.remoteId } });
  });
});

describe('metrics', () => {
  it('grow with time and come back as numbers', async () => {
    const ctx = newAccount();
    const start = Date.now();
    fake.kit.now = () => new Date(start);
    const a = await youtubeChannel.publish(ctx, variant());
    const b = await youtubeChannel.publish(ctx, variant());
    const refs = [a, b].map((r) => ({ remoteId: r.remoteId, raw: r.raw }));

    // (Within the access token's hour: moving the clock further would expire it.)
    fake.kit.now = () => new Date(start + 20 * 60_000);
    const first = await youtubeChannel.fetchMetrics(ctx, refs);
    expect(first.get(a.remoteId)).toMatchObject({ views: 100, likes: 8, replies: 2, raw: { viewCount: '100' } });

    fake.kit.now = () => new Date(start + 50 * 60_000);
    const second = await youtubeChannel.fetchMetrics(ctx, refs);
    expect(second.get(b.remoteId)).toMatchObject({ views: 250, likes: 20, replies: 6 });
  });

  it('asks for 50 ids at a time and leaves out videos that no longer exist', async () => {
    const ctx = newAccount();
    const real = await youtubeChannel.publish(ctx, variant());
    const gone = Array.from({ length: 119 }, (_, i) => ({ remoteId: `gone${i}`, raw: null }));
    const metrics = await youtubeChannel.fetchMetrics(ctx, [...gone, { remoteId: real.remoteId, raw: real.raw }]);
    expect([...metrics.keys()]).toEqual([real.remoteId]);
    expect(fake.kit.requests('GET', '/youtube/v3/videos')).toHaveLength(3);
  });

  it('gives a read that timed out as transient: nothing changed, it can be retried', async () => {
    const ctx = { ...newAccount(), settings: loadConfig(env(served.url, 300)).channels };
    fake.kit.addFault({ kind: 'slow', match: 'GET /youtube/v3/videos', delayMs: 700 });
    const error = await failure(youtubeChannel.fetchMetrics(ctx, [{ remoteId: 'x', raw: null }]));
    expect(error.kind).toBe('transient');
  });
});

describe('remove', () => {
  it('deletes a video, and a second delete of the same video is fine', async () => {
    const ctx = newAccount();
    const result = await youtubeChannel.publish(ctx, variant());
    const ref = { remoteId: result.remoteId, raw: result.raw };
    await youtubeChannel.remove(ctx, ref);
    expect(fake.store.videos.size).toBe(0);
    await expect(youtubeChannel.remove(ctx, ref)).resolves.toBeUndefined();
    expect(fake.kit.requests('DELETE', '/youtube/v3/videos').map((r) => r.status)).toEqual([204, 404]);
  });

  it('deletes a broadcast and its stream', async () => {
    const ctx = newAccount();
    const result = await youtubeChannel.publish(ctx, liveVariant());
    await youtubeChannel.remove(ctx, { remoteId: result.remoteId, raw: JSON.parse(JSON.stringify(result.raw)) });
    expect(fake.store.broadcasts.size).toBe(0);
    expect(fake.store.streams.size).toBe(0);
    expect(fake.store.videos.size).toBe(0);
  });
});

describe('tokens', () => {
  it('refreshes the access token and Google keeps the refresh token', async () => {
    const ctx = newAccount();
    const fresh = await youtubeChannel.refresh(settings, ctx.credentials);
    expect(fresh.accessToken).not.toBe(ctx.credentials.accessToken);
    expect(fresh.refreshToken ?? null).toBeNull();
    expect(fresh.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3000_000);
    // The same refresh token works again, and the new access token works on the API.
    const again = await youtubeChannel.refresh(settings, ctx.credentials);
    const refreshed = { ...ctx, credentials: { ...ctx.credentials, accessToken: again.accessToken } };
    await expect(youtubeChannel.fetchMetrics(refreshed, [])).resolves.toEqual(new Map());
    await expect(youtubeChannel.publish(refreshed, variant())).resolves.toMatchObject({ remoteId: expect.any(String) });
  });

  it('reports a revoked refresh token as auth', async () => {
    const ctx = newAccount();
    fake.kit.revokeRefreshToken(ctx.credentials.refreshToken!);
    const error = await failure(youtubeChannel.refresh(settings, ctx.credentials));
    expect(error).toMatchObject({ kind: 'auth', status: 400, reason: 'invalid_grant' });
  });

  it('reports a missing GOOGLE_CLIENT_ID and wrong app credentials as auth', async () => {
    const ctx = newAccount();
    const noClient = { ...settings, google: { ...settings.google, clientId: null } };
    expect((await failure(youtubeChannel.refresh(noClient, ctx.credentials))).message).toContain('GOOGLE_CLIENT_ID');
    const wrongSecret = { ...settings, google: { ...settings.google, clientSecret: 'otro' } };
    expect(await failure(youtubeChannel.refresh(wrongSecret, ctx.credentials))).toMatchObject({ kind: 'auth', status: 401, reason: 'invalid_client' });
  });

  it('does not let the library retry the token endpoint on its own', async () => {
    const ctx = newAccount();
    fake.kit.addFault({ kind: 'server_error', match: 'POST /token', times: 5 });
    expect((await failure(youtubeChannel.refresh(settings, ctx.credentials))).kind).toBe('transient');
    expect(fake.kit.requests('POST', '/token')).toHaveLength(1);
  });
});

describe('faults', () => {
  it('429: rate_limited a minute ahead (Google sends no reset time), nothing stored, no library retry', async () => {
    const ctx = newAccount();
    fake.kit.addFault({ kind: 'rate_limit', match: 'POST /upload/youtube/v3/videos', times: 5 });
    const before = Date.now();
    const error = await failure(youtubeChannel.publish(ctx, variant()));
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, reason: 'rateLimitExceeded' });
    expect(error.retryAt!.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(error.retryAt!.getTime()).toBeLessThan(Date.now() + 61_000);
    expect(fake.store.videos.size).toBe(0);
    expect(videoUploads()).toHaveLength(1);
  });

  it('429 on a read: no library retry either (gaxios would retry GETs three times by default)', async () => {
    const ctx = newAccount();
    fake.kit.addFault({ kind: 'rate_limit', match: 'GET /youtube/v3/videos', times: 5 });
    expect((await failure(youtubeChannel.fetchMetrics(ctx, [{ remoteId: 'x', raw: null }]))).kind).toBe('rate_limited');
    expect(fake.kit.requests('GET', '/youtube/v3/videos')).toHaveLength(1);
  });

  it('quotaExceeded: rate_limited until midnight Pacific time', async () => {
    const ctx = newAccount();
    fake.dailyQuota = 1000; // less than one upload (1,600 units)
    const error = await failure(youtubeChannel.publish(ctx, variant()));
    expect(error).toMatchObject({ kind: 'rate_limited', status: 403, reason: 'quotaExceeded' });
    expect(error.retryAt).toEqual(nextPacificMidnight(new Date()));
    expect(fake.store.videos.size).toBe(0);
  });

  it('500: transient, nothing stored', async () => {
    const ctx = newAccount();
    fake.kit.addFault({ kind: 'server_error', match: 'POST /upload/youtube/v3/videos' });
    const error = await failure(youtubeChannel.publish(ctx, variant()));
    expect(error).toMatchObject({ kind: 'transient', status: 500, reason: 'backendError' });
    expect(fake.store.videos.size).toBe(0);
  });

  it('slow but within the time limit: published', async () => {
    const ctx = newAccount();
    fake.kit.addFault({ kind: 'slow', match: 'POST /upload/youtube/v3/videos', delayMs: 200 });
    const result = await youtubeChannel.publish(ctx, variant());
    expect(fake.store.videos.has(result.remoteId)).toBe(true);
  });

  it('timeout after the video was stored: unknown_outcome, the video exists once and reconciliation finds it', async () => {
    const ctx = { ...newAccount(), settings: loadConfig(env(served.url, 500)).channels };
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /upload/youtube/v3/videos' });
    const v = variant({ title: 'Informe de gestión, segundo semestre' });
    const error = await failure(youtubeChannel.publish(ctx, v));
    expect(error.kind).toBe('unknown_outcome');
    expect(ctx.saved).toHaveLength(0);
    expect(fake.store.videos.size).toBe(1);

    const uploads = await recentUploads(ctx);
    expect(uploads).toEqual([{ videoId: [...fake.store.videos.keys()][0], title: 'Informe de gestión, segundo semestre', uploadedAt: expect.any(Date) }]);
  });

  it('expired token: auth, whether the fake says so or the token really expired', async () => {
    const ctx = newAccount();
    fake.kit.addFault({ kind: 'expired_token', match: 'POST /upload/youtube/v3/videos' });
    expect(await failure(youtubeChannel.publish(ctx, variant()))).toMatchObject({ kind: 'auth', status: 401, reason: 'authError' });
    fake.kit.expire(ctx.credentials.accessToken);
    expect((await failure(youtubeChannel.fetchMetrics(ctx, [{ remoteId: 'x', raw: null }]))).kind).toBe('auth');
    expect(fake.store.videos.size).toBe(0);
  });

  it('connection refused: transient, nothing was sent', async () => {
    const ctx = newAccount();
    const closed = served.url;
    await served.close();
    served = await serveFake(fake.app, fake.kit); // a live server for afterEach; the old port is closed
    const error = await failure(youtubeChannel.publish({ ...ctx, settings: loadConfig(env(closed)).channels }, variant()));
    expect(error.kind).toBe('transient');
  });
});

describe('OAuth', () => {
  const redirectUri = 'http://127.0.0.1:3000/cuentas/oauth/youtube/callback';

  it('start() sends the browser to Google for offline access with the state', () => {
    const { url, codeVerifier } = youtubeChannel.oauth!.start(settings, { state: 'estado-123', redirectUri });
    const parsed = new URL(url);
    expect(`${parsed.origin}${parsed.pathname}`).toBe(`${served.url}/o/oauth2/v2/auth`);
    expect(Object.fromEntries(parsed.searchParams)).toMatchObject({
      client_id: 'pregon-test',
      redirect_uri: redirectUri,
      response_type: 'code',
      access_type: 'offline',
      prompt: 'consent',
      state: 'estado-123',
    });
    expect(parsed.searchParams.get('scope')!.split(' ')).toContain('https://www.googleapis.com/auth/youtube.upload');
    expect(codeVerifier).toBeNull();
  });

  it('finish() exchanges the code from the consent page for a connected channel with a refresh token', async () => {
    const { url } = youtubeChannel.oauth!.start(settings, { state: 'estado-456', redirectUri });
    const page = await (await fetch(url)).text();
    expect(page).toContain('Sandbox');
    const authorize = /href="([^"]+)"[^>]*>Autorizar/.exec(page)![1]!.replaceAll('&amp;', '&');
    const back = new URL(authorize);
    expect(back.searchParams.get('state')).toBe('estado-456');

    const [account, ...others] = await youtubeChannel.oauth!.finish(settings, { code: back.searchParams.get('code')!, redirectUri, codeVerifier: null });
    expect(others).toHaveLength(0);
    const channel = fake.store.channels.get(account!.remoteAccountId)!;
    expect(account).toMatchObject({ label: channel.title, accessToken: expect.any(String), refreshToken: expect.any(String) });
    // The tokens work: the refresh token refreshes and the access token publishes on that channel.
    await expect(youtubeChannel.refresh(settings, { accessToken: account!.accessToken, refreshToken: account!.refreshToken!, expiresAt: null, remoteAccountId: null })).resolves.toBeTruthy();

    // A code works once.
    const reused = await failure(youtubeChannel.oauth!.finish(settings, { code: back.searchParams.get('code')!, redirectUri, codeVerifier: null }));
    expect(reused).toMatchObject({ kind: 'auth', reason: 'invalid_grant' });
  });

  it('start() without GOOGLE_CLIENT_ID explains what is missing', () => {
    const noClient = { ...settings, google: { ...settings.google, clientId: null } };
    expect(() => youtubeChannel.oauth!.start(noClient, { state: 's', redirectUri })).toThrow(/GOOGLE_CLIENT_ID/);
  });
});

describe('the local Google server, read with the real client', () => {
  it('lists comment threads newest first, paged, as YouTube shapes them', async () => {
    const ctx = newAccount();
    const start = Date.now();
    fake.kit.now = () => new Date(start);
    const { remoteId } = await youtubeChannel.publish(ctx, variant());
    fake.kit.now = () => new Date(start + 30 * 60_000); // 150 views: 3 comments

    const api = youtubeApi(settings, ctx.credentials.accessToken);
    const first = (await api.commentThreads.list({ part: ['snippet'], videoId: remoteId, maxResults: 2, order: 'time' })).data;
    expect(first.items).toHaveLength(2);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const [newest, older] = first.items!.map((t) => t.snippet!.topLevelComment!.snippet!);
    expect(newest).toMatchObject({ videoId: remoteId, textDisplay: expect.any(String), authorDisplayName: expect.any(String), likeCount: expect.any(Number) });
    expect(Date.parse(newest!.publishedAt!)).toBeGreaterThan(Date.parse(older!.publishedAt!));
    const rest = (await api.commentThreads.list({ part: ['snippet'], videoId: remoteId, maxResults: 2, pageToken: first.nextPageToken! })).data;
    expect(rest.items).toHaveLength(1);
    expect(rest.nextPageToken).toBeUndefined();
  });

  it('accepts comma-joined parameters as well as repeated ones', async () => {
    const ctx = newAccount();
    const a = await youtubeChannel.publish(ctx, variant());
    const b = await youtubeChannel.publish(ctx, variant());
    const res = await fetch(`${served.url}/youtube/v3/videos?part=snippet,statistics&id=${a.remoteId},${b.remoteId}`, {
      headers: { authorization: `Bearer ${ctx.credentials.accessToken}` },
    });
    const body = (await res.json()) as { items: { id: string; snippet?: unknown; statistics?: { viewCount: unknown } }[] };
    expect(body.items.map((v) => v.id)).toEqual([a.remoteId, b.remoteId]);
    expect(body.items[0]).toMatchObject({ snippet: expect.any(Object), statistics: { viewCount: expect.any(String) } });
  });

  it('answers a missing token and an unknown one with Google\'s 401', async () => {
    const res = await fetch(`${served.url}/youtube/v3/channels?part=snippet&mine=true`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 401, errors: [{ reason: 'required' }], status: 'UNAUTHENTICATED' } });
    const bad = await fetch(`${served.url}/youtube/v3/channels?part=snippet&mine=true`, { headers: { authorization: 'Bearer nope' } });
    expect(await bad.json()).toMatchObject({ error: { code: 401, errors: [{ reason: 'authError' }] } });
  });
});
