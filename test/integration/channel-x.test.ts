import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError, type ChannelSettings, type OutgoingMedia, type OutgoingVariant, type PublishContext } from '../../src/channels/channel.js';
import { userClient } from '../../src/channels/x/client.js';
import { toChannelError } from '../../src/channels/x/errors.js';
import { xChannel } from '../../src/channels/x/index.js';
import { xLength } from '../../src/channels/x/rules.js';
import { loadConfig } from '../../src/config.js';
import { serveFake, type ServedFake } from '../../src/sandbox/fake-kit.js';
import { createFakeX, type FakeX } from '../../src/sandbox/x.js';

/**
 * The X channel through the real twitter-api-v2, over real HTTP, against the local X server.
 * Every test uses its own account so duplicates and rate-limit windows do not mix.
 */

let fake: FakeX;
let served: ServedFake;
let settings: ChannelSettings;

const env = (url: string) => ({
  X_API_BASE_URL: url,
  X_WEB_URL: url,
  X_AUTHORIZE_URL: `${url}/i/oauth2/authorize`,
  X_CLIENT_ID: 'pregon-test',
  X_CLIENT_SECRET: 'secreto-de-prueba',
  PREGON_CHANNEL_TIMEOUT_MS: '500',
});

beforeAll(async () => {
  fake = createFakeX();
  served = await serveFake(fake.app, fake.kit);
  settings = loadConfig(env(served.url)).channels;
});
afterAll(async () => {
  await served.close();
});
afterEach(() => {
  fake.kit.clearFaults();
  fake.kit.now = () => new Date();
});

type TestContext = PublishContext & { saved: unknown[] };

let accounts = 0;
function newAccount(onSave?: (state: unknown) => void): TestContext {
  const made = fake.createAccount(`Alcaldía ${++accounts}`);
  const saved: unknown[] = [];
  return {
    settings,
    credentials: { accessToken: made.accessToken, refreshToken: made.refreshToken ?? null, expiresAt: made.expiresAt, remoteAccountId: made.remoteAccountId },
    account: { id: `account-${accounts}`, label: made.label, remoteAccountId: made.remoteAccountId, sandbox: true },
    progress: null,
    saveProgress: async (state) => {
      saved.push(state);
      onSave?.(state);
    },
    saved,
  };
}

function variant(over: Partial<OutgoingVariant> = {}): OutgoingVariant {
  return {
    pieceId: 'piece-1',
    pieceKind: 'social_post',
    pieceTitle: 'Rendición de cuentas',
    pieceBody: '',
    title: null,
    text: `Rendición de cuentas 2024: la audiencia pública es el 15 de marzo. ${randomBytes(4).toString('hex')}`,
    link: null,
    options: {},
    media: [],
    event: null,
    ...over,
  };
}

function image(bytes: Buffer, altText: string, mimeType = 'image/png'): OutgoingMedia {
  return { id: `media-${altText}`, kind: 'image', mimeType, bytes: bytes.length, width: 1200, height: 675, altText, read: async () => bytes };
}

const pressRelease = [
  'La Alcaldía de San Martín presenta su rendición de cuentas 2024. Durante el año se ejecutó el 87 % del plan de desarrollo, con énfasis en vías rurales, agua potable y educación.',
  'En vías se pavimentaron 14 kilómetros de caminos veredales y se construyeron tres puentes peatonales. Las obras beneficiaron a más de 6.000 familias campesinas del municipio.',
  'En agua potable, la planta de tratamiento del casco urbano amplió su capacidad en un 30 %. Ahora cinco veredas más reciben agua tratada las 24 horas del día.',
  'La audiencia pública será el 15 de marzo a las 9:00 a. m. en el coliseo municipal. La ciudadanía puede enviar preguntas desde hoy en la página web de la Alcaldía.',
].join('\n\n');

const postsOf = (ctx: TestContext) => fake.tweets().filter((t) => t.authorId === ctx.credentials.remoteAccountId);

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}

