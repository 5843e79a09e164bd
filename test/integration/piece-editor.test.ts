import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTemplate } from '../../src/render/templates.js';
import { sampleValues } from '../../src/render/service/samples.js';
import { seedPublished } from '../support/published.js';
import { createTestContext, createUserWithToken, importSeedPlan, sessionClient, type TestContext } from '../support/test-db.js';

// The piece editor page as a browser uses it: the form (kind, schedule in the office's zone,
// variants), autosave of drafts, the history of versions, and images made from a template.

let t: TestContext;
let editor: Awaited<ReturnType<typeof sessionClient>>;
let activityId: string;

beforeAll(async () => {
  t = await createTestContext();
  const planId = await importSeedPlan(t.db);
  activityId = (await t.db.activity.findFirstOrThrow({ where: { subcomponent: { planId } } })).id;
  const { user } = await createUserWithToken(t.db, 'communications', [], 'editora@prueba.gov.co');
  editor = await sessionClient(t.anon, user.email, 'contraseña-de-prueba');
});
afterAll(async () => {
  await t.close();
});

async function newPiece() {
  const res = await editor.request('/api/pieces', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'social_post', title: 'Pieza del editor', activityId }) });
  return (await res.json()).id as string;
}

const save = (id: string, fields: Record<string, string>, autosave = false) =>
  editor.request(`/piezas/${id}/variantes`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(autosave ? { 'x-autosave': '1' } : {}) },
    body: new URLSearchParams({ _csrf: editor.csrfToken, title: 'Pieza del editor', ...fields }),
  });

