import * as mupdf from 'mupdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/audit/write-audit.js';
import { hearingPhase } from '../../src/reports/participa.js';
import { buildReportFixture, evaluationTexts, secrets, type ReportFixture } from '../support/report-fixture.js';
import { pageHtml } from '../support/http.js';
import { createTestContext, createUserWithToken, importSeedPlan, type TestContext } from '../support/test-db.js';

/**
 * The public transparency pages (/participa, /participa/informe and its PDF) over a real
 * database with the seed plan and a finished process (test/support/report-fixture.ts). No
 * account: the requests carry no credentials, through the real app (src/app.ts), where
 * src/auth/policy.ts declares these routes public.
 */

const publicUrl = 'https://pregon.sanmartin.gov.co';

let t: TestContext;
let f: ReportFixture;
let staffId: string;

beforeAll(async () => {
  t = await createTestContext({ PREGON_PUBLIC_URL: publicUrl });
  const planId = await importSeedPlan(t.db);
  const staff = await createUserWithToken(t.db, 'communications', [], secrets.staffEmail);
  await t.db.user.update({ where: { id: staff.user.id }, data: { name: secrets.staffName } });
  staffId = staff.user.id;
  const actor: Actor = { userId: staff.user.id, label: secrets.staffEmail, ip: null };
  f = await buildReportFixture(t.db, planId, actor);
  // The page reads the real clock: the topics survey stays open and the hearing ahead, whatever day the tests run.
  await t.db.survey.update({ where: { id: f.topicSurvey.id }, data: { closesAt: new Date('2099-01-01T05:00:00Z') } });
  await t.db.event.update({ where: { id: f.hearingId }, data: { startsAt: new Date('2099-11-24T20:00:00Z'), endsAt: new Date('2099-11-24T23:00:00Z') } });
});
afterAll(async () => {
  await t.close();
});

/** A page as a citizen gets it: no credentials. */
const page = (path: string, status = 200) => pageHtml(t.anon, path, status);

