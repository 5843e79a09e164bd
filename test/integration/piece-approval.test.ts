import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, createUserWithToken, importSeedPlan, withToken, type Client, type TestContext } from '../support/test-db.js';

// Approval rules: who may approve, approval of a version, what a change after approval does,
// and the plan setting that asks the activity's department to approve too.

let t: TestContext;
let planId: string;
let ownActivityId: string; // an activity of Secretaría de Planeación
let foreignActivityId: string; // one it does not answer for
const as: Record<string, Client> = {};

const json = (method: string, body: unknown) => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function pieceInReview(activityId = ownActivityId, text = 'Texto de la versión 1') {
  const created = await as.communications!.request('/api/pieces', json('POST', { kind: 'social_post', title: 'Pieza para revisar', activityId, variants: [{ network: 'website', title: 'Noticia', text }] }));
  const { id } = await created.json();
  expect((await as.communications!.request(`/api/pieces/${id}/transitions`, json('POST', { action: 'submit' }))).status).toBe(200);
  return id as string;
}
const review = (who: string, id: string, decision: 'approve' | 'reject', comment?: string) => as[who]!.request(`/api/pieces/${id}/review`, json('POST', { decision, comment }));
const piece = async (id: string) => (await t.app.request(`/api/pieces/${id}`)).json();
const requireDepartments = (on: boolean) => t.db.plan.update({ where: { id: planId }, data: { requireDepartmentApproval: on } });

beforeAll(async () => {
  t = await createTestContext();
  planId = await importSeedPlan(t.db);
  const planeacion = await t.db.department.findFirstOrThrow({ where: { name: 'Secretaría de Planeación' } });
  ownActivityId = (await t.db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Rendición de cuentas sectorial' } } })).id;
  foreignActivityId = (await t.db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Realizar comunicados de prensa' } } })).id;
  for (const role of ['communications', 'approver', 'viewer', 'department'] as const) {
    as[role] = withToken(t.anon, (await createUserWithToken(t.db, role, role === 'department' ? [planeacion.id] : [])).token);
  }
});
afterAll(async () => {
  await t.close();
});

describe('who may approve', () => {
  it('lets approvers approve and refuses communications, viewers and (when the plan does not ask for it) departments', async () => {
    await requireDepartments(false);
    const id = await pieceInReview();
    expect((await review('communications', id, 'approve')).status).toBe(403);
    expect((await review('viewer', id, 'approve')).status).toBe(403);
    const department = await review('department', id, 'approve');
    expect(department.status).toBe(403);
    expect((await department.json()).error.message).toContain('no pide la aprobación de las dependencias');
    expect((await piece(id)).status).toBe('in_review');
    expect((await review('approver', id, 'approve')).status).toBe(200);
    expect(await piece(id)).toMatchObject({ status: 'approved', approvedVersion: 1 });
  });

  it('keeps a department out of pieces of activities it does not answer for', async () => {
    await requireDepartments(true);
    const id = await pieceInReview(foreignActivityId);
    expect((await review('department', id, 'approve')).status).toBe(403);
    expect(await t.db.pieceReview.count({ where: { pieceId: id } })).toBe(0);
  });
});

describe('department approval, when the plan asks for it', () => {
  it('approves a version only once the office and the department have both approved it, in either order', async () => {
    await requireDepartments(true);
    const first = await pieceInReview();
    expect((await review('approver', first, 'approve')).status).toBe(200);
    expect(await piece(first)).toMatchObject({ status: 'in_review', approvedVersion: null });
    expect((await review('approver', first, 'approve')).status).toBe(409);
    expect((await review('department', first, 'approve')).status).toBe(200);
    expect(await piece(first)).toMatchObject({ status: 'approved', approvedVersion: 1 });

    const second = await pieceInReview();
    expect((await review('department', second, 'approve')).status).toBe(200);
    expect((await piece(second)).status).toBe('in_review');
    expect((await review('approver', second, 'approve')).status).toBe(200);
    expect((await piece(second)).status).toBe('approved');
  });

  it('lets the department reject with a comment: the piece goes back to draft', async () => {
    await requireDepartments(true);
    const id = await pieceInReview();
    expect((await review('department', id, 'reject')).status).toBe(400);
    expect((await review('department', id, 'reject', 'La fecha de la audiencia es el 15, no el 16.')).status).toBe(200);
    expect((await piece(id)).status).toBe('draft');
    const reviews = await t.db.pieceReview.findMany({ where: { pieceId: id } });
    expect(reviews).toMatchObject([{ decision: 'rejected', asDepartment: true, comment: 'La fecha de la audiencia es el 15, no el 16.' }]);
  });

  it('does not count approvals of an earlier version after a change', async () => {
    await requireDepartments(true);
    const id = await pieceInReview();
    expect((await review('department', id, 'approve')).status).toBe(200);
    // A change while in review makes version 2: the department's approval was of version 1.
    expect((await as.communications!.request(`/api/pieces/${id}`, json('PATCH', { body: 'Nuevo cuerpo' }))).status).toBe(200);
    expect((await review('approver', id, 'approve')).status).toBe(200);
    expect(await piece(id)).toMatchObject({ status: 'in_review', version: 2, approvedVersion: null });
    expect((await review('department', id, 'approve')).status).toBe(200);
    expect(await piece(id)).toMatchObject({ status: 'approved', approvedVersion: 2 });
  });
});

describe('approval is of a version', () => {
  it('publishes exactly the approved version; a change after approval sends it back to review and cannot be published', async () => {
    await requireDepartments(false);
    const id = await pieceInReview(ownActivityId, 'Texto aprobado');
    expect((await review('approver', id, 'approve')).status).toBe(200);
    const changed = await as.communications!.request(`/api/pieces/${id}`, json('PATCH', { variants: [{ network: 'website', title: 'Noticia', text: 'Texto cambiado sin aprobar' }] }));
    expect(await changed.json()).toMatchObject({ status: 'in_review', version: 2 });
    expect((await t.app.request(`/api/pieces/${id}/publish`, json('POST', {}))).status).toBe(409);

    // Approving version 2 pins it; what goes out is its text.
    expect((await review('approver', id, 'approve')).status).toBe(200);
    expect((await piece(id)).approvedVersion).toBe(2);
    const published = await (await t.app.request(`/api/pieces/${id}/publish`, json('POST', {}))).json();
    const url = new URL(published.results[0].publication.url);
    expect(await (await t.anon.request(url.pathname)).text()).toContain('Texto cambiado sin aprobar');

    // Published is final: no more changes.
    const late = await as.communications!.request(`/api/pieces/${id}`, json('PATCH', { body: 'Otro cambio' }));
    expect(late.status).toBe(409);
    expect((await late.json()).error.message).toBe('Una pieza publicada no se puede modificar.');
  });
});
