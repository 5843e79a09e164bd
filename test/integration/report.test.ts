import fs from 'node:fs';
import path from 'node:path';
import * as mupdf from 'mupdf';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/audit/write-audit.js';
import { saveBrandKit } from '../../src/brand/brand-kit.js';
import { websiteChannel } from '../../src/channels/website/index.js';
import { createMediaStore, type MediaStore } from '../../src/media/store.js';
import { planMetrics } from '../../src/metrics/rollups.js';
import { buildReport, publicReport } from '../../src/reports/build-report.js';
import { defaultBrandKit } from '../../src/render/index.js';
import { renderReportPdf } from '../../src/reports/report-pdf.js';
import { parseAgenda } from '../../src/reports/agenda.js';
import { parseAnswers, questionResult } from '../../src/reports/survey-results.js';
import { buildReportFixture, evaluationTexts, reportNow, secrets, type ReportFixture } from '../support/report-fixture.js';
import { submitForm } from '../support/http.js';
import { createTestContext, createUserWithToken, importSeedPlan, jsonRequest, sessionClient, withToken, type Client, type TestContext } from '../support/test-db.js';

/**
 * The general report over a real migrated database with the seed plan and a finished process
 * built by hand (test/support/report-fixture.ts, where every figure is worked out on paper).
 * Through the real app (src/app.ts) with its access rules (src/auth/policy.ts).
 */

const publicUrl = 'https://pregon.sanmartin.gov.co';
const outDir = path.resolve(import.meta.dirname, '../../test-results/report');

let t: TestContext;
let f: ReportFixture;
let media: MediaStore;
let staff: Awaited<ReturnType<typeof sessionClient>> & { id: string };
let viewer: Awaited<ReturnType<typeof sessionClient>>;
let staffApi: Client;
let actor: Actor;

beforeAll(async () => {
  t = await createTestContext({ PREGON_PUBLIC_URL: publicUrl });
  media = createMediaStore(t.config.mediaDir);

  const planId = await importSeedPlan(t.db);
  const comms = await createUserWithToken(t.db, 'communications', [], secrets.staffEmail);
  await t.db.user.update({ where: { id: comms.user.id }, data: { name: secrets.staffName } });
  staffApi = withToken(t.anon, comms.token);
  staff = Object.assign(await sessionClient(t.anon, secrets.staffEmail, 'contraseña-de-prueba'), { id: comms.user.id });
  const v = await createUserWithToken(t.db, 'viewer');
  viewer = await sessionClient(t.anon, v.user.email, 'contraseña-de-prueba');
  actor = { userId: comms.user.id, label: secrets.staffEmail, ip: null };
  f = await buildReportFixture(t.db, planId, actor);
  fs.mkdirSync(outDir, { recursive: true });
});
afterAll(async () => {
  await t.close();
});

/** A page form's POST as the browser sends it, by one of the signed-in people. */
const submit = (who: { cookie: string; csrfToken: string }, pathname: string, fields: Record<string, string>) => submitForm(t.anon, who, pathname, fields);

const report = () => buildReport(t.db, f.planId, { timeZone: 'America/Bogota', now: reportNow });

// ---------------------------------------------------------------- figures

