import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, importSeedPlan, jsonRequest, type TestContext } from '../support/test-db.js';

let t: TestContext;
let planId: string;
let activityId: string;
beforeAll(async () => {
  t = await createTestContext();
  planId = await importSeedPlan(t.db);
  activityId = (await t.db.activity.findFirstOrThrow()).id;
});
afterAll(async () => {
  await t.close();
});

const post = (path: string, body: unknown) => t.app.request(path, jsonRequest('POST', body));
const entries = async (entityType: string, entityId: string) =>
  (await (await t.app.request(`/api/audit?entityType=${entityType}&entityId=${entityId}`)).json()).items.reverse() as {
    action: string;
    actorLabel: string;
    actorId: string | null;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }[];

describe('audit trail', () => {
  it('records create, update, transitions and delete of a piece with who, before and after', async () => {
    const piece = await (await post('/api/pieces', { kind: 'poster', title: 'Afiche para auditar', activityId })).json();
    await t.app.request(`/api/pieces/${piece.id}`, jsonRequest('PATCH', { title: 'Afiche auditado' }));
    await post(`/api/pieces/${piece.id}/transitions`, { action: 'submit' });
    await post(`/api/pieces/${piece.id}/review`, { decision: 'reject', comment: 'Falta el logo' });
    expect((await t.app.request(`/api/pieces/${piece.id}`, { method: 'DELETE' })).status).toBe(204);

    const trail = await entries('Piece', piece.id);
    expect(trail.map((e) => e.action)).toEqual(['create', 'update', 'submit', 'reject', 'delete']);
    expect(new Set(trail.map((e) => e.actorLabel))).toEqual(new Set(['admin@prueba.gov.co']));
    expect(trail[0]!.before).toBeNull();
    expect(trail[0]!.after).toMatchObject({ title: 'Afiche para auditar', status: 'draft' });
    expect(trail[1]!.before).toMatchObject({ title: 'Afiche para auditar' });
    expect(trail[1]!.after).toMatchObject({ title: 'Afiche auditado', version: 2 });
    expect(trail[2]).toMatchObject({ before: { status: 'draft' }, after: { status: 'in_review' } });
    expect(trail[3]).toMatchObject({ before: { status: 'in_review' }, after: { status: 'draft', comment: 'Falta el logo' } });
    expect(trail[4]).toMatchObject({ before: { title: 'Afiche auditado' }, after: null });
  });

  it('writes nothing when the change is refused', async () => {
    const piece = await (await post('/api/pieces', { kind: 'poster', title: 'Afiche rechazado', activityId })).json();
    const before = await t.db.auditEntry.count();
    expect((await post(`/api/pieces/${piece.id}/review`, { decision: 'approve' })).status).toBe(409);
    expect((await t.app.request(`/api/activities/${activityId}`, jsonRequest('PATCH', { plannedStart: '2026-05-01', plannedEnd: '2026-01-01' }))).status).toBe(422);
    expect(await t.db.auditEntry.count()).toBe(before);
  });

  it('records activity follow-up and events, and the plan import', async () => {
    await t.app.request(`/api/activities/${activityId}`, jsonRequest('PATCH', { progress: 25, status: 'in_progress' }));
    const [update] = (await entries('Activity', activityId)).slice(-1);
    expect(update).toMatchObject({ action: 'update', before: { progress: 0, status: 'pending' }, after: { progress: 25, status: 'in_progress' } });

    const event = await (await post('/api/events', { planId, title: 'Audiencia pública', kind: 'public_hearing', startsAt: '2026-12-10T09:00:00-05:00' })).json();
    await t.app.request(`/api/events/${event.id}`, jsonRequest('PATCH', { place: 'Concejo municipal' }));
    await t.app.request(`/api/events/${event.id}`, { method: 'DELETE' });
    expect((await entries('Event', event.id)).map((e) => e.action)).toEqual(['create', 'update', 'delete']);

    const form = new FormData();
    form.append('file', new File(['Subcomponente\tActividades\tResponsable\nInformación\tPublicar el informe\tSecretaría de Planeación\n'], 'mini.tsv'));
    const { planId: newPlan } = await (await t.app.request('/api/plans/import', { method: 'POST', body: form })).json();
    const [imported] = await entries('Plan', newPlan);
    expect(imported).toMatchObject({ action: 'import', after: { sourceName: 'mini.tsv', subcomponents: 1, activities: 1 } });
  });

  it('exports the filtered trail as CSV that Excel opens with accents', async () => {
    await post('/api/departments', { name: 'Secretaría de Educación' });
    const res = await t.app.request('/api/audit?format=csv&entityType=Department');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
    expect(lines[0]).toBe('"fecha_utc","usuario","id_usuario","accion","entidad","id_entidad","antes","despues","direccion"');
    expect(lines.some((l) => l.includes('Secretaría de Educación'))).toBe(true);
    expect(lines.slice(1).every((l) => l.includes('"Department"'))).toBe(true);
  });

  it('filters by action and date range', async () => {
    const future = await (await t.app.request('/api/audit?from=2099-01-01T00:00:00Z')).json();
    expect(future.total).toBe(0);
    const imports = await (await t.app.request('/api/audit?action=import')).json();
    expect(imports.items.every((e: { action: string }) => e.action === 'import')).toBe(true);
    expect(imports.total).toBeGreaterThanOrEqual(1);
  });
});
