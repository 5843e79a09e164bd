import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, importSeedPlan, jsonRequest, type TestContext } from '../support/test-db.js';

let t: TestContext;
let planId: string;
let activityId: string;
beforeAll(async () => {
  t = await createTestContext();
  planId = await importSeedPlan(t.db);
  const first = await t.db.activity.findFirstOrThrow({ where: { subcomponent: { planId } }, orderBy: [{ subcomponent: { position: 'asc' } }, { position: 'asc' }] });
  activityId = first.id;
});
afterAll(async () => {
  await t.close();
});

const patch = (path: string, body: unknown) => t.app.request(path, jsonRequest('PATCH', body));

describe('plans', () => {
  it('answers 404 with a Spanish message for an unknown plan', async () => {
    const res = await t.app.request('/api/plans/no-existe');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No existe el plan con id no-existe.', details: { id: 'no-existe' } } });
  });

  it('updates the time zone and refuses one that does not exist', async () => {
    const bad = await patch(`/api/plans/${planId}`, { timeZone: 'America/Macondo' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('America/Macondo');
    const ok = await patch(`/api/plans/${planId}`, { timeZone: 'America/Lima', year: 2026 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ timeZone: 'America/Lima', year: 2026 });
  });

  it('rejects unknown fields instead of ignoring them', async () => {
    const res = await patch(`/api/plans/${planId}`, { titulo: 'x' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('validation_failed');
  });
});

describe('activities', () => {
  it('reads an activity with its departments', async () => {
    const res = await t.app.request(`/api/activities/${activityId}`);
    expect(res.status).toBe(200);
    const a = await res.json();
    expect(a.subcomponentName).toBe('Información');
    expect(a.departments.map((d: { name: string }) => d.name).sort()).toEqual(['Secretaría de Apoyo a la Gestión', 'Secretaría de Planeación']);
  });

  it('refuses an end date before the start date with 422 and changes nothing', async () => {
    const res = await patch(`/api/activities/${activityId}`, { plannedStart: '2026-03-10', plannedEnd: '2026-03-01' });
    expect(res.status).toBe(422);
    const stored = await t.db.activity.findUniqueOrThrow({ where: { id: activityId } });
    expect(stored.plannedStart).toBeNull();
  });

  it('refuses an impossible calendar date with 400', async () => {
    const res = await patch(`/api/activities/${activityId}`, { plannedEnd: '2026-02-30' });
    expect(res.status).toBe(400);
  });

  it('shows an activity as late once its planned end has passed, and not once it is done', async () => {
    const late = await (await patch(`/api/activities/${activityId}`, { plannedStart: '2020-01-01', plannedEnd: '2020-01-31', status: 'in_progress', progress: 40 })).json();
    expect(late.lateness).toMatchObject({ late: true, reason: 'not_finished' });
    expect(late.actualStart).not.toBeNull();
    const tree = await (await t.app.request(`/api/plans/${planId}`)).json();
    expect(tree.lateCount).toBe(1);

    const done = await (await patch(`/api/activities/${activityId}`, { status: 'done' })).json();
    expect(done).toMatchObject({ status: 'done', progress: 100, lateness: { late: false } });
    expect(done.actualEnd).not.toBeNull();
  });

  it('assigns departments and refuses ids that do not exist', async () => {
    const deps = await (await t.app.request('/api/departments')).json();
    const talento = deps.find((d: { name: string }) => d.name.includes('Talento Humano'));
    const ok = await patch(`/api/activities/${activityId}`, { departmentIds: [talento.id], allDepartments: false });
    expect((await ok.json()).departments).toEqual([{ id: talento.id, name: talento.name }]);

    const bad = await patch(`/api/activities/${activityId}`, { departmentIds: [talento.id, 'fantasma'] });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.details).toEqual({ missing: ['fantasma'] });
    const after = await (await t.app.request(`/api/activities/${activityId}`)).json();
    expect(after.departments).toEqual([{ id: talento.id, name: talento.name }]);
  });

  it('answers 404 for an unknown activity', async () => {
    expect((await patch('/api/activities/nada', { progress: 5 })).status).toBe(404);
  });
});

describe('departments', () => {
  it('creates a department and refuses a case or accent variant of an existing one', async () => {
    const created = await t.app.request('/api/departments', jsonRequest('POST', { name: 'Secretaría de Hacienda' }));
    expect(created.status).toBe(201);
    const dup = await t.app.request('/api/departments', jsonRequest('POST', { name: 'SECRETARIA DE  HACIENDA' }));
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.message).toContain('Secretaría de Hacienda');
  });
});

describe('events', () => {
  it('creates, lists, updates and deletes the public hearing', async () => {
    const hearing = { planId, kind: 'public_hearing', title: 'Audiencia pública de rendición de cuentas', startsAt: '2026-12-10T09:00:00-05:00', place: 'Teatro municipal', activityId };
    const created = await t.app.request('/api/events', jsonRequest('POST', hearing));
    expect(created.status).toBe(201);
    const event = await created.json();
    expect(event.startsAt).toBe('2026-12-10T14:00:00.000Z');

    const list = await (await t.app.request(`/api/plans/${planId}/events`)).json();
    expect(list.map((e: { id: string }) => e.id)).toEqual([event.id]);

    const updated = await patch(`/api/events/${event.id}`, { place: 'Coliseo' });
    expect((await updated.json()).place).toBe('Coliseo');
    expect((await t.app.request(`/api/events/${event.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.app.request(`/api/events/${event.id}`)).status).toBe(404);
  });

  it('refuses an event that ends before it starts, or that points at another plan', async () => {
    const base = { planId, title: 'Feria de gestión', startsAt: '2026-12-10T09:00:00-05:00' };
    const backwards = await t.app.request('/api/events', jsonRequest('POST', { ...base, endsAt: '2026-12-10T08:00:00-05:00' }));
    expect(backwards.status).toBe(422);
    const foreign = await t.app.request('/api/events', jsonRequest('POST', { ...base, activityId: 'otra' }));
    expect(foreign.status).toBe(422);
    const noOffset = await t.app.request('/api/events', jsonRequest('POST', { ...base, startsAt: '2026-12-10 09:00' }));
    expect(noOffset.status).toBe(400);
    expect(await t.db.event.count({ where: { title: 'Feria de gestión' } })).toBe(0);
  });
});

describe('the API surface', () => {
  it('publishes an OpenAPI 3.1 document built from the same schemas, and a reference page', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/api/plans', '/api/plans/import', '/api/plans/{id}', '/api/activities/{id}', '/api/pieces', '/api/pieces/{id}/transitions', '/api/events']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(doc.components.schemas.ActivityUpdate.properties.progress).toMatchObject({ minimum: 0, maximum: 100 });
    const page = await t.app.request('/api/docs');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/api/plans/import');
  });

  it('reports the database in /healthz', async () => {
    expect(await (await t.app.request('/healthz')).json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('answers unknown API routes with the JSON error', async () => {
    const res = await t.app.request('/api/nada');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });
});