describe('the report figures, against the hand-computed fixture', () => {
  it('schedule compliance per subcomponent and for the plan', async () => {
    const r = await report();
    expect(r.today).toBe('2026-12-20');
    const [info, dialogo, incentivos, evaluacion] = r.schedule.bySubcomponent;
    expect(info).toMatchObject({
      subcomponentId: f.subcomponents.info,
      activities: 4,
      cancelled: 1,
      completed: 3,
      completedOnTime: 1,
      completedLate: 1,
      completedUndated: 1,
      lateNow: 1,
      completedPercent: 75,
      onTimePercent: 33.3,
      averageProgress: 88,
    });
    expect(dialogo).toMatchObject({ activities: 8, cancelled: 0, completed: 0, lateNow: 1, completedPercent: 0, onTimePercent: null, averageProgress: 5 });
    expect(incentivos).toMatchObject({ activities: 2, completed: 1, completedOnTime: 1, completedLate: 0, lateNow: 0, completedPercent: 50, onTimePercent: 100, averageProgress: 50 });
    expect(evaluacion).toMatchObject({ activities: 4, completed: 0, lateNow: 0, completedPercent: 0, averageProgress: 0 });
    expect(r.schedule.total).toMatchObject({
      subcomponentId: null,
      activities: 18,
      cancelled: 1,
      completed: 4,
      completedOnTime: 2,
      completedLate: 1,
      completedUndated: 1,
      lateNow: 2,
      completedPercent: 22.2,
      onTimePercent: 50,
      averageProgress: 27,
    });
    // Staff only: which ones are late, most days first.
    expect(r.lateActivities).toEqual([
      expect.objectContaining({ activityId: f.activities.i4, reason: 'not_finished', daysLate: 19, plannedEnd: '2026-12-01' }),
      expect.objectContaining({ activityId: f.activities.d1, reason: 'not_started', daysLate: 10 }),
    ]);
  });

  it('pieces produced per kind, published per kind and channel; the plan’s pieces only', async () => {
    const { pieces, piecesInProgress } = await report();
    const zero = { x: 0, youtube: 0, facebook: 0, website: 0 };
    expect(pieces.byKind).toEqual([
      { kind: 'press_release', label: 'Comunicado de prensa', produced: 1, published: 1, publicationsByChannel: { ...zero, website: 1 }, publications: 1 },
      { kind: 'infographic', label: 'Infografía', produced: 2, published: 1, publicationsByChannel: { ...zero, x: 1, facebook: 1 }, publications: 2 },
      { kind: 'survey_publication', label: 'Publicación de encuesta', produced: 1, published: 0, publicationsByChannel: zero, publications: 0 },
      { kind: 'video', label: 'Video', produced: 1, published: 1, publicationsByChannel: { ...zero, youtube: 1 }, publications: 1 },
    ]);
    expect(pieces.channels).toEqual(['x', 'youtube', 'facebook', 'website']);
    expect(pieces.totals).toEqual({ produced: 5, published: 3, publications: 4, publicationsByChannel: { x: 1, youtube: 1, facebook: 1, website: 1 } });
    expect(piecesInProgress).toEqual([{ kind: 'social_post', label: 'Publicación en redes', count: 2 }]);
  });

  it('reach and interactions per subcomponent and channel, adding up to the metrics dashboard', async () => {
    const { reach } = await report();
    expect(reach.channels).toEqual(['x', 'youtube', 'facebook', 'website', 'offline']);
    expect(reach.totals).toEqual({ reach: 7540, interactions: 47, engagementRate: 47 / 2200, publications: 4, manualReach: 5040 });
    expect(reach.byChannel.map((c) => [c.key, c.reach, c.interactions, c.publications])).toEqual([
      ['x', 1000, 28, 1],
      ['youtube', 700, 9, 1],
      ['facebook', 500, 10, 1],
      ['website', 300, 0, 1],
      ['offline', 5040, 0, 0],
    ]);
    const [info, dialogo, incentivos, evaluacion] = reach.bySubcomponent;
    const cell = (reach: number, interactions: number) => ({ reach, interactions });
    expect(info).toEqual({
      subcomponentId: f.subcomponents.info,
      name: 'Información',
      reach: 6800,
      interactions: 38,
      byChannel: { x: cell(1000, 28), youtube: cell(0, 0), facebook: cell(500, 10), website: cell(300, 0), offline: cell(5000, 0) },
    });
    expect(dialogo).toMatchObject({ reach: 700, interactions: 9, byChannel: { youtube: cell(700, 9), offline: cell(0, 0) } });
    expect(incentivos).toMatchObject({ reach: 40, interactions: 0, byChannel: { offline: cell(40, 0), x: cell(0, 0) } });
    expect(evaluacion).toMatchObject({ reach: 0, interactions: 0 });
    // Each row's cells add up to the row, and the rows to the dashboard's figures.
    const metrics = await planMetrics(t.db, f.planId, { timeZone: 'America/Bogota', now: reportNow });
    for (const [i, row] of reach.bySubcomponent.entries()) {
      const cells = Object.values(row.byChannel);
      expect(cells.reduce((s, c) => s + c.reach, 0)).toBe(row.reach);
      expect(cells.reduce((s, c) => s + c.interactions, 0)).toBe(row.interactions);
      expect(row.reach).toBe(metrics.bySubcomponent[i]!.totals.reach);
    }
    expect(reach.totals.reach).toBe(metrics.totals.reach);
  });

  it('survey results from the stored JSON answers: choices, scale mean, matrix, free text; drafts left out', async () => {
    const { surveys } = await report();
    expect(surveys.map((s) => [s.title, s.purpose, s.open, s.responses])).toEqual([
      ['Percepción de la gestión', 'perception', false, 0],
      ['Temas para la audiencia 2026', 'topics', true, 4],
    ]);
    const perception = surveys[0]!.questions[0]!;
    expect(perception.scale).toEqual({
      min: 1,
      max: 5,
      minLabel: 'Nada satisfecho',
      maxLabel: 'Muy satisfecho',
      mean: null,
      distribution: [1, 2, 3, 4, 5].map((value) => ({ value, count: 0 })),
    });
    const [q1, q2, q3, q4, q5] = surveys[1]!.questions;
    expect(q1).toMatchObject({ kind: 'single_choice', isTopic: true, answers: 3 });
    expect(q1!.choices).toEqual([
      { label: 'Salud', count: 2, percent: 66.7 },
      { label: 'Educación', count: 0, percent: 0 },
      { label: 'Vías', count: 1, percent: 33.3 },
    ]);
    expect(q2).toMatchObject({ kind: 'multiple_choice', answers: 3 });
    expect(q2!.choices).toEqual([
      { label: 'Radio', count: 1, percent: 33.3 },
      { label: 'Redes sociales', count: 3, percent: 100 },
      { label: 'Prensa', count: 1, percent: 33.3 },
    ]);
    expect(q3).toMatchObject({ kind: 'scale', answers: 4 });
    expect(q3!.scale).toMatchObject({ mean: 4, distribution: [0, 0, 1, 2, 1].map((count, i) => ({ value: i + 1, count })) });
    expect(q4).toMatchObject({ kind: 'matrix', answers: 2, matrix: { rows: ['Atención', 'Información'], columns: ['Mala', 'Regular', 'Buena'], counts: [[1, 0, 1], [0, 1, 0]] } });
    expect(q5).toMatchObject({ kind: 'short_text', answers: 2, choices: [], scale: null, matrix: null });
    expect(JSON.stringify(surveys)).not.toContain(secrets.draftSurvey);
    expect(JSON.stringify(surveys)).not.toContain(secrets.textAnswer);
  });

  it('citizens’ questions: received, answered, published, on time by the office’s calendar, overdue', async () => {
    const { questions } = await report();
    expect(questions).toEqual({
      received: 8,
      duplicates: 1,
      discarded: 1,
      answered: 5,
      published: 3,
      publishedOnTime: 2,
      publishedLate: 1,
      overdue: 4,
      pending: 4,
      deadlineDays: 15,
      deadline: '2026-12-09',
      publishedPercent: 42.9,
      onTimePercent: 66.7,
    });
  });

  it('overdue starts when the deadline day ends in Bogotá (an injected clock), and follows the plan’s deadline setting', async () => {
    const at = (iso: string) => buildReport(t.db, f.planId, { timeZone: 'America/Bogota', now: new Date(iso) });
    expect((await at('2026-12-10T04:59:00Z')).questions).toMatchObject({ deadline: '2026-12-09', overdue: 0, pending: 4 });
    expect((await at('2026-12-10T05:00:00Z')).questions).toMatchObject({ overdue: 4 });
    await t.db.plan.update({ where: { id: f.planId }, data: { answerDeadlineDays: 20 } });
    try {
      expect((await at('2026-12-10T05:00:00Z')).questions).toMatchObject({ deadline: '2026-12-14', overdue: 0, publishedOnTime: 3, publishedLate: 0 });
    } finally {
      await t.db.plan.update({ where: { id: f.planId }, data: { answerDeadlineDays: 15 } });
    }
  });

  it('the evaluation per subcomponent, and the hearing with its agenda', async () => {
    const r = await report();
    expect(r.evaluation.map((e) => [e.name, e.strengths, e.weaknesses, e.improvements])).toEqual([
      ['Información', evaluationTexts.strengths, evaluationTexts.weaknesses, evaluationTexts.improvements],
      ['Diálogo', '', '', ''],
      ['Incentivos', '', '', ''],
      ['Evaluación y seguimiento', evaluationTexts.followUp, '', ''],
    ]);
    expect(r.hearing).toMatchObject({
      title: 'Audiencia pública de rendición de cuentas 2026',
      startsAt: '2026-11-24T20:00:00.000Z',
      place: 'Coliseo municipal',
      agenda: [
        { time: '09:00', text: 'Instalación' },
        { time: '09:15', text: 'Informe de gestión' },
        { time: '10:30', text: 'Preguntas de la ciudadanía' },
      ],
    });
  });

  it('the public report drops the staff-only parts', async () => {
    const pub = publicReport(await report());
    expect(pub.lateActivities).toBeNull();
    expect(pub.piecesInProgress).toBeNull();
    const json = JSON.stringify(pub);
    for (const s of [secrets.draftPiece, secrets.reviewPiece, secrets.draftAnswer, secrets.approvedAnswer, secrets.citizenName, secrets.citizenEmail, secrets.staffName]) expect(json).not.toContain(s);
  });

  it('answers 404 in Spanish for a plan that does not exist', async () => {
    const res = await staffApi.request('/api/plans/no-existe/report');
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toBe('No existe el plan con id no-existe.');
  });
});

