import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError, type ChannelSettings, type OutgoingMedia, type OutgoingVariant, type PublishContext, type ReconcileResult } from '../../src/channels/channel.js';
import { userClient } from '../../src/channels/x/client.js';
import { xChannel } from '../../src/channels/x/index.js';
import { loadConfig } from '../../src/config.js';
import { serveFake, type ServedFake } from '../../src/sandbox/fake-kit.js';
import { createFakeX, type FakeX } from '../../src/sandbox/x.js';

/**
 * `xChannel.reconcile` through the real twitter-api-v2, over real HTTP, against the local X
 * server: after an attempt whose answer never came, is the post on X or not?
 * Every test uses its own account so timelines, duplicates and rate-limit windows do not mix.
 */

let fake: FakeX;
let served: ServedFake;
let settings: ChannelSettings;

beforeAll(async () => {
  fake = createFakeX();
  served = await serveFake(fake.app, fake.kit);
  settings = loadConfig({ X_API_BASE_URL: served.url, X_WEB_URL: served.url, PREGON_CHANNEL_TIMEOUT_MS: '500' }).channels;
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
  const made = fake.createAccount(`Concejo ${++accounts}`);
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
    pieceTitle: 'Jornada de vacunación',
    pieceBody: '',
    title: null,
    text: `Jornada de vacunación  en el parque principal   este sábado. ${randomBytes(4).toString('hex')}`,
    link: null,
    options: {},
    media: [],
    event: null,
    ...over,
  };
}

function image(altText: string): OutgoingMedia {
  const bytes = randomBytes(800);
  return { id: `media-${altText}`, kind: 'image', mimeType: 'image/png', bytes: bytes.length, width: 1200, height: 675, altText, read: async () => bytes };
}

const pressRelease = [
  'La Secretaría de Salud de San Martín invita a la jornada de vacunación del sábado. Habrá puestos en el parque principal, el hospital y las veredas El Carmen y La Esperanza.',
  'Se aplicarán vacunas contra influenza, sarampión y fiebre amarilla a niños, adultos mayores y gestantes. Lleve el carné de vacunación y el documento de identidad.',
  'Los puestos atenderán de 8:00 a. m. a 4:00 p. m. La jornada es gratuita y no requiere cita. Las personas con movilidad reducida pueden pedir visita a domicilio.',
  'Más información en la línea 607 555 0101 o en la página web de la Alcaldía. ¡Vacunarse protege a su familia y a toda la comunidad de San Martín!',
].join('\n\n');

const postsOf = (ctx: TestContext) => fake.tweets().filter((t) => t.authorId === ctx.credentials.remoteAccountId);
/** Requests that could change something on X: reconcile must never send one. */
const writes = () => fake.kit.log.filter((r) => r.method !== 'GET').length;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

async function failure(promise: Promise<unknown>): Promise<ChannelError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChannelError);
  return error as ChannelError;
}

async function reconcile(ctx: TestContext, v: OutgoingVariant, startedAt: Date, progress: unknown): Promise<ReconcileResult> {
  const before = writes();
  const result = await xChannel.reconcile!(ctx, v, { startedAt, progress });
  expect(writes()).toBe(before);
  return result;
}

/** A post made directly on X (by hand, or by an earlier publication) at the given time. */
async function postAt(ctx: TestContext, at: Date, text: string): Promise<string> {
  fake.kit.now = () => at;
  const { data } = await userClient(settings, ctx.credentials.accessToken).v2.tweet(text);
  fake.kit.now = () => new Date();
  return data.id;
}