describe('publishing to X', () => {
  it('publishes a text post and links to its page', async () => {
    const ctx = newAccount();
    const v = variant({ link: 'https://sanmartin.gov.co/rendicion' });
    const result = await xChannel.publish(ctx, v);

    const [stored] = postsOf(ctx);
    expect(postsOf(ctx)).toHaveLength(1);
    expect(stored?.text).toBe(`${v.text}\n\nhttps://sanmartin.gov.co/rendicion`);
    expect(result.remoteId).toBe(stored?.id);
    expect(result.url).toBe(`${served.url}/i/web/status/${stored?.id}`);
    expect(result.raw).toEqual({ tweets: [{ id: stored?.id, text: stored?.text }], mediaIds: [] });
    const page = await fetch(result.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Rendición de cuentas 2024');
  });

  it('uploads two images in chunks with their alt text, and attaches them to the post', async () => {
    const ctx = newAccount();
    const big = randomBytes(1_500_000); // more than the library's 1 MB chunk: two segments
    const small = randomBytes(4_000);
    const result = await xChannel.publish(ctx, variant({ media: [image(big, 'Puente peatonal de la vereda El Carmen'), image(small, 'Planta de tratamiento', 'image/jpeg')] }));

    const [post] = postsOf(ctx);
    expect(post?.mediaIds).toHaveLength(2);
    const [first, second] = (post?.mediaIds ?? []).map((id) => fake.media(id));
    expect(first?.bytes?.equals(big)).toBe(true);
    expect(first?.segments.size).toBe(2);
    expect(first?.altText).toBe('Puente peatonal de la vereda El Carmen');
    expect(second?.bytes?.equals(small)).toBe(true);
    expect(second?.mediaType).toBe('image/jpeg');
    expect(second?.altText).toBe('Planta de tratamiento');
    expect(result.raw).toMatchObject({ mediaIds: post?.mediaIds });
    // Progress was saved after each image and after the post.
    expect(ctx.saved).toEqual([
      { mediaIds: [post?.mediaIds[0]], tweetIds: [] },
      { mediaIds: post?.mediaIds, tweetIds: [] },
      { mediaIds: post?.mediaIds, tweetIds: [post?.id] },
    ]);
  });

  it('publishes a long press release as a numbered thread, each part replying to the previous one', async () => {
    const ctx = newAccount();
    const photo = randomBytes(2_000);
    const result = await xChannel.publish(ctx, variant({ text: pressRelease, options: { thread: true }, media: [image(photo, 'Audiencia pública')] }));

    const posts = postsOf(ctx);
    expect(posts.length).toBe(4);
    posts.forEach((post, i) => {
      expect(post.text.endsWith(` (${i + 1}/4)`)).toBe(true);
      expect(xLength(post.text)).toBeLessThanOrEqual(280);
      expect(post.inReplyTo).toBe(i === 0 ? null : posts[i - 1]?.id);
      expect(post.mediaIds).toHaveLength(i === 0 ? 1 : 0);
    });
    expect(posts[0]?.text.startsWith('La Alcaldía de San Martín')).toBe(true);
    expect(result.remoteId).toBe(posts[0]?.id);
    expect((result.raw as { tweets: { id: string }[] }).tweets.map((t) => t.id)).toEqual(posts.map((p) => p.id));
  });

  it('resumes a thread after a 500 on the third post without posting any part twice', async () => {
    const ctx = newAccount((state) => {
      // X fails right after the second part is out.
      if ((state as { tweetIds: string[] }).tweetIds.length === 2) fake.kit.addFault({ kind: 'server_error', match: 'POST /2/tweets' });
    });
    const v = variant({ text: pressRelease, options: { thread: true } });
    const error = await failure(xChannel.publish(ctx, v));
    expect(error.kind).toBe('transient');
    expect(error.status).toBe(500);
    expect(postsOf(ctx)).toHaveLength(2);

    const result = await xChannel.publish({ ...ctx, progress: ctx.saved.at(-1) }, v);
    const posts = postsOf(ctx);
    expect(posts.map((p) => p.text.slice(-5))).toEqual(['(1/4)', '(2/4)', '(3/4)', '(4/4)']);
    expect(new Set(posts.map((p) => p.text)).size).toBe(4);
    expect(posts[2]?.inReplyTo).toBe(posts[1]?.id);
    expect(result.remoteId).toBe(posts[0]?.id);
  });

  it('resumes after an image without uploading it again', async () => {
    const ctx = newAccount((state) => {
      if ((state as { mediaIds: string[] }).mediaIds.length === 1) fake.kit.addFault({ kind: 'server_error', match: 'POST /2/media/upload/initialize' });
    });
    const v = variant({ media: [image(randomBytes(1000), 'Uno'), image(randomBytes(1000), 'Dos')] });
    expect((await failure(xChannel.publish(ctx, v))).kind).toBe('transient');
    const before = fake.kit.requests('POST', '/2/media/upload/initialize').length;
    await xChannel.publish({ ...ctx, progress: ctx.saved.at(-1) }, v);
    expect(fake.kit.requests('POST', '/2/media/upload/initialize').length - before).toBe(1);
    expect(postsOf(ctx)[0]?.mediaIds.map((id) => fake.media(id)?.altText)).toEqual(['Uno', 'Dos']);
  });

  it('refuses a variant that breaks the rules before calling X', async () => {
    const ctx = newAccount();
    const before = fake.kit.log.length;
    const error = await failure(xChannel.publish(ctx, variant({ text: 'a'.repeat(300) })));
    expect(error).toMatchObject({ kind: 'rejected', reason: 'too_long' });
    expect(fake.kit.log.length).toBe(before);
  });

  it('translates X refusing duplicate text into a Spanish rejection that keeps X\'s reason', async () => {
    const ctx = newAccount();
    const v = variant();
    await xChannel.publish(ctx, v);
    const error = await failure(xChannel.publish(ctx, v));
    expect(error).toMatchObject({ kind: 'rejected', status: 403, reason: 'You are not allowed to create a Tweet with duplicate content.' });
    expect(error.message).toContain('idéntico');
  });
});

describe('metrics and deletion', () => {
  it('reads metrics that grow with time, adds up the parts of a thread, and keeps public numbers after 30 days', async () => {
    const start = new Date('2025-03-01T12:00:00Z');
    fake.kit.now = () => start;
    const ctx = newAccount();
    const thread = await xChannel.publish(ctx, variant({ text: `${pressRelease} https://sanmartin.gov.co`, options: { thread: true } }));
    const single = await xChannel.publish(ctx, variant());
    const refs = [thread, single].map((r) => ({ remoteId: r.remoteId, raw: r.raw }));

    fake.kit.now = () => new Date(start.getTime() + 10 * 60_000);
    const early = await xChannel.fetchMetrics(ctx, refs);
    fake.kit.now = () => new Date(start.getTime() + 90 * 60_000); // within the token's 2 hours
    const later = await xChannel.fetchMetrics(ctx, refs);

    const a = early.get(thread.remoteId);
    const b = later.get(thread.remoteId);
    expect(a?.impressions).toBeGreaterThan(0);
    expect(b?.impressions).toBeGreaterThan(a?.impressions ?? Infinity);
    expect(b?.likes).toBeGreaterThan(a?.likes ?? Infinity);
    expect(b?.linkClicks).toBeGreaterThan(0);
    // Parts 2 to 4 reply to the part before: 3 replies within the thread, plus the fake's growth.
    expect(b?.replies).toBeGreaterThanOrEqual(3);
    expect(later.get(single.remoteId)?.impressions).toBe(b?.impressions);
    expect(fake.kit.requests('GET', '/2/tweets').at(-1)?.query).toContain('non_public_metrics');

    // 31 days later X refuses the private metrics: the public numbers remain.
    fake.kit.now = () => new Date(start.getTime() + 31 * 86_400_000);
    const fresh = fake.kit.issueToken(ctx.credentials.remoteAccountId ?? '');
    const old = await xChannel.fetchMetrics({ ...ctx, credentials: { ...ctx.credentials, accessToken: fresh.accessToken } }, refs);
    expect(old.get(thread.remoteId)?.impressions).toBeGreaterThan(b?.impressions ?? Infinity);
    expect(old.get(thread.remoteId)?.linkClicks).toBeUndefined();
    expect(old.get(single.remoteId)?.likes).toBeGreaterThan(0);
  });

  it('leaves out of the map a publication whose post is gone', async () => {
    const ctx = newAccount();
    const kept = await xChannel.publish(ctx, variant());
    const gone = await xChannel.publish(ctx, variant());
    await xChannel.remove(ctx, gone);
    const metrics = await xChannel.fetchMetrics(ctx, [kept, gone]);
    expect([...metrics.keys()]).toEqual([kept.remoteId]);
  });

  it('deletes every part of a thread, newest first, and accepts parts already gone', async () => {
    const ctx = newAccount();
    const result = await xChannel.publish(ctx, variant({ text: pressRelease, options: { thread: true } }));
    const ids = (result.raw as { tweets: { id: string }[] }).tweets.map((t) => t.id);
    const before = fake.kit.requests('DELETE', '/2/tweets/').length;
    await xChannel.remove(ctx, result);
    expect(postsOf(ctx)).toEqual([]);
    expect(fake.kit.requests('DELETE', '/2/tweets/').slice(before).map((r) => r.path.split('/').at(-1))).toEqual([...ids].reverse());
    await expect(xChannel.remove(ctx, result)).resolves.toBeUndefined();
  });
});

describe('tokens', () => {
  it('refreshes the token and returns the rotated refresh token; the old one stops working', async () => {
    const ctx = newAccount();
    const tokens = await xChannel.refresh(settings, ctx.credentials);
    expect(tokens.accessToken).not.toBe(ctx.credentials.accessToken);
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.refreshToken).not.toBe(ctx.credentials.refreshToken);
    expect(tokens.scope).toContain('tweet.write');
    expect(tokens.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_600_000);
    // The new access token works.
    await xChannel.publish({ ...ctx, credentials: { ...ctx.credentials, accessToken: tokens.accessToken } }, variant());
    expect(postsOf(ctx)).toHaveLength(1);

    const reused = await failure(xChannel.refresh(settings, ctx.credentials));
    expect(reused.kind).toBe('auth');
    expect(reused.reason).toBe('Value passed for the token was invalid.');
  });

  it('asks to reconnect when the refresh token was revoked', async () => {
    const ctx = newAccount();
    fake.kit.revokeRefreshToken(ctx.credentials.refreshToken ?? '');
    const error = await failure(xChannel.refresh(settings, ctx.credentials));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('vuelva a conectarla');
  });

  it('says X_CLIENT_ID is missing instead of calling X without it', async () => {
    const ctx = newAccount();
    const withoutClient = loadConfig({ ...env(served.url), X_CLIENT_ID: undefined }).channels;
    const error = await failure(xChannel.refresh(withoutClient, ctx.credentials));
    expect(error.kind).toBe('auth');
    expect(error.message).toContain('X_CLIENT_ID');
  });
});

