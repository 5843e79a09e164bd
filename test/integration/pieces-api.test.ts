import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, importSeedPlan, jsonRequest, type TestContext } from '../support/test-db.js';

let t: TestContext;
let activityId: string;
let otherActivityId: string;
beforeAll(async () => {
  t = await createTestContext();
  const planId = await importSeedPlan(t.db);
  const acts = await t.db.activity.findMany({ where: { subcomponent: { planId } }, orderBy: [{ subcomponent: { position: 'asc' } }, { position: 'asc' }], take: 3 });
  activityId = acts[1]!.id;
  otherActivityId = acts[2]!.id;
});
afterAll(async () => {
  await t.close();
});

const post = (path: string, body: unknown) => t.app.request(path, jsonRequest('POST', body));
const patch = (path: string, body: unknown) => t.app.request(path, jsonRequest('PATCH', body));
const act = (id: string, action: string, comment?: string) => post(`/api/pieces/${id}/transitions`, { action, comment });
const review = (id: string, decision: 'approve' | 'reject', comment?: string) => post(`/api/pieces/${id}/review`, { decision, comment });

async function newPiece(extra: Record<string, unknown> = {}) {
  const res = await post('/api/pieces', { kind: 'poster', title: 'Afiche de la audiencia pública', activityId, ...extra });
  expect(res.status).toBe(201);
  return res.json();
}

