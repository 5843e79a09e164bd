import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, seedPlanPath, type TestContext } from '../support/test-db.js';

const seedText = fs.readFileSync(seedPlanPath, 'utf8');
let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(async () => {
  await t.close();
});

function postText(body: RequestInit['body'], contentType = 'text/tab-separated-values', query = '') {
  return t.app.request(`/api/plans/import${query}`, { method: 'POST', body, headers: { 'content-type': contentType } });
}

async function counts() {
  return { plans: await t.db.plan.count(), activities: await t.db.activity.count(), departments: await t.db.department.count() };
}

describe('POST /api/plans/import', () => {
  it('with dryRun=true returns the preview and writes nothing', async () => {
    const res = await postText(seedText, 'text/plain', '?dryRun=true');
    expect(res.status).toBe(200);
    const preview = await res.json();
    expect(preview.subcomponents.map((s: { activities: unknown[] }) => s.activities.length)).toEqual([5, 8, 2, 4]);
    expect(await counts()).toEqual({ plans: 0, activities: 0, departments: 0 });
  });

  it('creates the seed plan with exactly the structure of the table', async () => {
    const res = await postText(seedText);
    expect(res.status).toBe(201);
    const { planId } = await res.json();

    const list = await (await t.app.request('/api/plans')).json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: planId, subcomponentCount: 4, activityCount: 19 });

    const tree = await (await t.app.request(`/api/plans/${planId}`)).json();
    expect(tree.objective).toBe(
      'Fortalecer la comunicación entre la Administración Municipal y la ciudadanía en un proceso de rendición de cuentas permanentes, transparentes y participativas.',
    );
    expect(tree.subcomponents.map((s: { name: string }) => s.name)).toEqual(['Información', 'Diálogo', 'Incentivos', 'Evaluación y seguimiento']);
    expect(tree.subcomponents.map((s: { activities: unknown[] }) => s.activities.length)).toEqual([5, 8, 2, 4]);
    const activities = tree.subcomponents.flatMap((s: { activities: { description: string; goal: string | null }[] }) => s.activities);
    expect(activities.map((a: { description: string }) => a.description)).toContain(
      'Garantizar la participación e información de los ciudadanos en interacción con el gobierno municipal a través de la realización de una audiencia pública participativa',
    );
    expect(activities.map((a: { goal: string | null }) => a.goal)).toContain(
      'Documento oficial para informar sobre la evaluación del proceso a la comunidad',
    );
    expect(activities.some((a: { description: string }) => a.description.startsWith('Cronograma'))).toBe(false);
    expect(activities[0]).toMatchObject({ allDepartments: true, position: 1 });

    const departments: { name: string; activityCount: number }[] = await (await t.app.request('/api/departments')).json();
    const apoyo = departments.filter((d) => d.name.toLowerCase().startsWith('secretaría de apoyo a la gestión'));
    expect(apoyo).toHaveLength(1);
    expect(departments.some((d) => /todas las dependencias/i.test(d.name))).toBe(false);
    // Every activity that names the Secretaría de Apoyo points at that one row.
    const apoyoActivities = activities.filter((a: { departments: { name: string }[] }) =>
      a.departments.some((d) => d.name === apoyo[0]!.name),
    ).length;
    expect(apoyo[0]!.activityCount).toBe(apoyoActivities);
    // Counted by hand in the seed: Definir, Elaborar, Publicación de encuesta, Garantizar, Hacer seguimiento, Realizar evaluación, Realizar informe general.
    expect(apoyoActivities).toBe(7);
  });

  it('accepts the plan as an uploaded file and reuses departments on a second import', async () => {
    const form = new FormData();
    form.append('file', new File([seedText], 'plan.txt', { type: 'text/plain' }));
    const first = await t.app.request('/api/plans/import', { method: 'POST', body: form });
    expect(first.status).toBe(201);
    const departmentsAfterFirst = await t.db.department.count();

    const again = new FormData();
    again.append('file', new File([seedText], 'plan-2027.txt', { type: 'text/plain' }));
    expect((await t.app.request('/api/plans/import', { method: 'POST', body: again })).status).toBe(201);
    expect(await t.db.plan.count()).toBe(2);
    expect(await t.db.department.count()).toBe(departmentsAfterFirst);
  });

  it.each([
    ['binary garbage', new Uint8Array([0, 1, 2, 0, 255, 254, 0, 7, 8, 0, 0, 3, 200, 10, 0, 0]), 'text/plain'],
    ['prose with no table header', 'Este documento describe la estrategia.\nNo tiene tabla alguna.\n', 'text/plain'],
    ['an empty body', '', 'text/csv'],
  ])('answers 400 in Spanish for %s and writes nothing', async (_name, body, type) => {
    const res = await postText(body as RequestInit['body'], type);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('plan_format');
    expect(error.message).toMatch(/[áéíóúñ]|encabezad|vac|archivo|tabla/i);
    expect(await counts()).toEqual({ plans: 0, activities: 0, departments: 0 });
  });

  it('answers 415 for a content type it cannot read', async () => {
    const res = await postText('{"plan": 1}', 'application/json');
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('unsupported_media_type');
  });

  it('answers 400 for a multipart body without the file field', async () => {
    const form = new FormData();
    form.append('archivo', 'x');
    const res = await t.app.request('/api/plans/import', { method: 'POST', body: form });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('«file»');
  });

  it('answers 400 for a dryRun that is neither true nor false', async () => {
    const res = await postText(seedText, 'text/plain', '?dryRun=si');
    expect(res.status).toBe(400);
    expect(await counts()).toEqual({ plans: 0, activities: 0, departments: 0 });
  });
});

describe('upload size limit', () => {
  it('answers 413 in Spanish for a body over PREGON_MAX_UPLOAD_MB and writes nothing', async () => {
    const small = await createTestContext({ PREGON_MAX_UPLOAD_MB: '0.001' });
    try {
      const res = await small.app.request('/api/plans/import', {
        method: 'POST',
        body: seedText,
        headers: { 'content-type': 'text/plain' },
      });
      expect(res.status).toBe(413);
      const { error } = await res.json();
      expect(error).toMatchObject({ code: 'payload_too_large' });
      expect(error.message).toContain('tamaño máximo');
      expect(await small.db.plan.count()).toBe(0);
    } finally {
      await small.close();
    }
  });
});
