import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError, type AccountContext, type ChannelSettings, type OutgoingMedia, type OutgoingVariant, type PublishContext, type ReconcileResult } from '../../src/channels/channel.js';
import { youtubeChannel } from '../../src/channels/youtube/index.js';
import { loadConfig } from '../../src/config.js';
import { serveFake, type FaultKind, type ServedFake } from '../../src/sandbox/fake-kit.js';
import { createFakeGoogle, type FakeGoogle } from '../../src/sandbox/google.js';

/**
 * Reconciling YouTube publications whose outcome is unknown, through the real
 * @googleapis/youtube over real HTTP against the local Google server: the channel publishes with
 * a fault, then asks YouTube what is there.
 */

let fake: FakeGoogle;
let served: ServedFake;
let settings: ChannelSettings;

/** Short enough that a withheld answer times out quickly. */
const TIMEOUT_MS = 500;

beforeEach(async () => {
  fake = createFakeGoogle();
  served = await serveFake(fake.app, fake.kit);
  settings = loadConfig({
    YOUTUBE_API_ROOT_URL: `${served.url}/`,
    YOUTUBE_WATCH_URL: `${served.url}/watch`,
    GOOGLE_OAUTH_TOKEN_URL: `${served.url}/token`,
    PREGON_CHANNEL_TIMEOUT_MS: String(TIMEOUT_MS),
  }).channels;
});
afterEach(async () => {
  await served.close();
});

type TestContext = PublishContext & { saved: unknown[] };

/** A publish context whose saved progress goes through JSON, as the database stores it. */
function newAccount(): TestContext {
  const made = fake.createAccount('Alcaldía de San Vicente');
  return newAttempt({
    settings,
    credentials: { accessToken: made.accessToken, refreshToken: made.refreshToken ?? null, expiresAt: made.expiresAt, remoteAccountId: made.remoteAccountId },
    account: { id: 'account-1', label: made.label, remoteAccountId: made.remoteAccountId, sandbox: true },
  });
}

/** Another publication on the same account, with its own saved progress. */
function newAttempt(ctx: AccountContext): TestContext {
  const saved: unknown[] = [];
  return {
    ...ctx,
    progress: null,
    saveProgress: async (state) => {
      saved.push(JSON.parse(JSON.stringify(state)));
    },
    saved,
  };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function file(kind: 'video' | 'image', bytes: Buffer, mimeType: string): OutgoingMedia {
  return { id: `media-${kind}`, kind, mimeType, bytes: bytes.length, width: 1280, height: 720, altText: '', read: async () => bytes };
}

const videoFile = () => file('video', randomBytes(64 * 1024), 'video/mp4');
const thumbnailFile = () => file('image', Buffer.concat([PNG_SIGNATURE, randomBytes(1024)]), 'image/png');

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
    media: [videoFile()],
    event: null,
    ...over,
  };
}

function liveVariant(): OutgoingVariant {
  const startsAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 2 * 86_400_000);
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

/** Reconciles as the scheduler does, and checks that it only read. */
async function reconcile(ctx: TestContext, v: OutgoingVariant, startedAt: Date, progress: unknown = ctx.saved.at(-1) ?? null): Promise<ReconcileResult> {
  const before = fake.kit.log.length;
  const result = await youtubeChannel.reconcile!(ctx, v, { startedAt, progress });
  expect(fake.kit.log.slice(before).map((r) => r.method)).toEqual(expect.arrayContaining(['GET']));
  expect(fake.kit.log.slice(before).every((r) => r.method === 'GET')).toBe(true);
  return result;
}

/** Publishing again with the progress reconciliation gave. */
const resumedWith = (ctx: TestContext, found: ReconcileResult): TestContext => {
  expect(found.state).toBe('absent');
  return { ...ctx, progress: found.state === 'absent' ? found.progress : null };
};

const uploads = () => fake.kit.requests('POST', '/upload/youtube/v3/videos');

/** Another publication of the same variant, `minutesAgo` in the past by YouTube's clock. */
async function publishedMinutesAgo(ctx: TestContext, v: OutgoingVariant, minutesAgo: number) {
  fake.kit.now = () => new Date(Date.now() - minutesAgo * 60_000);
  try {
    return await youtubeChannel.publish(newAttempt(ctx), v);
  } finally {
    fake.kit.now = () => new Date();
  }
}