// ---------------------------------------------------------------- the PDF

function pdfText(doc: mupdf.Document): string[] {
  return Array.from({ length: doc.countPages() }, (_, i) => doc.loadPage(i).toStructuredText('preserve-whitespace').asText());
}

describe('the PDF', () => {
  it('is an A4 PDF with a branded cover, Spanish headings with accents, the figures and page numbers', async () => {
    const r = publicReport(await report());
    const pdf = await renderReportPdf(r, { brand: defaultBrandKit, audience: 'public', webUrl: `${publicUrl}/participa/informe` });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    fs.writeFileSync(path.join(outDir, 'informe-publico.pdf'), pdf);
    const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
    const pages = doc.countPages();
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(12);
    const [w, h] = doc.loadPage(0).getBounds().slice(2) as [number, number];
    expect(Math.round(w)).toBe(595);
    expect(Math.round(h)).toBe(842);
    const text = pdfText(doc);
    // Lines wrap where the layout breaks them: compare words.
    const all = text.join('\n').replace(/\s+/g, ' ');
    // The cover: the municipality, the pill, the plan's title, the cut-off date in Spanish.
    expect(text[0]).toContain('Alcaldía de San Martín');
    expect(text[0]).toContain('INFORME DE RENDICIÓN DE CUENTAS');
    expect(text[0]!.replace(/\s+/g, ' ')).toContain('Plan de Acción Rendición de Cuentas');
    expect(text[0]).toContain('Cifras con corte al 20 de diciembre de 2026, 10:00 a. m.');
    expect(text[0]).toContain('7.540');
    for (const heading of ['1. Cumplimiento del cronograma', '2. Piezas producidas y publicadas', '3. Alcance e interacción', '4. Resultados de las encuestas', '5. Preguntas de la ciudadanía', '6. Evaluación del proceso']) {
      expect(all).toContain(heading);
    }
    // Figures of every section, the es-CO way.
    for (const figure of ['22,2 %', '75,0 %', 'Infografía', 'Publicación de encuesta', '6.800', '5.040', '2,1 %', 'promedio 4 de 5', '66,7 %', 'Temas para la audiencia 2026', 'hasta el 9 de diciembre de 2026', 'Vencidas sin publicar']) {
      expect(all).toContain(figure);
    }
    expect(all).toContain(evaluationTexts.improvements);
    expect(all).toContain('Oportunidades de mejora');
    // Every page says its number out of the total.
    text.forEach((page, i) => expect(page).toContain(`Página ${i + 1} de ${pages}`));
    // Public: nothing internal.
    expect(all).not.toContain('Actividades atrasadas hoy');
    for (const s of [secrets.draftSurvey, secrets.draftPiece, secrets.draftAnswer, secrets.staffName, secrets.citizenName]) expect(all).not.toContain(s);

    // Every page as an image, to look at (test-results/report/).
    for (let i = 0; i < pages; i++) {
      const png = Buffer.from(doc.loadPage(i).toPixmap(mupdf.Matrix.scale(1.5, 1.5), mupdf.ColorSpace.DeviceRGB, false, true).asPNG());
      fs.writeFileSync(path.join(outDir, `informe-pagina-${i + 1}.png`), png);
      if (i === 0) {
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        expect(png.length).toBeGreaterThan(20_000);
      }
    }
  });

  it('the staff PDF (/planes/:id/informe.pdf) adds the activities late today', async () => {
    const res = await staff.request(`/planes/${f.planId}/informe.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="informe-rendicion-de-cuentas-\d{4}-\d{2}-\d{2}-interno\.pdf"$/);
    expect(pdfText(mupdf.Document.openDocument(new Uint8Array(await res.arrayBuffer()), 'application/pdf')).join('\n')).toContain('Actividades atrasadas hoy');
    // On the fixture's day two are late: I4 (19 days) and D1 (10 days, not started).
    const pdf = await renderReportPdf(await report(), { brand: defaultBrandKit, audience: 'staff' });
    const all = pdfText(mupdf.Document.openDocument(pdf, 'application/pdf')).join('\n').replace(/\s+/g, ' ');
    expect(all).toContain('Difundir a través de los diferentes medios de comunicación masiva');
    expect(all).toContain('19 días');
    expect(all).toContain('10 días sin iniciar');
  });

  it('uses the office’s brand kit: its colors on the cover, its logo and its name', async () => {
    const logoSvg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#00a651"/></svg>';
    await saveBrandKit({ db: t.db, actor, kit: { ...defaultBrandKit, municipality: 'Municipio de Río Claro', logoSvg, colors: { ...defaultBrandKit.colors, primary: '#7a1f3d', accent: '#ffd100' } } });
    try {
      const res = await staff.request(`/planes/${f.planId}/informe.pdf`);
      const doc = mupdf.Document.openDocument(new Uint8Array(await res.arrayBuffer()), 'application/pdf');
      expect(pdfText(doc)[0]).toContain('Municipio de Río Claro');
      const pix = doc.loadPage(0).toPixmap(mupdf.Matrix.identity, mupdf.ColorSpace.DeviceRGB, false, true);
      const rgb = (x: number, y: number) => {
        const at = y * pix.getStride() + x * pix.getNumberOfComponents();
        const p = pix.getPixels();
        return `#${[p[at]!, p[at + 1]!, p[at + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
      };
      expect(rgb(10, 10)).toBe('#7a1f3d'); // the band
      expect(rgb(300, 20)).toBe('#7a1f3d');
      // The logo (a green square) on its white chip: the chip from x = 56 pt, the logo from 64 pt.
      expect(rgb(94, 107)).toBe('#00a651');
      expect(rgb(59, 107)).toBe('#ffffff');
    } finally {
      await t.db.brandKit.deleteMany();
    }
  });

  it('keeps a long evaluation whole across pages', async () => {
    const r = publicReport(await report());
    const long = Array.from({ length: 60 }, (_, i) => `Línea ${i + 1} de la evaluación con tildes: participación, gestión, información.`).join('\n');
    r.evaluation[1] = { ...r.evaluation[1]!, strengths: long };
    const pdf = await renderReportPdf(r, { brand: defaultBrandKit, audience: 'public' });
    const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
    const all = pdfText(doc).join('\n');
    expect(all).toContain('Línea 1 de la evaluación');
    expect(all).toContain('Línea 60 de la evaluación con tildes: participación, gestión, información.');
    const pages = doc.countPages();
    pdfText(doc).forEach((page, i) => expect(page).toContain(`Página ${i + 1} de ${pages}`));
  });
});

