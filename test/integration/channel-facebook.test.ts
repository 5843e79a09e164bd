import { Hono } from 'hono';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError, type ChannelSettings, type ConnectedAccount, type OutgoingMedia, type OutgoingVariant, type PublishContext } from '../../src/channels/channel.js';
import { facebookChannel } from '../../src/channels/facebook/index.js';
import { loadConfig } from '../../src/config.js';
import { serveFake, type ServedFake } from '../../src/sandbox/fake-kit.js';
import { createFakeGraph, type FakeGraph } from '../../src/sandbox/graph.js';

/** The Facebook channel with the real `fetch` against the local Graph server on 127.0.0.1. */

let fake: FakeGraph;
let served: ServedFake;
let page: ConnectedAccount;
let pageCount = 0;

function settingsFor(url: string, env: Record<string, string> = {}): ChannelSettings {
  return loadConfig({
    META_GRAPH_BASE_URL: `${url}/v21.0`,
    META_OAUTH_DIALOG_URL: `${url}/v21.0/dialog/oauth`,
    META_WEB_URL: `${url}/web`,
    META_APP_ID: '1234567890',
    META_APP_SECRET: 'app-secret-for-tests',
    PREGON_CHANNEL_TIMEOUT_MS: '800',
    ...env,
  }).channels;
}

const settings = (env: Record<string, string> = {}) => settingsFor(served.url, env);

function contextFor(account: ConnectedAccount, options: { settings?: ChannelSettings; progress?: unknown; onSave?: (state: unknown) => void } = {}) {
  const saved: unknown[] = [];
  const ctx: PublishContext = {
    settings: options.settings ?? settings(),
    credentials: { accessToken: account.accessToken, refreshToken: null, expiresAt: null, remoteAccountId: account.remoteAccountId },
    account: { id: `acc-${account.remoteAccountId}`, label: account.label, remoteAccountId: account.remoteAccountId, sandbox: true },
    progress: options.progress ?? null,
    saveProgress: async (state) => {
      saved.push(structuredClone(state));
      options.onSave?.(state);
    },
  };
  return { ctx, saved };
}

function variant(fields: Partial<OutgoingVariant>): OutgoingVariant {
  return { pieceId: 'p1', pieceKind: 'social_post', pieceTitle: 'Pieza', pieceBody: '', title: null, text: '', link: null, options: {}, media: [], event: null, ...fields };
}

async function image(id: string, color: string, altText: string): Promise<OutgoingMedia> {
  const bytes = await sharp({ create: { width: 8, height: 8, channels: 3, background: color } }).png().toBuffer();
  return { id, kind: 'image', mimeType: 'image/png', bytes: bytes.length, width: 8, height: 8, altText, read: async () => bytes };
}

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}

const postsOf = (pageId: string) => [...fake.store.posts.values()].filter((p) => p.pageId === pageId);
const photosOf = (pageId: string) => [...fake.store.photos.values()].filter((p) => p.pageId === pageId);
const hoursLater = (hours: number) => () => new Date(Date.now() + hours * 3_600_000);

beforeAll(async () => {
  fake = createFakeGraph();
  served = await serveFake(fake.app, fake.kit);
});
afterAll(() => served.close());
beforeEach(() => {
  fake.kit.clearFaults();
  fake.kit.now = () => new Date();
  pageCount += 1;
  page = fake.createAccount(`Alcaldía de Prueba ${pageCount}`);
});