/** Text as a reader sees it: tags removed, entities of the accents decoded, spaces collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** Nothing internal on a public page: people, drafts, unpublished answers, staff links. */
function expectNothingInternal(html: string) {
  for (const s of [
    secrets.staffName,
    secrets.staffEmail,
    staffId,
    secrets.citizenName,
    secrets.citizenEmail,
    secrets.draftAnswer,
    secrets.approvedAnswer,
    secrets.draftSurvey,
    secrets.draftPiece,
    secrets.reviewPiece,
    secrets.textAnswer,
    'Pregunta ciudadana número 7',
  ]) {
    expect(html, s).not.toContain(s);
  }
  expect(html).not.toMatch(/href="\/(piezas|actividades|planes|api|usuarios)\//);
  expect(html).not.toContain('Actividades atrasadas hoy');
  expect(html).not.toContain('En elaboración');
  // The CSP allows no inline script or style: only data blocks and files.
  expect(html).not.toMatch(/<script(?![^>]*(type="application\/json"|src="\/public\/))[^>]*>/);
  expect(html).not.toContain('style=');
}

describe('/participa', () => {
  it('answers without an account, in the public look, made for a phone', async () => {
    const html = await page('/participa');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(html).toContain('<link rel="stylesheet" href="/public/news.css"/>');
    expect(html).toContain('/noticias/marca.css?v=');
    expect(html).toContain('Alcaldía de San Martín');
    expect(html).toContain('<h1>Participa en la rendición de cuentas</h1>');
  });

  it('shows the plan and its progress per subcomponent', async () => {
    const text = textOf(await page('/participa'));
    expect(text).toContain('Plan de Acción Rendición de Cuentas');
    expect(text).toContain('4 de 18 actividades cumplidas');
    expect(text).toContain('Información Avance 88 % 88 % 3 de 4 actividades cumplidas');
    expect(text).toContain('Diálogo Avance 5 % 5 % 0 de 8 actividades cumplidas');
    expect(text).toContain('Incentivos Avance 50 % 50 % 1 de 2 actividades cumplidas');
    // The activities with their status and planned dates; the cancelled one is not listed.
    expect(text).toContain('Cumplida · 1 de octubre de 2026 – 31 de octubre de 2026');
    expect(text).toContain('En ejecución · 1 de noviembre de 2026 – 1 de diciembre de 2026');
  });

  it('shows the hearing: date, place, agenda and the live link', async () => {
    const html = await page('/participa');
    const text = textOf(html);
    expect(text).toContain('Audiencia pública de rendición de cuentas 2026');
    expect(text).toContain('24 de noviembre de 2099, 3:00 p. m.');
    expect(text).toContain('Coliseo municipal');
    expect(text).toContain('09:00 Instalación');
    expect(text).toContain('10:30 Preguntas de la ciudadanía');
    expect(html).toContain('<a href="https://www.youtube.com/watch?v=audiencia2026" rel="external">Vea la transmisión en vivo</a>');
  });

  it('after the hearing, offers the recording instead', async () => {
    await t.db.event.update({ where: { id: f.hearingId }, data: { startsAt: new Date('2020-11-24T20:00:00Z'), endsAt: new Date('2020-11-24T23:00:00Z'), recordingUrl: 'https://www.youtube.com/watch?v=grabacion2026' } });
    try {
      const html = await page('/participa');
      expect(html).toContain('<a href="https://www.youtube.com/watch?v=grabacion2026" rel="external">Vea la grabación de la audiencia</a>');
      expect(html).not.toContain('Vea la transmisión en vivo');
    } finally {
      await t.db.event.update({ where: { id: f.hearingId }, data: { startsAt: new Date('2099-11-24T20:00:00Z'), endsAt: new Date('2099-11-24T23:00:00Z'), recordingUrl: null } });
    }
  });

  it('lists the open surveys only (not the closed one, nor the draft)', async () => {
    const html = await page('/participa');
    expect(html).toContain('<a href="/participa/encuestas/temas-audiencia-2026">Temas para la audiencia 2026</a>');
    expect(html).not.toContain('percepcion-gestion');
    expect(html).not.toContain('encuesta-borrador');
  });

  it('links to ask a question, to the published answers (with their count) and to the report', async () => {
    const html = await page('/participa');
    expect(html).toContain('href="/participa/preguntas"');
    expect(html).toContain('<a href="/participa/respuestas">Lea las 3 respuestas publicadas</a>');
    expect(textOf(html)).toContain('Las respuestas se publican a más tardar el 9 de diciembre de 2099 (15 días después de la audiencia).');
    expect(html).toContain('href="/participa/informe"');
    expect(html).toContain('href="/participa/informe.pdf"');
  });

  it('never shows internal data, and keeps the evaluation for the report', async () => {
    const html = await page('/participa');
    expectNothingInternal(html);
    expect(html).not.toContain(evaluationTexts.weaknesses);
  });

  it('says so when there is no plan yet', async () => {
    const empty = await createTestContext();
    try {
      const html = await (await empty.anon.request('/participa')).text();
      expect(html).toContain('Todavía no hay un plan de rendición de cuentas publicado.');
      expect((await empty.anon.request('/participa/informe.pdf')).status).toBe(404);
    } finally {
      await empty.close();
    }
  });

  it('works out the hearing phase from its start and end', () => {
    const h = { startsAt: new Date('2026-11-24T20:00:00Z'), endsAt: null };
    expect(hearingPhase(h, new Date('2026-11-24T19:59:59Z'))).toBe('upcoming');
    expect(hearingPhase(h, new Date('2026-11-24T20:00:00Z'))).toBe('live');
    expect(hearingPhase(h, new Date('2026-11-24T23:00:00Z'))).toBe('live'); // three hours without an end
    expect(hearingPhase(h, new Date('2026-11-24T23:00:01Z'))).toBe('past');
    expect(hearingPhase({ ...h, endsAt: new Date('2026-11-24T21:00:00Z') }, new Date('2026-11-24T21:30:00Z'))).toBe('past');
  });
});

describe('/participa/informe', () => {
  it('shows the whole report with its charts, and the evaluation', async () => {
    const html = await page('/participa/informe');
    const text = textOf(html);
    for (const heading of ['1. Cumplimiento del cronograma', '2. Piezas producidas y publicadas', '3. Alcance e interacción', '4. Resultados de las encuestas', '5. Preguntas de la ciudadanía', '6. Evaluación del proceso']) {
      expect(text).toContain(heading);
    }
    expect(html).toContain('<script src="/public/vendor/chart.umd.min.js" defer=""></script>');
    expect(html).toContain('<script src="/public/js/metrics-charts.js" defer=""></script>');
    expect(html).toContain('<canvas data-chart="chart-informe-alcance"');
    expect(text).toContain('Total 1.000 700 500 300 5.040 7.540');
    expect(text).toContain('Salud 2 66,7 %');
    expect(text).toContain('Promedio: 4 de 5.');
    expect(text).toContain('hasta el 9 de diciembre de 2099'); // the hearing was moved to 2099 above
    expect(text).toContain(evaluationTexts.strengths);
    expect(text).toContain(evaluationTexts.improvements);
    // Tables scroll sideways inside their frame on a phone.
    expect(html.match(/<div class="table-wrap"><table/g)!.length).toBeGreaterThanOrEqual(5);
  });

  it('never shows internal data', async () => {
    expectNothingInternal(await page('/participa/informe'));
  });
});

describe('/participa/informe.pdf', () => {
  it('is the public report as a PDF, readable without an account', async () => {
    const res = await t.anon.request('/participa/informe.pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="informe-rendicion-de-cuentas-\d{4}-\d{2}-\d{2}\.pdf"$/);
    const doc = mupdf.Document.openDocument(new Uint8Array(await res.arrayBuffer()), 'application/pdf');
    const text = Array.from({ length: doc.countPages() }, (_, i) => doc.loadPage(i).toStructuredText('preserve-whitespace').asText())
      .join('\n')
      .replace(/\s+/g, ' ');
    expect(text).toContain('6. Evaluación del proceso');
    expect(text).toContain(evaluationTexts.weaknesses);
    expect(text).toContain(`${publicUrl}/participa/informe`);
    for (const s of [secrets.staffName, secrets.citizenName, secrets.draftAnswer, secrets.draftSurvey, 'Actividades atrasadas hoy']) expect(text).not.toContain(s);
  });
});