// ---------------------------------------------------------------- pages

describe('the staff report page', () => {
  it('shows the sections, the tables and the charts’ data, with the staff-only parts', async () => {
    const res = await staff.request(`/planes/${f.planId}/informe`);
    const html = await res.text();
    expect(res.status, html.slice(0, 500)).toBe(200);
    for (const heading of ['Cumplimiento del cronograma', 'Piezas producidas y publicadas', 'Alcance e interacción', 'Resultados de las encuestas', 'Preguntas de la ciudadanía', 'Evaluación del proceso']) {
      expect(html).toContain(heading);
    }
    expect(html).toContain('<script src="/public/vendor/chart.umd.min.js" defer=""></script>');
    const chart = /<script type="application\/json" id="chart-informe-alcance">(.*?)<\/script>/s.exec(html);
    expect(chart).not.toBeNull();
    const spec = JSON.parse(chart![1]!) as { stacked: boolean; labels: string[]; datasets: { label: string; data: number[] }[] };
    expect(spec.stacked).toBe(true);
    expect(spec.labels).toEqual(['Información', 'Diálogo', 'Incentivos', 'Evaluación y seguimiento']);
    expect(spec.datasets.find((d) => d.label === 'Fuera de línea')!.data).toEqual([5000, 0, 40, 0]);
    expect(html).toContain('Actividades atrasadas hoy');
    expect(html).toContain('En elaboración (borrador o en revisión, no cuentan como producidas): Publicación en redes 2.');
    expect(html).toContain('Crear pieza con el informe');
    expect(html).toContain(evaluationTexts.weaknesses);
  });

  it('is read-only for a viewer (no piece button) and refuses a viewer’s changes', async () => {
    const html = await (await viewer.request(`/planes/${f.planId}/informe`)).text();
    expect(html).not.toContain('Crear pieza con el informe');
    const res = await submit(viewer, `/planes/${f.planId}/informe/pieza`, {});
    expect(res.status).toBe(403);
    expect(await t.db.piece.count({ where: { kind: 'report_publication' } })).toBe(0);
  });

  it('/informe opens the latest plan’s report', async () => {
    const res = await staff.request('/informe');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/planes/${f.planId}/informe`);
  });
});

// ---------------------------------------------------------------- the evaluation form

describe('the evaluation form', () => {
  const field = (name: string, sub: string) => `${name}.${sub}`;

  it('shows every subcomponent with what was saved', async () => {
    const res = await staff.request(`/planes/${f.planId}/evaluacion`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html.match(/<fieldset class="evaluation-fieldset"/g)).toHaveLength(4);
    expect(html).toContain(`name="${field('strengths', f.subcomponents.info)}"`);
    expect(html).toContain(evaluationTexts.strengths);
    expect(html).toContain('se publica con él');
  });

  it('saves the changed subcomponents (upsert) with one audit entry each, and nothing when nothing changed', async () => {
    const before = await t.db.auditEntry.count({ where: { entityType: 'Evaluation' } });
    const res = await submit(staff, `/planes/${f.planId}/evaluacion`, {
      [field('strengths', f.subcomponents.info)]: evaluationTexts.strengths,
      [field('weaknesses', f.subcomponents.info)]: evaluationTexts.weaknesses,
      [field('improvements', f.subcomponents.info)]: evaluationTexts.improvements,
      [field('strengths', f.subcomponents.dialogo)]: '  Buena asistencia a la audiencia.\r\nMuchas preguntas por redes.  ',
      [field('weaknesses', f.subcomponents.dialogo)]: '',
      [field('improvements', f.subcomponents.dialogo)]: 'Abrir la encuesta antes.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/planes/${f.planId}/evaluacion?aviso=guardada`);
    const row = await t.db.evaluation.findUniqueOrThrow({ where: { planId_subcomponentId: { planId: f.planId, subcomponentId: f.subcomponents.dialogo } } });
    expect(row).toMatchObject({ strengths: 'Buena asistencia a la audiencia.\nMuchas preguntas por redes.', weaknesses: '', improvements: 'Abrir la encuesta antes.', updatedById: staff.id });
    const entries = await t.db.auditEntry.findMany({ where: { entityType: 'Evaluation' }, orderBy: { at: 'asc' } });
    expect(entries.length - before).toBe(1); // Información did not change
    const last = entries.at(-1)!;
    expect(last).toMatchObject({ action: 'create', entityId: row.id, actorId: staff.id, actorLabel: secrets.staffEmail, before: null });
    expect(JSON.parse(last.after!)).toEqual({ planId: f.planId, subcomponentId: f.subcomponents.dialogo, strengths: row.strengths, weaknesses: '', improvements: 'Abrir la encuesta antes.' });

    // The same again: nothing written.
    const again = await submit(staff, `/planes/${f.planId}/evaluacion`, { [field('improvements', f.subcomponents.dialogo)]: 'Abrir la encuesta antes.' });
    expect(again.headers.get('location')).toBe(`/planes/${f.planId}/evaluacion?aviso=sin-cambios`);
    expect(await t.db.auditEntry.count({ where: { entityType: 'Evaluation' } })).toBe(entries.length);

    // A change records before and after.
    await submit(staff, `/planes/${f.planId}/evaluacion`, { [field('weaknesses', f.subcomponents.dialogo)]: 'Poca difusión en radio.' });
    const update = await t.db.auditEntry.findFirstOrThrow({ where: { entityType: 'Evaluation', action: 'update' }, orderBy: { at: 'desc' } });
    expect(JSON.parse(update.before!)).toMatchObject({ weaknesses: '' });
    expect(JSON.parse(update.after!)).toMatchObject({ weaknesses: 'Poca difusión en radio.', strengths: row.strengths });
  });

  it('refuses a text over 4.000 characters with a Spanish 422 that keeps what was typed, and saves nothing', async () => {
    const audit = await t.db.auditEntry.count();
    const typed = 'Texto que se conserva tras el error.';
    const res = await submit(staff, `/planes/${f.planId}/evaluacion`, {
      [field('strengths', f.subcomponents.incentivos)]: 'x'.repeat(4001),
      [field('weaknesses', f.subcomponents.incentivos)]: typed,
      [field('improvements', f.subcomponents.evaluacion)]: 'Esto tampoco se guarda porque otro campo falló.',
    });
    const html = await res.text();
    expect(res.status).toBe(422);
    expect(html).toContain('Incentivos · Fortalezas: el texto tiene más de 4.000 caracteres.');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain(typed);
    expect(await t.db.evaluation.findUnique({ where: { planId_subcomponentId: { planId: f.planId, subcomponentId: f.subcomponents.incentivos } } })).toBeNull();
    expect((await t.db.evaluation.findUniqueOrThrow({ where: { planId_subcomponentId: { planId: f.planId, subcomponentId: f.subcomponents.evaluacion } } })).improvements).toBe('');
    expect(await t.db.auditEntry.count()).toBe(audit);
  });

  it('refuses a subcomponent of another plan, and a viewer', async () => {
    const other = await t.db.plan.create({ data: { title: 'Otro plan', subcomponents: { create: [{ name: 'Ajeno', position: 1 }] } }, include: { subcomponents: true } });
    const res = await submit(staff, `/planes/${f.planId}/evaluacion`, { [field('strengths', other.subcomponents[0]!.id)]: 'No debe guardarse.' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(`El subcomponente ${other.subcomponents[0]!.id} no es de este plan.`);
    expect(await t.db.evaluation.count({ where: { subcomponentId: other.subcomponents[0]!.id } })).toBe(0);
    expect((await submit(viewer, `/planes/${f.planId}/evaluacion`, { [field('strengths', f.subcomponents.info)]: 'Cambio no permitido' })).status).toBe(403);
    expect((await staff.request('/planes/no-existe/evaluacion')).status).toBe(404);
    await t.db.plan.delete({ where: { id: other.id } });
  });

  it('over the API: PUT keeps the fields not sent, and answers 400 in Spanish for a wrong field', async () => {
    const put = (body: unknown) => staffApi.request(`/api/plans/${f.planId}/evaluations/${f.subcomponents.incentivos}`, jsonRequest('PUT', body));
    let res = await put({ strengths: 'Capacitaciones con buena asistencia.' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ subcomponent: 'Incentivos', strengths: 'Capacitaciones con buena asistencia.', weaknesses: '', improvements: '' });
    res = await put({ improvements: 'Medir la percepción dos veces al año.' });
    expect(await res.json()).toMatchObject({ strengths: 'Capacitaciones con buena asistencia.', improvements: 'Medir la percepción dos veces al año.' });
    res = await put({ fortalezas: 'campo en español' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('validation_failed');
    const list = await (await staffApi.request(`/api/plans/${f.planId}/evaluations`)).json();
    expect(list.map((e: { subcomponent: string }) => e.subcomponent)).toEqual(['Información', 'Diálogo', 'Incentivos', 'Evaluación y seguimiento']);
  });
});

// ---------------------------------------------------------------- publishing the report

describe('«Crear pieza con el informe»', () => {
  it('creates a draft report_publication piece with the PDF in the media library and a website variant linking /participa/informe', async () => {
    const audit = await t.db.auditEntry.count();
    const res = await submit(staff, `/planes/${f.planId}/informe/pieza`, {});
    expect(res.status).toBe(303);
    const pieceId = /^\/piezas\/(.+)$/.exec(res.headers.get('location') ?? '')![1]!;
    const piece = await t.db.piece.findUniqueOrThrow({ where: { id: pieceId }, include: { variants: { include: { media: { include: { mediaAsset: true } } } }, media: true, versions: true } });
    const publishActivity = await t.db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Publicar a través de los diferentes medios los resultados del informe' } } });
    expect(piece).toMatchObject({ kind: 'report_publication', status: 'draft', ownerId: staff.id, activityId: publishActivity.id, version: 1 });
    expect(piece.versions).toHaveLength(1);
    expect(piece.variants).toHaveLength(1);
    const web = piece.variants[0]!;
    expect(web).toMatchObject({ network: 'website', link: `${publicUrl}/participa/informe` });
    expect(web.text).toContain(`${publicUrl}/participa/informe.pdf`);
    expect(web.text).toContain('4 de 18 actividades cumplidas');
    expect(web.text).toContain('alcance de 7.540 personas');
    // Under the article's title, the report's cover as a banner: the report_cover template in the brand's colour.
    expect(web.media).toHaveLength(1);
    const cover = web.media[0]!.mediaAsset;
    expect(cover).toMatchObject({ kind: 'image', mimeType: 'image/png', templateId: 'report_cover', format: 'web_banner', width: 1920, height: 600, pieceId });
    expect(web.media[0]!.altText).toContain('Plan de Acción Rendición de Cuentas');
    expect(web.media[0]!.altText).toMatch(/Cifras con corte al \d+ de \w+ de \d{4}/);
    const { data: corner } = await sharp(await media.read(cover.storagePath)).extract({ left: 4, top: 4, width: 1, height: 1 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect(`#${[...corner].map((v) => v.toString(16).padStart(2, '0')).join('')}`).toBe(defaultBrandKit.colors.primary.toLowerCase());

    // The website channel would publish it as it is.
    const check = websiteChannel.check({
      title: web.title,
      text: web.text,
      link: web.link,
      options: {},
      media: [{ kind: 'image', mimeType: cover.mimeType, bytes: cover.bytes, width: cover.width, height: cover.height, altText: web.media[0]!.altText }],
    });
    expect(check.issues.filter((i) => i.severity === 'error')).toEqual([]);

    // The PDF: a document of the piece in the media library, stored and readable.
    expect(piece.media.map((m) => m.kind).sort()).toEqual(['document', 'image']);
    const doc = piece.media.find((m) => m.kind === 'document')!;
    expect(doc).toMatchObject({ kind: 'document', mimeType: 'application/pdf', pieceId, createdById: staff.id });
    expect(doc.originalName).toMatch(/^informe-rendicion-de-cuentas-\d{4}-\d{2}-\d{2}\.pdf$/);
    const bytes = await media.read(doc.storagePath);
    expect(bytes.length).toBe(doc.bytes);
    const pdf = mupdf.Document.openDocument(new Uint8Array(bytes), 'application/pdf');
    const text = pdfText(pdf).join('\n');
    expect(text).toContain('6. Evaluación del proceso');
    expect(text).not.toContain('Actividades atrasadas hoy'); // the public version
    expect(text).toContain(`${publicUrl}/participa/informe`);

    // One audit entry for the piece and one for the document, by the person.
    const entries = await t.db.auditEntry.findMany({ where: { at: { gte: new Date(Date.now() - 60_000) } }, orderBy: { at: 'asc' } });
    const mine = entries.slice(entries.length - ((await t.db.auditEntry.count()) - audit));
    expect(mine.map((e) => [e.action, e.entityType, e.entityId, e.actorId])).toEqual([
      ['create', 'Piece', pieceId, staff.id],
      ['create', 'MediaAsset', doc.id, staff.id],
    ]);

    // The report page lists it with its PDF.
    const html = await (await staff.request(`/planes/${f.planId}/informe`)).text();
    expect(html).toContain(`<li data-piece="${pieceId}">`);
    expect(html).toContain(`/api/media/${doc.id}/file`);
  });

  it('over the API answers 201 with the piece and the document', async () => {
    const res = await staffApi.request(`/api/plans/${f.planId}/report/piece`, { method: 'POST' });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.piece).toMatchObject({ kind: 'report_publication', status: 'draft', variants: [{ network: 'website', link: `${publicUrl}/participa/informe` }] });
    expect(body.document).toMatchObject({ mimeType: 'application/pdf', url: `/api/media/${body.document.id}/file` });
  });
});

// ---------------------------------------------------------------- stored data read defensively

describe('reading what other features store', () => {
  it('the hearing’s agenda as lines or as JSON', () => {
    expect(parseAgenda('09:00 Instalación\n\n- Himnos\n10:30 a. m. – Preguntas')).toEqual([
      { time: '09:00', text: 'Instalación' },
      { time: null, text: 'Himnos' },
      { time: '10:30 a. m.', text: 'Preguntas' },
    ]);
    expect(parseAgenda(JSON.stringify([{ time: '09:00', title: 'Instalación' }, 'Cierre', { nada: 1 }]))).toEqual([
      { time: '09:00', text: 'Instalación' },
      { time: null, text: 'Cierre' },
    ]);
    expect(parseAgenda(null)).toEqual([]);
  });

  it('survey answers of the wrong shape are not counted, and malformed rows answer nothing', () => {
    const q = { id: 'q', position: 1, kind: 'single_choice', prompt: '¿Tema?', options: '["Salud","Vías"]', isTopic: false };
    const answers = parseAnswers([{ answers: '{"q":"Salud"}' }, { answers: 'no es JSON' }, { answers: '{"q":["Vías","Vías"]}' }, { answers: '{"q":{"x":1}}' }, { answers: '{"q":"Otro tema"}' }]);
    expect(questionResult(q, answers).choices).toEqual([
      { label: 'Salud', count: 1, percent: 33.3 },
      { label: 'Vías', count: 1, percent: 33.3 },
      { label: 'Otro tema', count: 1, percent: 33.3 },
    ]);
    const scale = { ...q, kind: 'scale', options: '{}' };
    expect(questionResult(scale, parseAnswers([{ answers: '{"q":9}' }, { answers: '{"q":"dos"}' }, { answers: '{"q":2}' }])).scale).toMatchObject({ mean: 2, distribution: [0, 1, 0, 0, 0].map((count, i) => ({ value: i + 1, count })) });
    const matrix = { ...q, kind: 'matrix', options: '{"rows":["A","B"],"columns":["Sí","No"]}' };
    expect(questionResult(matrix, parseAnswers([{ answers: '{"q":{"A":"Sí","C":"Sí","B":"Tal vez"}}' }, { answers: '{"q":{"1":"No"}}' }])).matrix!.counts).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });
});