describe('publishing on a Facebook Page', () => {
  it('posts text with a link to the feed and links to the post', async () => {
    const { ctx } = contextFor(page);
    const result = await facebookChannel.publish(ctx, variant({ text: 'Rendición de cuentas el sábado <en la plaza>', link: 'https://alcaldia.gov.co/rendicion' }));

    expect(result.remoteId).toMatch(new RegExp(`^${page.remoteAccountId}_\\d+$`));
    expect(result.url).toBe(`${served.url}/web/${result.remoteId}`);
    expect(result.raw).toEqual({ id: result.remoteId });
    const [post] = postsOf(page.remoteAccountId);
    expect(post).toMatchObject({ message: 'Rendición de cuentas el sábado <en la plaza>', link: 'https://alcaldia.gov.co/rendicion', photoIds: [] });

    // The token travels in the Authorization header, never in the URL.
    const [request] = fake.kit.requests('POST', `/v21.0/${page.remoteAccountId}/feed`);
    expect(request?.authorization).toBe(`Bearer ${page.accessToken}`);
    expect(request?.query).not.toContain(page.accessToken);

    const permalink = await fetch(result.url);
    expect(permalink.status).toBe(200);
    const html = await permalink.text();
    expect(html).toContain('Sandbox');
    expect(html).toContain('Rendición de cuentas el sábado &lt;en la plaza&gt;');
  });

  it('posts one photo with its caption and alt text, the bytes intact, the link at the end of the caption', async () => {
    const photo = await image('m1', '#c0392b', 'Afiche de la audiencia pública');
    const { ctx } = contextFor(page);
    const result = await facebookChannel.publish(ctx, variant({ text: 'Audiencia pública', link: 'https://alcaldia.gov.co/audiencia', media: [photo] }));

    const [stored] = photosOf(page.remoteAccountId);
    expect(stored?.bytes?.equals(await photo.read())).toBe(true);
    expect(stored).toMatchObject({ mimeType: 'image/png', altText: 'Afiche de la audiencia pública', caption: 'Audiencia pública\n\nhttps://alcaldia.gov.co/audiencia', published: true });
    expect(result.remoteId).toBe(stored?.postId);
    expect(result.raw).toEqual({ id: stored?.id, post_id: stored?.postId });
    expect(postsOf(page.remoteAccountId)).toHaveLength(1);
  });

  it('posts three photos as one post, attached in order, saving progress after each upload', async () => {
    const media = [await image('a', '#111111', 'Primera'), await image('b', '#222222', 'Segunda'), await image('c', '#333333', 'Tercera')];
    const { ctx, saved } = contextFor(page);
    const result = await facebookChannel.publish(ctx, variant({ text: 'Galería de la feria', media }));

    const posts = postsOf(page.remoteAccountId);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ id: result.remoteId, message: 'Galería de la feria' });
    const attached = posts[0]!.photoIds.map((id) => fake.store.photos.get(id));
    expect(attached.map((p) => p?.altText)).toEqual(['Primera', 'Segunda', 'Tercera']);
    expect(attached.every((p) => p?.published === false && p.postId === result.remoteId)).toBe(true);
    expect(saved).toHaveLength(3);
    expect(saved[2]).toEqual({ photos: media.map((m, i) => ({ mediaId: m.id, photoId: posts[0]!.photoIds[i] })) });
  });

  it('resumes after a failure between photos, uploading each photo exactly once', async () => {
    const media = [await image('a', '#aa0000', 'Uno'), await image('b', '#00aa00', 'Dos'), await image('c', '#0000aa', 'Tres')];
    const first = contextFor(page, {
      // Graph fails right after the first photo is on Facebook.
      onSave: () => fake.kit.addFault({ kind: 'server_error', match: `POST /v21.0/${page.remoteAccountId}/photos` }),
    });
    const error = await failure(facebookChannel.publish(first.ctx, variant({ text: 'Obras del parque', media })));
    expect(error.kind).toBe('transient');
    expect(photosOf(page.remoteAccountId)).toHaveLength(1);
    expect(postsOf(page.remoteAccountId)).toHaveLength(0);

    fake.kit.clearFaults();
    const second = contextFor(page, { progress: first.saved.at(-1) });
    const result = await facebookChannel.publish(second.ctx, variant({ text: 'Obras del parque', media }));

    const photos = photosOf(page.remoteAccountId);
    expect(photos.map((p) => p.altText).sort()).toEqual(['Dos', 'Tres', 'Uno']);
    const [post] = postsOf(page.remoteAccountId);
    expect(post?.id).toBe(result.remoteId);
    expect(post?.photoIds.map((id) => fake.store.photos.get(id)?.altText)).toEqual(['Uno', 'Dos', 'Tres']);
    expect(second.saved).toHaveLength(2);
  });

  it('refuses what check() refuses without calling Graph', async () => {
    const before = fake.kit.log.length;
    const error = await failure(facebookChannel.publish(contextFor(page).ctx, variant({ text: '', link: 'ftp://alcaldia.gov.co' })));
    expect(error).toMatchObject({ kind: 'rejected', reason: 'link_invalid' });
    expect(fake.kit.log.length).toBe(before);
  });

  it('reports a duplicate post as rejected, with Graph\'s reason', async () => {
    const { ctx } = contextFor(page);
    await facebookChannel.publish(ctx, variant({ text: 'Mismo texto' }));
    const error = await failure(facebookChannel.publish(ctx, variant({ text: 'Mismo texto' })));
    expect(error.kind).toBe('rejected');
    expect(error.reason).toContain('506');
    expect(error.message).toMatch(/idéntica/);
    expect(postsOf(page.remoteAccountId)).toHaveLength(1);
  });
});

