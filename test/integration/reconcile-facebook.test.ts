import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError, type ConnectedAccount, type OutgoingMedia, type OutgoingVariant, type PublishContext, type ReconcileResult } from '../../src/channels/channel.js';
import { facebookChannel } from '../../src/channels/facebook/index.js';
import { loadConfig } from '../../src/config.js';
import { serveFake, snowflake, type Fault, type ServedFake } from '../../src/sandbox/fake-kit.js';
import { createFakeGraph, type FakeGraph, type FakePost } from '../../src/sandbox/graph.js';

/**
 * Reconciling Facebook attempts whose answer never came: the channel's `fetch` against the
 * local Graph server on 127.0.0.1, which stores a post and then goes silent
 * (`timeout_after_store`), fails before storing (`server_error`), or fails the feed read.
 */

let fake: FakeGraph;
let served: ServedFake;
let page: ConnectedAccount;
let pageCount = 0;

const settings = () =>
  loadConfig({
    META_GRAPH_BASE_URL: `${served.url}/v21.0`,
    META_OAUTH_DIALOG_URL: `${served.url}/v21.0/dialog/oauth`,
    META_WEB_URL: `${served.url}/web`,
    PREGON_CHANNEL_TIMEOUT_MS: '400',
  }).channels;

function contextFor(progress: unknown = null) {
  const saved: unknown[] = [];
  const ctx: PublishContext = {
    settings: settings(),
    credentials: { accessToken: page.accessToken, refreshToken: null, expiresAt: null, remoteAccountId: page.remoteAccountId },
    account: { id: `acc-${page.remoteAccountId}`, label: page.label, remoteAccountId: page.remoteAccountId, sandbox: true },
    progress,
    saveProgress: async (state) => {
      saved.push(structuredClone(state));
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

const threePhotos = async () => [await image('a', '#aa0000', 'Uno'), await image('b', '#00aa00', 'Dos'), await image('c', '#0000aa', 'Tres')];

/** Publishes with a fault on the way and returns the error, the progress saved and when the attempt started. */
async function failedAttempt(v: OutgoingVariant, fault: Fault, progress: unknown = null) {
  fake.kit.addFault(fault);
  const { ctx, saved } = contextFor(progress);
  const startedAt = new Date();
  const error = await facebookChannel.publish(ctx, v).then(
    () => null,
    (e: unknown) => e,
  );
  fake.kit.clearFaults();
  expect(error).toBeInstanceOf(ChannelError);
  return { error: error as ChannelError, startedAt, progress: saved.at(-1) ?? progress };
}

/** Reconciles and checks that it only read: no request other than GET reached Graph. */
async function reconcile(v: OutgoingVariant, attempt: { startedAt: Date; progress: unknown }): Promise<ReconcileResult> {
  const before = fake.kit.log.length;
  const result = await facebookChannel.reconcile!(contextFor().ctx, v, attempt);
  expect(fake.kit.log.slice(before).every((r) => r.method === 'GET')).toBe(true);
  return result;
}

const feedPath = () => `/v21.0/${page.remoteAccountId}/feed`;
const postsOf = () => [...fake.store.posts.values()].filter((p) => p.pageId === page.remoteAccountId);
const photosOf = () => [...fake.store.photos.values()].filter((p) => p.pageId === page.remoteAccountId);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

/** A post someone made by hand on Facebook (or one Facebook reshaped), straight into the fake's store. */
function postByHand(message: string, createdAt: Date): FakePost {
  const post: FakePost = { id: `${page.remoteAccountId}_${snowflake()}`, pageId: page.remoteAccountId, message, link: null, photoIds: [], createdAt };
  fake.store.posts.set(post.id, post);
  return post;
}

/** Publishes through the channel as if Pregón's clock (and Facebook's) were at `at`. */
async function publishedAt(at: Date, v: OutgoingVariant) {
  fake.kit.now = () => at;
  try {
    return await facebookChannel.publish(contextFor().ctx, v);
  } finally {
    fake.kit.now = () => new Date();
  }
}

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

describe('a post stored while the answer was lost', () => {
  it('text: published, the same post the fake holds, with what publish() would have returned', async () => {
    const v = variant({ text: 'Vacunación gratuita el sábado en el coliseo', link: 'https://alcaldia.gov.co/vacunacion' });
    const attempt = await failedAttempt(v, { kind: 'timeout_after_store', match: `POST ${feedPath()}` });
    expect(attempt.error.kind).toBe('unknown_outcome');

    const outcome = await reconcile(v, attempt);

    const [stored, ...others] = postsOf();
    expect(others).toHaveLength(0);
    expect(outcome).toEqual({
      state: 'published',
      result: { remoteId: stored!.id, url: `${served.url}/web/${stored!.id}`, publishedAt: expect.any(Date), raw: { id: stored!.id } },
    });
    const result = (outcome as Extract<ReconcileResult, { state: 'published' }>).result;
    // Facebook's created_time, to the second.
    expect(Math.abs(result.publishedAt.getTime() - stored!.createdAt.getTime())).toBeLessThan(1000);
    expect((await fetch(result.url)).status).toBe(200);
  });

  it('one photo: published, the feed post, with the photo answer as raw', async () => {
    const v = variant({ text: 'Afiche de la feria', media: [await image('m1', '#c0392b', 'Afiche')] });
    const attempt = await failedAttempt(v, { kind: 'timeout_after_store', match: `POST /v21.0/${page.remoteAccountId}/photos` });
    expect(attempt.error.kind).toBe('unknown_outcome');

    const outcome = await reconcile(v, attempt);

    const [photo] = photosOf();
    expect(postsOf()).toHaveLength(1);
    expect(outcome).toMatchObject({ state: 'published', result: { remoteId: photo!.postId, raw: { id: photo!.id, post_id: photo!.postId } } });
  });

  it('several photos: published once all are attached, with the post and its photos as raw', async () => {
    const v = variant({ text: 'Galería de la feria', media: await threePhotos() });
    const attempt = await failedAttempt(v, { kind: 'timeout_after_store', match: `POST ${feedPath()}` });
    expect(attempt.error.kind).toBe('unknown_outcome');

    const outcome = await reconcile(v, attempt);

    const [post, ...others] = postsOf();
    expect(others).toHaveLength(0);
    expect(outcome).toMatchObject({ state: 'published', result: { remoteId: post!.id, raw: { post: { id: post!.id }, photoIds: post!.photoIds } } });
  });

  it('matches the text as Facebook shows it: spacing changed and the link rewritten', async () => {
    const v = variant({ text: 'Cierre vial  en la calle 10.\n\nDetalles: https://alcaldia.gov.co/vias' });
    const attempt = { startedAt: minutesAgo(1), progress: null };
    const reshaped = postByHand('Cierre vial en la calle 10.\nDetalles: https://alcaldia.gov.co/vias?fbclid=IwAR0abc ', minutesAgo(0.5));
    // Newer, but in other case: another text, not ours.
    postByHand('cierre vial en la calle 10. Detalles: https://alcaldia.gov.co/vias', new Date());

    expect(await reconcile(v, attempt)).toMatchObject({ state: 'published', result: { remoteId: reshaped.id } });
  });

  it('several photos: the post attaching the uploaded photos is ours even with its text edited on Facebook', async () => {
    const v = variant({ text: 'Mercado campesino', media: await threePhotos() });
    const attempt = await failedAttempt(v, { kind: 'timeout_after_store', match: `POST ${feedPath()}` });
    const [post] = postsOf();
    post!.message = 'Mercado campesino este domingo (editado)';

    expect(await reconcile(v, attempt)).toMatchObject({ state: 'published', result: { remoteId: post!.id } });
  });

  it('the same text without the photo is another post', async () => {
    const v = variant({ text: 'Concurso de fotografía', media: [await image('m1', '#123456', 'Foto ganadora')] });
    postByHand('Concurso de fotografía', new Date());

    expect(await reconcile(v, { startedAt: minutesAgo(1), progress: null })).toEqual({ state: 'absent', progress: null });
  });

  it('a text with a different number of links is another post', async () => {
    const v = variant({ text: 'Inscripciones abiertas: https://alcaldia.gov.co/cursos' });
    postByHand('Inscripciones abiertas: https://alcaldia.gov.co/cursos https://alcaldia.gov.co/becas', new Date());

    expect(await reconcile(v, { startedAt: new Date(), progress: null })).toEqual({ state: 'absent', progress: null });
  });
});

describe('the window since the attempt started', () => {
  it('an identical older post outside the window is not taken for this attempt', async () => {
    const v = variant({ text: 'Jornada de limpieza del río' });
    const older = await publishedAt(minutesAgo(60), v);
    const attempt = await failedAttempt(v, { kind: 'server_error', match: `POST ${feedPath()}` });
    expect(attempt.error.kind).toBe('transient');

    expect(await reconcile(v, attempt)).toEqual({ state: 'absent', progress: null });
    expect(postsOf().map((p) => p.id)).toEqual([older.remoteId]);
  });

  it('allows two minutes of clock difference before the start, not more', async () => {
    const v = variant({ text: 'Feria de emprendimiento' });
    const startedAt = new Date();
    postByHand('Feria de emprendimiento', minutesAgo(3));
    expect(await reconcile(v, { startedAt, progress: null })).toEqual({ state: 'absent', progress: null });

    const skewed = postByHand('Feria de emprendimiento', minutesAgo(1));
    expect(await reconcile(v, { startedAt, progress: null })).toMatchObject({ state: 'published', result: { remoteId: skewed.id } });
  });

  it('prefers the newest of several matches in the window', async () => {
    const v = variant({ text: 'Corte de agua programado' });
    // Graph refuses the same text twice within ten minutes, so the first copy is eleven minutes old.
    await publishedAt(minutesAgo(11), v);
    const attempt = await failedAttempt(v, { kind: 'timeout_after_store', match: `POST ${feedPath()}` });
    const newest = postsOf().sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];

    expect(await reconcile(v, { ...attempt, startedAt: minutesAgo(12) })).toMatchObject({ state: 'published', result: { remoteId: newest!.id } });
  });

  it('reads past the first page of the feed', async () => {
    const v = variant({ text: 'Convocatoria de becas' });
    const attempt = await failedAttempt(v, { kind: 'timeout_after_store', match: `POST ${feedPath()}` });
    const [ours] = postsOf();
    for (let i = 0; i < 120; i += 1) postByHand(`Publicación ${i}`, new Date());

    expect(await reconcile(v, attempt)).toMatchObject({ state: 'published', result: { remoteId: ours!.id } });
    expect(fake.kit.requests('GET', feedPath()).length).toBe(2);
  });

  it('too many posts to read since the attempt: unknown rather than a guess', async () => {
    const v = variant({ text: 'Nunca publicada' });
    for (let i = 0; i < 501; i += 1) postByHand(`Publicación ${i}`, new Date());

    const outcome = await reconcile(v, { startedAt: minutesAgo(1), progress: null });
    expect(outcome).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/más de 500 publicaciones/) });
  });
});

