import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policy } from '../../src/auth/policy.js';
import { SURVEY_ANSWERS_PER_HOUR } from '../../src/dialogue/public-survey-routes.js';
import { checkSubmissionLimit, dailySalt, submissionKey, submissionSecretOf } from '../../src/dialogue/submission-limit.js';
import { csvText, formRequest, parseCsv } from '../support/http.js';
import { createTestContext, createUserWithToken, importSeedPlan, jsonRequest, sessionClient, withToken, type Client, type TestContext } from '../support/test-db.js';

/**
 * Surveys end to end over a real migrated database with the seed plan: the builder (API and
 * pages), the public page /participa/encuestas/:slug as a citizen's phone sends it (form posts,
 * no account), the abuse limits, the results and their CSVs, the systematization and the
 * announcement piece. Through the real app (src/app.ts) with its access rules (src/auth/policy.ts).
 */

const publicUrl = 'https://pregon.sanmartin.gov.co';
let t: TestContext;
let app: TestContext['anon'];
let admin: Client;
let planId: string;
let surveyActivityId: string;
let otherActivityId: string;
let planeacionId: string;
let haciendaId: string;

beforeAll(async () => {
  t = await createTestContext({ PREGON_PUBLIC_URL: publicUrl, PREGON_TRUST_PROXY: 'true' });
  app = t.anon;
  const { token } = await createUserWithToken(t.db, 'admin', [], 'encuestas-admin@prueba.gov.co');
  admin = withToken(app, token);
  planId = await importSeedPlan(t.db);
  surveyActivityId = (await t.db.activity.findFirstOrThrow({ where: { description: { contains: 'Publicación de encuesta' } } })).id;
  otherActivityId = (await t.db.activity.findFirstOrThrow({ where: { description: { contains: 'encuestas de percepción' } } })).id;
  planeacionId = (await t.db.department.findFirstOrThrow({ where: { name: 'Secretaría de Planeación' } })).id;
  haciendaId = (await t.db.department.create({ data: { name: 'Secretaría de Hacienda (pruebas)', key: 'secretaria de hacienda pruebas' } })).id;
});
afterAll(async () => {
  await t.close();
});

// ---------------------------------------------------------------- helpers

