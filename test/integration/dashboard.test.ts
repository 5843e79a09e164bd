import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../src/auth/authenticate.js';
import { createSecretBox, loadSecretKey } from '../../src/auth/secret-box.js';
import { listAccountAlerts } from '../../src/dashboard/accounts.js';
import { listGoingOut } from '../../src/dashboard/going-out.js';
import { listLateActivities } from '../../src/dashboard/late-activities.js';
import { listPublicationProblems } from '../../src/dashboard/publication-problems.js';
import { listWaitingPieces } from '../../src/dashboard/waiting-pieces.js';
import type { Role } from '../../src/generated/prisma/client.js';
import type { AppEnv } from '../../src/http/env.js';
import { errorHandler } from '../../src/http/errors.js';
import { waitingCount } from '../../src/notifications/middleware.js';
import { WaitingBadge } from '../../src/notifications/waiting-badge.js';
import { countWaiting, listWaiting } from '../../src/notifications/waiting.js';
import { connectSandboxAccounts, startSandboxServers, type Sandbox } from '../../src/sandbox/start.js';
import { dashboardRoutes } from '../../src/web/dashboard-routes.js';
import { createTestContext, createUserWithToken, importSeedPlan, jsonRequest, withToken, type Client, type TestContext } from '../support/test-db.js';

// The dashboard (/inicio), the pending list (/pendientes) and the header badge's count, over a
// real migrated SQLite file, the real API for every change (pieces, reviews, publishing to the
// local X server, accounts) and the real authentication. dashboardRoutes is not mounted in the
// app yet, so the pages are served by a small app that authenticates like the real one.

type Person = { id: string; name: string; role: Role; departmentIds: string[]; token: string; api: Client };

let sandbox: Sandbox;
let t: TestContext;
let pages: Hono<AppEnv>;
let planId: string;
let planeacionId: string;
let ownActivityId: string; // an activity of Secretaría de Planeación only
let foreignActivityId: string; // one of the communications office only
const people = {} as Record<'admin' | 'approver' | 'communications' | 'department' | 'viewer', Person>;

async function person(role: Role, departmentIds: string[] = []): Promise<Person> {
  const { user, token } = await createUserWithToken(t.db, role, departmentIds);
  return { id: user.id, name: user.name, role, departmentIds, token, api: withToken(t.anon, token) };
}
/** The auth object the pages get for a person (src/auth/authenticate.ts). */
const authOf = (p: Person) => ({ user: { id: p.id, email: '', name: p.name, role: p.role, departmentIds: p.departmentIds } });