describe('metrics', () => {
  async function publishTexts(count: number) {
    const { ctx } = contextFor(page);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await facebookChannel.publish(ctx, variant({ text: `Publicación ${i}` }))).remoteId);
    return { ctx, ids };
  }

  it('reads several posts in one request, and the numbers grow with time', async () => {
    const { ctx, ids } = await publishTexts(3);
    const refs = ids.map((remoteId) => ({ remoteId, raw: null }));
    const readsBefore = fake.kit.requests('GET', '/v21.0/').length;

    fake.kit.now = hoursLater(2);
    const early = await facebookChannel.fetchMetrics(ctx, refs);
    expect(fake.kit.requests('GET', '/v21.0/').length - readsBefore).toBe(1);
    expect([...early.keys()].sort()).toEqual([...ids].sort());
    expect(early.get(ids[0]!)).toMatchObject({ impressions: 240, linkClicks: 18, likes: 16, shares: 2, replies: 6 });

    fake.kit.now = hoursLater(5);
    const later = await facebookChannel.fetchMetrics(ctx, refs);
    expect(later.get(ids[0]!)).toMatchObject({ impressions: 600, linkClicks: 45, likes: 40, shares: 5, replies: 15 });
  });

  it('asks for at most 50 posts per request', async () => {
    const { ctx, ids } = await publishTexts(53);
    const readsBefore = fake.kit.requests('GET', '/v21.0/').length;
    const metrics = await facebookChannel.fetchMetrics(ctx, ids.map((remoteId) => ({ remoteId, raw: null })));
    expect(metrics.size).toBe(53);
    expect(fake.kit.requests('GET', '/v21.0/').length - readsBefore).toBe(2);
  });

  it('leaves out a post deleted on Facebook and keeps the others', async () => {
    const { ctx, ids } = await publishTexts(3);
    fake.store.posts.delete(ids[1]!);
    const metrics = await facebookChannel.fetchMetrics(ctx, ids.map((remoteId) => ({ remoteId, raw: null })));
    expect([...metrics.keys()].sort()).toEqual([ids[0], ids[2]].sort());
  });

  it('drops an unknown metric from the configured list and still returns the others', async () => {
    const { ids } = await publishTexts(2);
    const ctx = contextFor(page, { settings: settings({ META_INSIGHTS_METRICS: 'post_impressions,post_metric_meta_removed,post_clicks' }) }).ctx;
    fake.kit.now = hoursLater(1);
    const metrics = await facebookChannel.fetchMetrics(ctx, ids.map((remoteId) => ({ remoteId, raw: null })));
    const first = metrics.get(ids[0]!);
    expect(first).toMatchObject({ impressions: 120, linkClicks: 9, shares: 1, replies: 3 });
    expect(first?.likes).toBeUndefined();
    expect(first?.raw).toMatchObject({ ignoredMetrics: ['post_metric_meta_removed'] });
  });
});

describe('removing a post', () => {
  it('deletes the post, and a post already gone is fine', async () => {
    const { ctx } = contextFor(page);
    const result = await facebookChannel.publish(ctx, variant({ text: 'Se borrará' }));
    await facebookChannel.remove(ctx, { remoteId: result.remoteId, raw: result.raw });
    expect(fake.store.posts.has(result.remoteId)).toBe(false);
    expect(fake.kit.requests('DELETE', `/v21.0/${result.remoteId}`)[0]?.status).toBe(200);

    await expect(facebookChannel.remove(ctx, { remoteId: result.remoteId, raw: result.raw })).resolves.toBeUndefined();
    expect(fake.kit.requests('DELETE', `/v21.0/${result.remoteId}`)[1]?.status).toBe(400);
  });

  it('cannot delete another page\'s post', async () => {
    const other = fake.createAccount('Otra página');
    const result = await facebookChannel.publish(contextFor(other).ctx, variant({ text: 'De otra página' }));
    const error = await failure(facebookChannel.remove(contextFor(page).ctx, { remoteId: result.remoteId, raw: null }));
    expect(error.kind).toBe('rejected');
    expect(fake.store.posts.has(result.remoteId)).toBe(true);
  });
});

