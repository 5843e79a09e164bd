import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/audit/write-audit.js';
import { createSecretBox, loadSecretKey, type SecretBox } from '../../src/auth/secret-box.js';
import { connectAccountWithTokens } from '../../src/channels/accounts.js';
import { userClient } from '../../src/channels/x/client.js';
import { defaultMetricsSettings, loadConfig, type MetricsSettings } from '../../src/config.js';
import type { Network } from '../../src/generated/prisma/client.js';
import { collectAccountMetrics, type CollectDeps } from '../../src/metrics/collect.js';
import { serveFake, type ServedFake } from '../../src/sandbox/fake-kit.js';
import { createFakeGoogle, type FakeGoogle } from '../../src/sandbox/google.js';
import { createFakeGraph, type FakeGraph } from '../../src/sandbox/graph.js';
import { createFakeX, type FakeX } from '../../src/sandbox/x.js';
import { createMediaStore } from '../../src/media/store.js';
import { startScheduler } from '../../src/scheduler/scheduler.js';
import { seedPublished } from '../support/published.js';
import { createTestContext, importSeedPlan, type TestContext } from '../support/test-db.js';

// Metrics collection through the real twitter-api-v2, Google client and Graph calls, over
// HTTP to the local servers, into the real SQLite file: requests counted at the servers.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let t: TestContext;
let box: SecretBox;
let x: FakeX & ServedFake;
let google: FakeGoogle & ServedFake;
let graph: FakeGraph & ServedFake;
let activityId: string;
const accounts = {} as Record<'x' | 'youtube' | 'facebook', { id: string; token: string; remoteId: string }>;

const lookups = () => x.kit.requests('GET', '/2/tweets').filter((r) => r.path === '/2/tweets');
const videoLists = () => google.kit.requests('GET', '/youtube/v3/videos');
const graphReads = () => graph.kit.requests('GET', '/v21.0/').filter((r) => r.path === '/v21.0/' || r.path === '/v21.0');

function deps(now: Date, metrics: MetricsSettings = defaultMetricsSettings): CollectDeps {
  return { db: t.db, box, settings: t.config.channels, metrics, now: () => now, retryBaseMs: 1_000 };
}

async function postTweets(n: number, label: string): Promise<string[]> {
  const client = userClient(t.config.channels, accounts.x.token).v2;
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await client.tweet(`${label} ${i} ${Date.now()}`)).data.id);
  return ids;
}

function seedVideos(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `vid${String(i).padStart(8, '0')}${Math.random().toString(36).slice(2, 6)}`;
    google.store.videos.set(id, {
      id, channelId: accounts.youtube.remoteId, title: `Video ${i}`, description: '', tags: [], categoryId: '25', defaultLanguage: 'es', privacyStatus: 'public',
      publishAt: null, selfDeclaredMadeForKids: false, uploadedAt: new Date(Date.now() - DAY), media: Buffer.alloc(0), mediaType: 'video/mp4', thumbnail: null, scheduledStartTime: null,
    });
    return id;
  });
}

function seedPosts(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `${accounts.facebook.remoteId}_${1000 + i}${Math.floor(Math.random() * 1e6)}`;
    graph.store.posts.set(id, { id, pageId: accounts.facebook.remoteId, message: `Publicación ${i}`, link: null, photoIds: [], createdAt: new Date(Date.now() - DAY) });
    return id;
  });
}

async function seed(network: Network, remoteIds: string[], publishedAt: Date, extra: { raw?: (id: string) => unknown; dueAt?: Date } = {}) {
  const key = network as keyof typeof accounts;
  return seedPublished(t.db, {
    activityId, accountId: accounts[key].id, network,
    posts: remoteIds.map((remoteId) => ({ remoteId, publishedAt, raw: extra.raw?.(remoteId), metricsDueAt: extra.dueAt ?? new Date(publishedAt.getTime() + HOUR) })),
  });
}