describe('the piece editor', () => {
  it('saves kind, variants and a publication time typed in Bogotá, stored in UTC', async () => {
    const id = await newPiece();
    const res = await save(id, { kind: 'notice', scheduledAt: '2026-12-15T09:30', body: 'Cuerpo', 'facebook.include': '1', 'facebook.text': 'Aviso para Facebook' });
    expect(res.status).toBe(303);
    const piece = await t.db.piece.findUniqueOrThrow({ where: { id }, include: { variants: true } });
    expect(piece.kind).toBe('notice');
    expect(piece.scheduledAt?.toISOString()).toBe('2026-12-15T14:30:00.000Z');
    expect(piece.variants.map((v) => v.text)).toEqual(['Aviso para Facebook']);
    const page = await (await editor.request(`/piezas/${id}`)).text();
    expect(page).toContain('value="2026-12-15T09:30"');
    const bad = await save(id, { scheduledAt: 'mañana temprano' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('La fecha y hora de publicación no es válida.');
  });

  it('autosaves a draft into the same version while one person keeps writing, and a deliberate save starts a new one', async () => {
    const id = await newPiece();
    // Version 1 is the one this person created a moment ago: autosaves refine it.
    const first = await save(id, { body: 'Primer borrador' }, true);
    expect(first.status).toBe(200);
    expect((await first.json()).version).toBe(1);
    const second = await (await save(id, { body: 'Primer borrador, corregido' }, true)).json();
    expect(second.version).toBe(1);
    const snapshot = await t.db.pieceVersion.findUniqueOrThrow({ where: { pieceId_version: { pieceId: id, version: 1 } } });
    expect(JSON.parse(snapshot.snapshot).body).toBe('Primer borrador, corregido');
    expect(await t.db.pieceVersion.count({ where: { pieceId: id } })).toBe(1);
    await save(id, { body: 'Versión para revisar' });
    expect(await t.db.pieceVersion.count({ where: { pieceId: id } })).toBe(2);
    // Another person's autosave does not rewrite this person's version.
    const { user } = await createUserWithToken(t.db, 'communications', [], 'colega@prueba.gov.co');
    const colleague = await sessionClient(t.anon, user.email, 'contraseña-de-prueba');
    const theirs = await colleague.request(`/piezas/${id}/variantes`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-autosave': '1' },
      body: new URLSearchParams({ _csrf: colleague.csrfToken, title: 'Pieza del editor', body: 'Aporte de un colega' }),
    });
    expect((await theirs.json()).version).toBe(3);
    // Autosave answers errors as JSON, in Spanish, and changes nothing.
    const wrong = await save(id, { body: 'x', 'x.include': '1', 'x.link': 'no-es-un-enlace' }, true);
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).error.message).toBeTruthy();
    expect((await t.db.piece.findUniqueOrThrow({ where: { id } })).body).toBe('Aporte de un colega');
  });

  it('shows the history of versions with who reviewed each one and their comment', async () => {
    const id = await newPiece();
    await save(id, { body: 'Borrador con un dato errado', 'website.include': '1', 'website.title': 'Noticia', 'website.text': 'Texto' });
    expect((await editor.request(`/api/pieces/${id}/transitions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'submit' }) })).status).toBe(200);
    expect((await t.app.request(`/api/pieces/${id}/review`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'reject', comment: 'La cifra de asistentes está mal.' }) })).status).toBe(200);
    const page = await (await editor.request(`/piezas/${id}`)).text();
    expect(page).toContain('Historial de versiones');
    expect(page).toMatch(/Versión 2/);
    expect(page).toContain('rechazó');
    expect(page).toContain('La cifra de asistentes está mal.');
  });

  it('opens a template for the piece and lists the images made there first, with their alt text', async () => {
    const id = await newPiece();
    const open = await editor.request(`/piezas/${id}/plantilla?plantilla=press_header`);
    expect(open.status).toBe(303);
    expect(open.headers.get('location')).toBe(`/plantillas/press_header?pieza=${id}`);
    expect(await (await editor.request(open.headers.get('location')!)).text()).toContain(`data-piece-id="${id}"`);
    const template = getTemplate('press_header');
    const render = await editor.request('/api/render', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template: template.id, fields: sampleValues(template), format: template.formats[0], output: 'png', pieceId: id }),
    });
    expect(render.status).toBe(200);
    const assetId = render.headers.get('x-media-asset-id')!;
    const page = await (await editor.request(`/piezas/${id}`)).text();
    const option = new RegExp(`<option value="${assetId}" data-alt="[^"]+">De esta pieza · Imagen`);
    expect(page).toMatch(option);
    expect((await editor.request(`/piezas/${id}/plantilla?plantilla=no-existe`)).status).toBe(404);
  });
});

describe('best hours offered when scheduling', () => {
  it('names the plan\'s best weekday and hour, in Bogotá, under the schedule field', async () => {
    const account = await t.db.channelAccount.create({ data: { network: 'x', label: 'Cuenta de historial' } });
    // Tuesday 17 Nov 2026 15:00 UTC is 10:00 in Bogotá; Wednesday 18 Nov 20:00 UTC is 15:00.
    const tuesday = new Date('2026-11-17T15:00:00Z');
    const wednesday = new Date('2026-11-18T20:00:00Z');
    const ids = await seedPublished(t.db, {
      activityId, accountId: account.id, network: 'x',
      posts: [tuesday, tuesday, wednesday, wednesday].map((publishedAt, i) => ({ remoteId: `historial-${i}`, publishedAt, metricsDueAt: null })),
    });
    // Tuesday: 20 interactions on 200 reached = 10 %; Wednesday: 4 on 200 = 2 %.
    const likes = [12, 8, 3, 1];
    await t.db.metricSample.createMany({ data: ids.map((publicationId, i) => ({ publicationId, collectedAt: new Date('2026-11-20T00:00:00Z'), impressions: 100, likes: likes[i]! })) });

    const page = await (await editor.request(`/piezas/${await newPiece()}`)).text();
    expect(page).toContain('Mejores horas según el historial del plan: martes 10:00–11:00 (10,0 %); miércoles 15:00–16:00 (2,0 %).');
  });
});
