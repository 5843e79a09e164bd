import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox, loadSecretKey } from '../../src/auth/secret-box.js';
import { loadConfig } from '../../src/config.js';
import { createMediaStore } from '../../src/media/store.js';
import { connectSandboxAccounts, startSandboxServers, type Sandbox } from '../../src/sandbox/start.js';
import { startScheduler } from '../../src/scheduler/scheduler.js';
import type { Worker } from '../../src/scheduler/worker.js';
import { createTestContext, importSeedPlan, type TestContext } from '../support/test-db.js';

// Scheduled publishing through the real worker, the real SQLite queue and the real
// twitter-api-v2 talking to the local X server: on time, never twice, never lost.

let sandbox: Sandbox;
let t: TestContext;
let activityId: string;
let planId: string;
const workers: Worker[] = [];

const json = (method: string, body: unknown) => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const post = (path: string, body: unknown) => t.app.request(path, json('POST', body));

async function startWorker(options: { now?: () => Date } = {}) {
  const worker = await startScheduler({
    db: t.db,
    box: createSecretBox(loadSecretKey(t.config)),
    media: createMediaStore(t.config.mediaDir),
    settings: sandbox.settings,
    timeZone: 'America/Bogota',
    leaseMs: 2_000,
    retryBaseMs: 50,
    now: options.now,
    onError: (e) => console.error('worker', e),
  });
  workers.push(worker);
  return worker;
}

/** An approved piece with an X variant, scheduled `inMs` from now; returns its id. */
async function scheduledPiece(text: string, inMs: number, extra: Record<string, unknown> = {}) {
  const created = await post('/api/pieces', { kind: 'social_post', title: text.slice(0, 60), activityId, scheduledAt: new Date(Date.now() + inMs).toISOString(), variants: [{ network: 'x', text }], ...extra });
  const { id } = await created.json();
  await post(`/api/pieces/${id}/transitions`, { action: 'submit' });
  await post(`/api/pieces/${id}/review`, { decision: 'approve' });
  const scheduled = await post(`/api/pieces/${id}/transitions`, { action: 'schedule' });
  expect(scheduled.status, await scheduled.clone().text()).toBe(200);
  return id as string;
}

const tweetsWith = (text: string) => sandbox.fakes.x.kit.requests('POST', '/2/tweets').length && (sandbox.fakes.x as unknown as { tweets(): { text: string }[] }).tweets().filter((tw) => tw.text === text).length;
const publicationOf = (pieceId: string) => t.db.publication.findFirstOrThrow({ where: { pieceId } });

async function until(check: () => Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no ocurrió a tiempo');
}

beforeAll(async () => {
  sandbox = await startSandboxServers(loadConfig({ PREGON_CHANNEL_TIMEOUT_MS: '500', PREGON_PUBLIC_URL: 'http://127.0.0.1:3997' }).channels);
  t = await createTestContext({ PREGON_PUBLIC_URL: 'http://127.0.0.1:3997' }, { channels: sandbox.settings, sandbox: true });
  await connectSandboxAccounts({ db: t.db, box: createSecretBox(loadSecretKey(t.config)), sandbox });
  planId = await importSeedPlan(t.db);
  activityId = (await t.db.activity.findFirstOrThrow({ where: { subcomponent: { planId } } })).id;
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  sandbox.fakes.x.kit.clearFaults();
});
afterAll(async () => {
  await t?.close();
  await sandbox?.close();
});