describe('tokens', () => {
  const credentials = (account: ConnectedAccount) => ({ accessToken: account.accessToken, refreshToken: null, expiresAt: null, remoteAccountId: account.remoteAccountId });

  it('refresh validates a page token and returns it unchanged, without expiry', async () => {
    await expect(facebookChannel.refresh(settings(), credentials(page))).resolves.toEqual({ accessToken: page.accessToken, expiresAt: null });
  });

  it('refresh turns an invalid or expired token into an auth error', async () => {
    const invalid = await failure(facebookChannel.refresh(settings(), { ...credentials(page), accessToken: 'EAAG-not-a-token' }));
    expect(invalid).toMatchObject({ kind: 'auth', status: 400 });
    expect(invalid.reason).toMatch(/^190/);
    expect(invalid.message).toMatch(/Vuelva a conectar/);

    fake.kit.expire(page.accessToken);
    const expired = await failure(facebookChannel.refresh(settings(), credentials(page)));
    expect(expired.kind).toBe('auth');
    expect(expired.reason).toMatch(/^190\/463/);
  });

  it('refresh refuses a token of another page', async () => {
    const other = fake.createAccount('Otra');
    const error = await failure(facebookChannel.refresh(settings(), { ...credentials(page), accessToken: other.accessToken }));
    expect(error.kind).toBe('auth');
  });
});

describe('OAuth', () => {
  async function authorize(url: string): Promise<string> {
    const consent = await (await fetch(url)).text();
    expect(consent).toContain('Sandbox');
    const href = /href="([^"]+)"[^>]*>Autorizar</.exec(consent)?.[1]?.replaceAll('&amp;', '&');
    expect(href).toBeDefined();
    return href!;
  }

  it('finish gives one account per page the user manages, each with a working page token', async () => {
    const flow = facebookChannel.oauth!;
    const redirectUri = 'http://127.0.0.1:3000/cuentas/facebook/callback';
    const { url, codeVerifier } = flow.start(settings(), { state: 'estado-123', redirectUri });
    const started = new URL(url);
    expect(Object.fromEntries(started.searchParams)).toEqual({
      client_id: '1234567890',
      redirect_uri: redirectUri,
      state: 'estado-123',
      scope: 'pages_manage_posts,pages_read_engagement,pages_show_list,read_insights',
      response_type: 'code',
    });

    const callback = new URL(await authorize(url));
    expect(callback.searchParams.get('state')).toBe('estado-123');
    const code = callback.searchParams.get('code')!;
    const accounts = await flow.finish(settings(), { code, redirectUri, codeVerifier });

    const pages = [...fake.store.pages.values()];
    expect(accounts.map((a) => a.remoteAccountId)).toEqual(pages.map((p) => p.id));
    expect(accounts.map((a) => a.label)).toEqual(pages.map((p) => p.name));
    expect(accounts.every((a) => a.expiresAt === null && a.refreshToken === null)).toBe(true);
    const mine = accounts.find((a) => a.remoteAccountId === page.remoteAccountId)!;
    await expect(facebookChannel.refresh(settings(), { accessToken: mine.accessToken, refreshToken: null, expiresAt: null, remoteAccountId: mine.remoteAccountId })).resolves.toBeDefined();

    // The user token was exchanged for a long-lived one before reading the pages.
    expect(fake.kit.requests('GET', '/v21.0/oauth/access_token').some((r) => r.query.includes('grant_type=fb_exchange_token'))).toBe(true);
    // A code works once.
    expect((await failure(flow.finish(settings(), { code, redirectUri, codeVerifier }))).reason).toContain('36009');
  });

  it('refuses a redirect address different from the one of the dialog', async () => {
    const flow = facebookChannel.oauth!;
    const { url } = flow.start(settings(), { state: 's', redirectUri: 'http://127.0.0.1:3000/a' });
    const code = new URL(await authorize(url)).searchParams.get('code')!;
    const error = await failure(flow.finish(settings(), { code, redirectUri: 'http://127.0.0.1:3000/b', codeVerifier: null }));
    expect(error.kind).toBe('rejected');
    expect(error.reason).toContain('36008');
  });

  it('needs META_APP_ID and META_APP_SECRET', async () => {
    const unconfigured = loadConfig({ META_GRAPH_BASE_URL: `${served.url}/v21.0` }).channels;
    expect(() => facebookChannel.oauth!.start(unconfigured, { state: 's', redirectUri: 'http://127.0.0.1:3000/cb' })).toThrow(/META_APP_ID/);
    const error = await failure(facebookChannel.oauth!.finish(unconfigured, { code: 'c', redirectUri: 'http://127.0.0.1:3000/cb', codeVerifier: null }));
    expect(error.kind).toBe('auth');
  });
});