describe('failures of X', () => {
  it('429: rate_limited until the reset X sent', async () => {
    fake.kit.now = () => new Date('2025-03-01T12:00:00Z');
    const ctx = newAccount();
    fake.kit.addFault({ kind: 'rate_limit', match: 'POST /2/tweets', resetInSeconds: 120 });
    const error = await failure(xChannel.publish(ctx, variant()));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAt?.toISOString()).toBe('2025-03-01T12:02:00.000Z');
    expect(error.message).toContain('2025-03-01T12:02:00.000Z');
    expect(postsOf(ctx)).toEqual([]);
  });

  it('429 for real after 100 posts in 15 minutes, with the window reset', async () => {
    fake.kit.now = () => new Date('2025-03-01T12:00:00Z');
    const ctx = newAccount();
    for (let i = 0; i < 100; i++) await xChannel.publish(ctx, variant({ text: `Aviso ${i}` }));
    const error = await failure(xChannel.publish(ctx, variant({ text: 'Aviso 100' })));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAt?.toISOString()).toBe('2025-03-01T12:15:00.000Z');
    expect(postsOf(ctx)).toHaveLength(100);
  });

  it('500: transient, and nothing is stored', async () => {
    const ctx = newAccount();
    fake.kit.addFault({ kind: 'server_error', match: 'POST /2/tweets' });
    const error = await failure(xChannel.publish(ctx, variant()));
    expect(error).toMatchObject({ kind: 'transient', status: 500 });
    expect(error.message).toContain('HTTP 500');
    expect(postsOf(ctx)).toEqual([]);
  });

  it('a slow answer within the timeout succeeds', async () => {
    const ctx = newAccount();
    fake.kit.addFault({ kind: 'slow', match: 'POST /2/tweets', delayMs: 250 });
    await xChannel.publish(ctx, variant());
    expect(postsOf(ctx)).toHaveLength(1);
    expect(fake.kit.requests('POST', '/2/tweets').at(-1)?.fault).toBe('slow');
  });

  it('no answer after the post is stored: unknown_outcome, and X holds the post exactly once', async () => {
    const ctx = newAccount();
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /2/tweets' });
    const started = Date.now();
    const error = await failure(xChannel.publish(ctx, variant()));
    expect(error.kind).toBe('unknown_outcome');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(postsOf(ctx)).toHaveLength(1);
  });

  it('a read that times out is transient: nothing changed', async () => {
    const ctx = newAccount();
    const result = await xChannel.publish(ctx, variant());
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'GET /2/tweets' });
    expect((await failure(xChannel.fetchMetrics(ctx, [result]))).kind).toBe('transient');
  });

  it('expired token: auth', async () => {
    const ctx = newAccount();
    fake.kit.addFault({ kind: 'expired_token', match: 'POST /2/media/upload/initialize' });
    const error = await failure(xChannel.publish(ctx, variant({ media: [image(randomBytes(100), 'Foto')] })));
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    fake.kit.expire(ctx.credentials.accessToken);
    expect((await failure(xChannel.publish(ctx, variant()))).kind).toBe('auth');
  });

  it('connection refused: transient, nothing sent', async () => {
    const closed = await serveFake(createFakeX().app);
    await closed.close();
    const ctx = newAccount();
    const error = await failure(xChannel.publish({ ...ctx, settings: loadConfig(env(closed.url)).channels }, variant()));
    expect(error.kind).toBe('transient');
    expect(error.message).toContain('no se envió nada');
  });
});