beforeAll(async () => {
  const serve = async <F extends { app: Parameters<typeof serveFake>[0]; kit: Parameters<typeof serveFake>[1] }>(fake: F) => ({ ...fake, ...(await serveFake(fake.app, fake.kit)) });
  x = await serve(createFakeX({ limits: { createTweet: 10_000 } }));
  google = await serve(createFakeGoogle());
  graph = await serve(createFakeGraph());
  const env = { X_API_BASE_URL: x.url, X_WEB_URL: x.url, YOUTUBE_API_ROOT_URL: `${google.url}/`, GOOGLE_OAUTH_TOKEN_URL: `${google.url}/token`, META_GRAPH_BASE_URL: `${graph.url}/v21.0`, PREGON_CHANNEL_TIMEOUT_MS: '3000',
    // The injected clock runs days ahead of the servers' tokens: every collection renews them, as it would.
    X_CLIENT_ID: 'pregon-prueba', X_CLIENT_SECRET: 'secreto', GOOGLE_CLIENT_ID: 'pregon-prueba', GOOGLE_CLIENT_SECRET: 'secreto' };
  t = await createTestContext(env, { channels: loadConfig(env).channels });
  box = createSecretBox(loadSecretKey(t.config));
  const planId = await importSeedPlan(t.db);
  activityId = (await t.db.activity.findFirstOrThrow({ where: { subcomponent: { planId } } })).id;
  for (const [network, fake, label] of [['x', x, 'Alcaldía (X)'], ['youtube', google, 'Alcaldía (YouTube)'], ['facebook', graph, 'Alcaldía (Facebook)']] as const) {
    const made = fake.createAccount(label);
    const account = await connectAccountWithTokens({ db: t.db, box, actor: systemActor, input: { network, label, accessToken: made.accessToken, refreshToken: made.refreshToken ?? null, expiresAt: made.expiresAt?.toISOString() ?? null, remoteAccountId: made.remoteAccountId } });
    accounts[network] = { id: account.id, token: made.accessToken, remoteId: made.remoteAccountId };
  }
});

afterEach(async () => {
  for (const fake of [x, google, graph]) fake.kit.clearFaults();
  // Each test starts from no publications: earlier ones would be due too.
  await t.db.publication.deleteMany({});
  await t.db.piece.deleteMany({});
});

afterAll(async () => {
  await t?.close();
  await Promise.all([x, google, graph].filter(Boolean).map((f) => f.close()));
});

describe('batching: the fewest requests the networks allow', () => {
  it('reads 230 X posts in 3 lookups, 120 videos in 3 videos.list calls and 60 Facebook posts in 2 reads', async () => {
    const publishedAt = new Date(Date.now() - 2 * HOUR);
    await seed('x', await postTweets(230, 'lote'), publishedAt);
    await seed('youtube', seedVideos(120), publishedAt);
    await seed('facebook', seedPosts(60), publishedAt);
    const before = { x: lookups().length, yt: videoLists().length, fb: graphReads().length };
    const now = new Date();

    const outX = await collectAccountMetrics(deps(now), accounts.x.id);
    const outYt = await collectAccountMetrics(deps(now), accounts.youtube.id);
    const outFb = await collectAccountMetrics(deps(now), accounts.facebook.id);

    expect(lookups().length - before.x).toBe(3);
    expect(videoLists().length - before.yt).toBe(3);
    expect(graphReads().length - before.fb).toBe(2);
    expect([outX.requests, outYt.requests, outFb.requests]).toEqual([3, 3, 2]);
    // Every id asked once: the lookups' ids add up to the 230 posts.
    const askedIds = lookups().slice(before.x).flatMap((r) => new URLSearchParams(r.query).get('ids')!.split(','));
    expect(new Set(askedIds).size).toBe(230);
    expect(askedIds.length).toBe(230);
    expect([outX.collected, outYt.collected, outFb.collected]).toEqual([230, 120, 60]);
    expect(await t.db.metricSample.count()).toBe(410);
  });

  it('keeps YouTube counts, sent as strings, as numbers, and the raw answer next to them', async () => {
    const [videoId] = seedVideos(1);
    await seed('youtube', [videoId!], new Date(Date.now() - 2 * HOUR));
    await collectAccountMetrics(deps(new Date()), accounts.youtube.id);
    const sample = await t.db.metricSample.findFirstOrThrow({ where: { publication: { remoteId: videoId } } });
    const raw = JSON.parse(sample.raw) as { viewCount: unknown; likeCount: unknown };
    expect(typeof raw.viewCount).toBe('string');
    expect(sample.views).toBe(Number(raw.viewCount));
    expect(sample.likes).toBe(Number(raw.likeCount));
    expect(sample.impressions).toBeNull();
  });

  it('adds up the parts of a thread and never splits a thread across two lookups', async () => {
    const singles = await postTweets(98, 'suelto');
    const thread = await postTweets(3, 'hilo');
    const publishedAt = new Date(Date.now() - 2 * HOUR);
    await seed('x', singles, publishedAt);
    await seed('x', [thread[0]!], publishedAt, { raw: () => ({ tweets: thread.map((id) => ({ id, text: 'parte' })), mediaIds: [] }) });
    const before = lookups().length;
    await collectAccountMetrics(deps(new Date()), accounts.x.id);
    // 98 + 3 ids = 101 > 100: two requests, the thread whole in one of them.
    const asked = lookups().slice(before).map((r) => new URLSearchParams(r.query).get('ids')!.split(','));
    expect(asked).toHaveLength(2);
    expect(asked.some((ids) => thread.every((id) => ids.includes(id)))).toBe(true);
    const sample = await t.db.metricSample.findFirstOrThrow({ where: { publication: { remoteId: thread[0] } } });
    const parts = JSON.parse(sample.raw) as { public_metrics: { like_count: number } }[];
    expect(parts).toHaveLength(3);
    expect(sample.likes).toBe(parts.reduce((sum, p) => sum + p.public_metrics.like_count, 0));
  });
});

