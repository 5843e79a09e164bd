import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox, loadSecretKey } from '../../src/auth/secret-box.js';
import { connectSandboxAccounts, startSandboxServers, type Sandbox } from '../../src/sandbox/start.js';
import { createTestContext, importSeedPlan, type TestContext } from '../support/test-db.js';

// "Publish now" end to end: the real API, a real SQLite file, the real client libraries
// (twitter-api-v2, @googleapis/youtube, fetch for Graph) talking HTTP to the local servers.

let sandbox: Sandbox;
let t: TestContext;
let activityId: string;
let imageId: string;
let videoId: string;

const post = (path: string, body?: unknown) =>
  t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });

async function upload(bytes: Buffer, name: string, type: string) {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(bytes)], name, { type }));
  const res = await t.app.request('/api/media', { method: 'POST', body: form });
  expect(res.status).toBe(201);
  return (await res.json()).id as string;
}

/** Creates a piece with the given variants, submits and approves it; returns its id. */
async function approvedPiece(variants: unknown[], title = `Audiencia pública ${Math.random().toString(36).slice(2, 7)}`) {
  const created = await post('/api/pieces', { kind: 'social_post', title, activityId, variants });
  expect(created.status).toBe(201);
  const { id } = await created.json();
  expect((await post(`/api/pieces/${id}/transitions`, { action: 'submit' })).status).toBe(200);
  expect((await post(`/api/pieces/${id}/review`, { decision: 'approve' })).status).toBe(200);
  return id as string;
}

const tweetsStored = () => sandbox.fakes.x.kit.requests('POST', '/2/tweets').filter((r) => r.status === 201).length;
const xAccount = () => t.db.channelAccount.findFirstOrThrow({ where: { network: 'x' } });

beforeAll(async () => {
  const base = (await import('../../src/config.js')).loadConfig({ PREGON_CHANNEL_TIMEOUT_MS: '700', PREGON_PUBLIC_URL: 'http://127.0.0.1:3999' }).channels;
  sandbox = await startSandboxServers(base);
  t = await createTestContext({ PREGON_PUBLIC_URL: 'http://127.0.0.1:3999' }, { channels: sandbox.settings, sandbox: true });
  await connectSandboxAccounts({ db: t.db, box: createSecretBox(loadSecretKey(t.config)), sandbox });
  const planId = await importSeedPlan(t.db);
  activityId = (await t.db.activity.findFirstOrThrow({ where: { subcomponent: { planId } } })).id;
  const png = await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#0b5' } }).png().toBuffer();
  imageId = await upload(png, 'afiche.png', 'image/png');
  // The smallest thing the media library takes as MP4: an `ftyp` box. The local YouTube stores bytes, it does not decode video.
  videoId = await upload(Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), Buffer.alloc(200, 7)]), 'audiencia.mp4', 'video/mp4');
});

afterAll(async () => {
  await t?.close();
  await sandbox?.close();
});

beforeEach(() => {
  for (const f of Object.values(sandbox.fakes)) f.kit.clearFaults();
});