describe('connecting an account (OAuth 2.0 with PKCE)', () => {
  const redirectUri = 'http://127.0.0.1:3000/cuentas/x/callback';

  async function consent(url: string): Promise<URL> {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('Sandbox');
    const href = /href="([^"]+)"[^>]*>Autorizar</.exec(body)?.[1];
    expect(href).toBeTruthy();
    return new URL(href!.replaceAll('&amp;', '&'));
  }

  it('sends the browser to the authorize URL with an S256 challenge, and finishes with the code X gives', async () => {
    const { url, codeVerifier } = xChannel.oauth!.start(settings, { state: 'estado-123', redirectUri });
    const address = new URL(url);
    expect(`${address.origin}${address.pathname}`).toBe(`${served.url}/i/oauth2/authorize`);
    expect(address.searchParams.get('client_id')).toBe('pregon-test');
    expect(address.searchParams.get('state')).toBe('estado-123');
    expect(address.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(address.searchParams.get('code_challenge_method')?.toUpperCase()).toBe('S256');
    expect(address.searchParams.get('code_challenge')).toBe(createHash('sha256').update(codeVerifier!).digest('base64url'));
    expect(address.searchParams.get('scope')?.split(' ')).toEqual(['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'media.write']);

    const back = await consent(url);
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('estado-123');
    const [account] = await xChannel.oauth!.finish(settings, { code: back.searchParams.get('code')!, redirectUri, codeVerifier });

    const user = fake.users.get(account!.remoteAccountId);
    expect(account?.label).toBe(`@${user?.username}`);
    expect(account?.refreshToken).toBeTruthy();
    expect(account?.scope).toBe('tweet.read tweet.write users.read offline.access media.write');
    // The tokens act as that user.
    const ctx = { ...newAccount(), credentials: { accessToken: account!.accessToken, refreshToken: account!.refreshToken ?? null, expiresAt: account!.expiresAt, remoteAccountId: account!.remoteAccountId } };
    const published = await xChannel.publish(ctx, variant());
    expect(fake.tweets().find((t) => t.id === published.remoteId)?.authorId).toBe(account?.remoteAccountId);
  });

  it('refuses a code with the wrong verifier, and a code used twice', async () => {
    const first = xChannel.oauth!.start(settings, { state: 's1', redirectUri });
    const other = xChannel.oauth!.start(settings, { state: 's2', redirectUri });
    const code = (await consent(first.url)).searchParams.get('code')!;
    const wrong = await failure(xChannel.oauth!.finish(settings, { code, redirectUri, codeVerifier: other.codeVerifier }));
    expect(wrong).toMatchObject({ kind: 'auth', status: 400 });

    const again = (await consent(first.url)).searchParams.get('code')!;
    await xChannel.oauth!.finish(settings, { code: again, redirectUri, codeVerifier: first.codeVerifier });
    expect((await failure(xChannel.oauth!.finish(settings, { code: again, redirectUri, codeVerifier: first.codeVerifier }))).kind).toBe('auth');
  });
});

describe('the local X server checks what X checks', () => {
  const clientOf = (ctx: TestContext) => userClient(settings, ctx.credentials.accessToken).v2;
  const refusal = (promise: Promise<unknown>) => failure(promise.catch((e: unknown) => Promise.reject(toChannelError(e, 'write'))));

  it('refuses a text over 280 by X\'s count, unknown media ids and a reply to a deleted post', async () => {
    const ctx = newAccount();
    const x = clientOf(ctx);
    const tooLong = await refusal(x.tweet('a'.repeat(281)));
    expect(tooLong).toMatchObject({ kind: 'rejected', status: 400 });
    expect(tooLong.reason).toContain('Your Tweet text is too long');
    // 256 letters, a space and a long URL (counted 23) are exactly 280: accepted.
    await x.tweet(`${'a'.repeat(256)} https://sanmartin.gov.co/${'b'.repeat(100)}`);

    const media = await refusal(x.tweet({ text: 'Foto', media: { media_ids: ['123456789'] } }));
    expect(media).toMatchObject({ kind: 'rejected', reason: 'Your media IDs are invalid.' });

    const { data: parent } = await x.tweet('Publicación que se borrará');
    await x.deleteTweet(parent.id);
    const reply = await refusal(x.tweet({ text: 'Respuesta', reply: { in_reply_to_tweet_id: parent.id } }));
    expect(reply).toMatchObject({ kind: 'rejected', status: 403 });

    // Another account's images are not usable either.
    const other = newAccount();
    const foreign = await clientOf(other).uploadMedia(randomBytes(100), { media_type: 'image/png' });
    expect((await refusal(x.tweet({ text: 'Foto ajena', media: { media_ids: [foreign] } }))).reason).toBe('Your media IDs are invalid.');
  });

  it('lists the account\'s posts newest first, by pages, from a start time', async () => {
    const start = new Date('2025-03-01T12:00:00Z');
    const ctx = newAccount();
    const x = clientOf(ctx);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      fake.kit.now = () => new Date(start.getTime() + i * 60_000);
      ids.push((await x.tweet(`Aviso número ${i}`)).data.id);
    }
    const first = await x.get('users/:id/tweets', { max_results: 5, 'tweet.fields': 'created_at' }, { params: { id: ctx.credentials.remoteAccountId! } });
    expect(first.data.map((t: { id: string }) => t.id)).toEqual([...ids].reverse().slice(0, 5));
    expect(first.data[0].created_at).toBe('2025-03-01T12:06:00.000Z');
    expect(first.meta).toMatchObject({ result_count: 5, newest_id: ids[6], oldest_id: ids[2] });
    const second = await x.get('users/:id/tweets', { max_results: 5, pagination_token: first.meta.next_token }, { params: { id: ctx.credentials.remoteAccountId! } });
    expect(second.data.map((t: { id: string }) => t.id)).toEqual([ids[1], ids[0]]);
    expect(second.meta.next_token).toBeUndefined();

    const recent = await x.get('users/:id/tweets', { max_results: 10, start_time: '2025-03-01T12:05:00Z' }, { params: { id: ctx.credentials.remoteAccountId! } });
    expect(recent.data.map((t: { id: string }) => t.id)).toEqual([ids[6], ids[5]]);
    const tooMany = await refusal(x.get('users/:id/tweets', { max_results: 101 }, { params: { id: ctx.credentials.remoteAccountId! } }));
    expect(tooMany).toMatchObject({ kind: 'rejected', status: 400 });
  });

  it('takes a form-encoded token request with Basic client authentication, as X documents it', async () => {
    const ctx = newAccount();
    const res = await fetch(`${served.url}/2/oauth2/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('pregon-test:secreto').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: ctx.credentials.refreshToken! }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 7200, scope: 'tweet.read tweet.write users.read offline.access media.write' });
    expect(body.refresh_token).not.toBe(ctx.credentials.refreshToken);
    const noClient = await fetch(`${served.url}/2/oauth2/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: String(body.refresh_token) }) });
    expect(noClient.status).toBe(401);
  });

  it('answers with X\'s rate-limit headers on every API call', async () => {
    const ctx = newAccount();
    const first = await clientOf(ctx).me();
    expect(first.data.id).toBe(ctx.credentials.remoteAccountId);
    const res = await fetch(`${served.url}/2/users/me`, { headers: { authorization: `Bearer ${ctx.credentials.accessToken}` } });
    expect(res.headers.get('x-rate-limit-limit')).toBe('75');
    expect(res.headers.get('x-rate-limit-remaining')).toBe('73');
    expect(Number(res.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    const anonymous = await fetch(`${served.url}/2/users/me`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
  });
});
