import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, importSeedPlan, seedPlanPath, sessionClient, type Client, type TestContext } from '../support/test-db.js';

let t: TestContext;
let planId: string;
let web: Client;
beforeAll(async () => {
  t = await createTestContext();
  planId = await importSeedPlan(t.db);
  // The pages as a person uses them: session cookie and CSRF token.
  web = await sessionClient(t.anon, 'admin@prueba.gov.co', 'contraseña-de-prueba');
});
afterAll(async () => {
  await t.close();
});

function form(fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

describe('plan pages', () => {
  it('sends the home page to the dashboard once there is a plan', async () => {
    const res = await web.request('/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/inicio');
    const dashboard = await web.request('/inicio');
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('aria-current="page"');
  });

  it('shows the plan with its subcomponents, activities and departments, in Spanish', async () => {
    const res = await web.request(`/planes/${planId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="es-CO">');
    for (const name of ['Información', 'Diálogo', 'Incentivos', 'Evaluación y seguimiento']) expect(html).toContain(name);
    expect(html).toContain('a través de la realización de una audiencia pública participativa');
    expect(html).toContain('Todas las dependencias');
    expect(html.match(/<tr class="(is-late)?">/g)).toHaveLength(19);
    expect(html).not.toContain('is-late');
  });

  it('highlights a late activity', async () => {
    const a = await t.db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Elaborar informe de gestión' } } });
    await t.db.activity.update({ where: { id: a.id }, data: { plannedStart: new Date('2020-01-01'), plannedEnd: new Date('2020-02-01') } });
    const html = await (await web.request(`/planes/${planId}`)).text();
    expect(html.match(/class="is-late"/g)).toHaveLength(1);
    expect(html).toMatch(/Vencida hace \d+ días/);
    await t.db.activity.update({ where: { id: a.id }, data: { plannedStart: null, plannedEnd: null } });
  });

  it('shows an HTML 404 for an unknown plan', async () => {
    const res = await web.request('/planes/nada');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('No existe el plan con id nada.');
  });
});

describe('activity page', () => {
  it('saves the follow-up form and re-renders a Spanish error for reversed dates', async () => {
    const a = await t.db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Difundir' } }, include: { departments: true } });
    const deps = a.departments.map((d) => d.departmentId);
    const ok = await web.request(
      `/actividades/${a.id}`,
      form({ plannedStart: '2026-02-01', plannedEnd: '2026-03-15', actualStart: '', actualEnd: '', status: 'in_progress', progress: '30', departmentIds: deps }),
    );
    expect(ok.status).toBe(303);
    const stored = await t.db.activity.findUniqueOrThrow({ where: { id: a.id } });
    expect(stored).toMatchObject({ status: 'in_progress', progress: 30, plannedEnd: new Date('2026-03-15T00:00:00Z') });

    const bad = await web.request(`/actividades/${a.id}`, form({ plannedStart: '2026-05-01', plannedEnd: '2026-04-01', status: 'pending', progress: '0' }));
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('La fecha final programada es anterior a la de inicio.');
    expect((await t.db.activity.findUniqueOrThrow({ where: { id: a.id } })).plannedEnd).toEqual(new Date('2026-03-15T00:00:00Z'));
  });

  it('creates a draft piece from the activity page and lists it', async () => {
    const a = await t.db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Diseñar' } } });
    const res = await web.request(`/actividades/${a.id}/piezas`, form({ kind: 'invitation_card', title: 'Tarjeta de invitación a la audiencia' }));
    expect(res.status).toBe(303);
    const html = await (await web.request(`/actividades/${a.id}`)).text();
    expect(html).toContain('Tarjeta de invitación a la audiencia');
    expect(html).toContain('Borrador');
  });
});

describe('import page', () => {
  it('previews a pasted table without saving, then creates the plan on confirm', async () => {
    const before = await t.db.plan.count();
    const fd = new FormData();
    fd.append('mode', 'preview');
    fd.append('text', fs.readFileSync(seedPlanPath, 'utf8'));
    const preview = await web.request('/planes/importar', { method: 'POST', body: fd });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('4 subcomponentes, 19 actividades');
    expect(await t.db.plan.count()).toBe(before);

    const payload = html.match(/name="payload" value="([^"]+)"/)![1]!;
    const confirm = new FormData();
    confirm.append('mode', 'confirm');
    confirm.append('payload', payload);
    const created = await web.request('/planes/importar', { method: 'POST', body: confirm });
    expect(created.status).toBe(303);
    expect(await t.db.plan.count()).toBe(before + 1);
  });

  it('shows the importer error in Spanish for a paste with no table', async () => {
    const fd = new FormData();
    fd.append('mode', 'preview');
    fd.append('text', 'Solo una frase sin tabla.');
    const res = await web.request('/planes/importar', { method: 'POST', body: fd });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('class="error"');
  });
});