describe('publish now', () => {
  it('publishes an approved piece to X, Facebook, YouTube and the website, records each publication and marks the piece published', async () => {
    const id = await approvedPiece([
      { network: 'x', text: 'Participe en la audiencia pública de rendición de cuentas https://example.gov.co/audiencia', media: [{ mediaAssetId: imageId, altText: 'Afiche verde de la audiencia pública' }] },
      { network: 'facebook', text: 'Lo esperamos en la audiencia pública.', link: 'https://example.gov.co/audiencia' },
      { network: 'youtube', title: 'Audiencia pública de rendición de cuentas 2026', text: 'Video de invitación.', options: { privacy: 'public', tags: ['rendición de cuentas'] }, media: [{ mediaAssetId: videoId, altText: '' }, { mediaAssetId: imageId, altText: 'Miniatura' }] },
      { network: 'website', title: 'Audiencia pública de rendición de cuentas', text: '## Invitación\n\nLa Alcaldía invita a la ciudadanía.' },
    ]);
    const res = await post(`/api/pieces/${id}/publish`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.results.map((r: { network: string; outcome: string }) => `${r.network}:${r.outcome}`).sort()).toEqual(['facebook:published', 'website:published', 'x:published', 'youtube:published']);
    expect(body.pieceStatus).toBe('published');

    const publications = await (await t.app.request(`/api/pieces/${id}/publications`)).json();
    expect(publications).toHaveLength(4);
    for (const p of publications) {
      expect(p.status).toBe('published');
      expect(p.remoteId).toBeTruthy();
      expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      expect(p.account.sandbox).toBe(p.network !== 'website');
    }
    // The link of each post answers (the local servers' permalink pages, the website's article).
    const website = publications.find((p: { network: string }) => p.network === 'website');
    expect((await t.anon.request(new URL(website.url).pathname)).status).toBe(200);
    const x = publications.find((p: { network: string }) => p.network === 'x');
    expect((await fetch(x.url)).status).toBe(200);

    // Published once: asking again is refused and nothing more reaches X.
    const before = tweetsStored();
    expect((await post(`/api/pieces/${id}/publish`)).status).toBe(409);
    expect(tweetsStored()).toBe(before);
  });

  it('sends links through Pregón\'s short links when the variant asks, counts a click per network, and schedules the first metrics snapshot', async () => {
    const target = 'https://example.gov.co/informe?seccion=2';
    const id = await approvedPiece([
      { network: 'x', text: `Lea el informe de gestión: ${target}.`, options: { trackLinks: true } },
      { network: 'facebook', text: 'Lea el informe de gestión.', link: target, options: { trackLinks: true } },
      { network: 'website', title: 'Informe de gestión', text: `El informe está en ${target}` },
    ]);
    expect((await post(`/api/pieces/${id}/publish`)).status).toBe(200);

    const tweet = (sandbox.fakes.x as unknown as { tweets(): { text: string }[] }).tweets().at(-1)!;
    const xLink = /http:\/\/127\.0\.0\.1:3999\/l\/([a-z0-9]{7})\./.exec(tweet.text);
    expect(xLink, tweet.text).not.toBeNull();
    expect(tweet.text).not.toContain('example.gov.co');
    const fbPost = [...(sandbox.fakes.meta as unknown as { store: { posts: Map<string, { link: string | null }> } }).store.posts.values()].at(-1)!;
    expect(fbPost.link).toMatch(/^http:\/\/127\.0\.0\.1:3999\/l\/[a-z0-9]{7}$/);
    expect(fbPost.link).not.toContain(xLink![1]);
    // The website variant did not ask: its text keeps the link as written.
    const website = await t.db.publication.findFirstOrThrow({ where: { pieceId: id, account: { network: 'website' } } });
    expect(website.status).toBe('published');
    expect(await t.db.shortLink.count({ where: { pieceId: id } })).toBe(2);

    const res = await t.anon.request(`/l/${xLink![1]}`, { headers: { 'user-agent': 'Mozilla/5.0 (Linux; Android 14)' } });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('https://example.gov.co/informe');
    expect(location.searchParams.get('seccion')).toBe('2');
    expect(location.searchParams.get('utm_source')).toBe('x');
    const link = await t.db.shortLink.findUniqueOrThrow({ where: { code: xLink![1] }, include: { days: true } });
    expect(link.days.map((d) => d.clicks)).toEqual([1]);

    // Each publication has its first snapshot at +1 h, and its account's metrics job is due by then.
    for (const p of await t.db.publication.findMany({ where: { pieceId: id } })) {
      expect(p.metricsDueAt!.getTime() - p.publishedAt!.getTime()).toBe(3_600_000);
      const job = await t.db.job.findUniqueOrThrow({ where: { key: `metrics:${p.accountId}` } });
      expect(job.kind).toBe('collect_metrics');
      expect(job.runAt.getTime()).toBeLessThanOrEqual(p.metricsDueAt!.getTime());
    }
  });

  it('refuses a piece that is not approved (409) and sends nothing', async () => {
    const created = await post('/api/pieces', { kind: 'social_post', title: 'Borrador sin aprobar', activityId, variants: [{ network: 'x', text: 'Hola' }] });
    const { id } = await created.json();
    const before = sandbox.fakes.x.kit.log.length;
    const res = await post(`/api/pieces/${id}/publish`);
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/borrador/i);
    expect(sandbox.fakes.x.kit.log.length).toBe(before);
    expect(await t.db.publication.count({ where: { pieceId: id } })).toBe(0);
  });

  it('refuses to send to review a piece that breaks its networks\' rules, saying each one in Spanish', async () => {
    const created = await post('/api/pieces', {
      kind: 'social_post',
      title: 'Pieza con reglas incumplidas',
      activityId,
      variants: [
        { network: 'x', text: 'a'.repeat(300) },
        { network: 'youtube', title: 'Título con <etiquetas>', text: 'Descripción', media: [{ mediaAssetId: videoId, altText: '' }] },
        { network: 'facebook', text: 'Con imagen sin texto alternativo', media: [{ mediaAssetId: imageId, altText: '' }] },
      ],
    });
    const { id } = await created.json();
    const res = await post(`/api/pieces/${id}/transitions`, { action: 'submit' });
    expect(res.status).toBe(422);
    const error = (await res.json()).error;
    expect(error.message).toMatch(/^Antes de enviar a revisión, corrija: /);
    expect(error.message).toMatch(/sobran 20/);
    expect(error.details.issues.map((i: { network: string }) => i.network).sort()).toEqual(['facebook', 'x', 'youtube']);
    expect((await (await t.app.request(`/api/pieces/${id}`)).json()).status).toBe('draft');
  });

  it('answers 422 when a rule broke after approval (the hearing moved into the past) and sends nothing to any network', async () => {
    const planId = (await t.db.plan.findFirstOrThrow()).id;
    const event = await t.db.event.create({ data: { planId, kind: 'public_hearing', title: 'Audiencia aplazada', startsAt: new Date(Date.now() + 3 * 86_400_000) } });
    const id = await approvedPiece([
      { network: 'x', text: 'Siga la audiencia en vivo.' },
      { network: 'youtube', title: 'Audiencia en vivo', text: 'Transmisión.', options: { youtubeMode: 'live', eventId: event.id } },
    ]);
    expect((await t.app.request(`/api/events/${event.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ startsAt: new Date(Date.now() - 86_400_000).toISOString() }) })).status).toBe(200);
    const logs = Object.values(sandbox.fakes).map((f) => f.kit.log.length);
    const res = await post(`/api/pieces/${id}/publish`);
    expect(res.status).toBe(422);
    const error = (await res.json()).error;
    expect(error.message).toMatch(/YouTube/);
    expect(error.details.issues.map((i: { network: string }) => i.network)).toEqual(['youtube']);
    expect(Object.values(sandbox.fakes).map((f) => f.kit.log.length)).toEqual(logs);
    expect(await t.db.publication.count({ where: { pieceId: id } })).toBe(0);
  });

  it('publishes a long text as a numbered thread, and a retry after a failure in the middle continues it without repeating a post', async () => {
    const paragraph = 'La administración municipal presenta su informe de gestión con los avances del plan de desarrollo en salud, educación, vías y seguridad.';
    const text = Array.from({ length: 8 }, () => paragraph).join('\n\n');
    const check = await (await post('/api/channels/check', { network: 'x', text, options: { thread: true } })).json();
    expect(check.parts.length).toBeGreaterThanOrEqual(3);
    expect(check.parts[0]).toMatch(/\(1\/\d+\)$/);
    const id = await approvedPiece([{ network: 'x', text, options: { thread: true } }]);

    // The third post fails with a 500: two are out, the publication failed and remembers them.
    sandbox.fakes.x.kit.addFault({ kind: 'server_error', match: 'POST /2/tweets', after: 2 });
    const before = tweetsStored();
    const first = await (await post(`/api/pieces/${id}/publish`)).json();
    expect(first.results[0].outcome).toBe('failed');
    expect(tweetsStored() - before).toBe(2);
    expect(JSON.parse((await t.db.publication.findFirstOrThrow({ where: { pieceId: id } })).progress!)).toBeTruthy();

    // The retry posts only the missing parts: every part exists once.
    const second = await (await post(`/api/pieces/${id}/publish`)).json();
    expect(second.results[0].outcome).toBe('published');
    expect(tweetsStored() - before).toBe(check.parts.length);
    const row = await t.db.publication.findFirstOrThrow({ where: { pieceId: id } });
    expect(row.attempts).toBe(2);
    expect(row.progress).toBeNull();
    expect(row.rawResponse).toContain(row.remoteId!);
  });

  it('refreshes an expired token once and publishes; a refused refresh holds the publication and asks to reconnect the account', async () => {
    const id = await approvedPiece([{ network: 'x', text: `Token vencido ${Date.now()}` }]);
    const account = await xAccount();
    sandbox.fakes.x.kit.addFault({ kind: 'expired_token', match: 'POST /2/tweets' });
    const ok = await (await post(`/api/pieces/${id}/publish`)).json();
    expect(ok.results[0].outcome).toBe('published');
    const refreshed = await xAccount();
    expect(refreshed.accessTokenEncrypted).not.toBe(account.accessTokenEncrypted);
    expect(sandbox.fakes.x.kit.requests('POST', '/2/oauth2/token').length).toBeGreaterThan(0);

    // Now the refresh token is revoked: the token cannot be renewed.
    const box = createSecretBox(loadSecretKey(t.config));
    sandbox.fakes.x.kit.revokeRefreshToken(box.decrypt(refreshed.refreshTokenEncrypted!));
    const held = await approvedPiece([{ network: 'x', text: `Espera reconexión ${Date.now()}` }]);
    sandbox.fakes.x.kit.addFault({ kind: 'expired_token', match: 'POST /2/tweets' });
    const result = await (await post(`/api/pieces/${held}/publish`)).json();
    expect(result.results[0].outcome).toBe('held');
    expect(result.results[0].message).toMatch(/reconect/i);
    expect((await xAccount()).status).toBe('reconnect_needed');

    // Reconnecting (here by pasted tokens from the network) and publishing again sends it, once.
    const token = sandbox.fakes.x.createAccount('Reconexión');
    await post('/api/channels/accounts', { network: 'x', label: refreshed.label, accessToken: token.accessToken, refreshToken: token.refreshToken, expiresAt: token.expiresAt!.toISOString(), remoteAccountId: token.remoteAccountId });
    expect((await xAccount()).status).toBe('active');
    const again = await (await post(`/api/pieces/${held}/publish`)).json();
    expect(again.results[0].outcome).toBe('published');
    expect(await t.db.publication.count({ where: { pieceId: held } })).toBe(1);
  });

  it('marks a post whose answer never came "unconfirmed" and never sends it again by itself', async () => {
    const id = await approvedPiece([{ network: 'x', text: `Sin respuesta ${Date.now()}` }]);
    sandbox.fakes.x.kit.addFault({ kind: 'timeout_after_store', match: 'POST /2/tweets', delayMs: 3000 });
    const sent = () => sandbox.fakes.x.kit.requests('POST', '/2/tweets').length;
    const before = sent();
    const first = await (await post(`/api/pieces/${id}/publish`)).json();
    expect(first.results[0].outcome).toBe('unconfirmed');
    expect(first.results[0].message).toMatch(/no respondió/);
    const again = await (await post(`/api/pieces/${id}/publish`)).json();
    expect(again.results[0].outcome).toBe('unconfirmed');
    expect(sent() - before).toBe(1);
    expect((await t.db.publication.findFirstOrThrow({ where: { pieceId: id } })).attempts).toBe(1);
    // The post does exist on X, once: the answer was lost, not the post.
    const account = await xAccount();
    const token = createSecretBox(loadSecretKey(t.config)).decrypt(account.accessTokenEncrypted!);
    const timeline = await (await fetch(`${sandbox.settings.x.apiBaseUrl}/2/users/${account.remoteAccountId}/tweets`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(timeline.data.filter((tw: { text: string }) => tw.text.startsWith('Sin respuesta')).length).toBe(1);
  });

  it('pauses the account until the reset X gave on a 429; publishing to it meanwhile is held without a request', async () => {
    const id = await approvedPiece([{ network: 'x', text: `Límite de uso ${Date.now()}` }]);
    sandbox.fakes.x.kit.addFault({ kind: 'rate_limit', match: 'POST /2/tweets', resetInSeconds: 120 });
    const first = await (await post(`/api/pieces/${id}/publish`)).json();
    expect(first.results[0].outcome).toBe('failed');
    expect(first.results[0].message).toMatch(/en pausa hasta el \d+ de [a-z]+ de \d{4}, .* \(America\/Bogota\)/);
    const account = await xAccount();
    expect(account.pausedUntil!.getTime()).toBeGreaterThan(Date.now() + 100_000);
    const requests = sandbox.fakes.x.kit.log.length;
    const second = await (await post(`/api/pieces/${id}/publish`)).json();
    expect(second.results[0].outcome).toBe('held');
    expect(sandbox.fakes.x.kit.log.length).toBe(requests);
    await t.db.channelAccount.update({ where: { id: account.id }, data: { pausedUntil: null } });
    const third = await (await post(`/api/pieces/${id}/publish`)).json();
    expect(third.results[0].outcome).toBe('published');
  });

  it('schedules the live broadcast of the hearing and keeps the watch URL and the encrypted stream key on the event', async () => {
    const planId = (await t.db.plan.findFirstOrThrow()).id;
    const event = await t.db.event.create({ data: { planId, kind: 'public_hearing', title: 'Audiencia pública de rendición de cuentas', startsAt: new Date(Date.now() + 14 * 86_400_000) } });
    const id = await approvedPiece([{ network: 'youtube', title: 'Audiencia pública en vivo', text: 'Transmisión de la audiencia pública.', options: { youtubeMode: 'live', eventId: event.id } }]);
    const res = await (await post(`/api/pieces/${id}/publish`)).json();
    expect(res.results[0].outcome).toBe('published');
    const after = await t.db.event.findUniqueOrThrow({ where: { id: event.id } });
    expect(after.broadcastId).toBe(res.results[0].publication.remoteId);
    expect(after.watchUrl).toBe(res.results[0].publication.url);
    expect(after.streamKeyEncrypted).toBeTruthy();
    const key = createSecretBox(loadSecretKey(t.config)).decrypt(after.streamKeyEncrypted!);
    expect(key.length).toBeGreaterThan(8);
    expect(JSON.stringify(await (await t.app.request(`/api/events/${event.id}`)).json())).not.toContain(key);
  });

  it('takes a published post down from its network, keeps the record as cancelled, and the website page answers 410', async () => {
    const id = await approvedPiece([
      { network: 'x', text: `Publicación para retirar ${Date.now()}` },
      { network: 'website', title: 'Noticia que se retira', text: 'Texto de la noticia que se retira.' },
    ]);
    const { results } = await (await post(`/api/pieces/${id}/publish`)).json();
    const x = results.find((r: { network: string }) => r.network === 'x').publication;
    const web = results.find((r: { network: string }) => r.network === 'website').publication;
    expect((await fetch(x.url)).status).toBe(200);

    const removed = await t.app.request(`/api/publications/${x.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect((await removed.json()).status).toBe('cancelled');
    expect(sandbox.fakes.x.kit.requests('DELETE', `/2/tweets/${x.remoteId}`).length).toBe(1);
    expect((await fetch(x.url)).status).toBe(404);
    // A second removal is refused: it is not published any more.
    expect((await t.app.request(`/api/publications/${x.id}`, { method: 'DELETE' })).status).toBe(409);

    expect((await t.app.request(`/api/publications/${web.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await t.anon.request(new URL(web.url).pathname)).status).toBe(410);
    expect(await t.db.publication.count({ where: { pieceId: id } })).toBe(2);
  });

  it('renews tokens that are about to expire, keeps a refresh token Google did not replace, and marks an account whose renewal is refused', async () => {
    const { refreshExpiringAccounts } = await import('../../src/channels/account-tokens.js');
    const { channelFor } = await import('../../src/channels/registry.js');
    const box = createSecretBox(loadSecretKey(t.config));
    const youtube = await t.db.channelAccount.findFirstOrThrow({ where: { network: 'youtube' } });
    await t.db.channelAccount.update({ where: { id: youtube.id }, data: { tokenExpiresAt: new Date(Date.now() + 60_000), status: 'active', pausedUntil: null } });
    const results = await refreshExpiringAccounts({ db: t.db, box, settings: sandbox.settings, channelFor });
    expect(results.find((r) => r.accountId === youtube.id)).toMatchObject({ ok: true });
    const renewed = await t.db.channelAccount.findUniqueOrThrow({ where: { id: youtube.id } });
    expect(renewed.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(box.decrypt(renewed.accessTokenEncrypted!)).not.toBe(box.decrypt(youtube.accessTokenEncrypted!));
    expect(box.decrypt(renewed.refreshTokenEncrypted!)).toBe(box.decrypt(youtube.refreshTokenEncrypted!));

    // The refresh token is revoked at Google: the account asks to be reconnected, and says so in the audit trail.
    sandbox.fakes.google.kit.revokeRefreshToken(box.decrypt(renewed.refreshTokenEncrypted!));
    await t.db.channelAccount.update({ where: { id: youtube.id }, data: { tokenExpiresAt: new Date(Date.now() + 60_000) } });
    const refused = await refreshExpiringAccounts({ db: t.db, box, settings: sandbox.settings, channelFor });
    expect(refused.find((r) => r.accountId === youtube.id)).toMatchObject({ ok: false });
    const after = await t.db.channelAccount.findUniqueOrThrow({ where: { id: youtube.id } });
    expect(after.status).toBe('reconnect_needed');
    expect(after.refreshTokenEncrypted).toBe(renewed.refreshTokenEncrypted);
    expect(await t.db.auditEntry.count({ where: { entityId: youtube.id, action: 'reconnect_needed' } })).toBe(1);
  });
});
