import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/audit/write-audit.js';
import { createSecretBox, loadSecretKey, type SecretBox } from '../../src/auth/secret-box.js';
import { connectAccountWithTokens } from '../../src/channels/accounts.js';
import type { ConnectedAccount, OutgoingVariant, PublishContext, PublishResult } from '../../src/channels/channel.js';
import type { Network } from '../../src/generated/prisma/client.js';
import { facebookChannel } from '../../src/channels/facebook/index.js';
import { userClient } from '../../src/channels/x/client.js';
import { xChannel } from '../../src/channels/x/index.js';
import { youtubeApi } from '../../src/channels/youtube/client.js';
import { youtubeChannel } from '../../src/channels/youtube/index.js';
import { loadConfig } from '../../src/config.js';
import type { ImportResult } from '../../src/dialogue/questions/import-comments.js';
import { findPiece, pieceSnapshot } from '../../src/pieces/piece-view.js';
import type { ServedFake } from '../../src/sandbox/fake-kit.js';
import type { FakeGoogle } from '../../src/sandbox/google.js';
import type { FakeGraph } from '../../src/sandbox/graph.js';
import { startSandboxServers, type Sandbox } from '../../src/sandbox/start.js';
import type { FakeX } from '../../src/sandbox/x.js';
import { formRequest } from '../support/http.js';
import { createTestContext, createUserWithToken, importSeedPlan, jsonRequest as json, withToken, type Client, type TestContext } from '../support/test-db.js';

/**
 * "Importar comentarios" end to end: the posts and the citizens' comments are made on the local
 * X, Google and Graph servers (the sandbox's, src/sandbox/start.ts) through the real client
 * libraries (twitter-api-v2, @googleapis/youtube, fetch), and Pregón reads them back through its
 * channel readers (xReplies, youtubeComments, facebookComments) from the real app's route, over HTTP.
 */

let sandbox: Sandbox;
let x: FakeX & ServedFake;
let google: FakeGoogle & ServedFake;
let graph: FakeGraph & ServedFake;
let t: TestContext;
let box: SecretBox;
let planId: string;
let activityId: string;
let office: Client;
let department: Client;