describe('faults', () => {
  const publishText = (text: string, env: Record<string, string> = {}) => facebookChannel.publish(contextFor(page, { settings: settings(env) }).ctx, variant({ text }));

  it('rate limit: rate_limited, retryAt from x-business-use-case-usage', async () => {
    fake.kit.addFault({ kind: 'rate_limit', match: 'POST /v21.0/', resetInSeconds: 30 * 60 });
    const error = await failure(publishText('Límite'));
    expect(error).toMatchObject({ kind: 'rate_limited', status: 400 });
    expect(error.reason).toMatch(/^32 /);
    const minutes = (error.retryAt!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
    expect(postsOf(page.remoteAccountId)).toHaveLength(0);
  });

  it('server error: transient, nothing stored', async () => {
    fake.kit.addFault({ kind: 'server_error', match: 'POST /v21.0/' });
    const error = await failure(publishText('Error 500'));
    expect(error).toMatchObject({ kind: 'transient', status: 500 });
    expect(postsOf(page.remoteAccountId)).toHaveLength(0);
  });

  it('slow answer within the timeout: published', async () => {
    fake.kit.addFault({ kind: 'slow', match: 'POST /v21.0/', delayMs: 200 });
    await publishText('Lento pero a tiempo');
    expect(postsOf(page.remoteAccountId)).toHaveLength(1);
  });

  it('timeout after the post is stored: unknown_outcome, and the post exists once', async () => {
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /v21.0/' });
    const error = await failure(publishText('Sin respuesta', { PREGON_CHANNEL_TIMEOUT_MS: '300' }));
    expect(error.kind).toBe('unknown_outcome');
    expect(postsOf(page.remoteAccountId).map((p) => p.message)).toEqual(['Sin respuesta']);
  });

  it('expired token: auth', async () => {
    fake.kit.addFault({ kind: 'expired_token', match: 'POST /v21.0/' });
    const error = await failure(publishText('Token vencido'));
    expect(error).toMatchObject({ kind: 'auth', status: 400 });
    expect(error.reason).toMatch(/^190\/463/);
  });

  it('connection refused: transient', async () => {
    const closed = await serveFake(new Hono());
    await closed.close();
    const ctx = contextFor(page, { settings: settingsFor(closed.url) }).ctx;
    const error = await failure(facebookChannel.publish(ctx, variant({ text: 'Nadie escucha' })));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/no se envió nada/);
  });

  it('an error body in a 200 answer is still an error', async () => {
    const odd = new Hono().get('/v21.0/me', (c) => c.json({ error: { message: 'Invalid OAuth access token', type: 'OAuthException', code: 190 } }, 200));
    const server = await serveFake(odd);
    try {
      const error = await failure(facebookChannel.refresh(settingsFor(server.url), { accessToken: 't', refreshToken: null, expiresAt: null, remoteAccountId: null }));
      expect(error.kind).toBe('auth');
    } finally {
      await server.close();
    }
  });

  it('every Graph answer carries the usage headers', async () => {
    const res = await fetch(`${served.url}/v21.0/me`, { headers: { authorization: `Bearer ${page.accessToken}` } });
    expect(JSON.parse(res.headers.get('x-app-usage') ?? 'null')).toMatchObject({ call_count: expect.any(Number), total_time: expect.any(Number), total_cputime: expect.any(Number) });
    expect(res.headers.get('x-page-usage')).not.toBeNull();
  });
});