async function api<T = any>(path: string, method = 'GET', body?: unknown, expected?: number): Promise<{ status: number; body: T }> {
  const res = await admin.request(`/api${path}`, body === undefined ? { method } : jsonRequest(method, body));
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : null;
  if (expected !== undefined && res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { status: res.status, body: parsed };
}

type Survey = { id: string; slug: string; status: string; state: string; publicUrl: string; activityId: string | null; purpose: string; responses: number; questions: { id: string; kind: string; prompt: string; choices: string[]; rows: string[]; columns: string[]; isTopic: boolean; required: boolean; position: number }[] };

async function newSurvey(fields: Record<string, unknown> = {}): Promise<Survey> {
  return (await api<Survey>('/surveys', 'POST', { planId, title: 'Temas para la audiencia pública 2026', activityId: surveyActivityId, ...fields }, 201)).body;
}
async function addQuestion(surveyId: string, q: Record<string, unknown>) {
  return (await api<{ id: string }>(`/surveys/${surveyId}/questions`, 'POST', q, 201)).body;
}
const getSurvey = async (id: string) => (await api<Survey>(`/surveys/${id}`, 'GET', undefined, 200)).body;

/** The six kinds, as the hearing's topics survey asks them. */
async function fullSurvey(fields: Record<string, unknown> = {}) {
  const s = await newSurvey(fields);
  const q = {
    topic: await addQuestion(s.id, { kind: 'multiple_choice', prompt: '¿Sobre qué temas quiere escuchar en la audiencia?', required: true, isTopic: true, choices: ['Salud', 'Vías', 'Educación', 'Seguridad'] }),
    comuna: await addQuestion(s.id, { kind: 'single_choice', prompt: '¿En qué zona vive?', required: true, choices: ['Urbana', 'Rural'] }),
    name: await addQuestion(s.id, { kind: 'short_text', prompt: '¿Qué obra recuerda de este año?' }),
    comment: await addQuestion(s.id, { kind: 'long_text', prompt: 'Comentarios para la administración' }),
    scale: await addQuestion(s.id, { kind: 'scale', prompt: '¿Qué tan satisfecho está con la gestión?', required: true, minLabel: 'Nada satisfecho', maxLabel: 'Muy satisfecho' }),
    matrix: await addQuestion(s.id, { kind: 'matrix', prompt: 'Califique los servicios', rows: ['Alumbrado', 'Aseo'], columns: ['Malo', 'Regular', 'Bueno'] }),
  };
  return { survey: s, q };
}

let addressSeed = 10;
/** A citizen's phone: a form post from its own address (X-Forwarded-For; the test configuration trusts the proxy). */
function answer(slug: string, fields: [string, string][], address = `198.51.100.${addressSeed++}`, userAgent = 'Mozilla/5.0 (Linux; Android 14) Telefono-de-prueba') {
  return app.request(`/participa/encuestas/${slug}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address, 'user-agent': userAgent },
    body: new URLSearchParams(fields).toString(),
  });
}
const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
const responseCount = (surveyId: string) => t.db.surveyResponse.count({ where: { surveyId } });

/** A complete set of answers for fullSurvey's questions. */
function fullAnswers(q: Awaited<ReturnType<typeof fullSurvey>>['q'], o: { topics?: string[]; zone?: string; scale?: string; name?: string; comment?: string; matrix?: [string, string] } = {}): [string, string][] {
  return [
    ...(o.topics ?? ['Salud', 'Vías']).map((v): [string, string] => [`q_${q.topic.id}`, v]),
    [`q_${q.comuna.id}`, o.zone ?? 'Rural'],
    [`q_${q.name.id}`, o.name ?? '  El puente de la vereda  '],
    [`q_${q.comment.id}`, o.comment ?? 'Más alumbrado,\npor favor.'],
    [`q_${q.scale.id}`, o.scale ?? '4'],
    [`q_${q.matrix.id}_0`, o.matrix?.[0] ?? 'Bueno'],
    [`q_${q.matrix.id}_1`, o.matrix?.[1] ?? 'Regular'],
  ];
}

// ---------------------------------------------------------------- the builder

describe('the builder', () => {
  it('creates a draft with a unique address, in the office’s activity, and audits it', async () => {
    const a = await newSurvey();
    const b = await newSurvey();
    expect(a).toMatchObject({ status: 'draft', state: 'draft', purpose: 'topics', activityId: surveyActivityId, slug: 'temas-para-la-audiencia-publica-2026', responses: 0, questions: [] });
    expect(a.publicUrl).toBe(`${publicUrl}/participa/encuestas/temas-para-la-audiencia-publica-2026`);
    expect(b.slug).toBe('temas-para-la-audiencia-publica-2026-2');
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { entityType: 'Survey', entityId: a.id, action: 'create' } });
    expect(audit.actorLabel).toBe('encuestas-admin@prueba.gov.co');
    expect(JSON.parse(audit.after!)).toMatchObject({ title: 'Temas para la audiencia pública 2026', status: 'draft' });
  });

  it('refuses what a survey cannot be, in Spanish', async () => {
    const s = await newSurvey({ title: 'Validaciones' });
    const other = await t.db.plan.create({ data: { title: 'Otro plan' } });
    const otherSub = await t.db.subcomponent.create({ data: { planId: other.id, position: 1, name: 'Otro' } });
    const foreign = await t.db.activity.create({ data: { subcomponentId: otherSub.id, position: 1, description: 'Actividad de otro plan' } });
    const cases: [string, string, unknown, number, string][] = [
      ['/surveys', 'POST', { planId, title: 'Hi' }, 400, 'El título debe tener al menos 3 caracteres.'],
      ['/surveys', 'POST', { planId: 'no-existe', title: 'Encuesta' }, 422, 'No existe el plan con id no-existe.'],
      ['/surveys', 'POST', { planId, title: 'Encuesta', activityId: foreign.id }, 422, 'La actividad elegida no existe en el plan de esta encuesta.'],
      [`/surveys/${s.id}`, 'PATCH', { opensAt: '2026-11-20T08:00:00-05:00', closesAt: '2026-11-19T08:00:00-05:00' }, 422, 'La encuesta cierra antes de abrir'],
      [`/surveys/${s.id}`, 'PATCH', { slug: 'Con Mayúsculas' }, 400, 'La dirección solo puede tener minúsculas'],
      [`/surveys/${s.id}`, 'PATCH', { slug: 'temas-para-la-audiencia-publica-2026' }, 409, 'Ya hay una encuesta en la dirección /participa/encuestas/temas-para-la-audiencia-publica-2026'],
      [`/surveys/${s.id}/questions`, 'POST', { kind: 'single_choice', prompt: '¿Una sola opción?', choices: ['Sí'] }, 422, 'Escriba al menos 2 opciones (una por línea).'],
      [`/surveys/${s.id}/questions`, 'POST', { kind: 'multiple_choice', prompt: '¿Repetidas?', choices: ['Salud', 'salud'] }, 422, 'La opción «salud» está repetida en opciones.'],
      [`/surveys/${s.id}/questions`, 'POST', { kind: 'matrix', prompt: 'Matriz', rows: ['Aseo'], columns: ['Bueno'] }, 422, 'Escriba al menos 2 columnas (una por línea).'],
      [`/surveys/${s.id}/questions`, 'POST', { kind: 'scale', prompt: 'Escala de temas', isTopic: true }, 422, 'La pregunta de temas debe ser de texto (corto o largo) o de selección'],
      [`/surveys/${s.id}/questions`, 'POST', { kind: 'short_text', prompt: 'ab' }, 400, 'Escriba la pregunta (al menos 3 caracteres).'],
      [`/surveys/${s.id}/questions`, 'POST', { kind: 'dibujo', prompt: '¿Qué tipo?' }, 400, 'Los datos enviados no son válidos (kind'],
      [`/surveys/${s.id}/publish`, 'POST', undefined, 422, 'Agregue al menos una pregunta antes de publicar la encuesta.'],
    ];
    for (const [path, method, body, status, message] of cases) {
      const res = await admin.request(`/api${path}`, jsonRequest(method, body));
      const json = (await res.json()) as { error: { message: string } };
      expect([path, method, res.status]).toEqual([path, method, status]);
      expect(json.error.message).toContain(message);
    }
    await addQuestion(s.id, { kind: 'short_text', prompt: 'Escriba un tema' });
    expect((await api(`/surveys/${s.id}/publish`, 'POST')).body.error.message).toBe(
      'Una encuesta de temas para la audiencia necesita su pregunta de temas: marque «Pregunta de temas» en la pregunta cuyas respuestas se sistematizarán.',
    );
    await api(`/surveys/${s.id}`, 'PATCH', { closesAt: '2020-01-01T08:00:00-05:00', purpose: 'other' }, 200);
    expect((await api(`/surveys/${s.id}/publish`, 'POST')).body.error.message).toBe('La fecha de cierre ya pasó: cámbiela antes de publicar la encuesta.');
    expect(await t.db.survey.count({ where: { title: 'Encuesta' } })).toBe(0);
  });

  it('stores each kind’s options, keeps one topic question, reorders, and audits every change', async () => {
    const { survey, q } = await fullSurvey({ title: 'Orden y opciones' });
    const s = await getSurvey(survey.id);
    expect(s.questions.map((x) => [x.position, x.kind])).toEqual([
      [1, 'multiple_choice'],
      [2, 'single_choice'],
      [3, 'short_text'],
      [4, 'long_text'],
      [5, 'scale'],
      [6, 'matrix'],
    ]);
    const rows = await t.db.surveyQuestion.findMany({ where: { surveyId: survey.id }, orderBy: { position: 'asc' } });
    expect(rows.map((r) => JSON.parse(r.options))).toEqual([
      ['Salud', 'Vías', 'Educación', 'Seguridad'],
      ['Urbana', 'Rural'],
      [],
      [],
      { minLabel: 'Nada satisfecho', maxLabel: 'Muy satisfecho' },
      { rows: ['Alumbrado', 'Aseo'], columns: ['Malo', 'Regular', 'Bueno'] },
    ]);
    // Marking another question as the topic one unmarks the first.
    await api(`/surveys/${survey.id}/questions/${q.name.id}`, 'PATCH', { isTopic: true }, 200);
    expect((await getSurvey(survey.id)).questions.filter((x) => x.isTopic).map((x) => x.id)).toEqual([q.name.id]);
    // A new order must name every question once.
    expect((await api(`/surveys/${survey.id}/questions/order`, 'PUT', { questionIds: [q.matrix.id, q.topic.id] })).status).toBe(422);
    const order = [q.matrix.id, q.scale.id, q.topic.id, q.comuna.id, q.name.id, q.comment.id];
    await api(`/surveys/${survey.id}/questions/order`, 'PUT', { questionIds: order }, 200);
    expect((await getSurvey(survey.id)).questions.map((x) => x.id)).toEqual(order);
    // Removing one closes the gap.
    await api(`/surveys/${survey.id}/questions/${q.scale.id}`, 'DELETE', undefined, 204);
    expect((await getSurvey(survey.id)).questions.map((x) => [x.position, x.id])).toEqual([order[0], ...order.slice(2)].map((id, i) => [i + 1, id]));
    const actions = await t.db.auditEntry.findMany({ where: { OR: [{ entityId: survey.id }, { entityType: 'SurveyQuestion', entityId: { in: Object.values(q).map((x) => x.id) } }] }, select: { action: true, entityType: true } });
    expect(actions.filter((a) => a.entityType === 'SurveyQuestion' && a.action === 'create')).toHaveLength(6);
    expect(actions.map((a) => `${a.entityType}:${a.action}`)).toEqual(expect.arrayContaining(['Survey:create', 'SurveyQuestion:update', 'Survey:reorder', 'SurveyQuestion:delete']));
  });

  it('builds a survey through the pages: settings in the office’s time, questions from the form, problems drawn again', async () => {
    const { user } = await createUserWithToken(t.db, 'communications');
    const office = await sessionClient(app, user.email, 'contraseña-de-prueba');
    const form = (path: string, fields: [string, string][]) => office.request(path, formRequest(fields));

    const created = await form('/encuestas', [['planId', planId], ['title', 'Encuesta de percepción 2026'], ['purpose', 'perception']]);
    expect(created.status).toBe(303);
    const id = created.headers.get('location')!.split('/').pop()!;
    const saved = await form(`/encuestas/${id}`, [
      ['title', 'Encuesta de percepción 2026'],
      ['description', 'Cuéntenos cómo ve la gestión.'],
      ['purpose', 'perception'],
      ['activityId', otherActivityId],
      ['opensAt', '2026-11-24T15:00'],
      ['closesAt', '2026-12-01T18:30'],
      ['slug', 'percepcion-2026'],
    ]);
    expect(saved.status).toBe(303);
    const row = await t.db.survey.findUniqueOrThrow({ where: { id } });
    // Bogotá is UTC−5: 3:00 p. m. is 20:00 UTC; 6:30 p. m. is 23:30 UTC.
    expect([row.opensAt?.toISOString(), row.closesAt?.toISOString(), row.slug, row.activityId]).toEqual(['2026-11-24T20:00:00.000Z', '2026-12-01T23:30:00.000Z', 'percepcion-2026', otherActivityId]);

    const added = await form(`/encuestas/${id}/preguntas`, [['prompt', '¿Qué servicios usa?'], ['kind', 'multiple_choice'], ['required', '1'], ['choices', 'Salud\r\n\r\n  Transporte  \r\nBiblioteca'], ['rows', 'ignorada'], ['minLabel', 'ignorada']]);
    expect(added.status).toBe(303);
    const [question] = (await getSurvey(id)).questions;
    expect(question).toMatchObject({ kind: 'multiple_choice', required: true, isTopic: false, choices: ['Salud', 'Transporte', 'Biblioteca'], rows: [] });

    const refused = await form(`/encuestas/${id}/preguntas`, [['prompt', 'Califique la atención'], ['kind', 'matrix'], ['rows', 'Ventanilla'], ['columns', 'Buena']]);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('Escriba al menos 2 columnas (una por línea).');
    expect(html).toContain('value="Califique la atención"');
    expect(html).toMatch(/<textarea name="rows"[^>]*>Ventanilla<\/textarea>/);
    expect((await getSurvey(id)).questions).toHaveLength(1);

    const badDate = await form(`/encuestas/${id}`, [['title', 'Otro título'], ['opensAt', '24/11/2026 3 pm']]);
    expect(badDate.status).toBe(422);
    const badHtml = await badDate.text();
    expect(badHtml).toContain('La fecha y hora de apertura no es válida.');
    expect(badHtml).toContain('value="Otro título"');

    const page = await office.request(`/encuestas/${id}`);
    expect(page.status).toBe(200);
    const builder = await page.text();
    expect(builder).toContain('Encuesta de percepción 2026');
    expect(builder).toContain('value="2026-11-24T15:00"');
    expect(builder).toContain('Crear pieza de anuncio');
    expect(builder).toContain('/public/js/survey-builder.js');
    const list = await (await office.request('/encuestas')).text();
    expect(list).toContain(`href="/encuestas/${id}"`);
  });

  it('moves, duplicates, unpublishes and deletes from the builder’s buttons', async () => {
    const { user } = await createUserWithToken(t.db, 'communications');
    const office = await sessionClient(app, user.email, 'contraseña-de-prueba');
    const post = (path: string, fields: [string, string][] = []) => office.request(path, formRequest(fields));
    const { survey, q } = await fullSurvey({ title: 'Botones del constructor' });
    expect((await post(`/encuestas/${survey.id}/preguntas/${q.comuna.id}/mover`, [['direction', 'up']])).status).toBe(303);
    expect((await post(`/encuestas/${survey.id}/preguntas/${q.matrix.id}/mover`, [['direction', 'down']])).status).toBe(303); // already last: stays
    expect((await getSurvey(survey.id)).questions.map((x) => x.id)).toEqual([q.comuna.id, q.topic.id, q.name.id, q.comment.id, q.scale.id, q.matrix.id]);

    expect((await post(`/encuestas/${survey.id}/publicar`)).headers.get('location')).toBe(`/encuestas/${survey.id}?hecho=publicada`);
    const notice = await (await office.request(`/encuestas/${survey.id}?hecho=publicada`)).text();
    expect(notice).toContain('Encuesta publicada: ya recibe respuestas');
    expect(notice).toContain(`<a href="/participa/encuestas/${survey.slug}"`);
    const again = await post(`/encuestas/${survey.id}/publicar`);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('La encuesta ya está publicada.');
    expect((await post(`/encuestas/${survey.id}/despublicar`)).status).toBe(303);
    expect((await t.db.survey.findUniqueOrThrow({ where: { id: survey.id } })).status).toBe('draft');

    const copied = await post(`/encuestas/${survey.id}/duplicar`, [['title', 'Percepción desde el constructor'], ['purpose', 'perception']]);
    expect(copied.status).toBe(303);
    const copyId = copied.headers.get('location')!.match(/^\/encuestas\/([^?]+)\?hecho=copia$/)![1]!;
    expect(await t.db.survey.findUniqueOrThrow({ where: { id: copyId } })).toMatchObject({ title: 'Percepción desde el constructor', purpose: 'perception', status: 'draft' });
    expect(await t.db.surveyQuestion.count({ where: { surveyId: copyId } })).toBe(6);

    expect((await post(`/encuestas/${copyId}/eliminar`)).headers.get('location')).toBe('/encuestas');
    expect(await t.db.survey.findUnique({ where: { id: copyId } })).toBeNull();
    expect(await t.db.surveyQuestion.count({ where: { surveyId: copyId } })).toBe(0);
    expect(await t.db.auditEntry.count({ where: { entityType: 'Survey', entityId: copyId, action: 'delete' } })).toBe(1);

    const { body: listed } = await api<{ id: string; questionCount: number }[]>(`/plans/${planId}/surveys`, 'GET', undefined, 200);
    expect(listed.find((x) => x.id === survey.id)).toMatchObject({ questionCount: 6, state: 'draft' });
    expect(listed.some((x) => x.id === copyId)).toBe(false);
    expect((await api(`/plans/no-existe/surveys`)).status).toBe(404);

    // A published survey keeps at least one question, even without answers.
    const single = await newSurvey({ title: 'Una sola pregunta', purpose: 'other' });
    const only = await addQuestion(single.id, { kind: 'long_text', prompt: '¿Qué le diría al alcalde?' });
    await api(`/surveys/${single.id}/publish`, 'POST', undefined, 200);
    const last = await api(`/surveys/${single.id}/questions/${only.id}`, 'DELETE');
    expect([last.status, last.body.error.message]).toEqual([409, 'Una encuesta publicada necesita al menos una pregunta: vuelva la encuesta a borrador para quitar la última.']);
  });

  it('has an access rule for every survey route, public only for answering, and its API in the OpenAPI document', () => {
    const ours = (path: string) => /^\/(api\/(surveys|plans\/:id\/surveys)|encuestas|participa\/encuestas)(\/|$)/.test(path);
    const routes = [...new Set(app.routes.filter((r) => r.method !== 'ALL' && ours(r.path)).map((r) => `${r.method} ${r.path}`))];
    expect(routes.filter((r) => !(r in policy))).toEqual([]);
    expect(routes.filter((r) => policy[r]!.access === 'public')).toEqual(['GET /participa/encuestas/:slug', 'POST /participa/encuestas/:slug']);
    // The API is described in the OpenAPI document.
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'Pregón', version: '0' } });
    expect(Object.keys(doc.paths ?? {}).filter((p) => p.includes('survey'))).toEqual(
      expect.arrayContaining(['/api/surveys', '/api/surveys/{id}', '/api/surveys/{id}/questions/{questionId}', '/api/surveys/{id}/topics.csv', '/api/plans/{id}/surveys']),
    );
  });

  it('lets readers see the builder and refuses their changes', async () => {
    const s = await newSurvey({ title: 'Solo lectura' });
    const { user } = await createUserWithToken(t.db, 'viewer');
    const viewer = await sessionClient(app, user.email, 'contraseña-de-prueba');
    const page = await viewer.request(`/encuestas/${s.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('Publicar encuesta');
    expect(html).not.toContain('Agregar pregunta');
    const post = await viewer.request(`/encuestas/${s.id}/publicar`, { method: 'POST' });
    expect(post.status).toBe(403);
    const department = await createUserWithToken(t.db, 'department', [planeacionId]);
    const res = await withToken(app, department.token).request('/api/surveys', jsonRequest('POST', { planId, title: 'De una dependencia' }));
    expect(res.status).toBe(403);
  });
});