describe('X private metrics', () => {
  it('asks posts older than 30 days for public numbers only, in one lookup rather than a refused one and a second', async () => {
    const ids = await postTweets(3, 'antiguo');
    const realNow = x.kit.now;
    x.kit.now = () => new Date(Date.now() + 31 * DAY);
    try {
      await seed('x', ids, new Date(Date.now() - 31 * DAY));
      const before = lookups().length;
      const out = await collectAccountMetrics(deps(new Date()), accounts.x.id);
      expect(out.collected).toBe(3);
      // The fake's clock moved a month ahead, so the token it issued looks expired there: one 401
      // (renewed once) is expected; the lookups answered are what count.
      const asked = lookups().slice(before).filter((r) => r.status === 200);
      expect(asked).toHaveLength(1);
      expect(new URLSearchParams(asked[0]!.query).get('tweet.fields')).toBe('public_metrics');
      const sample = await t.db.metricSample.findFirstOrThrow({ where: { publication: { remoteId: ids[0] } } });
      expect(sample.likes).not.toBeNull();
      expect(sample.linkClicks).toBeNull();
    } finally {
      x.kit.now = realNow;
    }
  });
});

describe('snapshots over time (injected clock)', () => {
  it('takes +1 h, then daily to +30 d, then stops; samples are added, never overwritten', async () => {
    const [tweetId] = await postTweets(1, 'calendario');
    const t0 = new Date(Date.now() - 60_000);
    const [publicationId] = await seed('x', [tweetId!], t0);
    const dueOf = async () => (await t.db.publication.findUniqueOrThrow({ where: { id: publicationId } })).metricsDueAt;

    // Before +1 h (and outside the 15-minute window): nothing to do, no request.
    const before = lookups().length;
    const early = await collectAccountMetrics(deps(new Date(t0.getTime() + 30 * 60_000)), accounts.x.id);
    expect(early.requests).toBe(0);
    expect(lookups().length).toBe(before);
    expect(early.nextRunAt).toEqual(new Date(t0.getTime() + HOUR));

    await collectAccountMetrics(deps(new Date(t0.getTime() + HOUR)), accounts.x.id);
    expect(await dueOf()).toEqual(new Date(t0.getTime() + DAY));
    await collectAccountMetrics(deps(new Date(t0.getTime() + DAY + 5_000)), accounts.x.id);
    expect(await dueOf()).toEqual(new Date(t0.getTime() + 2 * DAY));
    // Late by three days (the server was off): the next one is the one after now, no catching up.
    await collectAccountMetrics(deps(new Date(t0.getTime() + 5 * DAY + HOUR)), accounts.x.id);
    expect(await dueOf()).toEqual(new Date(t0.getTime() + 6 * DAY));
    await collectAccountMetrics(deps(new Date(t0.getTime() + 30 * DAY)), accounts.x.id);
    expect(await dueOf()).toBeNull();

    const samples = await t.db.metricSample.findMany({ where: { publicationId }, orderBy: { collectedAt: 'asc' } });
    expect(samples.map((s) => s.collectedAt.getTime() - t0.getTime())).toEqual([HOUR, DAY + 5_000, 5 * DAY + HOUR, 30 * DAY]);
    const after = await collectAccountMetrics(deps(new Date(t0.getTime() + 40 * DAY)), accounts.x.id);
    expect(after).toMatchObject({ requests: 0, nextRunAt: null });
  });

  it('without daily snapshots goes +1 h, +24 h, +7 d, +30 d', async () => {
    const [tweetId] = await postTweets(1, 'hitos');
    const t0 = new Date(Date.now() - 60_000);
    const [publicationId] = await seed('x', [tweetId!], t0);
    const settings = { ...defaultMetricsSettings, daily: false };
    const taken: number[] = [];
    for (let at = t0.getTime() + HOUR; taken.length < 10; ) {
      expect((await collectAccountMetrics(deps(new Date(at), settings), accounts.x.id)).stoppedBy).toBeNull();
      taken.push(at - t0.getTime());
      const due = (await t.db.publication.findUniqueOrThrow({ where: { id: publicationId } })).metricsDueAt;
      if (!due) break;
      at = due.getTime();
    }
    expect(taken).toEqual([HOUR, DAY, 7 * DAY, 30 * DAY]);
  });

  it('a snapshot due within the window shares the request, and is not taken again at its own time', async () => {
    const [a, b] = await postTweets(2, 'ventana');
    const now = new Date();
    await seed('x', [a!], new Date(now.getTime() - HOUR)); // due now
    await seed('x', [b!], new Date(now.getTime() - HOUR + 10 * 60_000)); // due in 10 minutes
    const before = lookups().length;
    const out = await collectAccountMetrics(deps(now), accounts.x.id);
    expect(out.collected).toBe(2);
    expect(lookups().length - before).toBe(1);
    const again = await collectAccountMetrics(deps(new Date(now.getTime() + 10 * 60_000)), accounts.x.id);
    expect(again.requests).toBe(0);
  });
});