const page = (p: Person, path: string) => pages.request(path, { headers: { authorization: `Bearer ${p.token}` } });
async function html(p: Person, path: string) {
  const res = await page(p, path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/html');
  return res.text();
}
/** One panel of the dashboard's HTML, by its heading id; null when the panel is not on the page. */
function panel(doc: string, id: string): string | null {
  const start = doc.indexOf(`aria-labelledby="${id}"`);
  if (start < 0) return null;
  return doc.slice(start, doc.indexOf('</section>', start));
}

let seq = 0;
async function newPiece(by: Person, fields: Record<string, unknown> = {}) {
  seq += 1;
  const res = await by.api.request('/api/pieces', jsonRequest('POST', { kind: 'social_post', title: `Pieza ${seq} ${Math.random().toString(36).slice(2, 7)}`, activityId: ownActivityId, ...fields }));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; title: string; version: number };
}
async function submit(by: Person, id: string) {
  expect((await by.api.request(`/api/pieces/${id}/transitions`, jsonRequest('POST', { action: 'submit' }))).status).toBe(200);
}
async function review(by: Person, id: string, decision: 'approve' | 'reject', comment?: string) {
  const res = await by.api.request(`/api/pieces/${id}/review`, jsonRequest('POST', { decision, comment }));
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  const base = (await import('../../src/config.js')).loadConfig({ PREGON_CHANNEL_TIMEOUT_MS: '700' }).channels;
  sandbox = await startSandboxServers(base);
  t = await createTestContext({}, { channels: sandbox.settings, sandbox: true });
  await connectSandboxAccounts({ db: t.db, box: createSecretBox(loadSecretKey(t.config)), sandbox });
  planId = await importSeedPlan(t.db);
  planeacionId = (await t.db.department.findFirstOrThrow({ where: { name: 'Secretaría de Planeación' } })).id;
  ownActivityId = (await t.db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Rendición de cuentas sectorial' } } })).id;
  foreignActivityId = (await t.db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Realizar comunicados de prensa' } } })).id;

  const admin = await t.db.user.findUniqueOrThrow({ where: { email: 'admin@prueba.gov.co' } });
  const { createApiToken } = await import('../../src/auth/api-tokens.js');
  const adminToken = (await createApiToken(t.db, { userId: admin.id, name: 'panel' })).token;
  people.admin = { id: admin.id, name: admin.name, role: 'admin', departmentIds: [], token: adminToken, api: t.app };
  people.approver = await person('approver');
  people.communications = await person('communications');
  people.department = await person('department', [planeacionId]);
  people.viewer = await person('viewer');

  pages = new Hono<AppEnv>();
  pages.onError(errorHandler);
  pages.use('*', async (c, next) => {
    c.set('db', t.db);
    c.set('config', t.config);
    await next();
  });
  pages.use('*', authenticate());
  pages.use('*', waitingCount());
  pages.route('/', dashboardRoutes);
  pages.get('/otra-pagina', (c) => c.html(String(WaitingBadge({ count: c.var.waitingCount }) ?? '')));
  // A form refused with 422 draws its page again, header included.
  pages.post('/otra-pagina', (c) => c.html(String(WaitingBadge({ count: c.var.waitingCount }) ?? ''), 422));
  pages.get('/api/algo', (c) => c.json({ waitingCount: c.var.waitingCount ?? null }));
});

afterAll(async () => {
  await t?.close();
  await sandbox?.close();
});

describe('waiting for me', () => {
  it('shows an approver a piece in review and not a draft; once approved it is gone', async () => {
    const { admin, approver } = people;
    const draft = await newPiece(admin);
    const inReview = await newPiece(admin);
    await submit(admin, inReview.id);

    const waiting = await listWaitingPieces(t.db, authOf(approver).user);
    expect(waiting.find((w) => w.pieceId === inReview.id)).toMatchObject({ reason: 'review', title: inReview.title, version: 1 });
    expect(waiting.some((w) => w.pieceId === draft.id)).toBe(false);

    const doc = await html(approver, '/inicio');
    const mine = panel(doc, 'panel-espera')!;
    expect(mine).toContain(`<a href="/piezas/${inReview.id}">${inReview.title}</a>`);
    expect(mine).toContain('Por revisar');
    expect(doc).not.toContain(draft.title);
    const before = await countWaiting(t.db, authOf(approver));

    await review(approver, inReview.id, 'approve');
    expect((await listWaitingPieces(t.db, authOf(approver).user)).some((w) => w.pieceId === inReview.id)).toBe(false);
    expect(panel(await html(approver, '/inicio'), 'panel-espera')).not.toContain(inReview.title);
    expect(await countWaiting(t.db, authOf(approver))).toBe(before - 1);
  });

  it('shows a communications user their rejected piece with the reviewer\'s comment, also after they edit it, until they send it again', async () => {
    const { communications, approver } = people;
    const rejected = await newPiece(communications);
    const draft = await newPiece(communications);
    const othersInReview = await newPiece(people.admin);
    await submit(people.admin, othersInReview.id);
    await submit(communications, rejected.id);
    await review(approver, rejected.id, 'reject', 'Falta la fecha de la audiencia & el lugar');

    let waiting = await listWaitingPieces(t.db, authOf(communications).user);
    expect(waiting.find((w) => w.pieceId === rejected.id)).toMatchObject({ reason: 'rejected', comment: 'Falta la fecha de la audiencia & el lugar', reviewerName: approver.name });
    expect(waiting.find((w) => w.pieceId === draft.id)).toMatchObject({ reason: 'draft', comment: null });
    // Reviewing is not theirs: nothing in review waits for them.
    expect(waiting.some((w) => w.pieceId === othersInReview.id)).toBe(false);

    const mine = panel(await html(communications, '/inicio'), 'panel-espera')!;
    expect(mine).toContain(`<a href="/piezas/${rejected.id}">${rejected.title}</a>`);
    expect(mine).toContain('Rechazada');
    expect(mine).toContain('Falta la fecha de la audiencia &amp; el lugar');
    expect(mine).toContain(`<a href="/piezas/${draft.id}">${draft.title}</a>`);

    // Fixing it makes version 2: the rejection (of version 1, its predecessor) still explains why it waits.
    expect((await communications.api.request(`/api/pieces/${rejected.id}`, jsonRequest('PATCH', { body: 'Audiencia el 24 de noviembre en el Concejo' }))).status).toBe(200);
    waiting = await listWaitingPieces(t.db, authOf(communications).user);
    expect(waiting.find((w) => w.pieceId === rejected.id)).toMatchObject({ reason: 'rejected', version: 2, comment: 'Falta la fecha de la audiencia & el lugar' });

    await submit(communications, rejected.id);
    expect((await listWaitingPieces(t.db, authOf(communications).user)).some((w) => w.pieceId === rejected.id)).toBe(false);
    expect((await listWaitingPieces(t.db, authOf(approver).user)).find((w) => w.pieceId === rejected.id)).toMatchObject({ reason: 'review', version: 2 });
  });

  it('shows a department user only their departments\' pieces, and the ones to approve when the plan asks for it', async () => {
    const { department, admin, approver } = people;
    const own = await newPiece(department, { activityId: ownActivityId });
    expect((await department.api.request('/api/pieces', jsonRequest('POST', { kind: 'poster', title: 'Afiche ajeno', activityId: foreignActivityId }))).status).toBe(403);
    const ownInReview = await newPiece(admin, { activityId: ownActivityId });
    const foreignInReview = await newPiece(admin, { activityId: foreignActivityId });
    await submit(admin, ownInReview.id);
    await submit(admin, foreignInReview.id);

    // The plan does not ask departments to approve: only their own draft waits for them.
    let waiting = await listWaitingPieces(t.db, authOf(department).user);
    expect(waiting.map((w) => `${w.reason}:${w.pieceId}`)).toEqual([`draft:${own.id}`]);

    await t.app.request(`/api/plans/${planId}`, jsonRequest('PATCH', { requireDepartmentApproval: true }));
    try {
      waiting = await listWaitingPieces(t.db, authOf(department).user);
      expect(waiting.find((w) => w.pieceId === ownInReview.id)).toMatchObject({ reason: 'department_approval' });
      expect(waiting.some((w) => w.pieceId === foreignInReview.id)).toBe(false);
      const mine = panel(await html(department, '/inicio'), 'panel-espera')!;
      expect(mine).toContain('Aprobación de su dependencia');
      expect(mine).toContain(ownInReview.title);
      expect(mine).not.toContain(foreignInReview.title);

      // The department approves first: it no longer waits for them, and still waits for the office.
      await review(department, ownInReview.id, 'approve');
      expect((await listWaitingPieces(t.db, authOf(department).user)).some((w) => w.pieceId === ownInReview.id)).toBe(false);
      expect((await listWaitingPieces(t.db, authOf(approver).user)).some((w) => w.pieceId === ownInReview.id)).toBe(true);
      // The office approves the foreign one: it waits for that activity's department, not for the office.
      await review(approver, foreignInReview.id, 'approve');
      expect((await listWaitingPieces(t.db, authOf(approver).user)).some((w) => w.pieceId === foreignInReview.id)).toBe(false);
    } finally {
      await t.app.request(`/api/plans/${planId}`, jsonRequest('PATCH', { requireDepartmentApproval: false }));
    }
  });

  it('lists late activities with the plan\'s own lateness, only those of a department user\'s departments', async () => {
    const { department, admin } = people;
    const patch = (id: string, body: unknown) => t.app.request(`/api/activities/${id}`, jsonRequest('PATCH', body));
    expect((await patch(ownActivityId, { plannedStart: '2020-01-01', plannedEnd: '2020-02-01' })).status).toBe(200);
    expect((await patch(foreignActivityId, { plannedStart: '2020-03-01', plannedEnd: null })).status).toBe(200);
    try {
      const now = new Date('2020-02-11T15:00:00Z');
      const all = await listLateActivities(t.db, authOf(admin).user, now, 'America/Bogota');
      expect(all.map((a) => [a.id, a.lateness])).toEqual([[ownActivityId, { late: true, reason: 'not_finished', daysLate: 10 }]]);
      const later = await listLateActivities(t.db, authOf(admin).user, new Date('2020-03-04T15:00:00Z'), 'America/Bogota');
      expect(later.map((a) => [a.id, a.lateness.reason, a.lateness.daysLate])).toEqual([
        [ownActivityId, 'not_finished', 32],
        [foreignActivityId, 'not_started', 3],
      ]);
      expect((await listLateActivities(t.db, authOf(department).user, new Date('2020-03-04T15:00:00Z'), 'America/Bogota')).map((a) => a.id)).toEqual([ownActivityId]);

      const forAdmin = panel(await html(admin, '/inicio'), 'panel-atrasadas')!;
      expect(forAdmin).toContain(`href="/actividades/${ownActivityId}"`);
      expect(forAdmin).toContain(`href="/actividades/${foreignActivityId}"`);
      expect(forAdmin).toMatch(/Vencida hace \d+ días/);
      const forDepartment = panel(await html(department, '/inicio'), 'panel-atrasadas')!;
      expect(forDepartment).toContain(`href="/actividades/${ownActivityId}"`);
      expect(forDepartment).not.toContain(foreignActivityId);

      // Done activities are never late.
      expect((await patch(ownActivityId, { status: 'done', progress: 100, actualStart: '2020-01-02', actualEnd: '2020-02-05' })).status).toBe(200);
      expect((await listLateActivities(t.db, authOf(admin).user, now, 'America/Bogota')).map((a) => a.id)).toEqual([]);
    } finally {
      await patch(ownActivityId, { plannedStart: null, plannedEnd: null, status: 'pending', progress: 0, actualStart: null, actualEnd: null });
      await patch(foreignActivityId, { plannedStart: null, plannedEnd: null });
    }
  });
});

describe('goes out today and this week', () => {
  it('counts days in Bogotá: 23:30 tonight is today although it is tomorrow in UTC', async () => {
    const { admin, department } = people;
    // 24 November 2026, 3:00 p. m. in Bogotá (20:00 UTC).
    const now = new Date('2026-11-24T20:00:00Z');
    const at = async (scheduledAt: string, activityId = ownActivityId, variants = [{ network: 'x', text: 'Hoy' }, { network: 'website', title: 'Hoy', text: 'Hoy' }]) =>
      (await newPiece(admin, { scheduledAt, activityId, variants })).id;
    const tonight = await at('2026-11-24T23:30:00-05:00');
    const earlyToday = await at('2026-11-24T00:10:00-05:00');
    const yesterday = await at('2026-11-23T23:50:00-05:00');
    const tomorrow = await at('2026-11-25T00:30:00-05:00', foreignActivityId);
    const lastDay = await at('2026-12-01T23:00:00-05:00');
    const tooLate = await at('2026-12-02T00:30:00-05:00');
    const cancelled = await at('2026-11-24T18:00:00-05:00');
    expect((await admin.api.request(`/api/pieces/${cancelled}/transitions`, jsonRequest('POST', { action: 'cancel' }))).status).toBe(200);

    const created = [tonight, earlyToday, yesterday, tomorrow, lastDay, tooLate, cancelled];
    const ids = (items: { pieceId: string }[]) => items.map((i) => i.pieceId).filter((id) => created.includes(id));
    const bogota = await listGoingOut(t.db, authOf(admin).user, now, 'America/Bogota');
    expect(bogota.today).toBe('2026-11-24');
    expect(bogota.weekEnd).toBe('2026-12-01');
    expect(ids(bogota.todayItems)).toEqual([earlyToday, tonight]);
    expect(ids(bogota.weekItems)).toEqual([tomorrow, lastDay]);
    expect(bogota.todayItems[1]).toMatchObject({ at: new Date('2026-11-25T04:30:00Z'), networks: ['x', 'website'], status: 'draft' });
    for (const gone of [yesterday, tooLate, cancelled]) expect([...ids(bogota.todayItems), ...ids(bogota.weekItems)]).not.toContain(gone);

    // The same moment read in UTC: tonight's piece is already tomorrow.
    const utc = await listGoingOut(t.db, authOf(admin).user, now, 'UTC');
    expect(ids(utc.todayItems)).not.toContain(tonight);
    expect(ids(utc.weekItems)).toContain(tonight);

    // A department user sees only their departments' pieces.
    const theirs = await listGoingOut(t.db, authOf(department).user, now, 'America/Bogota');
    expect(ids(theirs.weekItems)).toEqual([lastDay]);
  });

  it('lists a piece whose publication is scheduled, with the publication\'s network, and shows times in the office\'s zone', async () => {
    const { admin, approver } = people;
    // Scheduling is built elsewhere: the publication row comes from publishing to a held account, then gets its time.
    const piece = await newPiece(admin, { variants: [{ network: 'facebook', text: 'Mañana, audiencia pública' }] });
    await submit(admin, piece.id);
    await review(approver, piece.id, 'approve');
    const fb = await t.db.channelAccount.findFirstOrThrow({ where: { network: 'facebook' } });
    await t.db.channelAccount.update({ where: { id: fb.id }, data: { pausedUntil: new Date(Date.now() + 3_600_000) } });
    try {
      const res = await admin.api.request(`/api/pieces/${piece.id}/publish`, jsonRequest('POST', {}));
      expect((await res.json()).results[0].outcome).toBe('held');
    } finally {
      await t.db.channelAccount.update({ where: { id: fb.id }, data: { pausedUntil: null } });
    }
    const soon = new Date(Date.now() + 2 * 86_400_000);
    await t.db.publication.updateMany({ where: { pieceId: piece.id }, data: { scheduledAt: soon } });

    const going = await listGoingOut(t.db, authOf(admin).user, new Date(), 'America/Bogota');
    expect(going.weekItems.find((i) => i.pieceId === piece.id)).toMatchObject({ at: soon, networks: ['facebook'], status: 'approved' });
    const week = panel(await html(admin, '/inicio'), 'panel-semana')!;
    expect(week).toContain(`<a href="/piezas/${piece.id}">${piece.title}</a>`);
    expect(week).toContain('Facebook');
    const shown = new Intl.DateTimeFormat('es-CO', { timeZone: 'America/Bogota', hour: 'numeric', minute: '2-digit', hour12: true }).format(soon);
    expect(week).toContain(`<time datetime="${soon.toISOString()}">`);
    expect(week).toContain(shown);
  });
});

describe('publications and accounts that need attention', () => {
  let failedPiece: { id: string; title: string };
  let heldPiece: { id: string; title: string };
  let reconnectId: string;

  beforeAll(async () => {
    const { admin, approver } = people;
    // A failed post: the local X server answers 500.
    failedPiece = await newPiece(admin, { activityId: foreignActivityId, variants: [{ network: 'x', text: 'La audiencia pública es el 24 de noviembre' }] });
    await submit(admin, failedPiece.id);
    await review(approver, failedPiece.id, 'approve');
    const xSandbox = await t.db.channelAccount.findFirstOrThrow({ where: { network: 'x', label: 'X Sandbox' } });
    sandbox.fakes.x.kit.addFault({ kind: 'server_error', match: 'POST /2/tweets', times: 5 });
    const failed = await (await admin.api.request(`/api/pieces/${failedPiece.id}/publish`, jsonRequest('POST', { accountIds: [xSandbox.id] }))).json();
    sandbox.fakes.x.kit.clearFaults();
    expect(failed.results[0].outcome).toBe('failed');

    // An account whose token expired with nothing to renew it: it must be reconnected, and its post waits.
    const connected = await admin.api.request(
      '/api/channels/accounts',
      jsonRequest('POST', { network: 'x', label: 'X Alcaldía', accessToken: 'token-vencido', expiresAt: '2020-01-01T00:00:00Z' }),
    );
    expect(connected.status).toBe(201);
    const account = await connected.json();
    expect(account.status).toBe('reconnect_needed');
    reconnectId = account.id;
    heldPiece = await newPiece(admin, { activityId: ownActivityId, variants: [{ network: 'x', text: 'Participe en la rendición de cuentas' }] });
    await submit(admin, heldPiece.id);
    await review(approver, heldPiece.id, 'approve');
    const held = await (await admin.api.request(`/api/pieces/${heldPiece.id}/publish`, jsonRequest('POST', { accountIds: [reconnectId] }))).json();
    expect(held.results[0].outcome).toBe('held');
  });

  it('lists the failed and the held publication with piece, network, account and error', async () => {
    const { admin, department } = people;
    const problems = await listPublicationProblems(t.db, authOf(admin).user);
    expect(problems.find((p) => p.pieceId === failedPiece.id)).toMatchObject({ status: 'failed', network: 'x', account: { label: 'X Sandbox', sandbox: true }, pieceTitle: failedPiece.title });
    expect(problems.find((p) => p.pieceId === failedPiece.id)!.error).toBeTruthy();
    expect(problems.find((p) => p.pieceId === heldPiece.id)).toMatchObject({ status: 'held', account: { label: 'X Alcaldía' }, error: expect.stringContaining('necesita reconectarse') });

    const shown = panel(await html(admin, '/inicio'), 'panel-publicaciones')!;
    expect(shown).toContain(`<a href="/piezas/${failedPiece.id}#publicaciones">${failedPiece.title}</a>`);
    expect(shown).toContain('Falló');
    expect(shown).toContain('X Sandbox');
    expect(shown).toContain('En espera');
    expect(shown).toContain('La cuenta «X Alcaldía» necesita reconectarse');

    // The failed one is of the communications office's activity: not the department's.
    const theirs = panel(await html(department, '/inicio'), 'panel-publicaciones')!;
    expect(theirs).toContain(heldPiece.title);
    expect(theirs).not.toContain(failedPiece.title);
  });

  it('shows accounts to reconnect (and paused ones) to an admin and a communications user, never to a viewer', async () => {
    const { admin, communications, viewer, department } = people;
    const fb = await t.db.channelAccount.findFirstOrThrow({ where: { network: 'facebook' } });
    const yt = await t.db.channelAccount.findFirstOrThrow({ where: { network: 'youtube' } });
    const now = new Date();
    await t.db.channelAccount.update({ where: { id: fb.id }, data: { pausedUntil: new Date(now.getTime() + 30 * 60_000) } });
    await t.db.channelAccount.update({ where: { id: yt.id }, data: { pausedUntil: new Date(now.getTime() - 60_000) } });
    try {
      const alerts = (await listAccountAlerts(t.db, authOf(admin).user, now))!;
      expect(alerts.map((a) => [a.label, a.needsReconnect])).toEqual([
        ['X Alcaldía', true],
        ['Facebook Sandbox', false],
      ]);
      expect(await listAccountAlerts(t.db, authOf(viewer).user, now)).toBeNull();
      expect(await listAccountAlerts(t.db, authOf(department).user, now)).toBeNull();

      const forAdmin = panel(await html(admin, '/inicio'), 'panel-cuentas')!;
      expect(forAdmin).toContain('<a href="/canales">Reconectar «X Alcaldía» de X</a>');
      expect(forAdmin).toContain('Debe reconectarse');
      expect(forAdmin).toContain('En pausa hasta');
      expect(panel(await html(communications, '/inicio'), 'panel-cuentas')).toContain('X Alcaldía');
      const forViewer = await html(viewer, '/inicio');
      expect(panel(forViewer, 'panel-cuentas')).toBeNull();
      expect(forViewer).not.toContain('Reconectar «X Alcaldía»');
    } finally {
      await t.db.channelAccount.updateMany({ where: { id: { in: [fb.id, yt.id] } }, data: { pausedUntil: null } });
    }
  });

  it('puts the failed publication and the account in the pending list of those who publish, with dates', async () => {
    const { admin, department } = people;
    const items = await listWaiting(t.db, authOf(admin));
    expect(items.find((n) => n.kind === 'publication' && n.href === `/piezas/${failedPiece.id}#publicaciones`)).toMatchObject({ title: `Publicación de «${failedPiece.title}» en X: falló` });
    expect(items.find((n) => n.kind === 'account')).toMatchObject({ title: 'Reconectar la cuenta «X Alcaldía» de X', href: '/canales' });
    const doc = await html(admin, '/pendientes');
    expect(doc).toContain('<h1>Pendientes</h1>');
    expect(doc).toContain('<a href="/canales">Reconectar la cuenta «X Alcaldía» de X</a>');
    expect(doc).toMatch(/<time datetime="[^"]+">\d{1,2} de [a-z]+ de \d{4}, \d{1,2}:\d{2}/);
    // Departments do not publish: their list has none of that.
    expect((await listWaiting(t.db, authOf(department))).some((n) => n.kind === 'publication' || n.kind === 'account')).toBe(false);
  });
});

describe('alerts for late activities and overdue questions', () => {
  it('lists a late activity for those who follow it up (a department only its own) and an overdue question for the office and its department; the badge counts them', async () => {
    const { admin, department, viewer, communications } = people;
    const patch = (id: string, body: unknown) => admin.api.request(`/api/activities/${id}`, jsonRequest('PATCH', body));
    expect((await patch(ownActivityId, { plannedStart: '2020-01-01', plannedEnd: '2020-02-01' })).status).toBe(200);
    expect((await patch(foreignActivityId, { plannedStart: '2020-03-01', plannedEnd: null })).status).toBe(200);
    const hearing = await t.db.event.create({ data: { planId, kind: 'public_hearing', title: 'Audiencia pública', startsAt: new Date('2026-10-01T20:00:00Z') } });
    const mine = await t.db.citizenQuestion.create({ data: { planId, source: 'form', text: '¿Cuándo se amplía el acueducto veredal?', normalized: 'cuando se amplia el acueducto veredal', departmentId: planeacionId, status: 'assigned' } });
    const unassigned = await t.db.citizenQuestion.create({ data: { planId, source: 'form', text: '¿Habrá jornadas de salud en la vereda?', normalized: 'habra jornadas de salud en la vereda' } });
    const answered = await t.db.citizenQuestion.create({ data: { planId, source: 'form', text: '¿Qué pasó con el parque?', normalized: 'que paso con el parque', status: 'published', publishedAt: new Date('2026-10-05T15:00:00Z') } });
    try {
      // 1 Oct + 15 days = 16 Oct; on 20 Oct the two open questions are overdue, the published one is not.
      const now = new Date('2026-10-20T15:00:00Z');
      const office = await listWaiting(t.db, authOf(communications), now, 'America/Bogota');
      expect(office.filter((n) => n.kind === 'late_activity').map((n) => n.href).sort()).toEqual([`/actividades/${foreignActivityId}`, `/actividades/${ownActivityId}`].sort());
      expect(office.filter((n) => n.kind === 'overdue_question').map((n) => n.href).sort()).toEqual([`/preguntas/${mine.id}`, `/preguntas/${unassigned.id}`].sort());
      expect(office.find((n) => n.href === `/preguntas/${mine.id}`)).toMatchObject({ at: new Date('2026-10-17T00:00:00Z'), detail: 'El plazo para publicar la respuesta venció el 2026-10-16.' });
      expect(office.find((n) => n.href === `/actividades/${ownActivityId}`)!.detail).toMatch(/^Sin terminar: \d+ días de atraso\.$/);
      expect(office.some((n) => n.href === `/preguntas/${answered.id}`)).toBe(false);

      const theirs = await listWaiting(t.db, authOf(department), now, 'America/Bogota');
      expect(theirs.filter((n) => n.kind === 'late_activity' || n.kind === 'overdue_question').map((n) => n.href).sort()).toEqual([`/actividades/${ownActivityId}`, `/preguntas/${mine.id}`].sort());
      expect((await listWaiting(t.db, authOf(viewer), now)).filter((n) => n.kind === 'late_activity' || n.kind === 'overdue_question')).toEqual([]);

      // Before the deadline nothing is overdue; the badge counts exactly what the list shows.
      const before = new Date('2026-10-16T15:00:00Z');
      expect((await listWaiting(t.db, authOf(communications), before)).some((n) => n.kind === 'overdue_question')).toBe(false);
      for (const p of [communications, department, viewer]) {
        expect(await countWaiting(t.db, authOf(p), now), p.role).toBe((await listWaiting(t.db, authOf(p), now)).length);
      }
      const page = await html(department, '/pendientes');
      expect(page).toContain('Actividad atrasada');
      expect(page).toContain('Responder la pregunta ciudadana «¿Cuándo se amplía el acueducto veredal?»');
    } finally {
      await t.db.citizenQuestion.deleteMany({ where: { id: { in: [mine.id, unassigned.id, answered.id] } } });
      await t.db.event.delete({ where: { id: hearing.id } });
      await patch(ownActivityId, { plannedStart: null, plannedEnd: null });
      await patch(foreignActivityId, { plannedStart: null, plannedEnd: null });
    }
  });
});

describe('the badge and the pending list', () => {
  it('counts exactly what the list shows, for every role, and the middleware leaves it for the header', async () => {
    for (const p of Object.values(people)) {
      const items = await listWaiting(t.db, authOf(p));
      const count = await countWaiting(t.db, authOf(p));
      expect(count, p.role).toBe(items.length);
      const doc = await html(p, '/pendientes');
      expect(doc.match(/<li class="notification-/g)?.length ?? 0, p.role).toBe(count);
      const badge = await (await page(p, '/otra-pagina')).text();
      expect(badge, p.role).toContain('href="/pendientes"');
      if (count > 0) expect(badge, p.role).toContain(`<span class="waiting-badge" aria-hidden="true">${count}</span>`);
    }
    expect(await countWaiting(t.db, authOf(people.admin))).toBeGreaterThan(0);
  });

  it('says "Nada pendiente" when nothing waits, and counts nothing for API calls or anonymous requests', async () => {
    const { viewer } = people;
    expect(await countWaiting(t.db, authOf(viewer))).toBe(0);
    const doc = await html(viewer, '/pendientes');
    expect(doc).toContain('Nada pendiente.');
    expect(doc).not.toContain('<li class="notification-');
    expect(panel(await html(viewer, '/inicio'), 'panel-espera')).toContain('<p class="empty">Nada pendiente.</p>');
    expect(await (await page(viewer, '/otra-pagina')).text()).toContain('aria-label="Pendientes: nada pendiente"');
    const refusedForm = await pages.request('/otra-pagina', { method: 'POST', headers: { authorization: `Bearer ${viewer.token}` } });
    expect(refusedForm.status).toBe(422);
    expect(await refusedForm.text()).toContain('aria-label="Pendientes: nada pendiente"');

    expect(await (await page(viewer, '/api/algo')).json()).toEqual({ waitingCount: null });
    expect(await (await pages.request('/otra-pagina')).text()).toBe('');
    const anonymous = await pages.request('/inicio');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/ingresar?volver=%2Finicio');
  });

  it('renders the dashboard for every role, with a heading per panel and links for every item', async () => {
    for (const p of Object.values(people)) {
      const doc = await html(p, '/inicio');
      expect(doc).toContain('<h1>Inicio</h1>');
      for (const id of ['panel-espera', 'panel-hoy', 'panel-semana', 'panel-atrasadas', 'panel-publicaciones']) expect(doc, `${p.role} ${id}`).toContain(`<h2 id="${id}">`);
      expect(doc.includes('<h2 id="panel-cuentas">'), p.role).toBe(p.role === 'admin' || p.role === 'approver' || p.role === 'communications');
    }
  });
});
