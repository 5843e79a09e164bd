import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/audit/write-audit.js';
import { policy } from '../../src/auth/policy.js';
import { checkX, xLength } from '../../src/channels/x/rules.js';
import { QUESTIONS_PER_HOUR } from '../../src/dialogue/public-question-routes.js';
import { answersThread } from '../../src/dialogue/questions/answers-piece.js';
import { createQuestion } from '../../src/dialogue/questions/intake.js';
import { listQuestions } from '../../src/dialogue/questions/list.js';
import { DUPLICATE_THRESHOLD, similarity } from '../../src/dialogue/questions/normalize.js';
import { normalizeText } from '../../src/lib/text.js';
import type { Role } from '../../src/generated/prisma/client.js';
import { createMediaStore } from '../../src/media/store.js';
import { formRequest as form } from '../support/http.js';
import { createTestContext, createUserWithToken, jsonRequest as json, withToken, type Client, type TestContext } from '../support/test-db.js';

/**
 * Citizens' questions through the real app (src/app.ts) over a real migrated database: the API,
 * the staff pages and the public pages, with the project's access rules (src/auth/policy.ts).
 */

let t: TestContext;
let app: TestContext['anon'];
let planId: string;
let deptA: string; // Secretaría de Infraestructura
let deptB: string; // Secretaría de Salud
const as: Record<string, Client> = {};
const users: Record<string, { id: string; name: string; email: string }> = {};

/** A citizen's browser: no account; `address` is the socket's remote address the rate limit hashes. */
const citizen = (address = '203.0.113.10') => ({
  request: (path: string, init: RequestInit = {}) => Promise.resolve(app.request(path, init, { incoming: { socket: { remoteAddress: address } } })),
});

type Q = { id: string; status: string; departmentId: string | null; duplicateOfId: string | null; officeApprovedAt: string | null; departmentApprovedAt: string | null; answer: string | null; overdue: boolean; deadline: string | null; pieceId: string | null };

async function ok<T = Q>(res: Response | Promise<Response>, status = 200): Promise<T> {
  const r = await res;
  const text = await r.text();
  expect(r.status, text).toBe(status);
  return JSON.parse(text) as T;
}

let cardNumber = 100;
/** A question typed in from a hearing card, by communications. */
async function intake(text: string, plan = planId, extra: Record<string, unknown> = {}) {
  const created = await ok<{ question: Q; duplicateOf: { id: string } | null }>(as.communications!.request(`/api/plans/${plan}/questions`, json('POST', { source: 'hearing_card', sourceRef: String(++cardNumber), text, ...extra })), 201);
  return created;
}

const q = (who: string, id: string, name: string, body?: unknown) => as[who]!.request(`/api/questions/${id}/${name}`, json(name === 'answer' ? 'PUT' : 'POST', body));

/** A question answered by department A, ready for approvals. */
async function answered(text: string) {
  const { question } = await intake(text);
  await ok(q('communications', question.id, 'assign', { departmentId: deptA, topic: 'Vías e infraestructura' }));
  await ok(q('deptA', question.id, 'answer', { answer: `Respuesta de la Secretaría de Infraestructura a: ${text}` }));
  return question.id;
}

beforeAll(async () => {
  t = await createTestContext({ PREGON_PUBLIC_URL: 'https://pregon.sanmartin.gov.co' });
  app = t.anon;
  planId = (await t.db.plan.create({ data: { title: 'Rendición de cuentas 2026' } })).id;
  deptA = (await t.db.department.create({ data: { name: 'Secretaría de Infraestructura', key: 'secretaria de infraestructura' } })).id;
  deptB = (await t.db.department.create({ data: { name: 'Secretaría de Salud', key: 'secretaria de salud' } })).id;
  const roles: [string, Role, string[]][] = [
    ['communications', 'communications', []],
    ['approver', 'approver', []],
    ['viewer', 'viewer', []],
    ['deptA', 'department', [deptA]],
    ['deptB', 'department', [deptB]],
  ];
  for (const [key, role, departments] of roles) {
    const made = await createUserWithToken(t.db, role, departments, `${key.toLowerCase()}@alcaldia.gov.co`);
    as[key] = withToken(app, made.token);
    users[key] = { id: made.user.id, name: made.user.name, email: made.user.email };
  }
});
afterAll(async () => {
  await t.close();
});

// ------------------------------------------------------------------ the workflow and who may move it