describe('limits and failures pause the collection, never drop it', () => {
  it('a 429 on the second lookup keeps the first batch, holds the rest until the reset, then reads only the rest', async () => {
    const ids = await postTweets(150, 'límite');
    await seed('x', ids, new Date(Date.now() - 2 * HOUR));
    x.kit.addFault({ kind: 'rate_limit', match: 'GET /2/tweets', after: 1, times: 1, resetInSeconds: 120 });
    const now = new Date();
    const first = await collectAccountMetrics(deps(now), accounts.x.id);
    expect(first.collected).toBe(100);
    expect(first.stoppedBy).toMatch(/X/);
    // The reset X gave (x-rate-limit-reset, in seconds), not a guess.
    expect(Math.abs(first.nextRunAt!.getTime() - (Date.now() + 120_000))).toBeLessThan(5_000);
    expect(await t.db.publication.count({ where: { metricsDueAt: { lte: now } } })).toBe(50);

    const before = lookups().length;
    const second = await collectAccountMetrics(deps(first.nextRunAt!), accounts.x.id);
    expect(second.collected).toBe(50);
    expect(lookups().length - before).toBe(1);
    expect(await t.db.metricSample.count()).toBe(150);
  });

  it('an expired token is renewed once and the same lookup asked again', async () => {
    const ids = await postTweets(3, 'token');
    await seed('x', ids, new Date(Date.now() - 2 * HOUR));
    x.kit.addFault({ kind: 'expired_token', match: 'GET /2/tweets', times: 1 });
    const out = await collectAccountMetrics(deps(new Date()), accounts.x.id);
    expect(out).toMatchObject({ collected: 3, stoppedBy: null });
    expect(x.kit.requests('POST', '/2/oauth2/token').length).toBeGreaterThanOrEqual(1);
    const account = await t.db.channelAccount.findUniqueOrThrow({ where: { id: accounts.x.id } });
    accounts.x.token = box.decrypt(account.accessTokenEncrypted!);
  });

  it('a 500 leaves everything due and tries again later', async () => {
    const ids = seedVideos(2);
    await seed('youtube', ids, new Date(Date.now() - 2 * HOUR));
    google.kit.addFault({ kind: 'server_error', match: 'GET /youtube/v3/videos', times: 1 });
    const now = new Date();
    const out = await collectAccountMetrics(deps(now), accounts.youtube.id);
    expect(out.collected).toBe(0);
    expect(out.nextRunAt!.getTime()).toBeGreaterThan(now.getTime());
    expect(await t.db.publication.count({ where: { metricsDueAt: { lte: now } } })).toBe(2);
    expect((await collectAccountMetrics(deps(out.nextRunAt!), accounts.youtube.id)).collected).toBe(2);
  });

  it('a post deleted on the network gets no sample and moves on to its next snapshot', async () => {
    const [kept, gone] = await postTweets(2, 'borrado');
    await seed('x', [kept!, gone!], new Date(Date.now() - 2 * HOUR));
    await userClient(t.config.channels, accounts.x.token).v2.deleteTweet(gone!);
    const out = await collectAccountMetrics(deps(new Date()), accounts.x.id);
    expect(out).toMatchObject({ collected: 1, missing: 1 });
    const pub = await t.db.publication.findFirstOrThrow({ where: { remoteId: gone } });
    expect(pub.metricsDueAt!.getTime()).toBeGreaterThan(Date.now());
  });
});