describe('video', () => {
  it('finds the video whose upload answer never came: the stored one, once, as publish would have returned it', async () => {
    const ctx = newAccount();
    const v = variant();
    const startedAt = new Date();
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /upload/youtube/v3/videos' });
    expect((await failure(youtubeChannel.publish(ctx, v))).kind).toBe('unknown_outcome');
    expect(ctx.saved).toEqual([]);

    const found = await reconcile(ctx, v, startedAt);
    const [stored] = [...fake.store.videos.values()];
    expect(found).toEqual({
      state: 'published',
      result: {
        remoteId: stored!.id,
        url: `${served.url}/watch?v=${stored!.id}`,
        publishedAt: stored!.uploadedAt,
        raw: { mode: 'video', video: expect.objectContaining({ id: stored!.id, snippet: expect.objectContaining({ title: v.title }), status: expect.anything() }), thumbnail: null },
      },
    });
    expect(fake.store.videos.size).toBe(1);
    expect(uploads()).toHaveLength(1);
  });

  it('gives absent when the upload failed before anything was stored', async () => {
    const ctx = newAccount();
    const v = variant();
    const startedAt = new Date();
    fake.kit.addFault({ kind: 'server_error', match: 'POST /upload/youtube/v3/videos' });
    expect((await failure(youtubeChannel.publish(ctx, v))).kind).toBe('transient');
    expect(await reconcile(ctx, v, startedAt)).toEqual({ state: 'absent', progress: null });
  });

  it('does not take an identical video uploaded before the attempt for it, and takes the newest identical one after', async () => {
    const ctx = newAccount();
    const v = variant();
    const older = await publishedMinutesAgo(ctx, v, 10);
    const startedAt = new Date();
    expect(await reconcile(ctx, v, startedAt)).toEqual({ state: 'absent', progress: null });

    // One identical video a minute before the attempt (within the clock slack), then the attempt's.
    const slack = await publishedMinutesAgo(ctx, v, 1);
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /upload/youtube/v3/videos' });
    await failure(youtubeChannel.publish(ctx, v));
    const attempts = [...fake.store.videos.keys()].filter((id) => id !== older.remoteId && id !== slack.remoteId);
    expect(attempts).toHaveLength(1);

    const found = await reconcile(ctx, v, startedAt);
    expect(found).toMatchObject({ state: 'published', result: { remoteId: attempts[0] } });
  });

  it('compares title and description as text, not byte for byte, and tells different descriptions apart', async () => {
    const ctx = newAccount();
    const v = variant();
    const startedAt = new Date();
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /upload/youtube/v3/videos' });
    await failure(youtubeChannel.publish(ctx, v));
    const [stored] = [...fake.store.videos.values()];
    // What a network may do to text: line endings, doubled spaces, a rewritten link.
    stored!.description = '  La alcaldía presenta el informe de gestión:  vías, acueducto veredal y colegios.\r\n\r\nhttps://short.example/x1 ';
    stored!.title = `${v.title}\n`;
    expect(await reconcile(ctx, v, startedAt)).toMatchObject({ state: 'published', result: { remoteId: stored!.id } });

    const otherText = variant({ text: 'La alcaldía presenta el informe de gestión: vías y colegios.' });
    expect(await reconcile(ctx, otherText, startedAt)).toEqual({ state: 'absent', progress: null });
    const withoutLink = variant({ link: null });
    expect(await reconcile(ctx, withoutLink, startedAt)).toEqual({ state: 'absent', progress: null });
  });

  it('gives unknown when the video the attempt saved was deleted since', async () => {
    const ctx = newAccount();
    const v = variant({ media: [videoFile(), thumbnailFile()] });
    const startedAt = new Date();
    fake.kit.addFault({ kind: 'server_error', match: 'POST /upload/youtube/v3/thumbnails/set' });
    await failure(youtubeChannel.publish(ctx, v));
    fake.store.videos.clear();

    const found = await reconcile(ctx, v, startedAt);
    expect(found).toEqual({ state: 'unknown', reason: expect.stringContaining('ya no está en YouTube') });
  });
});