describe('the workflow, state by state, and who may do each step', () => {
  it('lets the office register hearing cards and refuses departments and viewers; a card number is registered once', async () => {
    const { question } = await intake('¿Cuándo empieza la pavimentación de la vía a la vereda El Pórtico?');
    expect(question).toMatchObject({ status: 'received', departmentId: null });
    for (const who of ['deptA', 'viewer']) {
      const res = await as[who]!.request(`/api/plans/${planId}/questions`, json('POST', { source: 'staff', text: 'Una pregunta que no debe entrar nunca.' }));
      expect(res.status).toBe(403);
    }
    const again = await as.communications!.request(`/api/plans/${planId}/questions`, json('POST', { source: 'hearing_card', sourceRef: String(cardNumber), text: 'Otra pregunta con el mismo número de tarjeta.' }));
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toContain(`tarjeta número ${cardNumber}`);
    const noNumber = await as.communications!.request(`/api/plans/${planId}/questions`, json('POST', { source: 'hearing_card', text: 'Una tarjeta sin número no se puede registrar.' }));
    expect(noNumber.status).toBe(400);
  });

  it('moves received → assigned → answered → approved → published → approved, each by the roles allowed, each audited', async () => {
    const { question } = await intake('¿Qué obras de acueducto se harán en la zona rural este año?');
    const id = question.id;
    // Assign: the office only.
    expect((await q('deptA', id, 'assign', { departmentId: deptA })).status).toBe(403);
    expect((await q('viewer', id, 'assign', { departmentId: deptA })).status).toBe(403);
    expect(await ok(q('communications', id, 'assign', { departmentId: deptA, topic: 'Agua, saneamiento y servicios públicos' }))).toMatchObject({ status: 'assigned', departmentId: deptA });
    // Answer: the assigned department (not another one, not a viewer).
    expect((await q('deptB', id, 'answer', { answer: 'Una respuesta de otra dependencia.' })).status).toBe(403);
    expect((await q('viewer', id, 'answer', { answer: 'Una respuesta de quien solo consulta.' })).status).toBe(403);
    expect(await ok(q('deptA', id, 'answer', { answer: 'Se construirán tres acueductos veredales en 2027.' }))).toMatchObject({ status: 'answered', answer: 'Se construirán tres acueductos veredales en 2027.' });
    // Publish before approval: illegal.
    expect((await q('communications', id, 'publish')).status).toBe(409);
    // Approve: communications may not (the office's approval is the approver's), nor another department.
    expect((await q('communications', id, 'approve')).status).toBe(403);
    expect((await q('deptB', id, 'approve')).status).toBe(403);
    expect(await ok(q('approver', id, 'approve'))).toMatchObject({ status: 'answered', officeApprovedAt: expect.any(String), departmentApprovedAt: null });
    expect((await q('approver', id, 'approve')).status).toBe(409);
    expect(await ok(q('deptA', id, 'approve'))).toMatchObject({ status: 'approved', departmentApprovedAt: expect.any(String) });
    // Publish: the office; departments may not.
    expect((await q('deptA', id, 'publish')).status).toBe(403);
    expect(await ok(q('communications', id, 'publish'))).toMatchObject({ status: 'published' });
    expect((await q('communications', id, 'discard', { reason: 'Ya publicada' })).status).toBe(409);
    expect(await ok(q('communications', id, 'unpublish'))).toMatchObject({ status: 'approved' });

    const trail = await t.db.auditEntry.findMany({ where: { entityType: 'CitizenQuestion', entityId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    expect(trail.map((e) => e.action)).toEqual(['question.create', 'question.assign', 'question.answer', 'question.approve', 'question.approve', 'question.publish', 'question.unpublish']);
    expect(trail.map((e) => e.actorLabel)).toEqual([users.communications!.email, users.communications!.email, users.deptA!.email, users.approver!.email, users.deptA!.email, users.communications!.email, users.communications!.email]);
  });

  it('needs both approvals, in either order; an edited answer must be approved again', async () => {
    const first = await answered('¿Cuándo se arregla el puente peatonal del barrio La Esperanza?');
    expect(await ok(q('deptA', first, 'approve'))).toMatchObject({ status: 'answered', departmentApprovedAt: expect.any(String), officeApprovedAt: null });
    expect((await q('deptA', first, 'approve')).status).toBe(409);
    expect(await ok(q('approver', first, 'approve'))).toMatchObject({ status: 'approved' });

    // An edit after approval withdraws both approvals.
    expect(await ok(q('deptA', first, 'answer', { answer: 'El puente se arregla en febrero, con recursos de 2027.' }))).toMatchObject({ status: 'answered', officeApprovedAt: null, departmentApprovedAt: null });
    expect(await ok(q('approver', first, 'approve'))).toMatchObject({ status: 'answered' });
    expect(await ok(q('deptA', first, 'approve'))).toMatchObject({ status: 'approved' });

    // A department that is not the assigned one cannot approve, even with the office's approval on record.
    const second = await answered('¿Habrá brigadas de salud en el corregimiento de San Juan?');
    await ok(q('approver', second, 'approve'));
    expect((await q('deptB', second, 'approve')).status).toBe(403);
    expect((await ok(q('deptA', second, 'approve'))).status).toBe('approved');
  });

  it('reassigning to another department withdraws the approvals; answering needs a department first', async () => {
    const id = await answered('¿Cuándo se entregan los mercados a los adultos mayores de la vereda?');
    await ok(q('approver', id, 'approve'));
    await ok(q('deptA', id, 'approve'));
    expect(await ok(q('communications', id, 'assign', { departmentId: deptB }))).toMatchObject({ status: 'answered', departmentId: deptB, officeApprovedAt: null, departmentApprovedAt: null });
    // Department A no longer reaches it; department B does.
    expect((await q('deptA', id, 'answer', { answer: 'Un cambio que ya no le corresponde.' })).status).toBe(403);
    expect((await ok(q('deptB', id, 'answer', { answer: 'Los mercados se entregan el primer sábado de cada mes.' }))).status).toBe('answered');

    const { question } = await intake('¿Cuántos docentes nuevos llegan a los colegios rurales?');
    const early = await q('communications', question.id, 'answer', { answer: 'Una respuesta sin dependencia asignada.' });
    expect(early.status).toBe(409);
    expect((await early.json()).error.message).toContain('Asigne primero');
  });

  it('discards with a reason (kept in the audit trail) and restores; the office only', async () => {
    const { question } = await intake('Esto es un mensaje publicitario que no es una pregunta.');
    expect((await q('communications', question.id, 'discard', {})).status).toBe(400);
    expect((await q('deptA', question.id, 'discard', { reason: 'Publicidad' })).status).toBe(403);
    expect(await ok(q('communications', question.id, 'discard', { reason: 'Publicidad, no es una pregunta' }))).toMatchObject({ status: 'discarded' });
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { entityId: question.id, action: 'question.discard' } });
    expect(JSON.parse(entry.after!)).toMatchObject({ status: 'discarded', reason: 'Publicidad, no es una pregunta' });
    expect((await q('communications', question.id, 'publish')).status).toBe(409);
    expect(await ok(q('communications', question.id, 'restore'))).toMatchObject({ status: 'received' });
  });

  it('never writes the citizen’s name or contact into the audit trail', async () => {
    const { question } = await intake('¿Qué pasó con el proyecto de vivienda de interés social?', planId, { authorName: 'Gloria Inés Patiño', contact: 'gloria.patino@example.com' });
    const entries = await t.db.auditEntry.findMany({ where: { entityId: question.id } });
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(`${e.before} ${e.after}`).not.toMatch(/Gloria|patino/i);
    // The office sees them (to send the answer); a viewer does not, in the API either; the public page never (below).
    expect((await ok(as.communications!.request(`/api/questions/${question.id}`))) as unknown).toMatchObject({ authorName: 'Gloria Inés Patiño', contact: 'gloria.patino@example.com' });
    expect((await ok(as.viewer!.request(`/api/questions/${question.id}`))) as unknown).toMatchObject({ authorName: null, contact: null });
    const listed = await ok<{ items: (Q & { contact: string | null })[] }>(as.viewer!.request(`/api/plans/${planId}/questions?limit=500`));
    expect(listed.items.find((i) => i.id === question.id)).toMatchObject({ contact: null });
  });

  it('shows department users only their departments’ questions', async () => {
    const id = await answered('¿Se va a construir el polideportivo del barrio Centro?');
    const mine = await ok<{ items: Q[] }>(as.deptA!.request(`/api/plans/${planId}/questions?limit=500`));
    expect(mine.items.map((i) => i.id)).toContain(id);
    expect(mine.items.every((i) => i.departmentId === deptA)).toBe(true);
    const theirs = await ok<{ items: Q[] }>(as.deptB!.request(`/api/plans/${planId}/questions?limit=500`));
    expect(theirs.items.map((i) => i.id)).not.toContain(id);
    expect((await as.deptB!.request(`/api/questions/${id}`)).status).toBe(403);
  });
});

// ------------------------------------------------------------------ duplicates

describe('de-duplication', () => {
  let dupPlan: string;
  beforeAll(async () => {
    dupPlan = (await t.db.plan.create({ data: { title: 'Plan de duplicados' } })).id;
  });

  it('normalizes case, accents, punctuation and spaces', () => {
    expect(normalizeText('  ¿Cuándo   ARREGLAN la vía al Pórtico?!  ')).toBe('cuando arreglan la via al portico');
    expect(normalizeText('Niñez, pingüinos y café…')).toBe('ninez pinguinos y cafe');
  });

  it('marks an exact repeat (after normalization) as duplicate of the first', async () => {
    const first = await intake('¿Cuándo arreglan la vía al Pórtico?', dupPlan);
    const repeat = await intake('cuando arreglan la VIA al portico', dupPlan);
    expect(first.duplicateOf).toBeNull();
    expect(repeat.duplicateOf?.id).toBe(first.question.id);
    expect(repeat.question).toMatchObject({ status: 'duplicate', duplicateOfId: first.question.id });
  });

  it('marks a near repeat (≥ 0.9 of the content words) and not a different question about the same place', async () => {
    const base = '¿En qué fecha empiezan las obras del alcantarillado del barrio San Rafael y cuánto presupuesto tienen asignado para terminarlas?';
    const near = 'Buenas tardes señor alcalde: ¿en qué fecha empiezan las obras del alcantarillado del barrio San Rafael y cuánto presupuesto tienen asignado para terminarlas? Gracias';
    const oneMore = '¿En qué fecha empiezan las obras del alcantarillado del barrio San Rafael y cuánto presupuesto tienen asignado para terminarlas completamente?';
    const different = '¿Cuándo abren el puesto de salud del barrio San Rafael?';
    expect(similarity(normalizeText(base), normalizeText(near))).toBe(1);
    expect(similarity(normalizeText(base), normalizeText(oneMore))).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
    expect(similarity(normalizeText(base), normalizeText(different))).toBeLessThan(DUPLICATE_THRESHOLD);

    const original = await intake(base, dupPlan);
    expect((await intake(near, dupPlan)).duplicateOf?.id).toBe(original.question.id);
    expect((await intake(oneMore, dupPlan)).duplicateOf?.id).toBe(original.question.id);
    const other = await intake(different, dupPlan);
    expect(other.duplicateOf).toBeNull();
    expect(other.question.status).toBe('received');
  });

  it('compares only within the same plan, and never against discarded questions', async () => {
    const otherPlan = (await t.db.plan.create({ data: { title: 'Otro plan' } })).id;
    await intake('¿Cuánto costó el nuevo parque principal del municipio?', dupPlan);
    expect((await intake('¿Cuánto costó el nuevo parque principal del municipio?', otherPlan)).duplicateOf).toBeNull();
    const spam = await intake('Compre ya sus lotes en la vereda con el mejor precio', dupPlan);
    await ok(q('communications', spam.question.id, 'discard', { reason: 'Publicidad' }));
    expect((await intake('Compre ya sus lotes en la vereda con el mejor precio', dupPlan)).duplicateOf).toBeNull();
  });

  it('lets the office undo a duplicate, and mark one by hand', async () => {
    const first = await intake('¿Van a ampliar la ruta del transporte escolar a la vereda Alto Bonito?', dupPlan);
    const repeat = await intake('¿VAN A AMPLIAR LA RUTA DEL TRANSPORTE ESCOLAR A LA VEREDA ALTO BONITO?', dupPlan);
    expect(repeat.question.status).toBe('duplicate');
    expect((await q('deptA', repeat.question.id, 'not-duplicate')).status).toBe(403);
    expect(await ok(q('communications', repeat.question.id, 'not-duplicate'))).toMatchObject({ status: 'received', duplicateOfId: null });
    expect((await q('communications', repeat.question.id, 'not-duplicate')).status).toBe(409);
    // By hand, again: its original is the first question.
    expect(await ok(q('communications', repeat.question.id, 'duplicate', { of: first.question.id }))).toMatchObject({ status: 'duplicate', duplicateOfId: first.question.id });
    const trail = await t.db.auditEntry.findMany({ where: { entityId: repeat.question.id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    expect(trail.map((e) => e.action)).toEqual(['question.create', 'question.not_duplicate', 'question.duplicate']);
  });

  it('shows the duplicate to staff with a way back, on the question’s page', async () => {
    const first = await intake('¿Cuándo se inaugura la biblioteca municipal nueva?', dupPlan);
    const repeat = await intake('¿Cuándo se inaugura la biblioteca municipal nueva?', dupPlan);
    const page = await (await as.communications!.request(`/preguntas/${repeat.question.id}`)).text();
    expect(page).toContain('Duplicada');
    expect(page).toContain(`/preguntas/${first.question.id}`);
    expect(page).toContain(`action="/preguntas/${repeat.question.id}/no-duplicada"`);
  });
});

// ------------------------------------------------------------------ deadline

describe('answer deadline and overdue questions', () => {
  let plan: string;
  const ids: Record<string, string> = {};
  const by = { role: 'communications' as const, departmentIds: [] };
  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    plan = (await t.db.plan.create({ data: { title: 'Plan con audiencia' } })).id;
    // 24 November 2026, 3 p.m. in Bogotá: 15 days later is 9 December.
    await t.db.event.create({ data: { planId: plan, kind: 'public_hearing', title: 'Audiencia pública 2026', startsAt: at('2026-11-24T20:00:00Z') } });
    const make = async (key: string, text: string) => {
      ids[key] = (await createQuestion({ db: t.db, actor: systemActor, input: { planId: plan, source: 'staff', text } })).question.id;
    };
    await make('open', '¿Cuál es el avance de la doble calzada al aeropuerto?');
    await make('published', '¿Cuántas becas universitarias entregó la alcaldía este año?');
    await make('discarded', 'Mensaje sin pregunta alguna para la administración municipal.');
    await make('duplicate', '¿Cuál es el avance de la doble calzada al aeropuerto?');
    await t.db.citizenQuestion.update({ where: { id: ids.published! }, data: { status: 'published', answer: 'Entregamos 120 becas.', publishedAt: at('2026-12-01T15:00:00Z'), departmentId: deptA } });
    await t.db.citizenQuestion.update({ where: { id: ids.discarded! }, data: { status: 'discarded' } });
  });

  it('links every question to the hearing and computes the deadline day in the plan’s zone', async () => {
    const hearing = await t.db.event.findFirstOrThrow({ where: { planId: plan } });
    const row = await t.db.citizenQuestion.findUniqueOrThrow({ where: { id: ids.open! } });
    expect(row.eventId).toBe(hearing.id);
    const list = await listQuestions({ db: t.db, by, planId: plan, now: at('2026-12-01T12:00:00Z') });
    expect(list.deadline.day).toBe('2026-12-09');
    expect(list.counts.overdue).toBe(0);
    expect(list.items.every((i) => i.deadline === '2026-12-09' && !i.overdue)).toBe(true);
  });

  it('is on time through the last day (11:30 p.m. in Bogotá) and overdue from the next one, for open questions only', async () => {
    const lastMinute = await listQuestions({ db: t.db, by, planId: plan, now: at('2026-12-10T04:30:00Z') }); // 9 Dec, 11:30 p.m.
    expect(lastMinute.counts.overdue).toBe(0);
    const nextDay = await listQuestions({ db: t.db, by, planId: plan, now: at('2026-12-10T05:30:00Z') }); // 10 Dec, 0:30 a.m.
    expect(nextDay.counts.overdue).toBe(1);
    const flagged = Object.fromEntries(nextDay.items.map((i) => [i.id, i.overdue]));
    expect(flagged).toEqual({ [ids.open!]: true, [ids.published!]: false, [ids.discarded!]: false, [ids.duplicate!]: false });
    const onlyOverdue = await listQuestions({ db: t.db, by, planId: plan, filters: { overdue: true }, now: at('2026-12-10T05:30:00Z') });
    expect(onlyOverdue.items.map((i) => i.id)).toEqual([ids.open]);
  });

  it('moves with the plan’s setting, changed by the office (not by departments)', async () => {
    expect((await as.deptA!.request(`/api/plans/${plan}/answer-deadline`, json('PUT', { answerDeadlineDays: 30 }))).status).toBe(403);
    expect((await as.communications!.request(`/api/plans/${plan}/answer-deadline`, json('PUT', { answerDeadlineDays: 0 }))).status).toBe(400);
    expect(await ok(as.communications!.request(`/api/plans/${plan}/answer-deadline`, json('PUT', { answerDeadlineDays: 30 })))).toEqual({ answerDeadlineDays: 30 });
    const list = await listQuestions({ db: t.db, by, planId: plan, now: at('2026-12-10T05:30:00Z') });
    expect(list.deadline.day).toBe('2026-12-24');
    expect(list.counts.overdue).toBe(0);
    // Back to 15 through the staff page's form.
    const page = await (await as.communications!.request(`/planes/${plan}/preguntas/plazo`, form({ answerDeadlineDays: '15' }))).status;
    expect(page).toBe(303);
    expect((await t.db.plan.findUniqueOrThrow({ where: { id: plan } })).answerDeadlineDays).toBe(15);
  });

  it('flags overdue questions in the API, the list filter and the staff page (real clock, a hearing long past)', async () => {
    const past = (await t.db.plan.create({ data: { title: 'Plan vencido', answerDeadlineDays: 10 } })).id;
    await t.db.event.create({ data: { planId: past, kind: 'public_hearing', title: 'Audiencia del año pasado', startsAt: new Date(Date.now() - 40 * 86_400_000) } });
    const { question } = await intake('¿Por qué no han respondido la pregunta del año pasado?', past);
    const list = await ok<{ counts: { overdue: number }; items: Q[] }>(as.communications!.request(`/api/plans/${past}/questions?overdue=true`));
    expect(list.counts.overdue).toBe(1);
    expect(list.items.map((i) => [i.id, i.overdue])).toEqual([[question.id, true]]);
    const html = await (await as.communications!.request(`/planes/${past}/preguntas?vencidas=1`)).text();
    expect(html).toContain('Vencida');
    expect(html).toContain('Plazo vencido');
  });

  it('has no deadline (and nothing overdue) without a hearing', async () => {
    const list = await listQuestions({ db: t.db, by, planId, now: at('2030-01-01T00:00:00Z') });
    expect(list.deadline.day).toBeNull();
    expect(list.counts.overdue).toBe(0);
  });
});

// ------------------------------------------------------------------ the staff pages

describe('the staff pages', () => {
  it('registers a hearing card through the form and shows the question with its workflow', async () => {
    const res = await as.communications!.request(`/planes/${planId}/preguntas`, form({ source: 'hearing_card', sourceRef: '7001', text: '¿Cuándo llega el internet gratuito a la vereda La Cumbre?', topic: 'Educación', departmentId: '', authorName: 'Héctor Zuluaga', contact: '' }));
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/preguntas\//);
    const page = await (await as.communications!.request(location)).text();
    expect(page).toContain('¿Cuándo llega el internet gratuito a la vereda La Cumbre?');
    expect(page).toContain('tarjeta n.º 7001');
    expect(page).toContain('Héctor Zuluaga');
    expect(page).toContain(`action="${location}/asignar"`);
    // A repeated card number: the list again, with the reason.
    const again = await as.communications!.request(`/planes/${planId}/preguntas`, form({ source: 'hearing_card', sourceRef: '7001', text: 'Otra pregunta con la misma tarjeta número.' }));
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('Ya se registró la tarjeta número 7001');
  });

  it('shows viewers the question but not the citizen’s personal data, and no workflow buttons', async () => {
    const { question } = await intake('¿Cuándo abren la convocatoria de vivienda rural?', planId, { authorName: 'Marleny Cárdenas', contact: '3001234567' });
    const page = await (await as.viewer!.request(`/preguntas/${question.id}`)).text();
    expect(page).toContain('¿Cuándo abren la convocatoria de vivienda rural?');
    expect(page).not.toContain('Marleny');
    expect(page).not.toContain('3001234567');
    expect(page).not.toContain('/asignar');
  });

  it('lists the plan’s questions with their counts, and refuses a refused step with its reason', async () => {
    const html = await (await as.communications!.request(`/planes/${planId}/preguntas`)).text();
    expect(html).toContain('Preguntas ciudadanas');
    expect(html).toContain('Registrar una pregunta');
    expect(html).toContain('Importar comentarios');
    const { question } = await intake('¿Qué pasará con el lote del antiguo matadero municipal?');
    const refused = await as.communications!.request(`/preguntas/${question.id}/publicar`, form({}));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('No se puede publicar una pregunta en estado «Recibida»');
  });
});

// ------------------------------------------------------------------ the public form

describe('the public form /participa/preguntas', () => {
  let publicPlan: string;
  beforeAll(async () => {
    // The public pages serve the latest plan.
    publicPlan = (await t.db.plan.create({ data: { title: 'Rendición de cuentas, vigencia 2026' } })).id;
    await t.db.event.create({ data: { planId: publicPlan, kind: 'public_hearing', title: 'Audiencia pública', startsAt: new Date('2026-11-24T20:00:00Z') } });
  });
  const questionsOfPublicPlan = () => t.db.citizenQuestion.findMany({ where: { planId: publicPlan } });

  it('works without an account and says the name and e-mail are optional and never shown', async () => {
    const res = await citizen().request('/participa/preguntas');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"');
    expect(html).toContain('name="texto"');
    expect(html).toContain('Nombre (opcional)');
    expect(html).toContain('Correo electrónico (opcional), para enviarle la respuesta');
    expect(html).toContain('nunca se publican');
    expect(html).toContain('9 de diciembre de 2026');
    // No survey with topics: the default list, with «Otro tema» last.
    expect(html).toContain('<option value="Salud">Salud</option>');
    expect(html).toMatch(/<option value="Otro tema">Otro tema<\/option>\s*<\/select>/);
    expect(html).not.toContain('<style');
    expect(html).not.toMatch(/<script(?![^>]*src=)/);
  });

  it('offers the topics of the hearing survey’s topic question when there is one', async () => {
    const survey = await t.db.survey.create({ data: { planId: publicPlan, slug: 'temas-2026', title: 'Temas para la audiencia', purpose: 'topics', status: 'published' } });
    await t.db.surveyQuestion.create({ data: { surveyId: survey.id, position: 1, kind: 'multiple_choice', prompt: '¿Qué temas quiere escuchar?', options: JSON.stringify(['Movilidad', 'Parques y zonas verdes']), isTopic: true } });
    const html = await (await citizen().request('/participa/preguntas')).text();
    expect(html).toContain('<option value="Movilidad">Movilidad</option>');
    expect(html).toContain('<option value="Otro tema">Otro tema</option>');
    expect(html).not.toContain('<option value="Salud">');
    await t.db.survey.delete({ where: { id: survey.id } });
  });

  it('stores a valid question with its optional data and thanks with the deadline date', async () => {
    const res = await citizen('198.51.100.1').request('/participa/preguntas', form({ texto: '¿Cuándo se termina el centro de salud de la vereda La Palma?', tema: 'Salud', nombre: 'Ana Lucía Restrepo', correo: 'ana.restrepo@example.com', sitio_web: '' }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('¡Gracias por su pregunta!');
    expect(html).toContain('a más tardar el 9 de diciembre de 2026');
    const [stored] = await questionsOfPublicPlan();
    expect(stored).toMatchObject({ source: 'form', topic: 'Salud', authorName: 'Ana Lucía Restrepo', contact: 'ana.restrepo@example.com', status: 'received' });
    // The trail says who in general, and keeps no address.
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { entityId: stored!.id } });
    expect(entry).toMatchObject({ actorId: null, actorLabel: 'ciudadanía (formulario web)', ip: null });
    expect(JSON.stringify(await t.db.submissionCounter.findMany())).not.toContain('198.51.100.1');
  });

  it('refuses what is not valid with the form again (422) and stores nothing', async () => {
    const before = (await questionsOfPublicPlan()).length;
    const short = await citizen('198.51.100.2').request('/participa/preguntas', form({ texto: '¿Y?', tema: 'Salud' }));
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('La pregunta es muy corta');
    const topic = await citizen('198.51.100.2').request('/participa/preguntas', form({ texto: '¿Qué pasará con el hospital regional?', tema: 'Tema inventado' }));
    expect(topic.status).toBe(422);
    expect(await topic.text()).toContain('Elija el tema de su pregunta');
    const email = await citizen('198.51.100.2').request('/participa/preguntas', form({ texto: '¿Qué pasará con el hospital regional?', tema: 'Salud', correo: 'no-es-un-correo' }));
    expect(email.status).toBe(422);
    const html = await email.text();
    expect(html).toContain('Revise el correo electrónico');
    expect(html).toContain('¿Qué pasará con el hospital regional?'); // what was typed comes back
    const long = await citizen('198.51.100.2').request('/participa/preguntas', form({ texto: 'a'.repeat(2001), tema: 'Salud' }));
    expect(long.status).toBe(422);
    expect((await questionsOfPublicPlan()).length).toBe(before);
  });

  it('thanks a robot that filled the honeypot and stores nothing', async () => {
    const before = (await questionsOfPublicPlan()).length;
    const res = await citizen('198.51.100.3').request('/participa/preguntas', form({ texto: '¿Quiere comprar seguidores baratos para su página?', tema: 'Salud', sitio_web: 'https://spam.example' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('¡Gracias por su pregunta!');
    expect((await questionsOfPublicPlan()).length).toBe(before);
  });

  it(`limits each address to ${QUESTIONS_PER_HOUR} questions an hour (429), not the others`, async () => {
    const crowded = citizen('192.0.2.77');
    for (let i = 0; i < QUESTIONS_PER_HOUR; i++) {
      const res = await crowded.request('/participa/preguntas', form({ texto: `¿Pregunta número ${i + 1} sobre el alumbrado del parque ${'abcdefgh'[i]}?`, tema: 'Otro tema' }));
      expect(res.status).toBe(200);
    }
    const refused = await crowded.request('/participa/preguntas', form({ texto: '¿Una pregunta más sobre el alumbrado del parque?', tema: 'Otro tema' }));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Demasiadas preguntas seguidas');
    expect((await citizen('192.0.2.78').request('/participa/preguntas', form({ texto: '¿Y el alumbrado de la cancha del barrio Obrero?', tema: 'Otro tema' }))).status).toBe(200);
  });

  it('works for a staff member who is signed in too (a public route: no CSRF token asked)', async () => {
    const login = await app.request('/api/auth/login', json('POST', { email: users.communications!.email, password: 'contraseña-de-prueba' }));
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await app.request('/participa/preguntas', { headers: { cookie } })).status).toBe(200);
    const sent = await app.request('/participa/preguntas', { ...form({ texto: '¿Cuándo se publica el informe de gestión del año?', tema: 'Otro tema' }), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie } });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('¡Gracias por su pregunta!');
  });

  it('marks a repeated question from the form as duplicate and tells the citizen', async () => {
    const text = '¿Cuándo van a pavimentar la calle 12 del barrio Los Almendros?';
    await citizen('198.51.100.20').request('/participa/preguntas', form({ texto: text, tema: 'Vías e infraestructura' }));
    const res = await citizen('198.51.100.21').request('/participa/preguntas', form({ texto: `¿Cuándo van a PAVIMENTAR la calle 12 del barrio Los Almendros?`, tema: 'Vías e infraestructura' }));
    expect(await res.text()).toContain('Otra persona ya había hecho una pregunta igual');
    const rows = await t.db.citizenQuestion.findMany({ where: { planId: publicPlan, normalized: normalizeText(text) }, orderBy: { receivedAt: 'asc' } });
    expect(rows.map((r) => r.status)).toEqual(['received', 'duplicate']);
  });
});

// ------------------------------------------------------------------ the public answers

describe('the public answers /participa/respuestas', () => {
  let answersPlan: string;
  let infra: string;
  beforeAll(async () => {
    answersPlan = (await t.db.plan.create({ data: { title: 'Rendición de cuentas, respuestas' } })).id;
    infra = deptA;
    const publish = async (text: string, answer: string, topic: string, departmentId: string, personal: { authorName?: string; contact?: string } = {}, publishedAt = new Date('2026-12-02T15:00:00Z')) => {
      const { question } = await createQuestion({ db: t.db, actor: systemActor, input: { planId: answersPlan, source: 'form', text, topic, ...personal } });
      await t.db.citizenQuestion.update({ where: { id: question.id }, data: { status: 'published', answer, departmentId, publishedAt, officeApprovedById: users.approver!.id, departmentApprovedById: users.deptA!.id } });
    };
    await publish('¿Cuándo arreglan la vía a la vereda El Pórtico?', 'Las obras de la vía empiezan en marzo de 2027 con recursos asignados.', 'Vías e infraestructura', infra, { authorName: 'Rosalba Quintero', contact: 'rosalba.quintero@example.com' });
    await publish('¿Habrá más médicos en el hospital?', 'Llegan cuatro médicos generales y un pediatra en enero.', 'Salud', deptB, { authorName: 'Jairo Mejía', contact: '3109876543' });
    await publish('¿Qué pasa con el acueducto de La Palma?', 'El acueducto veredal de La Palma se amplía en el segundo semestre.', 'Agua, saneamiento y servicios públicos', infra);
    // Not published: never on the public page.
    const { question } = await createQuestion({ db: t.db, actor: systemActor, input: { planId: answersPlan, source: 'form', text: '¿Esta pregunta sin publicar se ve en la página?' } });
    await t.db.citizenQuestion.update({ where: { id: question.id }, data: { status: 'approved', answer: 'Respuesta aprobada pero todavía no publicada.', departmentId: infra } });
    // Many more, for the pages.
    for (let i = 0; i < 22; i++) await publish(`¿Pregunta de relleno número ${i + 1} sobre el parque ${i}?`, `Respuesta de relleno ${i + 1}.`, 'Cultura, deporte y recreación', deptB, {}, new Date(Date.UTC(2026, 11, 3, 12, i)));
  });

  it('shows published questions and answers grouped by topic, and never who asked nor the staff', async () => {
    const res = await citizen().request('/participa/respuestas');
    expect(res.status).toBe(200);
    // Both pages: «Vías e infraestructura» comes after the 22 answers about culture.
    const html = (await res.text()) + (await (await citizen().request('/participa/respuestas?pagina=2')).text());
    expect(html).toContain('¿Cuándo arreglan la vía a la vereda El Pórtico?');
    expect(html).toContain('Las obras de la vía empiezan en marzo de 2027');
    expect(html).toContain('<h2>Agua, saneamiento y servicios públicos</h2>');
    expect(html).toContain('Respuesta de Secretaría de Infraestructura');
    for (const secret of ['Rosalba', 'Quintero', 'rosalba.quintero@example.com', 'Jairo', '3109876543', users.approver!.name, users.approver!.email, users.deptA!.email, 'Esta pregunta sin publicar', 'todavía no publicada']) {
      expect(html).not.toContain(secret);
    }
  });

  it('groups by department on request, searches questions and answers ignoring accents, and pages', async () => {
    const byDepartment = await (await citizen().request('/participa/respuestas?por=dependencia')).text();
    expect(byDepartment).toContain('<h2>Secretaría de Infraestructura</h2>');
    expect(byDepartment.indexOf('<h2>Secretaría de Infraestructura</h2>')).toBeLessThan(byDepartment.indexOf('<h2>Secretaría de Salud</h2>'));

    const search = await (await citizen().request(`/participa/respuestas?q=${encodeURIComponent('PEDIATRA medicos')}`)).text();
    expect(search).toContain('¿Habrá más médicos en el hospital?');
    expect(search).not.toContain('¿Cuándo arreglan la vía');
    expect(search).toContain('1 respuesta publicada');
    const inAnswer = await (await citizen().request(`/participa/respuestas?q=${encodeURIComponent('acueducto veredal')}`)).text();
    expect(inAnswer).toContain('¿Qué pasa con el acueducto de La Palma?');
    const nothing = await (await citizen().request('/participa/respuestas?q=helicoptero')).text();
    expect(nothing).toContain('Ninguna respuesta publicada contiene «helicoptero»');

    const first = await (await citizen().request('/participa/respuestas')).text();
    expect(first).toContain('25 respuestas publicadas');
    expect(first).toContain('Página 1 de 2');
    expect(first).toContain('href="/participa/respuestas?pagina=2"');
    const second = await (await citizen().request('/participa/respuestas?pagina=2')).text();
    expect(second).toContain('Página 2 de 2');
    const shownOnBoth = (first.match(/class="qa-item"/g) ?? []).length + (second.match(/class="qa-item"/g) ?? []).length;
    expect(shownOnBoth).toBe(25);
  });

  it('publishes through the workflow: an answer appears once published and goes away when withdrawn', async () => {
    // The latest plan is the public one: this block's plan was created last.
    const { question } = await createQuestion({ db: t.db, actor: systemActor, input: { planId: answersPlan, source: 'staff', text: '¿Cuándo se instalan las cámaras de seguridad del parque?' } });
    await ok(q('communications', question.id, 'assign', { departmentId: deptA, topic: 'Seguridad y convivencia' }));
    await ok(q('deptA', question.id, 'answer', { answer: 'Las cámaras se instalan en la primera semana de febrero.' }));
    await ok(q('approver', question.id, 'approve'));
    await ok(q('deptA', question.id, 'approve'));
    const before = await (await citizen().request(`/participa/respuestas?q=camaras`)).text();
    expect(before).not.toContain('cámaras de seguridad');
    await ok(q('communications', question.id, 'publish'));
    const after = await (await citizen().request(`/participa/respuestas?q=camaras`)).text();
    expect(after).toContain('¿Cuándo se instalan las cámaras de seguridad del parque?');
    await ok(q('communications', question.id, 'unpublish'));
    expect(await (await citizen().request(`/participa/respuestas?q=camaras`)).text()).not.toContain('cámaras de seguridad del parque');
  });
});

// ------------------------------------------------------------------ the answers piece

describe('"Crear pieza": the answers as an X thread with Q&A cards', () => {
  it('builds one post per question and answer, long or short, each within X’s limit', () => {
    const url = 'https://pregon.sanmartin.gov.co/participa/respuestas';
    const items = [
      { question: '¿Y el puente?', answer: 'En marzo.', department: 'Infraestructura' },
      { question: '¿Hay vacunas?', answer: 'Sí, desde el lunes.', department: 'Salud' },
      { question: `¿${'Qué pasará con la vía '.repeat(20)}?`, answer: 'La vía se pavimenta por tramos: '.repeat(30), department: 'Secretaría de Infraestructura y Obras Públicas' },
      { question: '¿Cuándo abren el colegio?', answer: 'En febrero.', department: 'Educación' },
    ];
    const text = answersThread(items, url);
    const { parts, issues } = checkX({ title: null, text, link: null, options: { thread: true }, media: [] });
    expect(issues).toEqual([]);
    expect(parts).toHaveLength(4);
    parts!.forEach((part, i) => {
      expect(xLength(part)).toBeLessThanOrEqual(280);
      expect(part.match(/Pregunta:/g)).toHaveLength(1);
      expect(part).toContain(`(${i + 1}/4)`);
      expect(part).toContain(url);
    });
    expect(parts![0]).toContain('¿Y el puente?');
    expect(parts![2]).toContain('…');
  });

  it('creates a draft answers_publication piece with the X thread and the rendered cards as its media', async () => {
    const ids = [
      await answered('¿Cuándo termina la construcción del nuevo colegio de la vereda San José?'),
      await answered('¿Qué va a pasar con el puente colgante que se cayó en el invierno?'),
    ];
    for (const id of ids) {
      await ok(q('approver', id, 'approve'));
      await ok(q('deptA', id, 'approve'));
    }
    // Only approved answers go out: an answered one is refused.
    const draft = await answered('¿Esta respuesta sin aprobar puede ir en la pieza?');
    const refused = await as.communications!.request(`/api/plans/${planId}/questions/piece`, json('POST', { questionIds: [ids[0], draft] }));
    expect(refused.status).toBe(422);
    expect((await as.deptA!.request(`/api/plans/${planId}/questions/piece`, json('POST', { questionIds: ids }))).status).toBe(403);

    const piece = await ok<{ id: string; kind: string; status: string; variants: { network: string; text: string; options: { thread?: boolean }; media: { mediaAssetId: string; altText: string }[] }[] }>(
      as.communications!.request(`/api/plans/${planId}/questions/piece`, json('POST', { questionIds: ids })),
      201,
    );
    expect(piece).toMatchObject({ kind: 'answers_publication', status: 'draft' });
    const [x] = piece.variants;
    expect(x).toMatchObject({ network: 'x', options: { thread: true } });
    const { parts, issues } = checkX({ title: null, text: x!.text, link: null, options: { thread: true }, media: [] });
    expect(issues).toEqual([]);
    expect(parts).toHaveLength(2);
    expect(parts![0]).toContain('¿Cuándo termina la construcción del nuevo colegio de la vereda San José?');
    expect(parts![1]).toContain('Responde Secretaría de Infraestructura');
    expect(parts![1]).toContain('https://pregon.sanmartin.gov.co/participa/respuestas');

    expect(x!.media).toHaveLength(2);
    const cards = await t.db.mediaAsset.findMany({ where: { id: { in: x!.media.map((m) => m.mediaAssetId) } } });
    for (const card of cards) {
      expect(card).toMatchObject({ templateId: 'qa_card', format: 'x_post', width: 1600, height: 900, mimeType: 'image/png', pieceId: piece.id });
      const meta = await sharp(await createMediaStore(t.config.mediaDir).read(card.storagePath)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', 1600, 900]);
    }
    expect(x!.media[0]!.altText).toContain('¿Cuándo termina la construcción del nuevo colegio de la vereda San José?');
    expect(x!.media[0]!.altText).toContain('Secretaría de Infraestructura');
    // The questions remember their piece; the staff page links to it.
    const rows = await t.db.citizenQuestion.findMany({ where: { id: { in: ids } } });
    expect(rows.map((r) => r.pieceId)).toEqual([piece.id, piece.id]);
    const pieceRow = await t.db.piece.findUniqueOrThrow({ where: { id: piece.id } });
    expect(pieceRow.body).toContain('Pregunta: ¿Qué va a pasar con el puente colgante que se cayó en el invierno?');
  });

  it('creates the piece from the staff list’s checkboxes and opens it', async () => {
    const id = await answered('¿Cuándo se entregan los subsidios de transporte a los estudiantes?');
    await ok(q('approver', id, 'approve'));
    await ok(q('deptA', id, 'approve'));
    const html = await (await as.communications!.request(`/planes/${planId}/preguntas?estado=approved`)).text();
    expect(html).toContain(`name="questionIds" value="${id}"`);
    const res = await as.communications!.request(`/planes/${planId}/preguntas/pieza`, form({ questionIds: [id] }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/piezas\//);
    const none = await as.communications!.request(`/planes/${planId}/preguntas/pieza`, form({}));
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Seleccione al menos una pregunta');
  });
});

// ------------------------------------------------------------------ wiring

describe('wiring', () => {
  it('has an access rule for every route of the three routers, public only for the citizens\' pages', () => {
    const ours = (path: string) => /^\/(api\/(plans\/:id\/(questions|answer-deadline)|questions)|planes\/:id\/preguntas|preguntas|participa\/(preguntas|respuestas))/.test(path);
    const routes = [...new Set(app.routes.filter((r) => r.method !== 'ALL' && ours(r.path)).map((r) => `${r.method} ${r.path}`))];
    expect(routes.filter((r) => !(r in policy))).toEqual([]);
    expect(routes.filter((r) => policy[r]!.access === 'public').sort()).toEqual(['GET /participa/preguntas', 'GET /participa/respuestas', 'POST /participa/preguntas']);
  });

  it('documents the API in OpenAPI 3.1', () => {
    const spec = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'Pregón', version: '0' } });
    expect(Object.keys(spec.paths ?? {})).toEqual(expect.arrayContaining(['/api/plans/{id}/questions', '/api/questions/{id}/approve', '/api/plans/{id}/questions/import', '/api/plans/{id}/questions/piece']));
  });

  it('runs the whole workflow from the staff pages’ forms', async () => {
    const { question } = await intake('¿Cuándo se arregla el alumbrado de la cancha del barrio Las Flores?');
    const post = (who: string, name: string, fields: Record<string, string> = {}) => as[who]!.request(`/preguntas/${question.id}/${name}`, form(fields));
    const status = async () => (await t.db.citizenQuestion.findUniqueOrThrow({ where: { id: question.id } })).status;
    expect((await post('communications', 'asignar', { departmentId: deptA, topic: 'Vías e infraestructura' })).status).toBe(303);
    expect(await status()).toBe('assigned');
    const page = await (await as.deptA!.request(`/preguntas/${question.id}`)).text();
    expect(page).toContain(`action="/preguntas/${question.id}/respuesta"`);
    expect(page).not.toContain(`action="/preguntas/${question.id}/asignar"`);
    expect((await post('deptA', 'respuesta', { answer: 'El alumbrado se cambia por luminarias LED en enero.' })).status).toBe(303);
    expect((await post('approver', 'aprobar')).status).toBe(303);
    expect((await post('deptA', 'aprobar')).status).toBe(303);
    expect(await status()).toBe('approved');
    expect((await post('communications', 'publicar')).status).toBe(303);
    expect(await status()).toBe('published');
    expect((await post('communications', 'retirar')).status).toBe(303);
    const refused = await post('communications', 'descartar', { reason: '' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Explique por qué se descarta la pregunta');
    expect((await post('communications', 'descartar', { reason: 'Se respondió en otra pregunta' })).status).toBe(303);
    const discarded = await (await as.communications!.request(`/preguntas/${question.id}`)).text();
    expect(discarded).toContain('Descartada: «Se respondió en otra pregunta»');
    expect((await post('communications', 'restaurar')).status).toBe(303);
    expect(await status()).toBe('answered');
    const other = await intake('¿Cuándo se arregla el alumbrado de la cancha del barrio Las Flores, por favor?');
    expect(other.question.status).toBe('duplicate');
    expect((await as.communications!.request(`/preguntas/${other.question.id}/no-duplicada`, form({}))).status).toBe(303);
    expect((await as.communications!.request(`/preguntas/${other.question.id}/duplicada`, form({ of: question.id }))).status).toBe(303);
    expect((await t.db.citizenQuestion.findUniqueOrThrow({ where: { id: other.question.id } })).duplicateOfId).toBe(question.id);
  });
});