describe('the scheduler runs the collection', () => {
  it('finds the due snapshots at start, collects them per account, and waits for the next one; a 429 moves the job to the reset', async () => {
    const ids = await postTweets(120, 'programador');
    const videos = seedVideos(3);
    const publishedAt = new Date(Date.now() - 2 * HOUR);
    await seed('x', ids, publishedAt, { dueAt: new Date(Date.now() - 1000) });
    await seed('youtube', videos, publishedAt, { dueAt: new Date(Date.now() - 1000) });
    x.kit.addFault({ kind: 'rate_limit', match: 'GET /2/tweets', after: 1, times: 1, resetInSeconds: 3 });
    const worker = await startScheduler({ db: t.db, box, media: createMediaStore(t.config.mediaDir), settings: t.config.channels, timeZone: 'America/Bogota', leaseMs: 5_000, retryBaseMs: 100 });
    try {
      const until = async (check: () => Promise<boolean>, ms: number) => {
        const end = Date.now() + ms;
        while (!(await check())) {
          if (Date.now() > end) throw new Error('no ocurrió a tiempo');
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await until(async () => (await t.db.metricSample.count()) === 103, 3_000);
      // The X job stopped at the 429 and waits for the reset X gave.
      const xJob = () => t.db.job.findUniqueOrThrow({ where: { key: `metrics:${accounts.x.id}` } });
      await until(async () => (await xJob()).status === 'queued', 3_000);
      const held = await xJob();
      expect(held.lastError).toMatch(/X pide esperar/);
      expect(held.runAt.getTime()).toBeGreaterThan(Date.now());
      await until(async () => (await t.db.metricSample.count()) === 123, 8_000);
    } finally {
      await worker.stop();
    }
    // Every publication waits for its next snapshot, +24 h after publishing; the jobs wake by then,
    // or in 6 hours at most (a publication recorded while a job ran is never left waiting longer).
    expect(await t.db.publication.count({ where: { metricsDueAt: new Date(publishedAt.getTime() + DAY) } })).toBe(123);
    for (const account of [accounts.x, accounts.youtube]) {
      const job = await t.db.job.findUniqueOrThrow({ where: { key: `metrics:${account.id}` } });
      expect(job.status).toBe('queued');
      expect(Math.abs(job.runAt.getTime() - (Date.now() + 6 * HOUR))).toBeLessThan(15_000);
    }
    expect(await t.db.metricSample.count()).toBe(123);
  });
});