// ---------------------------------------------------------------- the public page

describe('the public page', () => {
  let full: Awaited<ReturnType<typeof fullSurvey>>;
  beforeAll(async () => {
    full = await fullSurvey({ title: 'Encuesta pública completa', description: 'Queremos saber qué temas le interesan.\n\nSus respuestas son anónimas.' });
    await api(`/surveys/${full.survey.id}/publish`, 'POST', undefined, 200);
  });

  it('shows every kind of question without an account, phone-ready, with the honeypot hidden', async () => {
    const res = await get(`/participa/encuestas/${full.survey.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('set-cookie')).toBeNull();
    const html = await res.text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(html).toContain('<link rel="stylesheet" href="/public/news.css"/>');
    const { q } = full;
    // Choices: a fieldset with its legend and a radio (single) or checkbox (multiple) per choice, each with its label.
    expect(html).toMatch(new RegExp(`<fieldset class="question" id="q-${q.topic.id}"[^>]*><legend>`));
    expect(html.match(new RegExp(`type="checkbox" id="f-${q.topic.id}-\\d" name="q_${q.topic.id}"`, 'g'))).toHaveLength(4);
    expect(html.match(new RegExp(`type="radio" id="f-${q.comuna.id}-\\d" name="q_${q.comuna.id}"`, 'g'))).toHaveLength(2);
    expect(html).toContain(`<label class="choice" for="f-${q.comuna.id}-1">`);
    expect(html).toMatch(new RegExp(`<label for="f-${q.name.id}" class="q-label">`));
    expect(html).toMatch(new RegExp(`<input type="text" maxlength="500" value="" autocomplete="off" id="f-${q.name.id}" name="q_${q.name.id}"`));
    expect(html).toMatch(new RegExp(`<textarea rows="5" maxlength="5000" id="f-${q.comment.id}" name="q_${q.comment.id}"`));
    expect(html.match(new RegExp(`name="q_${q.scale.id}" value="[1-5]"`, 'g'))).toHaveLength(5);
    expect(html).toContain('1: Nada satisfecho');
    expect(html.match(new RegExp(`name="q_${q.matrix.id}_[01]" value="(Malo|Regular|Bueno)"`, 'g'))).toHaveLength(6);
    expect(html).toContain('<fieldset class="matrix-row"><legend>Alumbrado</legend>');
    // The honeypot: hidden from sight, from screen readers and from the tab order.
    expect(html).toContain('<div class="hp-field" aria-hidden="true">');
    expect(html).toMatch(/<input type="text" id="hp-sitio-web" name="sitio_web" tabindex="-1" autocomplete="off" value=""\/>/);
    // Nothing of the office: no staff, no ids of people, no internal navigation.
    expect(html).not.toContain('encuestas-admin@prueba.gov.co');
    expect(html).not.toContain('Auditoría');
    expect(html).toContain('Queremos saber qué temas le interesan.');
  });

  it('stores every kind as typed, the hour only, under a random id', async () => {
    const before = Date.now();
    const res = await answer(full.survey.slug, fullAnswers(full.q));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('¡Gracias por participar!');
    const stored = await t.db.surveyResponse.findFirstOrThrow({ where: { surveyId: full.survey.id } });
    const { q } = full;
    expect(JSON.parse(stored.answers)).toEqual({
      [q.topic.id]: ['Salud', 'Vías'],
      [q.comuna.id]: 'Rural',
      [q.name.id]: 'El puente de la vereda',
      [q.comment.id]: 'Más alumbrado,\npor favor.',
      [q.scale.id]: 4,
      [q.matrix.id]: { Alumbrado: 'Bueno', Aseo: 'Regular' },
    });
    expect(stored.submittedAt.getTime()).toBe(Math.floor(before / 3_600_000) * 3_600_000);
    expect(stored.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Multiple choices are stored in the question's order, whatever order they came in; a matrix row left blank is absent.
    await answer(full.survey.slug, [
      [`q_${q.topic.id}`, 'Seguridad'],
      [`q_${q.topic.id}`, 'Salud'],
      [`q_${q.comuna.id}`, 'Urbana'],
      [`q_${q.scale.id}`, '1'],
      [`q_${q.matrix.id}_1`, 'Malo'],
    ]);
    const second = (await t.db.surveyResponse.findMany({ where: { surveyId: full.survey.id } })).map((r) => JSON.parse(r.answers)).find((a) => a[q.scale.id] === 1);
    expect(second).toEqual({ [q.topic.id]: ['Salud', 'Seguridad'], [q.comuna.id]: 'Urbana', [q.scale.id]: 1, [q.matrix.id]: { Aseo: 'Malo' } });
  });

  it('draws the form again with the answers kept when a required question is missing', async () => {
    const count = await responseCount(full.survey.id);
    const { q } = full;
    const res = await answer(
      full.survey.slug,
      fullAnswers(q).filter(([k]) => k !== `q_${q.scale.id}` && k !== `q_${q.comuna.id}`),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('Hay 2 respuestas por revisar');
    expect(html).toContain('Esta pregunta es obligatoria.');
    expect(html).toContain(`<a href="#q-${q.scale.id}">Pregunta 5: Esta pregunta es obligatoria.</a>`);
    // What was sent is still there.
    expect(html).toContain('value="  El puente de la vereda  "');
    expect(html).toMatch(new RegExp(`name="q_${q.comment.id}"[^>]*>Más alumbrado,\\npor favor.</textarea>`));
    expect(html).toMatch(new RegExp(`name="q_${q.topic.id}" value="Salud" checked=""`));
    expect(html).toMatch(new RegExp(`name="q_${q.topic.id}" value="Educación"(?! checked)`));
    expect(html).toMatch(new RegExp(`name="q_${q.matrix.id}_0" value="Bueno" checked=""`));
    expect(html).toContain(`<fieldset class="question has-error" id="q-${q.scale.id}" aria-describedby="e-${q.scale.id}">`);
    expect(html).toMatch(new RegExp(`name="q_${q.scale.id}" value="3" required="" aria-invalid="true"/>`));
    expect(html).toContain(`<fieldset class="question" id="q-${q.topic.id}">`);
    expect(await responseCount(full.survey.id)).toBe(count);
  });

  it('refuses choices that are not offered, a scale outside 1–5 and too long a text, storing nothing', async () => {
    const count = await responseCount(full.survey.id);
    const { q } = full;
    const cases: [[string, string][], string][] = [
      [fullAnswers(q, { zone: 'Marte' }), 'Elija una de las opciones de la lista.'],
      [fullAnswers(q, { topics: ['Salud', 'Fútbol'] }), 'Marque solo opciones de la lista.'],
      [fullAnswers(q, { scale: '7' }), 'Elija un valor de la escala, de 1 a 5.'],
      [fullAnswers(q, { scale: '2.5' }), 'Elija un valor de la escala, de 1 a 5.'],
      [fullAnswers(q, { matrix: ['Excelente', 'Bueno'] }), 'Elija, en cada fila, una de las columnas de la tabla.'],
      [fullAnswers(q, { name: 'x'.repeat(501) }), 'La respuesta es demasiado larga: como máximo 500 caracteres (tiene 501).'],
    ];
    for (const [fields, message] of cases) {
      const res = await answer(full.survey.slug, fields);
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(message);
    }
    expect(await responseCount(full.survey.id)).toBe(count);
  });

  it('refuses answers to closed, not yet open and draft surveys, and says so', async () => {
    const closed = await fullSurvey({ title: 'Encuesta cerrada' });
    await api(`/surveys/${closed.survey.id}/publish`, 'POST', undefined, 200);
    await t.db.survey.update({ where: { id: closed.survey.id }, data: { closesAt: new Date('2026-01-10T22:00:00Z') } });
    const later = await fullSurvey({ title: 'Encuesta futura', opensAt: '2099-03-02T09:00:00-05:00' });
    await api(`/surveys/${later.survey.id}/publish`, 'POST', undefined, 200);
    const draft = await fullSurvey({ title: 'Encuesta en borrador' });

    const closedPage = await (await get(`/participa/encuestas/${closed.survey.slug}`)).text();
    expect(closedPage).toContain('La encuesta está cerrada desde el 10 de enero de 2026, 5:00 p. m. y ya no recibe respuestas.');
    expect(closedPage).not.toContain('<form');
    const laterPage = await (await get(`/participa/encuestas/${later.survey.slug}`)).text();
    expect(laterPage).toContain('La encuesta todavía no está abierta: recibe respuestas desde el 2 de marzo de 2099, 9:00 a. m.');
    expect(laterPage).not.toContain('<form');
    const draftPage = await get(`/participa/encuestas/${draft.survey.slug}`);
    expect(draftPage.status).toBe(404);
    const draftHtml = await draftPage.text();
    expect(draftHtml).toContain('Esta encuesta no existe o todavía no está publicada.');
    expect(draftHtml).not.toContain('¿En qué zona vive?');

    const refusals: [typeof closed, string][] = [
      [closed, 'La encuesta está cerrada desde el 10 de enero de 2026, 5:00 p. m.'],
      [later, 'La encuesta todavía no está abierta'],
      [draft, 'Esta encuesta no está publicada y no recibe respuestas.'],
    ];
    for (const [s, message] of refusals) {
      const res = await answer(s.survey.slug, fullAnswers(s.q));
      expect(res.status).toBe(409);
      expect(await res.text()).toContain(message);
      expect(await responseCount(s.survey.id)).toBe(0);
    }
    expect((await get('/participa/encuestas/no-existe')).status).toBe(404);
    expect((await answer('no-existe', [])).status).toBe(404);
  });

  it('thanks a robot that fills the honeypot and stores nothing, not even a counter', async () => {
    const count = await responseCount(full.survey.id);
    const counters = await t.db.submissionCounter.count();
    const res = await answer(full.survey.slug, [...fullAnswers(full.q), ['sitio_web', 'http://spam.example']], '192.0.2.200');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('¡Gracias por participar!');
    expect(await responseCount(full.survey.id)).toBe(count);
    expect(await t.db.submissionCounter.count()).toBe(counters);
  });

  it('answers the sixth response of an hour from one address with 429, keeping no address anywhere', async () => {
    const s = await fullSurvey({ title: 'Encuesta con límite' });
    await api(`/surveys/${s.survey.id}/publish`, 'POST', undefined, 200);
    const address = '203.0.113.77';
    const userAgent = 'NavegadorDePrueba/9.9 (sonda-ua-7731)';
    // A counter of two days ago is deleted by the next write.
    await t.db.submissionCounter.create({ data: { key: 'viejo', count: 3, windowStart: new Date(Date.now() - 2 * 86_400_000) } });
    for (let i = 1; i <= SURVEY_ANSWERS_PER_HOUR; i++) expect((await answer(s.survey.slug, fullAnswers(s.q), address, userAgent)).status).toBe(200);
    const sixth = await answer(s.survey.slug, fullAnswers(s.q), address, userAgent);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(await sixth.text()).toContain('Desde su conexión ya se enviaron varias respuestas a esta encuesta en la última hora.');
    expect(await responseCount(s.survey.id)).toBe(5);
    // Another address, and the same address on another survey, are not held back.
    expect((await answer(s.survey.slug, fullAnswers(s.q), '203.0.113.78', userAgent)).status).toBe(200);
    expect((await answer(full.survey.slug, fullAnswers(full.q), address, userAgent)).status).toBe(200);

    expect(await t.db.submissionCounter.findUnique({ where: { key: 'viejo' } })).toBeNull();
    const secret = submissionSecretOf(t.config);
    const key = submissionKey(secret, new Date(), address, `encuesta:${s.survey.slug}`);
    const counter = await t.db.submissionCounter.findUniqueOrThrow({ where: { key } });
    expect(counter.count).toBe(5);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    // Not a plain hash of the address: without the day's secret salt it cannot be recomputed.
    for (const guess of [address, `${address}${s.survey.slug}`, `${address}encuesta:${s.survey.slug}`]) expect(key).not.toBe(createHash('sha256').update(guess).digest('hex'));

    // No column of any table holds the address or the user agent.
    const tables = await t.db.$queryRawUnsafe<{ name: string }[]>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    expect(tables.length).toBeGreaterThan(20);
    for (const { name } of tables) {
      const rows = await t.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name}"`);
      const dump = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
      expect([name, dump.includes(address)]).toEqual([name, false]);
      expect([name, dump.includes('sonda-ua-7731')]).toEqual([name, false]);
    }
  });

  it('keeps counters per form and window, with a salt that changes every day', async () => {
    const secret = Buffer.alloc(32, 7);
    const day1 = new Date('2026-11-24T10:00:00Z');
    expect(dailySalt(secret, day1).equals(dailySalt(secret, new Date('2026-11-24T23:59:59Z')))).toBe(true);
    expect(dailySalt(secret, day1).equals(dailySalt(secret, new Date('2026-11-25T00:00:00Z')))).toBe(false);
    expect(submissionKey(secret, day1, '10.0.0.1', 'a')).not.toBe(submissionKey(secret, new Date('2026-11-25T10:00:00Z'), '10.0.0.1', 'a'));
    expect(submissionKey(secret, day1, '10.0.0.1', 'a')).not.toBe(submissionKey(Buffer.alloc(32, 8), day1, '10.0.0.1', 'a'));
    const check = (form: string, now: Date) => checkSubmissionLimit(t.db, { form, clientAddress: '10.0.0.1', now, limitPerHour: 2, secret });
    expect(await check('prueba-a', day1)).toMatchObject({ allowed: true, count: 1 });
    expect(await check('prueba-a', new Date('2026-11-24T10:30:00Z'))).toMatchObject({ allowed: true, count: 2 });
    expect(await check('prueba-a', new Date('2026-11-24T10:59:00Z'))).toEqual({ allowed: false, count: 2, retryAfterSeconds: 60 });
    expect(await check('prueba-b', new Date('2026-11-24T10:59:00Z'))).toMatchObject({ allowed: true, count: 1 });
    // An hour after the window opened, a new one starts.
    expect(await check('prueba-a', new Date('2026-11-24T11:00:00Z'))).toMatchObject({ allowed: true, count: 1 });
  });
});