describe('video then thumbnail', () => {
  it('upload answered, thumbnail unanswered: absent with the uploaded video, and publishing again sets the thumbnail on it', async () => {
    const ctx = newAccount();
    const v = variant({ media: [videoFile(), thumbnailFile()] });
    const startedAt = new Date();
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /upload/youtube/v3/thumbnails/set' });
    expect((await failure(youtubeChannel.publish(ctx, v))).kind).toBe('unknown_outcome');
    const [stored] = [...fake.store.videos.values()];

    const found = await reconcile(ctx, v, startedAt);
    expect(found).toEqual({ state: 'absent', progress: ctx.saved.at(-1) });
    expect(found).toMatchObject({ progress: { videoId: stored!.id } });

    const result = await youtubeChannel.publish(resumedWith(ctx, found), v);
    expect(result.remoteId).toBe(stored!.id);
    expect(fake.store.videos.size).toBe(1);
    expect(uploads()).toHaveLength(1);
    expect(fake.store.videos.get(stored!.id)!.thumbnail).not.toBeNull();
  });

  it('upload unanswered: the video is found and publishing again only sets the thumbnail', async () => {
    const ctx = newAccount();
    const v = variant({ media: [videoFile(), thumbnailFile()] });
    const startedAt = new Date();
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /upload/youtube/v3/videos' });
    await failure(youtubeChannel.publish(ctx, v));
    expect(ctx.saved).toEqual([]);
    const [stored] = [...fake.store.videos.values()];

    const found = await reconcile(ctx, v, startedAt);
    expect(found).toMatchObject({ state: 'absent', progress: { videoId: stored!.id, video: { id: stored!.id } } });

    const result = await youtubeChannel.publish(resumedWith(ctx, found), v);
    expect(result).toMatchObject({ remoteId: stored!.id, raw: { video: { id: stored!.id }, thumbnail: { kind: 'youtube#thumbnailSetResponse' } } });
    expect(uploads()).toHaveLength(1);
    expect(fake.kit.requests('POST', '/upload/youtube/v3/thumbnails/set')).toHaveLength(1);
  });

  it('both steps saved (the crash came before the result was recorded): published', async () => {
    const ctx = newAccount();
    const v = variant({ media: [videoFile(), thumbnailFile()] });
    const startedAt = new Date();
    const published = await youtubeChannel.publish(ctx, v);

    const found = await reconcile(ctx, v, startedAt);
    expect(found).toMatchObject({ state: 'published', result: { remoteId: published.remoteId, url: published.url, raw: published.raw } });
  });
});

