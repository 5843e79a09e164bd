import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from '../../src/generated/prisma/client.js';
import { daysBetween, fromDateOnly, fromLocalDateTime, todayIn } from '../../src/lib/dates.js';
import { addDays } from '../../src/plan/derive-dates.js';
import { formRequest as form } from '../support/http.js';
import { createTestContext, createUserWithToken, importSeedPlan, jsonRequest, withToken, type Client, type TestContext } from '../support/test-db.js';

/**
 * The schedule follow-up (/planes/:id/cronograma) over a real database, with activities made
 * by hand around today: planned and actual bars, today's line, late marks, the days relative
 * to the hearing and the planned dates calculated from it. Through the real app (src/app.ts) with
 * its access rules (src/auth/policy.ts), as someone of the communications office.
 */

const zone = 'America/Bogota';
let t: TestContext;
let app: Client;
let actorId: string;
let planId: string;
const today = todayIn(zone);
const day = (n: number) => addDays(today, n);
const a: Record<'late' | 'future' | 'done' | 'unstarted' | 'undated', Activity> = {} as never;

beforeAll(async () => {
  t = await createTestContext({ PREGON_TIME_ZONE: zone });
  const { user, token } = await createUserWithToken(t.db, 'communications');
  actorId = user.id;
  app = withToken(t.anon, token);

  const plan = await t.db.plan.create({ data: { title: 'Plan de prueba del cronograma', timeZone: zone } });
  planId = plan.id;
  const s1 = await t.db.subcomponent.create({ data: { planId, name: 'Información', position: 1 } });
  const s2 = await t.db.subcomponent.create({ data: { planId, name: 'Evaluación y seguimiento', position: 2 } });
  const make = (subcomponentId: string, position: number, description: string, data: Partial<Activity>) =>
    t.db.activity.create({ data: { subcomponentId, position, description, ...data } });
  a.late = await make(s1.id, 1, 'Diseñar las piezas de la rendición', { plannedStart: fromDateOnly(day(-20)), plannedEnd: fromDateOnly(day(-5)), actualStart: fromDateOnly(day(-18)), status: 'in_progress' });
  a.future = await make(s1.id, 2, 'Comunicados de prensa', { plannedStart: fromDateOnly(day(5)), plannedEnd: fromDateOnly(day(20)) });
  a.done = await make(s1.id, 3, 'Caracterizar los grupos de interés', { plannedStart: fromDateOnly(day(-10)), plannedEnd: fromDateOnly(day(10)), actualStart: fromDateOnly(day(-12)), actualEnd: fromDateOnly(day(-2)), status: 'done', progress: 100 });
  a.unstarted = await make(s2.id, 1, 'Hacer seguimiento al cronograma', { plannedStart: fromDateOnly(day(-3)), plannedEnd: fromDateOnly(day(30)) });
  a.undated = await make(s2.id, 2, 'Realizar informe general', {});
});
afterAll(async () => {
  await t.close();
});

/** The chart row of an activity: its HTML and its bars' attributes. */
function chartRow(html: string, id: string) {
  const frame = html.slice(html.indexOf('class="gantt-frame"'), html.indexOf('id="tabla"'));
  const start = frame.indexOf(`data-activity-id="${id}"`);
  expect(start, `row of ${id}`).toBeGreaterThan(0);
  const rowStart = frame.lastIndexOf('<div class="gantt-row', start);
  const end = frame.indexOf('</svg>', start);
  const row = frame.slice(rowStart, end);
  const bar = (kind: string) => {
    const m = new RegExp(`<rect class="([^"]+)" data-kind="${kind}" data-start="([\\d-]+)" data-end="([\\d-]+)" x="(\\d+)" y="\\d+" width="(\\d+)"`).exec(row);
    return m ? { className: m[1]!, start: m[2]!, end: m[3]!, x: Number(m[4]), width: Number(m[5]) } : null;
  };
  return { row, planned: bar('planned'), actual: bar('actual') };
}