describe('reconciling a post whose answer never came', () => {
  it('finds the post X stored, once, although X gives its text back with t.co links and escaped "&"', async () => {
    const ctx = newAccount();
    const v = variant({ text: 'Vacunación gratuita & sin cita este sábado', link: 'https://sanmartin.gov.co/salud/vacunacion', media: [image('Puesto de vacunación')] });
    const startedAt = new Date();
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /2/tweets', delayMs: 2000 });
    expect((await failure(xChannel.publish(ctx, v))).kind).toBe('unknown_outcome');
    const [stored, ...others] = postsOf(ctx);
    expect(others).toHaveLength(0);

    // What the timeline gives back is not what was sent: matching has to see through it.
    const listed = (await userClient(settings, ctx.credentials.accessToken).v2.userTimeline(ctx.credentials.remoteAccountId!)).tweets[0];
    expect(listed?.text).not.toContain('sanmartin.gov.co');
    expect(listed?.text).toMatch(/^Vacunación gratuita &amp; sin cita este sábado\s+https:\/\/t\.co\/\S+ https:\/\/t\.co\/\S+$/);

    // With the progress the attempt saved (the image), and without it (a crash lost it).
    for (const progress of [ctx.saved.at(-1), null]) {
      const result = await reconcile(ctx, v, startedAt, progress);
      expect(result).toEqual({
        state: 'published',
        result: {
          remoteId: stored?.id,
          url: `${served.url}/i/web/status/${stored?.id}`,
          publishedAt: stored?.createdAt,
          raw: { tweets: [{ id: stored?.id, text: stored?.text }], mediaIds: stored?.mediaIds },
        },
      });
    }
    expect(stored?.mediaIds).toHaveLength(1);
    expect(postsOf(ctx)).toHaveLength(1);
  });

  it('says absent when X never stored the post, giving back the progress to continue from', async () => {
    const ctx = newAccount();
    await postAt(ctx, minutesAgo(0), 'Otro aviso de la Alcaldía, publicado a mano');
    const v = variant({ media: [image('Afiche')] });
    const startedAt = new Date();
    fake.kit.addFault({ kind: 'server_error', match: 'POST /2/tweets' });
    expect((await failure(xChannel.publish(ctx, v))).kind).toBe('transient');
    const saved = ctx.saved.at(-1);
    expect(saved).toMatchObject({ tweetIds: [] });

    expect(await reconcile(ctx, v, startedAt, saved)).toEqual({ state: 'absent', progress: saved });
    expect(await reconcile(ctx, v, startedAt, null)).toEqual({ state: 'absent', progress: null });

    // Publishing again from that progress posts once and does not upload the image again.
    const uploads = fake.kit.requests('POST', '/2/media/upload/initialize').length;
    const result = await xChannel.publish({ ...ctx, progress: saved }, v);
    expect(fake.kit.requests('POST', '/2/media/upload/initialize').length).toBe(uploads);
    expect(postsOf(ctx).filter((t) => t.id === result.remoteId)).toHaveLength(1);
    expect(postsOf(ctx)).toHaveLength(2);
  });

  it('says unknown, in Spanish, when the listing fails; never absent for a post that is there', async () => {
    const ctx = newAccount();
    const v = variant();
    const startedAt = new Date();
    await xChannel.publish(ctx, v);
    const cases = [
      { fault: { kind: 'server_error', match: 'GET /2/users/' }, says: /error interno \(HTTP 500\)/ },
      { fault: { kind: 'rate_limit', match: 'GET /2/users/', resetInSeconds: 300 }, says: /pide esperar hasta/ },
      { fault: { kind: 'expired_token', match: 'GET /2/users/' }, says: /venció o fue revocado/ },
      { fault: { kind: 'slow', match: 'GET /2/users/', delayMs: 1500 }, says: /no respondió a tiempo/ },
    ] as const;
    for (const { fault, says } of cases) {
      fake.kit.addFault(fault);
      const result = await reconcile(ctx, v, startedAt, null);
      expect(result.state).toBe('unknown');
      const reason = result.state === 'unknown' ? result.reason : '';
      expect(reason).toMatch(/^No fue posible verificar en X si la publicación quedó hecha: /);
      expect(reason).toMatch(says);
    }
    expect((await reconcile(ctx, v, startedAt, null)).state).toBe('published');

    // X answers 200 with only `errors` for an account it cannot find (suspended, deleted).
    const gone = await reconcile({ ...ctx, credentials: { ...ctx.credentials, remoteAccountId: '1234567890' } }, v, startedAt, null);
    expect(gone).toEqual({ state: 'unknown', reason: expect.stringContaining('X no dejó leer las publicaciones de la cuenta: «Could not find user') });
  });

  it('asks X who the account is when its id was not kept', async () => {
    const ctx = newAccount();
    const v = variant();
    const startedAt = new Date();
    const published = await xChannel.publish(ctx, v);
    const result = await reconcile({ ...ctx, credentials: { ...ctx.credentials, remoteAccountId: null } }, v, startedAt, null);
    expect(result.state === 'published' && result.result.remoteId).toBe(published.remoteId);
  });

  it('does not take an identical post from before the attempt for it, beyond two minutes of clock difference', async () => {
    const ctx = newAccount();
    const v = variant();
    await postAt(ctx, minutesAgo(60), v.text);
    expect(await reconcile(ctx, v, new Date(), null)).toEqual({ state: 'absent', progress: null });
    // Ninety seconds before the attempt started is within the clocks' difference: that one counts.
    const w = variant();
    const skewed = await postAt(ctx, new Date(Date.now() - 90_000), w.text);
    const found = await reconcile(ctx, w, new Date(), null);
    expect(found.state === 'published' && found.result.remoteId).toBe(skewed);
  });

  it('reads every page of the timeline since the attempt', async () => {
    const ctx = newAccount();
    const v = variant();
    const startedAt = new Date();
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /2/tweets', delayMs: 2000 });
    expect((await failure(xChannel.publish(ctx, v))).kind).toBe('unknown_outcome');
    const [stored] = postsOf(ctx);
    // A hundred newer posts push it to the second page (twenty minutes later: a new rate-limit window).
    for (let i = 0; i < 100; i++) await postAt(ctx, new Date(Date.now() + 20 * 60_000), `Aviso ${i}`);
    const listings = () => fake.kit.requests('GET', '/2/users/').length;
    const before = listings();
    const result = await reconcile(ctx, v, startedAt, null);
    expect(result.state === 'published' && result.result.remoteId).toBe(stored?.id);
    expect(listings() - before).toBe(2);
  });

  it('prefers the newest of several matching posts in the window', async () => {
    const ctx = newAccount();
    const v = variant();
    // X refuses the same text within a day, so the older twin is two days old.
    const older = await postAt(ctx, minutesAgo(2 * 24 * 60), v.text);
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /2/tweets', delayMs: 2000 });
    expect((await failure(xChannel.publish(ctx, v))).kind).toBe('unknown_outcome');
    const newer = postsOf(ctx).find((t) => t.id !== older)?.id;
    const result = await reconcile(ctx, v, minutesAgo(3 * 24 * 60), null);
    expect(result.state === 'published' && result.result.remoteId).toBe(newer);
  });
});