describe('live broadcast', () => {
  const streams = () => fake.kit.requests('POST', '/youtube/v3/liveStreams');

  it('bind unanswered: published, with the stream and its key as publish gives them', async () => {
    const ctx = newAccount();
    const v = liveVariant();
    const startedAt = new Date();
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /youtube/v3/liveBroadcasts/bind' });
    expect((await failure(youtubeChannel.publish(ctx, v))).kind).toBe('unknown_outcome');

    const found = await reconcile(ctx, v, startedAt);
    const [broadcast] = [...fake.store.broadcasts.values()];
    const [stream] = [...fake.store.streams.values()];
    expect(found).toMatchObject({
      state: 'published',
      result: {
        remoteId: broadcast!.id,
        url: `${served.url}/watch?v=${broadcast!.id}`,
        live: { broadcastId: broadcast!.id, liveStreamId: stream!.id, streamKey: stream!.streamName, ingestionAddress: expect.stringMatching(/^rtmp:\/\//) },
        raw: { mode: 'live', broadcast: { id: broadcast!.id }, stream: { id: stream!.id } },
      },
    });
    expect(JSON.stringify(found.state === 'published' && found.result.raw)).not.toContain(stream!.streamName);
  });

  it('stream insert unanswered: absent with the broadcast and the stream found, and publishing again only binds them', async () => {
    const ctx = newAccount();
    const v = liveVariant();
    const startedAt = new Date();
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /youtube/v3/liveStreams' });
    await failure(youtubeChannel.publish(ctx, v));
    const [broadcast] = [...fake.store.broadcasts.values()];
    const [stream] = [...fake.store.streams.values()];
    expect(ctx.saved).toEqual([expect.objectContaining({ broadcastId: broadcast!.id })]);

    const found = await reconcile(ctx, v, startedAt);
    expect(found).toEqual({ state: 'absent', progress: { ...(ctx.saved[0] as object), streamId: stream!.id } });

    const result = await youtubeChannel.publish(resumedWith(ctx, found), v);
    expect(result.live).toMatchObject({ broadcastId: broadcast!.id, liveStreamId: stream!.id });
    expect(fake.store.broadcasts.size).toBe(1);
    expect(fake.store.streams.size).toBe(1);
    expect(streams()).toHaveLength(1);
    expect(fake.store.broadcasts.get(broadcast!.id)!.boundStreamId).toBe(stream!.id);
  });

  it('broadcast insert unanswered: absent with the broadcast found (not an older identical one), then one broadcast and one stream', async () => {
    const ctx = newAccount();
    const v = liveVariant();
    const older = await publishedMinutesAgo(ctx, v, 30);
    const startedAt = new Date();
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /youtube/v3/liveBroadcasts' });
    await failure(youtubeChannel.publish(ctx, v));
    expect(ctx.saved).toEqual([]);
    const [attempt] = [...fake.store.broadcasts.values()].filter((b) => b.id !== older.remoteId);

    const found = await reconcile(ctx, v, startedAt);
    expect(found).toMatchObject({ state: 'absent', progress: { broadcastId: attempt!.id, broadcast: { id: attempt!.id } } });
    expect(found).not.toMatchObject({ progress: { streamId: expect.anything() } });

    const result = await youtubeChannel.publish(resumedWith(ctx, found), v);
    expect(result.remoteId).toBe(attempt!.id);
    expect(fake.store.broadcasts.size).toBe(2); // the older one and the attempt's
    expect(fake.store.streams.size).toBe(2);
    expect(fake.kit.requests('POST', '/youtube/v3/liveBroadcasts').filter((r) => r.path === '/youtube/v3/liveBroadcasts')).toHaveLength(2);
  });

  it('does not take another event\'s broadcast with the same title, and gives absent when nothing was created', async () => {
    const ctx = newAccount();
    const v = liveVariant();
    const startedAt = new Date();
    const otherEvent = liveVariant();
    otherEvent.event = { ...otherEvent.event!, startsAt: new Date(otherEvent.event!.startsAt.getTime() + 86_400_000) };
    await youtubeChannel.publish(newAttempt(ctx), otherEvent);

    fake.kit.addFault({ kind: 'server_error', match: 'POST /youtube/v3/liveBroadcasts' });
    expect((await failure(youtubeChannel.publish(ctx, v))).kind).toBe('transient');
    expect(await reconcile(ctx, v, startedAt)).toEqual({ state: 'absent', progress: null });
  });

  it('does not take the stream of another broadcast with the same title as the attempt\'s', async () => {
    const ctx = newAccount();
    const v = liveVariant();
    const startedAt = new Date();
    const otherEvent = liveVariant();
    otherEvent.event = { ...otherEvent.event!, startsAt: new Date(otherEvent.event!.startsAt.getTime() + 86_400_000) };
    await youtubeChannel.publish(newAttempt(ctx), otherEvent);

    fake.kit.addFault({ kind: 'server_error', match: 'POST /youtube/v3/liveStreams' });
    await failure(youtubeChannel.publish(ctx, v));
    expect(await reconcile(ctx, v, startedAt)).toEqual({ state: 'absent', progress: ctx.saved[0] });

    const result = await youtubeChannel.publish(resumedWith(ctx, await reconcile(ctx, v, startedAt)), v);
    expect(fake.store.streams.size).toBe(2);
    expect(fake.store.broadcasts.get(result.remoteId)!.boundStreamId).toBe(result.live!.liveStreamId);
  });

  it('reads every page of the channel\'s broadcasts', async () => {
    const ctx = newAccount();
    const v = liveVariant();
    const startedAt = new Date();
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /youtube/v3/liveBroadcasts' });
    await failure(youtubeChannel.publish(ctx, v));
    const [attempt] = [...fake.store.broadcasts.values()];
    // 60 other broadcasts listed after it: the attempt's is not on the first page of 50.
    fake.store.broadcasts.delete(attempt!.id);
    for (let i = 0; i < 60; i++) fake.store.broadcasts.set(`old-${i}`, { ...attempt!, id: `old-${i}`, title: `Sesión del concejo ${i}` });
    fake.store.broadcasts.set(attempt!.id, attempt!);

    const found = await reconcile(ctx, v, startedAt);
    expect(found).toMatchObject({ state: 'absent', progress: { broadcastId: attempt!.id } });
    expect(fake.kit.requests('GET', '/youtube/v3/liveBroadcasts')).toHaveLength(2);
  });
});

describe('when YouTube does not answer the question', () => {
  const cases: { fault: FaultKind; reason: RegExp }[] = [
    { fault: 'server_error', reason: /error interno \(HTTP 500\) al responder la consulta/ },
    { fault: 'rate_limit', reason: /límite de uso/ },
    { fault: 'expired_token', reason: /venció o fue revocado/ },
    { fault: 'slow', reason: /no respondió a tiempo/ },
  ];

  for (const { fault, reason } of cases) {
    it(`${fault} on the uploads listing: unknown, with a Spanish reason`, async () => {
      const ctx = newAccount();
      const v = variant();
      const startedAt = new Date();
      fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /upload/youtube/v3/videos' });
      await failure(youtubeChannel.publish(ctx, v));

      fake.kit.addFault({ kind: fault, match: 'GET /youtube/v3/playlistItems', delayMs: TIMEOUT_MS * 2 });
      const found = await reconcile(ctx, v, startedAt);
      expect(found).toEqual({ state: 'unknown', reason: expect.stringMatching(reason) });
      expect(found).toMatchObject({ reason: expect.stringMatching(/^No fue posible confirmar en YouTube/) });
    });
  }

  it('a failing broadcast listing: unknown', async () => {
    const ctx = newAccount();
    const v = liveVariant();
    fake.kit.addFault({ kind: 'server_error', match: 'GET /youtube/v3/liveBroadcasts' });
    expect(await reconcile(ctx, v, new Date())).toEqual({ state: 'unknown', reason: expect.stringContaining('HTTP 500') });
  });
});