describe('creating and reading pieces', () => {
  it('creates a draft at version 1 with its per-channel variants and keeps a version snapshot', async () => {
    const piece = await newPiece({ variants: [{ network: 'x', text: '¡Participe en la audiencia!' }, { network: 'website', title: 'Audiencia', text: 'Texto largo' }] });
    expect(piece).toMatchObject({ status: 'draft', version: 1, approvedVersion: null, activityId });
    expect(piece.variants.map((v: { network: string }) => v.network).sort()).toEqual(['website', 'x']);
    const versions = await t.db.pieceVersion.findMany({ where: { pieceId: piece.id } });
    expect(versions.map((v) => v.version)).toEqual([1]);
    expect(JSON.parse(versions[0]!.snapshot).variants).toHaveLength(2);
  });

  it('refuses an unknown kind (400), an unknown activity (422) and two variants for one network (400)', async () => {
    expect((await post('/api/pieces', { kind: 'meme', title: 'Algo válido' })).status).toBe(400);
    const noActivity = await post('/api/pieces', { kind: 'poster', title: 'Algo válido', activityId: 'fantasma' });
    expect(noActivity.status).toBe(422);
    expect((await noActivity.json()).error.message).toContain('fantasma');
    const twice = await post('/api/pieces', { kind: 'social_post', title: 'Algo válido', variants: [{ network: 'x' }, { network: 'x' }] });
    expect(twice.status).toBe(400);
    expect(await t.db.piece.count({ where: { title: 'Algo válido' } })).toBe(0);
  });

  it('answers a Spanish validation message for a title that is too short', async () => {
    const res = await post('/api/pieces', { kind: 'poster', title: 'A' });
    const { error } = await res.json();
    expect(res.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(/^Los datos enviados no son válidos \(title: .*(demasiado|pequeño|corto|mínimo|caracteres).*\)\.$/i);
  });

  it('answers 404 for an unknown piece', async () => {
    expect((await t.app.request('/api/pieces/nada')).status).toBe(404);
  });
});

describe('listing with filters', () => {
  it('filters by activity, kind, status, channel and scheduled date range', async () => {
    const a = await newPiece({ kind: 'social_post', title: 'Post de diciembre', scheduledAt: '2026-12-05T10:00:00-05:00', variants: [{ network: 'facebook', text: 'x' }] });
    const b = await newPiece({ kind: 'social_post', title: 'Post de enero', scheduledAt: '2027-01-05T10:00:00-05:00', activityId: otherActivityId, variants: [{ network: 'x', text: 'y' }] });
    await act(b.id, 'submit');

    const ids = async (query: string) => ((await (await t.app.request(`/api/pieces?${query}`)).json()).items as { id: string }[]).map((p) => p.id);
    expect(await ids(`activityId=${otherActivityId}`)).toEqual([b.id]);
    expect(await ids('kind=social_post&network=facebook')).toEqual([a.id]);
    expect(await ids('status=in_review')).toEqual([b.id]);
    expect(await ids('kind=social_post&from=2026-12-01T00:00:00-05:00&to=2027-01-01T00:00:00-05:00')).toEqual([a.id]);
    expect((await t.app.request('/api/pieces?status=perdida')).status).toBe(400);
  });
});

describe('the lifecycle through the API', () => {
  it('submits and approves, pinning the approved version; a content change sends it back to review', async () => {
    const p = await newPiece();
    expect((await act(p.id, 'submit')).status).toBe(200);
    const approved = await (await review(p.id, 'approve', 'Listo')).json();
    expect(approved).toMatchObject({ status: 'approved', version: 1, approvedVersion: 1 });

    const edited = await (await patch(`/api/pieces/${p.id}`, { title: 'Afiche corregido de la audiencia' })).json();
    expect(edited).toMatchObject({ status: 'in_review', version: 2, approvedVersion: 1 });
    const reviews = await t.db.pieceReview.findMany({ where: { pieceId: p.id } });
    expect(reviews).toMatchObject([{ decision: 'approved', version: 1, comment: 'Listo' }]);
  });

  it('reschedules an approved piece without sending it back to review', async () => {
    const p = await newPiece();
    await act(p.id, 'submit');
    await review(p.id, 'approve');
    const moved = await (await patch(`/api/pieces/${p.id}`, { scheduledAt: '2026-12-01T08:00:00-05:00' })).json();
    expect(moved).toMatchObject({ status: 'approved', version: 1, scheduledAt: '2026-12-01T13:00:00.000Z' });
    expect((await (await act(p.id, 'schedule')).json()).status).toBe('scheduled');
  });

  it('answers 409 for an illegal transition and changes nothing', async () => {
    const p = await newPiece();
    const res = await review(p.id, 'approve');
    expect(res.status).toBe(409);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'illegal_transition', message: 'No se puede aprobar una pieza en estado «Borrador».' });
    expect(error.details.allowed).toContain('submit');
    expect((await t.db.piece.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('draft');
    expect(await t.db.pieceReview.count({ where: { pieceId: p.id } })).toBe(0);
  });

  it('needs a comment to reject, and a rejection sends the piece back to draft', async () => {
    const p = await newPiece();
    await act(p.id, 'submit');
    const bare = await review(p.id, 'reject');
    expect(bare.status).toBe(400);
    expect((await bare.json()).error.message).toContain('por qué se rechaza');
    const rejected = await (await review(p.id, 'reject', 'Falta la fecha de la audiencia')).json();
    expect(rejected).toMatchObject({ status: 'draft', approvedVersion: null });
  });

  it('does not accept approve through the plain transitions endpoint', async () => {
    const p = await newPiece();
    await act(p.id, 'submit');
    expect((await act(p.id, 'approve')).status).toBe(400);
    expect((await t.db.piece.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('in_review');
  });

  it('refuses to schedule a piece with no time (422)', async () => {
    const p = await newPiece();
    await act(p.id, 'submit');
    await review(p.id, 'approve');
    const res = await act(p.id, 'schedule');
    expect(res.status).toBe(422);
    expect((await t.db.piece.findUniqueOrThrow({ where: { id: p.id } })).status).toBe('approved');
  });

  it('deletes drafts only; a piece under review is cancelled instead', async () => {
    const draft = await newPiece();
    expect((await t.app.request(`/api/pieces/${draft.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await t.db.piece.count({ where: { id: draft.id } })).toBe(0);

    const reviewed = await newPiece();
    await act(reviewed.id, 'submit');
    const res = await t.app.request(`/api/pieces/${reviewed.id}`, { method: 'DELETE' });
    expect(res.status).toBe(409);
    expect(await t.db.piece.count({ where: { id: reviewed.id } })).toBe(1);
    expect((await (await act(reviewed.id, 'cancel')).json()).status).toBe('cancelled');
    const edit = await patch(`/api/pieces/${reviewed.id}`, { title: 'Otro título cualquiera' });
    expect(edit.status).toBe(409);
  });
});