describe('the Gantt page', () => {
  it('draws planned against actual bars on one axis, with today\'s line and the late ones marked', async () => {
    const res = await app.request(`/planes/${planId}/cronograma`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const axisStart = /data-axis-start="([\d-]+)"/.exec(html)![1]!;
    const ppd = Number(/data-px-per-day="(\d+)"/.exec(html)![1]);
    expect(axisStart.endsWith('-01')).toBe(true);
    expect(axisStart <= day(-27)).toBe(true);
    expect(ppd).toBeGreaterThanOrEqual(2);
    const x = (d: string) => daysBetween(axisStart, d) * ppd;

    const late = chartRow(html, a.late.id);
    expect(late.row).toContain('gantt-row is-late');
    expect(late.row).toContain('Vencida hace 5 días');
    expect(late.planned).toEqual({ className: 'gantt-planned late', start: day(-20), end: day(-5), x: x(day(-20)), width: 16 * ppd });
    // Started, not finished: the actual bar runs to today, open.
    expect(late.actual).toEqual({ className: 'gantt-actual open', start: day(-18), end: today, x: x(day(-18)), width: 19 * ppd });

    const done = chartRow(html, a.done.id);
    expect(done.row).not.toContain('is-late');
    expect(done.planned).toMatchObject({ className: 'gantt-planned', start: day(-10), end: day(10), width: 21 * ppd });
    expect(done.actual).toMatchObject({ className: 'gantt-actual', start: day(-12), end: day(-2), x: x(day(-12)), width: 11 * ppd });

    const future = chartRow(html, a.future.id);
    expect(future.row).not.toContain('is-late');
    expect(future.planned).toMatchObject({ className: 'gantt-planned', start: day(5), end: day(20) });
    expect(future.actual).toBeNull();

    const unstarted = chartRow(html, a.unstarted.id);
    expect(unstarted.row).toContain('Sin iniciar hace 3 días');
    expect(unstarted.planned!.className).toBe('gantt-planned late');

    const undated = chartRow(html, a.undated.id);
    expect(undated.planned).toBeNull();
    expect(undated.actual).toBeNull();
    expect(undated.row).toContain('Sin fechas');

    // Today's line, half a day into today.
    expect(html).toContain(`<line class="gantt-today" x1="${x(today) + ppd / 2}"`);
    expect(html).toContain('>Hoy</text>');
    // Grouped by subcomponent, in order.
    expect(html.indexOf('1. Información')).toBeLessThan(html.indexOf('2. Evaluación y seguimiento'));
  });

  it('lists the late activities first, worst first, and gives the same data as a table', async () => {
    const html = await (await app.request(`/planes/${planId}/cronograma`)).text();
    const alerts = html.slice(html.indexOf('id="atrasos"'), html.indexOf('class="gantt-legend'));
    expect(alerts).toContain('<span class="badge late">2</span>');
    const ids = [...alerts.matchAll(/<li data-activity-id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual([a.late.id, a.unstarted.id]);
    expect(html).toContain('role="img"');
    const table = html.slice(html.indexOf('class="gantt-table"'));
    expect(table).toContain('<th scope="rowgroup" colspan="6">1. Información</th>');
    expect(table).toMatch(new RegExp(`<tr class="is-late" data-activity-id="${a.late.id}">`));
    expect(table).toContain('(sin terminar)');
    expect(table.match(/<tr class="is-late"/g)).toHaveLength(2);
  });

  it('answers 404 in Spanish for an unknown plan', async () => {
    const res = await app.request('/planes/nada/cronograma');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('No existe el plan con id nada.');
  });

  it('renders the 19 activities of the seed plan, which has no dates yet', async () => {
    const seed = await importSeedPlan(t.db);
    const html = await (await app.request(`/planes/${seed}/cronograma`)).text();
    expect(html.match(/<div class="gantt-row( is-late)?" data-activity-id=/g)).toHaveLength(19);
    expect(html).not.toContain('data-kind="planned"');
    expect(html).toContain('Ninguna actividad va atrasada hoy');
    expect(html).toContain('El plan aún no tiene audiencia pública');
  });
});

describe('dates from the hearing', () => {
  it('saves the days before (negative) and after the hearing, auditing only the activities that changed', async () => {
    const res = await app.request(
      `/planes/${planId}/cronograma/desfases`,
      form({ [`start.${a.future.id}`]: '-30', [`end.${a.future.id}`]: '−1', [`start.${a.unstarted.id}`]: '0', [`end.${a.unstarted.id}`]: '15', [`start.${a.undated.id}`]: '', [`end.${a.undated.id}`]: '' }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/planes/${planId}/cronograma?aviso=dias&n=2#desde-audiencia`);
    const rows = await t.db.activity.findMany({ where: { id: { in: [a.future.id, a.unstarted.id, a.undated.id] } } });
    const get = (id: string) => rows.find((r) => r.id === id)!;
    expect([get(a.future.id).hearingOffsetStartDays, get(a.future.id).hearingOffsetEndDays]).toEqual([-30, -1]);
    expect([get(a.unstarted.id).hearingOffsetStartDays, get(a.unstarted.id).hearingOffsetEndDays]).toEqual([0, 15]);
    expect(get(a.undated.id).hearingOffsetStartDays).toBeNull();
    const audit = await t.db.auditEntry.findMany({ where: { entityType: 'Activity', action: 'update', actorId } });
    expect(audit.map((e) => e.entityId).sort()).toEqual([a.future.id, a.unstarted.id].sort());
    expect(JSON.parse(audit.find((e) => e.entityId === a.future.id)!.after!)).toEqual({ hearingOffsetStartDays: -30, hearingOffsetEndDays: -1 });
    const html = await (await app.request(`/planes/${planId}/cronograma?aviso=dias&n=2`)).text();
    expect(html).toContain('Se guardaron los días de 2 actividades.');
    expect(html).toContain('30 días antes – 1 día antes');
    expect(html).toMatch(new RegExp(`name="start.${a.future.id}"[^>]*value="-30"`));
  });

  it('refuses (422, in Spanish) days that are not whole numbers, out of range, or an end before the start, changing nothing', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ [`start.${a.future.id}`]: 'diez', [`end.${a.future.id}`]: '' }, '«diez» no es un número entero de días.'],
      [{ [`start.${a.future.id}`]: '-1000', [`end.${a.future.id}`]: '' }, 'use un número entero de días entre −730 y 730'],
      [{ [`start.${a.future.id}`]: '5', [`end.${a.future.id}`]: '2' }, 'el fin (2 días) queda antes del inicio (5 días).'],
    ];
    for (const [fields, message] of cases) {
      const res = await app.request(`/planes/${planId}/cronograma/desfases`, form(fields));
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toMatch(new RegExp(`name="start.${a.future.id}"[^>]*value="${fields[`start.${a.future.id}`]}"`));
    }
    const row = await t.db.activity.findUniqueOrThrow({ where: { id: a.future.id } });
    expect([row.hearingOffsetStartDays, row.hearingOffsetEndDays]).toEqual([-30, -1]);
    const other = await t.db.plan.create({ data: { title: 'Otro' } });
    const api = await app.request(`/api/plans/${other.id}/hearing-offsets`, jsonRequest('PUT', { offsets: [{ activityId: a.future.id, startDays: 1, endDays: 2 }] }));
    expect(api.status).toBe(422);
    expect((await api.json()).error.message).toBe('Alguna de las actividades indicadas no existe en este plan.');
  });

  it('refuses (422) to calculate while the plan has no hearing', async () => {
    const page = await app.request(`/planes/${planId}/cronograma/calcular`);
    expect(page.status).toBe(422);
    expect(await page.text()).toContain('El plan no tiene audiencia pública con fecha');
    const api = await app.request(`/api/plans/${planId}/hearing-dates`, { method: 'POST' });
    expect(api.status).toBe(422);
    expect((await api.json()).error.code).toBe('unprocessable');
  });

  it('previews the dates from the hearing\'s day in the plan\'s zone, then applies them with an audit entry each', async () => {
    // 11:30 p. m. in Bogotá is already the next day in UTC: the hearing's day is Bogotá's.
    const hearingDay = day(45);
    const startsAt = fromLocalDateTime(`${hearingDay}T23:30`, zone)!;
    expect(startsAt.toISOString().slice(0, 10)).toBe(addDays(hearingDay, 1));
    const event = await t.db.event.create({ data: { planId, kind: 'public_hearing', title: 'Audiencia pública', startsAt } });

    const preview = await app.request(`/planes/${planId}/cronograma/calcular`);
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain('Aplicar a 2 actividades');
    const api = await (await app.request(`/api/plans/${planId}/hearing-dates`)).json();
    expect(api.hearing).toMatchObject({ id: event.id, day: hearingDay });
    expect(api.rows.map((r: { activityId: string }) => r.activityId)).toEqual([a.future.id, a.unstarted.id]);
    expect(api.rows[0]).toMatchObject({ current: { plannedStart: day(5), plannedEnd: day(20) }, next: { plannedStart: addDays(hearingDay, -30), plannedEnd: addDays(hearingDay, -1) }, changed: true, problem: null });
    expect(api.rows[1]).toMatchObject({ next: { plannedStart: hearingDay, plannedEnd: addDays(hearingDay, 15) } });
    // The preview changed nothing.
    expect((await t.db.activity.findUniqueOrThrow({ where: { id: a.future.id } })).plannedStart!.toISOString().slice(0, 10)).toBe(day(5));

    const res = await app.request(`/planes/${planId}/cronograma/calcular`, { method: 'POST' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/planes/${planId}/cronograma?aviso=fechas&n=2`);
    const future = await t.db.activity.findUniqueOrThrow({ where: { id: a.future.id } });
    expect([future.plannedStart!.toISOString(), future.plannedEnd!.toISOString()]).toEqual([fromDateOnly(addDays(hearingDay, -30))!.toISOString(), fromDateOnly(addDays(hearingDay, -1))!.toISOString()]);
    const unstarted = await t.db.activity.findUniqueOrThrow({ where: { id: a.unstarted.id } });
    expect(unstarted.plannedStart!.toISOString().slice(0, 10)).toBe(hearingDay);
    const audit = await t.db.auditEntry.findMany({ where: { action: 'derive_dates' }, orderBy: { at: 'asc' } });
    expect(audit.map((e) => e.entityId)).toEqual([a.future.id, a.unstarted.id]);
    expect(audit[0]!.actorId).toBe(actorId);
    expect(JSON.parse(audit[0]!.before!)).toEqual({ plannedStart: day(5), plannedEnd: day(20) });
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ plannedStart: addDays(hearingDay, -30), plannedEnd: addDays(hearingDay, -1), hearingEventId: event.id, hearingDay, hearingOffsetStartDays: -30 });
    // The Gantt shows the hearing's line and the moved bar.
    const gantt = await (await app.request(`/planes/${planId}/cronograma?aviso=fechas&n=2`)).text();
    expect(gantt).toContain('Se calcularon las fechas de 2 actividades desde la audiencia.');
    expect(gantt).toContain('>Audiencia</text>');
    expect(chartRow(gantt, a.future.id).planned).toMatchObject({ start: addDays(hearingDay, -30), end: addDays(hearingDay, -1) });
    // The unstarted one is no longer late: its planned start moved to the hearing's day.
    expect(chartRow(gantt, a.unstarted.id).row).not.toContain('is-late');

    // Applying again changes nothing and audits nothing.
    const again = await (await app.request(`/api/plans/${planId}/hearing-dates`, { method: 'POST' })).json();
    expect(again.applied).toEqual([]);
    expect(await t.db.auditEntry.count({ where: { action: 'derive_dates' } })).toBe(2);
  });

  it('refuses (422) to apply when a derived end would fall before its start, and changes nothing', async () => {
    // Only the start follows the hearing; the end stays where it was, long before.
    await t.db.activity.update({ where: { id: a.late.id }, data: { hearingOffsetStartDays: 10, hearingOffsetEndDays: null } });
    const page = await (await app.request(`/planes/${planId}/cronograma/calcular`)).text();
    expect(page).toContain('queda antes de la de inicio');
    expect(page).not.toContain('Aplicar a');
    const res = await app.request(`/planes/${planId}/cronograma/calcular`, { method: 'POST' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('No se calcularon las fechas: en una actividad la fecha final queda antes de la de inicio (1.1).');
    const late = await t.db.activity.findUniqueOrThrow({ where: { id: a.late.id } });
    expect(late.plannedStart!.toISOString().slice(0, 10)).toBe(day(-20));
    expect(await t.db.auditEntry.count({ where: { action: 'derive_dates' } })).toBe(2);
  });
});

describe('the usual days, proposed', () => {
  it('fills in the seed plan\'s 19 activities for review, saving nothing until the office saves the form', async () => {
    const seed = await importSeedPlan(t.db);
    await t.db.plan.update({ where: { id: seed }, data: { answerDeadlineDays: 10 } });
    const before = await (await app.request(`/planes/${seed}/cronograma`)).text();
    expect(before).toContain(`href="/planes/${seed}/cronograma?proponer=1#desde-audiencia"`);

    const res = await app.request(`/planes/${seed}/cronograma?proponer=1`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Se propusieron los días habituales para 19 actividades que no tenían');
    expect(html.match(/class="badge suggested-badge">Propuesto</g)).toHaveLength(19);
    const answers = await t.db.activity.findFirstOrThrow({ where: { subcomponent: { planId: seed }, description: { contains: 'respuestas a las inquietudes' } } });
    expect(html).toMatch(new RegExp(`name="end.${answers.id}"[^>]*value="10"`));
    // Proposed, not saved.
    expect(await t.db.activity.count({ where: { subcomponent: { planId: seed }, NOT: { hearingOffsetStartDays: null } } })).toBe(0);

    // Saving the form as proposed, as the browser would send it.
    const fields = Object.fromEntries([...html.matchAll(/name="((?:start|end)\.[^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    expect(Object.keys(fields)).toHaveLength(38);
    const saved = await app.request(`/planes/${seed}/cronograma/desfases`, form(fields));
    expect(saved.headers.get('location')).toBe(`/planes/${seed}/cronograma?aviso=dias&n=19#desde-audiencia`);
    expect(await t.db.activity.findUniqueOrThrow({ where: { id: answers.id } })).toMatchObject({ hearingOffsetStartDays: 1, hearingOffsetEndDays: 10 });

    const after = await (await app.request(`/planes/${seed}/cronograma?proponer=1`)).text();
    expect(after).toContain('No hay días que proponer');
    expect(after).not.toContain('suggested-badge');
    expect(await (await app.request(`/planes/${seed}/cronograma`)).text()).not.toContain('?proponer=1');
  });

  it('keeps the days an activity already has and proposes only for the others', async () => {
    const html = await (await app.request(`/planes/${planId}/cronograma?proponer=1`)).text();
    // «Caracterizar los grupos de interés» and «Realizar informe general» had no days; the rest keep theirs.
    expect(html).toContain('Se propusieron los días habituales para 2 actividades que no tenían');
    expect(html).toMatch(new RegExp(`name="start.${a.done.id}"[^>]*value="-90"`));
    expect(html).toMatch(new RegExp(`name="start.${a.undated.id}"[^>]*value="30"`));
    expect(html).toMatch(new RegExp(`name="start.${a.future.id}"[^>]*value="-30"`));
    expect(html).toMatch(new RegExp(`name="end.${a.future.id}"[^>]*value="-1"`));
  });
});