describe('scheduled publishing', () => {
  it('publishes at the scheduled time, once, and marks the piece published', async () => {
    await startWorker();
    const text = `A su hora ${Date.now()}`;
    const id = await scheduledPiece(text, 800);
    expect((await publicationOf(id)).status).toBe('pending');
    await until(async () => (await publicationOf(id)).status === 'published');
    const publication = await publicationOf(id);
    const lateness = publication.publishedAt!.getTime() - publication.scheduledAt!.getTime();
    expect(lateness).toBeGreaterThanOrEqual(0);
    expect(lateness).toBeLessThan(1_000);
    expect(tweetsWith(text)).toBe(1);
    expect((await t.db.piece.findUniqueOrThrow({ where: { id } })).status).toBe('published');
    expect((await t.db.job.findFirstOrThrow({ where: { key: `publish:${publication.id}` } })).status).toBe('done');
  });

  it('retries a 500 with backoff and publishes once; after the last attempt the publication fails and the piece shows it', async () => {
    await startWorker();
    sandbox.fakes.x.kit.addFault({ kind: 'server_error', match: 'POST /2/tweets', times: 2 });
    const text = `Tras dos errores ${Date.now()}`;
    const id = await scheduledPiece(text, 100);
    await until(async () => (await publicationOf(id)).status === 'published');
    expect((await publicationOf(id)).attempts).toBe(3);
    expect(tweetsWith(text)).toBe(1);

    sandbox.fakes.x.kit.addFault({ kind: 'server_error', match: 'POST /2/tweets', times: 10 });
    const failing = await scheduledPiece(`Siempre falla ${Date.now()}`, 100);
    await until(async () => (await publicationOf(failing)).status === 'failed');
    expect((await publicationOf(failing)).attempts).toBe(5);
    expect((await t.db.piece.findUniqueOrThrow({ where: { id: failing } })).status).toBe('failed');
  });

  it('holds a post whose time passed while Pregón was down (beyond the grace) instead of publishing it late', async () => {
    const text = `Se pasó la hora ${Date.now()}`;
    const id = await scheduledPiece(text, 300);
    // The worker starts 20 minutes "later": the plan's grace is 15.
    await startWorker({ now: () => new Date(Date.now() + 20 * 60_000) });
    await until(async () => (await publicationOf(id)).status === 'held');
    expect((await publicationOf(id)).error).toMatch(/No salió a su hora .* Revísela/);
    expect(tweetsWith(text)).toBe(0);
  });

  it('refuses to schedule into a blackout window unless an administrator overrides it', async () => {
    const startsAt = new Date(Date.now() + 3_600_000);
    await t.db.blackoutWindow.create({ data: { planId, reason: 'Ley de Garantías', startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000) } });
    const created = await post('/api/pieces', { kind: 'social_post', title: 'En veda', activityId, scheduledAt: new Date(startsAt.getTime() + 60_000).toISOString(), variants: [{ network: 'x', text: `En veda ${Date.now()}` }] });
    const { id } = await created.json();
    await post(`/api/pieces/${id}/transitions`, { action: 'submit' });
    await post(`/api/pieces/${id}/review`, { decision: 'approve' });
    const refused = await post(`/api/pieces/${id}/transitions`, { action: 'schedule' });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error.message).toContain('veda «Ley de Garantías»');
    expect(await t.db.publication.count({ where: { pieceId: id } })).toBe(0);
    const forced = await post(`/api/pieces/${id}/transitions`, { action: 'schedule', overrideBlackout: true });
    expect(forced.status).toBe(200);
    expect(await t.db.job.count({ where: { key: { startsWith: 'publish:' }, status: 'queued', runAt: new Date(startsAt.getTime() + 60_000) } })).toBe(1);
    await post(`/api/pieces/${id}/transitions`, { action: 'cancel' });
  });

  it('moves the job when the time changes, and removes it when the piece is unscheduled: nothing is sent', async () => {
    const text = `Reprogramada ${Date.now()}`;
    const id = await scheduledPiece(text, 60_000);
    const later = new Date(Date.now() + 7_200_000);
    expect((await t.app.request(`/api/pieces/${id}`, json('PATCH', { scheduledAt: later.toISOString() }))).status).toBe(200);
    const publication = await publicationOf(id);
    expect((await t.db.job.findUniqueOrThrow({ where: { key: `publish:${publication.id}` } })).runAt.getTime()).toBe(later.getTime());
    expect((await post(`/api/pieces/${id}/transitions`, { action: 'unschedule' })).status).toBe(200);
    expect(await t.db.job.count({ where: { key: `publish:${publication.id}` } })).toBe(0);
    expect((await t.db.piece.findUniqueOrThrow({ where: { id } })).status).toBe('approved');
  });

  it('publishes nothing while publishing is paused office-wide or the account is paused, and catches up on resume', async () => {
    const { setPublishingPaused } = await import('../../src/scheduler/settings.js');
    await setPublishingPaused({ db: t.db, actor: { userId: null, label: 'prueba', ip: null }, paused: true });
    await startWorker();
    const text = `Pausa general ${Date.now()}`;
    const id = await scheduledPiece(text, 50);
    await new Promise((r) => setTimeout(r, 600));
    expect((await publicationOf(id)).status).toBe('pending');
    await setPublishingPaused({ db: t.db, actor: { userId: null, label: 'prueba', ip: null }, paused: false });
    await until(async () => (await publicationOf(id)).status === 'published');
    expect(tweetsWith(text)).toBe(1);
  });

  it('reconciles a post whose answer never came: it is recorded as published with the id X gave it, never sent again', async () => {
    await startWorker();
    sandbox.fakes.x.kit.addFault({ kind: 'timeout_after_store', match: 'POST /2/tweets', delayMs: 5_000 });
    const text = `Respuesta perdida ${Date.now()}`;
    const id = await scheduledPiece(text, 50);
    await until(async () => (await publicationOf(id)).status === 'published', 15_000);
    const publication = await publicationOf(id);
    expect(tweetsWith(text)).toBe(1);
    expect(sandbox.fakes.x.kit.requests('POST', '/2/tweets').filter((r) => r.fault === 'timeout_after_store').length).toBe(1);
    const stored = (sandbox.fakes.x as unknown as { tweets(): { id: string; text: string }[] }).tweets().find((tw) => tw.text === text)!;
    expect(publication.remoteId).toBe(stored.id);
    expect(await t.db.auditEntry.count({ where: { entityId: publication.id, action: 'reconcile_found' } })).toBe(1);
  }, 20_000);

  it('waits while one account is paused and publishes when it is resumed', async () => {
    await startWorker();
    const account = await t.db.channelAccount.findFirstOrThrow({ where: { network: 'x', label: 'X Sandbox' } });
    expect((await post(`/api/channels/accounts/${account.id}/pause`, {})).status).toBe(200);
    const text = `Cuenta en pausa ${Date.now()}`;
    const id = await scheduledPiece(text, 50);
    await new Promise((r) => setTimeout(r, 500));
    expect((await publicationOf(id)).status).toBe('pending');
    expect(tweetsWith(text)).toBe(0);
    expect((await post(`/api/channels/accounts/${account.id}/resume`, {})).status).toBe(200);
    await until(async () => (await publicationOf(id)).status === 'published');
    expect(tweetsWith(text)).toBe(1);
  });

  it('leaves "unconfirmed" what X cannot tell, and a person settles it: posted (with its link) or not (sent again)', async () => {
    await startWorker();
    // The post is stored but its answer is lost, and the timeline X would be asked fails too.
    sandbox.fakes.x.kit.addFault({ kind: 'timeout_after_store', match: 'POST /2/tweets', delayMs: 3_000 });
    sandbox.fakes.x.kit.addFault({ kind: 'server_error', match: 'GET /2/users/', times: 5 });
    const text = `Sin confirmar ${Date.now()}`;
    const id = await scheduledPiece(text, 50);
    await until(async () => (await publicationOf(id)).status === 'unconfirmed', 15_000);
    const publication = await publicationOf(id);
    expect(publication.error).toMatch(/No se pudo comprobar en la red/);
    const stored = (sandbox.fakes.x as unknown as { tweets(): { id: string; text: string }[] }).tweets().find((tw) => tw.text === text)!;
    const res = await post(`/api/publications/${publication.id}/resolve`, { posted: true, url: `${sandbox.settings.x.webUrl}/i/web/status/${stored.id}` });
    expect(res.status).toBe(200);
    expect(await publicationOf(id)).toMatchObject({ status: 'published', remoteId: stored.id });
    expect(tweetsWith(text)).toBe(1);
    expect((await post(`/api/publications/${publication.id}/resolve`, { posted: false })).status).toBe(409);
  }, 20_000);

  it('says how many scheduled publications a new blackout window catches', async () => {
    const text = `Atrapada por la veda ${Date.now()}`;
    await scheduledPiece(text, 4 * 3_600_000); // clear of the blackout of the test above
    const res = await post(`/api/plans/${planId}/blackouts`, { reason: 'Duelo municipal', startsAt: new Date(Date.now() + 3.9 * 3_600_000).toISOString(), endsAt: new Date(Date.now() + 4.2 * 3_600_000).toISOString() });
    expect(res.status).toBe(201);
    expect((await res.json()).affectedPublications).toBeGreaterThanOrEqual(1);
    const backwards = await post(`/api/plans/${planId}/blackouts`, { reason: 'Al revés', startsAt: new Date(Date.now() + 10_000).toISOString(), endsAt: new Date(Date.now() + 5_000).toISOString() });
    expect(backwards.status).toBe(422);
  });
});