describe('reconciling a thread', () => {
  it('gives the parts found when the thread was cut, and publishing again completes it without duplicates', async () => {
    const ctx = newAccount((state) => {
      // The second part is stored by X, but its answer never comes.
      if ((state as { tweetIds: string[] }).tweetIds.length === 1) fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /2/tweets', delayMs: 2000 });
    });
    const v = variant({ text: pressRelease, options: { thread: true } });
    const startedAt = new Date();
    expect((await failure(xChannel.publish(ctx, v))).kind).toBe('unknown_outcome');
    const [first, second, ...more] = postsOf(ctx);
    expect(more).toHaveLength(0);
    expect(ctx.saved.at(-1)).toEqual({ mediaIds: [], tweetIds: [first?.id] });

    const expected = { state: 'absent', progress: { mediaIds: [], tweetIds: [first?.id, second?.id] } };
    expect(await reconcile(ctx, v, startedAt, ctx.saved.at(-1))).toEqual(expected);
    // Without the saved progress, the first part is found by its text.
    expect(await reconcile(ctx, v, startedAt, null)).toEqual(expected);

    const published = await xChannel.publish({ ...ctx, progress: expected.progress }, v);
    const posts = postsOf(ctx);
    expect(posts.map((p) => p.text.slice(-5))).toEqual(['(1/4)', '(2/4)', '(3/4)', '(4/4)']);
    expect(posts.slice(1).map((p) => p.inReplyTo)).toEqual(posts.slice(0, -1).map((p) => p.id));

    // The whole thread is now found, as `publish` described it.
    const whole = await reconcile(ctx, v, startedAt, null);
    expect(whole.state).toBe('published');
    if (whole.state !== 'published') return;
    expect(whole.result.remoteId).toBe(published.remoteId);
    expect(whole.result.raw).toEqual(published.raw);
    expect(whole.result.publishedAt).toEqual(posts[3]?.createdAt);
  });

  it('continues from the progress of an earlier attempt whose posts are older than the window', async () => {
    const ctx = newAccount((state) => {
      if ((state as { tweetIds: string[] }).tweetIds.length === 2) fake.kit.addFault({ kind: 'server_error', match: 'POST /2/tweets' });
    });
    const v = variant({ text: pressRelease, options: { thread: true } });
    fake.kit.now = () => minutesAgo(30);
    expect((await failure(xChannel.publish(ctx, v))).kind).toBe('transient');
    fake.kit.now = () => new Date();
    const saved = ctx.saved.at(-1) as { tweetIds: string[] };

    // A later attempt posts the third part and loses its answer.
    const startedAt = new Date();
    fake.kit.addFault({ kind: 'timeout_after_store', match: 'POST /2/tweets', delayMs: 2000 });
    expect((await failure(xChannel.publish({ ...ctx, progress: saved }, v))).kind).toBe('unknown_outcome');
    const third = postsOf(ctx)[2]?.id;

    expect(await reconcile(ctx, v, startedAt, saved)).toEqual({ state: 'absent', progress: { mediaIds: [], tweetIds: [...saved.tweetIds, third] } });
  });
});