beforeAll(async () => {
  sandbox = await startSandboxServers(loadConfig({ PREGON_CHANNEL_TIMEOUT_MS: '5000' }).channels);
  // The sandbox's servers are these networks' fakes; the tests also use what only each one has (its posts, people, tokens).
  x = sandbox.fakes.x as FakeX & ServedFake;
  google = sandbox.fakes.google as FakeGoogle & ServedFake;
  graph = sandbox.fakes.meta as FakeGraph & ServedFake;
  t = await createTestContext({}, { channels: sandbox.settings, sandbox: true });
  box = createSecretBox(loadSecretKey(t.config));
  planId = await importSeedPlan(t.db);
  activityId = (await t.db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Fomentar la discusión' } } })).id;
  const communications = await createUserWithToken(t.db, 'communications');
  office = withToken(t.anon, communications.token);
  const planeacion = await t.db.department.findFirstOrThrow({ where: { name: 'Secretaría de Planeación' } });
  department = withToken(t.anon, (await createUserWithToken(t.db, 'department', [planeacion.id])).token);
});
afterAll(async () => {
  await t?.close();
  await sandbox?.close();
});

/** The office's account on a network, connected in Pregón as an admin would paste its tokens. */
async function connect(network: Network, made: ConnectedAccount) {
  const account = await connectAccountWithTokens({
    db: t.db,
    box,
    actor: systemActor,
    input: { network, label: made.label, accessToken: made.accessToken, refreshToken: made.refreshToken ?? null, expiresAt: made.expiresAt?.toISOString() ?? null, remoteAccountId: made.remoteAccountId, scope: made.scope ?? null, sandbox: true },
  });
  return account.id;
}

function publishContext(made: ConnectedAccount): PublishContext {
  return {
    settings: t.config.channels,
    credentials: { accessToken: made.accessToken, refreshToken: made.refreshToken ?? null, expiresAt: made.expiresAt ?? null, remoteAccountId: made.remoteAccountId },
    account: { id: 'office', label: made.label, remoteAccountId: made.remoteAccountId, sandbox: true },
    progress: null,
    saveProgress: async () => {},
  };
}

function outgoing(over: Partial<OutgoingVariant>): OutgoingVariant {
  return { pieceId: 'p', pieceKind: 'social_post', pieceTitle: 'Rendición de cuentas', pieceBody: '', title: null, text: '', link: null, options: {}, media: [], event: null, ...over };
}

/** What publish-piece records after a publication went out: the piece, its variant, its approved version and the publication. */
async function recordPublication(network: Network, accountId: string, title: string, result: PublishResult, options: Record<string, unknown> = {}) {
  const piece = await t.db.piece.create({ data: { kind: 'social_post', title, status: 'published', approvedVersion: 1, activityId } });
  const variant = await t.db.pieceVariant.create({ data: { pieceId: piece.id, network, text: title, options: JSON.stringify(options) } });
  await t.db.pieceVersion.create({ data: { pieceId: piece.id, version: 1, snapshot: pieceSnapshot(await findPiece(t.db, piece.id)) } });
  return t.db.publication.create({
    data: { pieceId: piece.id, variantId: variant.id, accountId, pieceVersion: 1, status: 'published', remoteId: result.remoteId, url: result.url, publishedAt: result.publishedAt, rawResponse: JSON.stringify(result.raw) },
  });
}

async function importFrom(target: { publicationId: string } | { eventId: string }): Promise<ImportResult> {
  const res = await office.request(`/api/plans/${planId}/questions/import`, json('POST', target));
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return JSON.parse(text) as ImportResult;
}

const questionsFrom = (source: string) => t.db.citizenQuestion.findMany({ where: { planId, source }, orderBy: { receivedAt: 'asc' } });

// ------------------------------------------------------------------ X

describe('X: the replies to a post and its thread (GET /2/tweets/search/recent)', () => {
  let publicationId: string;
  let citizenReplies = 0;
  /** The thread's parts after the first: the office's own posts in the conversation. */
  let ownParts = 0;

  beforeAll(async () => {
    const made = x.createAccount('Alcaldía de San Martín');
    const accountId = await connect('x', made);
    const text = `Rendición de cuentas 2026: así avanzan las obras. ${'Vías, acueductos y colegios en cada vereda del municipio. '.repeat(6)}${randomBytes(3).toString('hex')}`;
    const result = await xChannel.publish(publishContext(made), outgoing({ text, options: { thread: true } }));
    const parts = (result.raw as { tweets: { id: string }[] }).tweets.map((tw) => tw.id);
    expect(parts.length).toBeGreaterThan(1);
    ownParts = parts.length - 1;
    publicationId = (await recordPublication('x', accountId, 'Así avanzan las obras', result)).id;

    // Three citizens reply 35 times each, to the first post or to the thread's second part.
    const citizens = ['Vecina Uno', 'Vecino Dos', 'Vecina Tres'].map((name) => ({ name, client: userClient(t.config.channels, x.createAccount(name).accessToken).v2 }));
    for (const [n, citizen] of citizens.entries()) {
      for (let i = 0; i < 35; i++) {
        const leading = i === 0 ? '@AlcaldiaSM ' : '';
        await citizen.client.tweet({ text: `${leading}¿Cuándo arreglan la calle ${n * 100 + i} del barrio ${citizen.name}? Pregunta ${i}`, reply: { in_reply_to_tweet_id: parts[i % 2]! } });
        citizenReplies += 1;
      }
    }
    // The office answers one of them (its own: never a question), and someone only says "Gracias".
    const firstReply = x.tweets().find((tw) => tw.authorId !== made.remoteAccountId && tw.inReplyTo === parts[0])!;
    await userClient(t.config.channels, made.accessToken).v2.tweet({ text: 'Gracias por su pregunta: la respondemos en la audiencia.', reply: { in_reply_to_tweet_id: firstReply.id } });
    await citizens[0]!.client.tweet({ text: 'Gracias', reply: { in_reply_to_tweet_id: parts[0]! } });
    // A reply to another post of the account is another conversation.
    const other = await userClient(t.config.channels, made.accessToken).v2.tweet({ text: `Otra publicación ${randomBytes(3).toString('hex')}` });
    await citizens[1]!.client.tweet({ text: '¿Esta respuesta es de otra conversación distinta?', reply: { in_reply_to_tweet_id: other.data.id } });
  });

  it('stops at a 429 keeping the first page, then imports the rest, then nothing more', async () => {
    expect(citizenReplies).toBe(105);
    const searches = () => x.kit.requests('GET', '/2/tweets/search/recent');
    x.kit.addFault({ kind: 'rate_limit', match: 'GET /2/tweets/search/recent', after: 1, resetInSeconds: 900 });

    const stopped = await importFrom({ publicationId });
    expect(stopped).toMatchObject({ network: 'x', complete: false, read: 100 });
    expect(stopped.stoppedBy).toMatch(/^X pidió esperar hasta el .+ por límite de uso y la importación se detuvo\./);
    expect(stopped.stoppedBy).toContain(`Se guardaron las ${stopped.imported} preguntas importadas`);
    expect(stopped.imported + stopped.own + stopped.tooShort).toBe(100);
    expect(await questionsFrom('x')).toHaveLength(stopped.imported);
    expect(searches()).toHaveLength(2);
    expect(searches()[1]!.fault).toBe('rate_limit');

    const rest = await importFrom({ publicationId });
    // The thread's other parts and the office's answer are its own; «Gracias» is too short.
    expect(rest).toMatchObject({ complete: true, stoppedBy: null, read: ownParts + 1 + 105 + 1, own: ownParts + 1, tooShort: 1, alreadyImported: stopped.imported, imported: 105 - stopped.imported });
    // Two pages of up to 100, the second asked with X's next_token.
    const [first, second] = searches().slice(2);
    expect(first!.query).toContain('max_results=100');
    expect(decodeURIComponent(first!.query)).toContain('query=conversation_id:');
    expect(second!.query).toContain('next_token=');

    const again = await importFrom({ publicationId });
    expect(again).toMatchObject({ complete: true, imported: 0, alreadyImported: 105, own: ownParts + 1, tooShort: 1 });
    const stored = await questionsFrom('x');
    expect(stored).toHaveLength(105);
    expect(new Set(stored.map((s) => s.sourceRef)).size).toBe(105);
  });

  it('keeps the public display name, drops the leading @mentions and dates the question when it was asked', async () => {
    const stored = await questionsFrom('x');
    const mention = stored.find((s) => s.text.startsWith('¿Cuándo arreglan la calle 0 del barrio Vecina Uno?'))!;
    expect(mention).toMatchObject({ authorName: 'Vecina Uno', status: 'received', contact: null });
    const reply = x.tweets().find((tw) => tw.id === mention.sourceRef)!;
    expect(mention.receivedAt.toISOString()).toBe(reply.createdAt.toISOString());
    expect(stored.some((s) => s.text.includes('otra conversación'))).toBe(false);
    expect(stored.some((s) => s.text.startsWith('Gracias por su pregunta'))).toBe(false);
  });
});

// ------------------------------------------------------------------ YouTube

describe('YouTube: the comments of the hearing’s live broadcast (commentThreads.list)', () => {
  let eventId: string;
  let officeChannel: string;

  beforeAll(async () => {
    const start = Date.now();
    google.kit.now = () => new Date(start);
    const made = google.createAccount('Alcaldía de San Martín');
    officeChannel = made.remoteAccountId;
    const startsAt = new Date(start + 10 * 60_000);
    const event = await t.db.event.create({ data: { planId, kind: 'public_hearing', title: 'Audiencia pública de rendición de cuentas', startsAt } });
    eventId = event.id;
    const live = await youtubeChannel.publish(
      publishContext(made),
      outgoing({ title: 'Audiencia pública (en vivo)', text: 'Transmisión de la audiencia.', options: { youtubeMode: 'live', privacy: 'public', eventId }, event: { id: eventId, title: event.title, description: null, startsAt, endsAt: null } }),
    );
    await t.db.event.update({ where: { id: eventId }, data: { broadcastId: live.remoteId, watchUrl: live.url } });

    // 1,000 minutes after the start: the local server has 125 comments from @vecinoN channels.
    google.kit.now = () => new Date(startsAt.getTime() + 1000 * 60_000);
    // Tokens are issued on the local server's clock: the office reconnects with a fresh one.
    const fresh = google.kit.issueToken(made.remoteAccountId, { ttlSeconds: 3599, scope: made.scope ?? '' });
    const reconnected = { ...made, accessToken: fresh.accessToken, expiresAt: fresh.expiresAt };
    const accountId = await connect('youtube', reconnected);
    await recordPublication('youtube', accountId, 'Audiencia pública (en vivo)', live, { youtubeMode: 'live', eventId });

    const citizen = google.createAccount('Vecina Roja');
    const insert = (token: string, textOriginal: string) =>
      youtubeApi(t.config.channels, token).commentThreads.insert({ part: ['snippet'], requestBody: { snippet: { videoId: live.remoteId, topLevelComment: { snippet: { textOriginal } } } } });
    await insert(citizen.accessToken, '¿La audiencia queda grabada para verla después con mi familia?');
    await insert(fresh.accessToken, 'Bienvenidos a la audiencia pública de rendición de cuentas.');
  });
  afterAll(() => {
    google.kit.now = () => new Date();
  });

  it('pages by 100, skips the channel’s own comment, stops at a rate limit keeping what it read, and adds nothing twice', async () => {
    const threads = () => google.kit.requests('GET', '/youtube/v3/commentThreads');
    google.kit.addFault({ kind: 'rate_limit', match: 'GET /youtube/v3/commentThreads', after: 1 });
    const stopped = await importFrom({ eventId });
    expect(stopped).toMatchObject({ network: 'youtube', complete: false, read: 100 });
    expect(stopped.stoppedBy).toMatch(/^YouTube pidió esperar hasta el .+ por límite de uso/);
    expect(await questionsFrom('youtube')).toHaveLength(stopped.imported);
    expect(threads()[0]!.query).toContain('maxResults=100');
    expect(threads()[0]!.query).toContain('textFormat=plainText');

    const rest = await importFrom({ eventId });
    // 125 generated comments (five texts repeated: 120 are duplicates) + the citizen's; the office's own is skipped.
    expect(rest).toMatchObject({ complete: true, read: 127, own: 1, imported: 126 - stopped.imported, alreadyImported: stopped.imported });
    expect(threads().slice(2).map((r) => r.query.includes('pageToken='))).toEqual([false, true]);

    const stored = await questionsFrom('youtube');
    expect(stored).toHaveLength(126);
    expect(stored.filter((s) => s.status === 'duplicate')).toHaveLength(120);
    expect(stored.some((s) => s.text.startsWith('Bienvenidos'))).toBe(false);
    const hers = stored.find((s) => s.text.startsWith('¿La audiencia queda grabada'))!;
    expect(hers).toMatchObject({ authorName: '@vecinaroja', eventId, status: 'received' });
    expect(stored.find((s) => s.sourceRef?.startsWith('Ugz'))?.authorName).toMatch(/^@vecino\d+$/);

    const again = await importFrom({ eventId });
    expect(again).toMatchObject({ imported: 0, alreadyImported: 126, own: 1 });
    expect(await questionsFrom('youtube')).toHaveLength(126);
    expect(officeChannel).toMatch(/^UC/);
  });
});

// ------------------------------------------------------------------ Facebook

describe('Facebook: the comments of a page’s post (GET /{post-id}/comments)', () => {
  let publicationId: string;
  let postId: string;

  beforeAll(async () => {
    const made = graph.createAccount('Alcaldía de San Martín');
    const accountId = await connect('facebook', made);
    const result = await facebookChannel.publish(publishContext(made), outgoing({ text: `La audiencia pública es el 24 de noviembre: deje aquí su pregunta. ${randomBytes(3).toString('hex')}` }));
    postId = result.remoteId;
    publicationId = (await recordPublication('facebook', accountId, 'Deje su pregunta', result)).id;
    const comment = (token: string, message: string) =>
      fetch(`${graph.url}/v21.0/${postId}/comments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: new URLSearchParams({ message }) }).then(async (r) => {
        expect(r.status, await r.clone().text()).toBe(200);
        return (await r.json()) as { id: string };
      });
    await comment(made.accessToken, 'Bienvenidos: respondemos todas las preguntas en la audiencia.');
    const luz = graph.createPerson('Luz Marina Ortiz');
    const jhon = graph.createPerson('Jhon Fredy Arango');
    for (let i = 0; i < 60; i++) await comment(luz.accessToken, `¿Qué pasará con el parque número ${i} de la vereda?`);
    for (let i = 0; i < 50; i++) await comment(jhon.accessToken, `¿Cuándo llega el bus escolar a la escuela número ${i}?`);
    await comment(jhon.accessToken, 'Bien 👍');
  });

  it('reads the comments with the page token (their authors included), pages by 100 and stops at a rate limit', async () => {
    const path = `/v21.0/${postId}/comments`;
    graph.kit.addFault({ kind: 'rate_limit', match: `GET ${path}`, after: 1 });
    const stopped = await importFrom({ publicationId });
    expect(stopped).toMatchObject({ network: 'facebook', complete: false, read: 100 });
    expect(stopped.stoppedBy).toMatch(/^Facebook pidió esperar hasta el .+ por límite de uso/);
    // Oldest first: the page's welcome was the first comment.
    expect(stopped.own).toBe(1);
    expect(await questionsFrom('facebook')).toHaveLength(stopped.imported);

    const rest = await importFrom({ publicationId });
    expect(rest).toMatchObject({ complete: true, read: 112, own: 1, tooShort: 1, imported: 110 - stopped.imported, alreadyImported: stopped.imported });
    const reads = graph.kit.requests('GET', path).slice(2);
    expect(reads.map((r) => new URLSearchParams(r.query).has('after'))).toEqual([false, true]);
    expect(new URLSearchParams(reads[0]!.query).get('limit')).toBe('100');

    const stored = await questionsFrom('facebook');
    expect(stored).toHaveLength(110);
    expect(stored.find((s) => s.text.startsWith('¿Qué pasará con el parque número 0 '))).toMatchObject({ authorName: 'Luz Marina Ortiz', contact: null });
    expect(stored.filter((s) => s.authorName === 'Jhon Fredy Arango')).toHaveLength(50);
  });

  it('adds nothing when imported again from the staff page, and says so', async () => {
    const res = await office.request(`/planes/${planId}/preguntas/importar`, formRequest({ publicationId }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Comentarios de la publicación «Deje su pregunta» en Facebook: 112 leídos, 0 preguntas nuevas, 110 ya importados, 1 de la propia cuenta, 1 demasiado cortos para ser una pregunta.');
    expect(await questionsFrom('facebook')).toHaveLength(110);
  });
});

// ------------------------------------------------------------------ refusals

describe('what cannot be imported', () => {
  it('refuses department users, the website, unpublished posts and posts of another plan', async () => {
    const published = await t.db.publication.findFirstOrThrow({ where: { status: 'published', variant: { network: 'facebook' } } });
    expect((await department.request(`/api/plans/${planId}/questions/import`, json('POST', { publicationId: published.id }))).status).toBe(403);

    const website = await t.db.channelAccount.create({ data: { network: 'website', label: 'Sitio web' } });
    const site = await recordPublication('website', website.id, 'Noticia', { remoteId: 'noticia-1', url: 'https://example.gov.co/noticias/noticia-1', publishedAt: new Date(), raw: {} });
    const refused = await office.request(`/api/plans/${planId}/questions/import`, json('POST', { publicationId: site.id }));
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.message).toContain('no recibe comentarios');

    const pending = await t.db.publication.update({ where: { id: published.id }, data: { status: 'failed' } });
    expect((await office.request(`/api/plans/${planId}/questions/import`, json('POST', { publicationId: pending.id }))).status).toBe(422);
    await t.db.publication.update({ where: { id: published.id }, data: { status: 'published' } });

    const otherPlan = (await t.db.plan.create({ data: { title: 'Otro plan' } })).id;
    const other = await office.request(`/api/plans/${otherPlan}/questions/import`, json('POST', { publicationId: published.id }));
    expect(other.status).toBe(422);
    expect((await other.json()).error.message).toContain('otro plan');
  });

  it('lists the plan’s published posts with an import button on the staff page', async () => {
    const html = await (await office.request(`/planes/${planId}/preguntas`)).text();
    const buttons = html.match(/name="publicationId"/g) ?? [];
    expect(buttons.length).toBe(3); // X, YouTube live, Facebook (the website has no comments)
    expect(html).toContain('name="eventId"');
    expect(html).toContain('X entrega únicamente las respuestas de los últimos 7 días');
  });
});