describe('a post never stored', () => {
  it('text: absent, nothing to continue from', async () => {
    const v = variant({ text: 'Aviso que no llegó' });
    const attempt = await failedAttempt(v, { kind: 'server_error', match: `POST ${feedPath()}` });
    expect(postsOf()).toHaveLength(0);

    expect(await reconcile(v, attempt)).toEqual({ state: 'absent', progress: null });
  });

  it('several photos, the post missing: absent with every uploaded photo, and publishing again attaches them once', async () => {
    const media = await threePhotos();
    const v = variant({ text: 'Obras del parque', media });
    const attempt = await failedAttempt(v, { kind: 'server_error', match: `POST ${feedPath()}` });
    expect(photosOf()).toHaveLength(3);

    const outcome = await reconcile(v, attempt);
    expect(outcome).toEqual({ state: 'absent', progress: attempt.progress });
    expect((outcome as { progress: { photos: unknown[] } }).progress.photos).toHaveLength(3);

    const { ctx } = contextFor((outcome as { progress: unknown }).progress);
    const result = await facebookChannel.publish(ctx, v);
    expect(photosOf()).toHaveLength(3);
    const [post, ...others] = postsOf();
    expect(others).toHaveLength(0);
    expect(post?.id).toBe(result.remoteId);
    expect(post?.photoIds.map((id) => fake.store.photos.get(id)?.altText)).toEqual(['Uno', 'Dos', 'Tres']);
  });

  it('several photos, one upload failed: absent with the photos found, and publishing again uploads only the rest', async () => {
    const media = await threePhotos();
    const v = variant({ text: 'Recorrido por las veredas', media });
    const attempt = await failedAttempt(v, { kind: 'server_error', match: `POST /v21.0/${page.remoteAccountId}/photos`, after: 2 });
    expect(photosOf()).toHaveLength(2);

    const outcome = await reconcile(v, attempt);
    expect(outcome).toEqual({ state: 'absent', progress: { photos: photosOf().map((p, i) => ({ mediaId: media[i]!.id, photoId: p.id })) } });

    await facebookChannel.publish(contextFor((outcome as { progress: unknown }).progress).ctx, v);
    expect(photosOf()).toHaveLength(3);
    expect(postsOf()).toHaveLength(1);
    expect(fake.kit.requests('POST', `/v21.0/${page.remoteAccountId}/photos`)).toHaveLength(4); // 2 + the refused one + the last
  });

  it('a photo of the progress deleted on Facebook is left out, so it is uploaded again', async () => {
    const media = await threePhotos();
    const v = variant({ text: 'Festival de la cosecha', media });
    const attempt = await failedAttempt(v, { kind: 'server_error', match: `POST ${feedPath()}` });
    const deleted = (attempt.progress as { photos: { mediaId: string; photoId: string }[] }).photos[1]!;
    fake.store.photos.delete(deleted.photoId);

    const outcome = await reconcile(v, attempt);
    const kept = (outcome as { progress: { photos: { mediaId: string }[] } }).progress.photos.map((p) => p.mediaId);
    expect(outcome.state).toBe('absent');
    expect(kept).toEqual(['a', 'c']);

    await facebookChannel.publish(contextFor((outcome as { progress: unknown }).progress).ctx, v);
    expect(postsOf()[0]?.photoIds.map((id) => fake.store.photos.get(id)?.altText)).toEqual(['Uno', 'Dos', 'Tres']);
  });
});