// ---------------------------------------------------------------- results, CSV, systematization

describe('results', () => {
  let s: Awaited<ReturnType<typeof fullSurvey>>;
  beforeAll(async () => {
    s = await fullSurvey({ title: 'Encuesta para resultados' });
    await api(`/surveys/${s.survey.id}/publish`, 'POST', undefined, 200);
    const { q } = s;
    // Five citizens. By hand:
    //  topics (multiple):  Salud 4, Vías 3, Educación 1, Seguridad 0; 5 answered → 80 %, 60 %, 20 %, 0 %
    //  zone (single):      Rural 3, Urbana 2 → 60 %, 40 %
    //  short text:         3 answered ("Vías rurales" ×2, "vias rurales!" ×1… see the topics survey below)
    //  scale:              5, 4, 4, 2, 1 → distribution 1:1 2:1 3:0 4:2 5:1; mean 16 / 5 = 3.2
    //  matrix:             Alumbrado: Bueno 2, Regular 1, Malo 1 (4 answered rows); Aseo: Malo 3, Bueno 1 (4)
    const citizens: [string, string][][] = [
      fullAnswers(q, { topics: ['Salud', 'Vías'], zone: 'Rural', scale: '5', matrix: ['Bueno', 'Malo'], name: 'El puente', comment: 'Gracias' }),
      fullAnswers(q, { topics: ['Salud'], zone: 'Rural', scale: '4', matrix: ['Bueno', 'Malo'], name: 'La escuela', comment: 'Más parques' }),
      fullAnswers(q, { topics: ['Salud', 'Vías', 'Educación'], zone: 'Urbana', scale: '4', matrix: ['Regular', 'Bueno'], name: 'El puente', comment: '=1+1 "con comillas"' }),
      fullAnswers(q, { topics: ['Vías', 'Salud'], zone: 'Urbana', scale: '2', matrix: ['Malo', 'Malo'], name: '', comment: '' }),
      fullAnswers(q, { topics: ['Salud'], zone: 'Rural', scale: '1', name: '', comment: '' }).filter(([k]) => !k.startsWith(`q_${q.matrix.id}`)),
    ];
    for (const fields of citizens) expect((await answer(s.survey.slug, fields)).status).toBe(200);
  });

  it('adds up choices, the scale with its mean, the matrix and the texts', async () => {
    const { body: r } = await api(`/surveys/${s.survey.id}/results`, 'GET', undefined, 200);
    const { q } = s;
    const byId = Object.fromEntries(r.questions.map((x: { questionId: string }) => [x.questionId, x]));
    expect(r).toMatchObject({ surveyId: s.survey.id, state: 'open', responses: 5 });
    expect(byId[q.topic.id]).toMatchObject({
      answered: 5,
      isTopic: true,
      choices: [
        { label: 'Salud', count: 5, percent: 100 },
        { label: 'Vías', count: 3, percent: 60 },
        { label: 'Educación', count: 1, percent: 20 },
        { label: 'Seguridad', count: 0, percent: 0 },
      ],
    });
    expect(byId[q.comuna.id].choices).toEqual([
      { label: 'Urbana', count: 2, percent: 40 },
      { label: 'Rural', count: 3, percent: 60 },
    ]);
    expect(byId[q.scale.id].scale).toEqual({
      distribution: [
        { value: 1, count: 1, percent: 20 },
        { value: 2, count: 1, percent: 20 },
        { value: 3, count: 0, percent: 0 },
        { value: 4, count: 2, percent: 40 },
        { value: 5, count: 1, percent: 20 },
      ],
      mean: 3.2,
      minLabel: 'Nada satisfecho',
      maxLabel: 'Muy satisfecho',
    });
    expect(byId[q.matrix.id]).toMatchObject({
      answered: 4,
      matrix: {
        columns: ['Malo', 'Regular', 'Bueno'],
        rows: [
          { label: 'Alumbrado', answered: 4, counts: [1, 1, 2] },
          { label: 'Aseo', answered: 4, counts: [3, 0, 1] },
        ],
      },
    });
    expect(byId[q.name.id].answered).toBe(3);
    expect(byId[q.name.id].texts.map((x: { text: string }) => x.text).sort()).toEqual(['El puente', 'El puente', 'La escuela']);
    expect(byId[q.comment.id].answered).toBe(3);
  });

  it('draws the results page with the figures, its charts and the live refresh', async () => {
    const { user } = await createUserWithToken(t.db, 'viewer');
    const viewer = await sessionClient(app, user.email, 'contraseña-de-prueba');
    const res = await viewer.request(`/encuestas/${s.survey.id}/resultados`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<strong class="metric-value" data-figure="responses">5</strong>');
    expect(html).toContain(`data-source="/encuestas/${s.survey.id}/resultados.json"`);
    expect(html).toContain('/public/js/survey-results.js');
    expect(html).toContain('/public/vendor/chart.umd.min.js');
    expect(html).toContain(`<canvas data-chart="grafico-${s.q.topic.id}"`);
    expect(html).toContain('promedio <strong data-figure="mean">3,2</strong>');
    expect(html).toMatch(/<th scope="row">Vías<\/th><td data-figure="count">3<\/td><td data-figure="percent">60 %<\/td>/);
    const live = await viewer.request(`/encuestas/${s.survey.id}/resultados.json`);
    expect(live.headers.get('cache-control')).toBe('no-store');
    const json = (await live.json()) as { responses: number };
    expect(json.responses).toBe(5);
    // A new answer shows in the next refresh.
    await answer(s.survey.slug, fullAnswers(s.q, { topics: ['Seguridad'] }));
    expect(((await (await viewer.request(`/encuestas/${s.survey.id}/resultados.json`)).json()) as { responses: number }).responses).toBe(6);
    await t.db.surveyResponse.deleteMany({ where: { surveyId: s.survey.id, answers: { contains: '"Seguridad"' } } });
  });

  it('exports every response and the summary as CSV that parse back', async () => {
    const { q } = s;
    const res = await admin.request(`/api/surveys/${s.survey.id}/responses.csv`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="encuesta-encuesta-para-resultados-respuestas.csv"');
    const [header, ...rows] = parseCsv(await csvText(res));
    expect(header).toEqual([
      'N.º',
      'Fecha y hora (hora aproximada)',
      '1. ¿Sobre qué temas quiere escuchar en la audiencia?',
      '2. ¿En qué zona vive?',
      '3. ¿Qué obra recuerda de este año?',
      '4. Comentarios para la administración',
      '5. ¿Qué tan satisfecho está con la gestión?',
      '6. Califique los servicios — Alumbrado',
      '6. Califique los servicios — Aseo',
    ]);
    expect(rows).toHaveLength(5);
    expect(rows.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5']);
    expect(rows[0]![1]).toMatch(/^\d{1,2} de [a-z]+ de \d{4}, \d{1,2}:00 [ap]\. m\.$/);
    const cells = rows.map((r) => r.slice(2));
    expect(cells).toEqual(
      expect.arrayContaining([
        ['Salud; Vías', 'Rural', 'El puente', 'Gracias', '5', 'Bueno', 'Malo'],
        ['Salud; Vías; Educación', 'Urbana', 'El puente', `'=1+1 "con comillas"`, '4', 'Regular', 'Bueno'],
        ['Salud', 'Rural', '', '', '1', '', ''],
      ]),
    );
    void q;

    const summary = parseCsv(await csvText(await admin.request(`/api/surveys/${s.survey.id}/results.csv`)));
    expect(summary[0]).toEqual(['N.º', 'Pregunta', 'Tipo', 'Opción o fila', 'Columna', 'Respuestas', 'Porcentaje (%)', 'Promedio']);
    expect(summary[1]).toEqual(['', 'Respuestas recibidas', '', '', '', '5', '', '']);
    const line = (pred: (r: string[]) => boolean) => summary.find(pred);
    expect(line((r) => r[0] === '1' && r[3] === 'Vías')).toEqual(['1', '¿Sobre qué temas quiere escuchar en la audiencia?', 'Selección múltiple', 'Vías', '', '3', '60', '']);
    expect(line((r) => r[0] === '5' && r[3] === '1 (Nada satisfecho)')).toEqual(['5', '¿Qué tan satisfecho está con la gestión?', 'Escala de 1 a 5', '1 (Nada satisfecho)', '', '1', '20', '']);
    expect(line((r) => r[0] === '5' && r[3] === 'Promedio')).toEqual(['5', '¿Qué tan satisfecho está con la gestión?', 'Escala de 1 a 5', 'Promedio', '', '5', '', '3,2']);
    expect(line((r) => r[0] === '6' && r[3] === 'Aseo' && r[4] === 'Malo')).toEqual(['6', 'Califique los servicios', 'Matriz (filas × columnas)', 'Aseo', 'Malo', '3', '75', '']);
    expect(line((r) => r[0] === '3')).toEqual(['3', '¿Qué obra recuerda de este año?', 'Texto corto', 'Respuestas de texto', '', '3', '', '']);
    // The same exports from the pages.
    const fromPage = await admin.request(`/encuestas/${s.survey.id}/respuestas.csv`);
    expect(parseCsv(await csvText(fromPage))).toHaveLength(6);
  });

  it('ranks the topics for the hearing: choices by count, free text grouped by its normalized form', async () => {
    const { body: choices } = await api(`/surveys/${s.survey.id}/topics`, 'GET', undefined, 200);
    expect(choices).toMatchObject({ questionId: s.q.topic.id, kind: 'multiple_choice', responses: 5, answered: 5 });
    expect(choices.topics.map((x: { rank: number; label: string; count: number; percent: number }) => [x.rank, x.label, x.count, x.percent])).toEqual([
      [1, 'Salud', 5, 100],
      [2, 'Vías', 3, 60],
      [3, 'Educación', 1, 20],
      [4, 'Seguridad', 0, 0],
    ]);

    const free = await newSurvey({ title: 'Temas abiertos', activityId: null });
    const topic = await addQuestion(free.id, { kind: 'short_text', prompt: '¿Qué tema quiere que se trate?', isTopic: true });
    await api(`/surveys/${free.id}/publish`, 'POST', undefined, 200);
    // By hand: "vias rurales" ×4 (Vías rurales ×2, vias rurales! ×1, VÍAS  RURALES ×1) → 4 of 9 = 44.4 %;
    // "salud" ×2 (Salud., salud) → 22.2 % and "educacion" ×2 (Educación ×2) → 22.2 %, tied in 2nd place; "agua" ×1 → 11.1 %, 4th.
    // Blank and punctuation-only answers are no topic ("  " is not an answer; "¿?" is one but names nothing).
    const texts = ['Vías rurales', 'vias rurales!', 'Salud.', 'Educación', 'VÍAS  RURALES', 'salud', 'Vías rurales', 'Agua', 'Educación', '   ', '¿?'];
    for (const text of texts) expect((await answer(free.slug, [[`q_${topic.id}`, text]])).status).toBe(text.trim() === '' ? 422 : 200);
    const { body: ranking } = await api(`/surveys/${free.id}/topics`, 'GET', undefined, 200);
    expect(ranking).toMatchObject({ kind: 'short_text', responses: 10, answered: 10 });
    expect(ranking.topics.map((x: { rank: number; label: string; count: number; percent: number; variants: string[] }) => [x.rank, x.label, x.count, x.percent, x.variants])).toEqual([
      [1, 'Vías rurales', 4, 40, ['Vías rurales', 'VÍAS RURALES', 'vias rurales!']],
      [2, 'Educación', 2, 20, ['Educación']],
      [2, 'salud', 2, 20, ['salud', 'Salud.']],
      [4, 'Agua', 1, 10, ['Agua']],
    ]);
    const csv = parseCsv(await csvText(await admin.request(`/api/surveys/${free.id}/topics.csv`)));
    expect(csv).toEqual([
      ['Puesto', 'Tema', 'Menciones', 'Porcentaje (%)', 'Formas en que se escribió'],
      ['1', 'Vías rurales', '4', '40', 'Vías rurales | VÍAS RURALES | vias rurales!'],
      ['2', 'Educación', '2', '20', 'Educación'],
      ['2', 'salud', '2', '20', 'salud | Salud.'],
      ['4', 'Agua', '1', '10', 'Agua'],
    ]);
    const page = await (await admin.request(`/encuestas/${free.id}/sistematizacion`)).text();
    expect(page).toContain('Propuesta para la agenda');
    expect(page).toMatch(/<tr data-rank="1"><td>1<\/td><td class="text">Vías rurales<span class="muted small topic-variants"> También escrito: VÍAS RURALES · vias rurales!<\/span><\/td><td>4<\/td><td>40 %<\/td><\/tr>/);
  });
});

// ---------------------------------------------------------------- protection, duplicate, announcement

describe('a survey with answers', () => {
  let s: Awaited<ReturnType<typeof fullSurvey>>;
  beforeAll(async () => {
    s = await fullSurvey({ title: 'Encuesta con respuestas' });
    await api(`/surveys/${s.survey.id}/publish`, 'POST', undefined, 200);
    expect((await answer(s.survey.slug, fullAnswers(s.q))).status).toBe(200);
  });

  it('keeps its questions and their options, and says why', async () => {
    const { q } = s;
    const changes: [string, string, unknown, string][] = [
      [`/surveys/${s.survey.id}/questions/${q.topic.id}`, 'PATCH', { choices: ['Salud', 'Vías'] }, 'La encuesta ya tiene 1 respuesta: no se puede cambiar el tipo ni las opciones de sus preguntas, porque las respuestas recibidas dejarían de corresponder a lo que se preguntó.'],
      [`/surveys/${s.survey.id}/questions/${q.comuna.id}`, 'PATCH', { kind: 'multiple_choice' }, 'no se puede cambiar el tipo ni las opciones'],
      [`/surveys/${s.survey.id}/questions/${q.matrix.id}`, 'PATCH', { columns: ['Malo', 'Bueno'] }, 'no se puede cambiar el tipo ni las opciones'],
      [`/surveys/${s.survey.id}/questions/${q.scale.id}`, 'PATCH', { maxLabel: 'Feliz' }, 'no se puede cambiar el tipo ni las opciones'],
      [`/surveys/${s.survey.id}/questions/${q.name.id}`, 'DELETE', undefined, 'La encuesta ya tiene 1 respuesta: no se pueden eliminar preguntas, porque se perderían las respuestas que la ciudadanía ya dio.'],
      [`/surveys/${s.survey.id}/unpublish`, 'POST', undefined, 'La encuesta ya tiene respuestas y no puede volver a borrador.'],
      [`/surveys/${s.survey.id}`, 'DELETE', undefined, 'La encuesta tiene 1 respuesta de la ciudadanía y no se puede eliminar'],
      [`/surveys/${s.survey.id}`, 'PATCH', { slug: 'otra-direccion' }, 'La dirección de una encuesta publicada no se puede cambiar'],
    ];
    for (const [path, method, body, message] of changes) {
      const res = await admin.request(`/api${path}`, jsonRequest(method, body));
      expect([path, method, res.status]).toEqual([path, method, 409]);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(message);
    }
    const stored = await getSurvey(s.survey.id);
    expect(stored.questions).toHaveLength(6);
    expect(stored.questions.find((x) => x.id === q.topic.id)!.choices).toEqual(['Salud', 'Vías', 'Educación', 'Seguridad']);
    // Wording, order, new questions and the closing time may still change.
    await api(`/surveys/${s.survey.id}/questions/${q.topic.id}`, 'PATCH', { prompt: '¿Qué temas quiere escuchar en la audiencia pública?', required: false }, 200);
    await api(`/surveys/${s.survey.id}/questions`, 'POST', { kind: 'short_text', prompt: '¿Algo más?' }, 201);
    await api(`/surveys/${s.survey.id}`, 'PATCH', { closesAt: '2099-12-31T18:00:00-05:00' }, 200);

    // The page's form: the locked fields are not even offered, and a refused removal says why (409).
    const { user } = await createUserWithToken(t.db, 'approver');
    const office = await sessionClient(app, user.email, 'contraseña-de-prueba');
    const builder = await (await office.request(`/encuestas/${s.survey.id}`)).text();
    expect(builder).toContain('Esta encuesta ya tiene respuestas');
    expect(builder).toMatch(/<select name="kind" class="kind-select" disabled="">/);
    expect(builder).not.toContain(`/preguntas/${q.name.id}/eliminar`);
    const removal = await office.request(`/encuestas/${s.survey.id}/preguntas/${q.name.id}/eliminar`, { method: 'POST' });
    expect(removal.status).toBe(409);
    expect(await removal.text()).toContain('no se pueden eliminar preguntas, porque se perderían las respuestas');
    // The page's question form without the locked fields saves the wording only.
    const saved = await office.request(`/encuestas/${s.survey.id}/preguntas/${q.comuna.id}`, formRequest([['prompt', '¿En qué zona del municipio vive?'], ['help', ''], ['required', '1']]));
    expect(saved.status).toBe(303);
    expect((await getSurvey(s.survey.id)).questions.find((x) => x.id === q.comuna.id)).toMatchObject({ prompt: '¿En qué zona del municipio vive?', kind: 'single_choice', choices: ['Urbana', 'Rural'] });
  });

  it('duplicates into a draft with the same questions, free to change (the perception survey)', async () => {
    const { body: copy } = await api<Survey>(`/surveys/${s.survey.id}/duplicate`, 'POST', { title: 'Percepción de la gestión 2026', purpose: 'perception' }, 201);
    expect(copy).toMatchObject({ title: 'Percepción de la gestión 2026', purpose: 'perception', status: 'draft', responses: 0, slug: 'percepcion-de-la-gestion-2026', activityId: surveyActivityId });
    const original = await getSurvey(s.survey.id);
    expect(copy.questions.map((x) => [x.kind, x.prompt, x.choices, x.rows, x.isTopic])).toEqual(original.questions.map((x) => [x.kind, x.prompt, x.choices, x.rows, x.isTopic]));
    expect(copy.questions.every((x) => !original.questions.some((o) => o.id === x.id))).toBe(true);
    await api(`/surveys/${copy.id}/questions/${copy.questions[0]!.id}`, 'PATCH', { choices: ['Salud', 'Vías'] }, 200);
    await api(`/surveys/${copy.id}/questions/${copy.questions[1]!.id}`, 'DELETE', undefined, 204);
    const audit = await t.db.auditEntry.findFirstOrThrow({ where: { entityId: copy.id, action: 'duplicate' } });
    expect(JSON.parse(audit.after!)).toMatchObject({ copiedFrom: s.survey.id, questions: 7 });
    // Without a body: "Copia de …", same purpose.
    const { body: plain } = await api<Survey & { title: string }>(`/surveys/${s.survey.id}/duplicate`, 'POST', undefined, 201);
    expect(plain).toMatchObject({ title: 'Copia de Encuesta con respuestas', purpose: 'topics', status: 'draft' });
  });

  it('creates the announcement piece with the public link, in the survey’s activity', async () => {
    const { body: piece } = await api(`/surveys/${s.survey.id}/announcement`, 'POST', undefined, 201);
    const url = `${publicUrl}/participa/encuestas/encuesta-con-respuestas`;
    expect(piece).toMatchObject({ kind: 'survey_publication', status: 'draft', activityId: surveyActivityId, title: 'Anuncio de la encuesta: Encuesta con respuestas' });
    expect(piece.body).toContain(url);
    const variants = Object.fromEntries(piece.variants.map((v: { network: string }) => [v.network, v]));
    expect(Object.keys(variants).sort()).toEqual(['facebook', 'website', 'x']);
    for (const v of Object.values(variants) as { text: string; link: string }[]) {
      expect(v.text).toContain(url);
      expect(v.link).toBe(url);
    }
    expect(variants['website'].title).toBe('Encuesta: Encuesta con respuestas');
    expect(await t.db.auditEntry.count({ where: { entityType: 'Piece', entityId: piece.id, action: 'create' } })).toBe(1);

    // From the page: to the new piece. A department answers only for its own activities.
    const own = await createUserWithToken(t.db, 'department', [planeacionId]);
    const ownSession = await sessionClient(app, own.user.email, 'contraseña-de-prueba');
    const fromPage = await ownSession.request(`/encuestas/${s.survey.id}/anuncio`, { method: 'POST' });
    expect(fromPage.status).toBe(303);
    const pieceId = fromPage.headers.get('location')!.replace('/piezas/', '');
    expect(await t.db.piece.findUniqueOrThrow({ where: { id: pieceId } })).toMatchObject({ kind: 'survey_publication', activityId: surveyActivityId, status: 'draft' });
    const stranger = await createUserWithToken(t.db, 'department', [haciendaId]);
    const refused = await withToken(app, stranger.token).request(`/api/surveys/${s.survey.id}/announcement`, { method: 'POST' });
    expect(refused.status).toBe(403);
    // A long title still fits X: 280 characters, the link counted as 23.
    const long = await newSurvey({ title: `Encuesta ${'muy '.repeat(45)}larga` });
    const { body: longPiece } = await api(`/surveys/${long.id}/announcement`, 'POST', undefined, 201);
    const x = longPiece.variants.find((v: { network: string }) => v.network === 'x').text as string;
    expect(x.replace(/https:\/\/\S+/, 'x'.repeat(23)).length).toBeLessThanOrEqual(280);
  });
});