describe('Facebook failing to answer', () => {
  const v = () => variant({ text: 'Consulta que falla' });

  it.each([
    ['server_error', /error interno \(HTTP 500\)/],
    ['rate_limit', /límite de uso/],
    ['expired_token', /token de Facebook venció/],
  ] as const)('%s on the feed read: unknown, with the reason in Spanish', async (kind, reason) => {
    fake.kit.addFault({ kind, match: `GET ${feedPath()}` });
    const outcome = await reconcile(v(), { startedAt: new Date(), progress: null });
    expect(outcome).toEqual({ state: 'unknown', reason: expect.stringMatching(/^No se pudo comprobar en Facebook si la publicación quedó hecha/) });
    expect((outcome as { reason: string }).reason).toMatch(reason);
  });

  it('a feed read that times out: unknown', async () => {
    fake.kit.addFault({ kind: 'slow', match: `GET ${feedPath()}`, delayMs: 700 });
    const outcome = await reconcile(v(), { startedAt: new Date(), progress: null });
    expect(outcome).toMatchObject({ state: 'unknown', reason: expect.stringMatching(/no respondió a tiempo/) });
  });

  it('the photo check failing: unknown, not absent', async () => {
    const v3 = variant({ text: 'Fotos sin confirmar', media: await threePhotos() });
    const attempt = await failedAttempt(v3, { kind: 'server_error', match: `POST ${feedPath()}` });
    fake.kit.addFault({ kind: 'server_error', match: 'GET /v21.0/', after: 1 });

    expect(await reconcile(v3, attempt)).toMatchObject({ state: 'unknown' });
  });
});
