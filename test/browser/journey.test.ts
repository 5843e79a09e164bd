import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config.js';
import { horizontalOverflow, launchChromium, requireChromium, screenshotDir } from '../support/browser.js';
import { startPregonProcess, type ChildPregon } from '../support/child-pregon.js';

// The office's day in a real browser (Debian's Chromium driven by playwright-core) against
// `npm start` in sandbox mode: sign in, import the seed plan, open an activity, make a piece
// from a brand template with its live preview, submit it, approve it as another person,
// publish it to the sandbox channels and follow the link to the post. Every step leaves a
// screenshot in test-results/journey/ to look at.

const ADMIN = { email: 'jefa@alcaldia.gov.co', password: 'clave-de-la-jefa-123' };

let shots: string;
let server: ChildPregon;
let base: string;
let browser: Browser;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * `npm start` as a new office runs it: an empty database, sandbox mode, no plan yet. The port is
 * chosen first, so that the public address (the links the sandbox posts carry) is known at start.
 */
async function startPregon() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pregon-journey-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startPregonProcess({
    PORT: String(port),
    PREGON_PUBLIC_URL: base,
    PREGON_SANDBOX: 'true',
    DATABASE_URL: `file:${path.join(dir, 'pregon.db')}`,
    PREGON_SECRET_FILE: path.join(dir, 'secret.key'),
    PREGON_MEDIA_DIR: path.join(dir, 'media'),
    PREGON_ADMIN_EMAIL: ADMIN.email,
    PREGON_ADMIN_PASSWORD: ADMIN.password,
  });
}

let step = 0;
async function shot(page: Page, name: string) {
  step += 1;
  await page.screenshot({ path: path.join(shots, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: true });
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${base}/ingresar`);
  await page.getByLabel('Correo').fill(email);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/ingresar'));
}

beforeAll(async () => {
  requireChromium();
  shots = screenshotDir('journey');
  await startPregon();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.kill('SIGTERM');
});

describe('the office in a browser', () => {
  it('goes from an empty Pregón to a piece published on the sandbox channels, approved by another person', async () => {
    const admin = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'es-CO' });
    const errors: string[] = [];
    admin.on('pageerror', (e) => errors.push(e.message));

    // 1. Sign in; with no plan yet, the office is sent to import one.
    await signIn(admin, ADMIN.email, ADMIN.password);
    await shot(admin, 'inicio');

    // 2. Import the seed plan: upload, preview with warnings, confirm.
    await admin.goto(`${base}/planes/importar`);
    await admin.setInputFiles('input[name="file"]', path.join(projectRoot, 'prisma', 'seed', 'plan-rendicion-de-cuentas.txt'));
    await admin.getByRole('button', { name: 'Ver vista previa' }).click();
    expect(await admin.getByRole('button', { name: 'Crear el plan' }).count()).toBe(1);
    await shot(admin, 'importar-vista-previa');
    await admin.getByRole('button', { name: 'Crear el plan' }).click();
    await admin.waitForURL(/\/planes\/c/);
    expect(await admin.locator('a[href^="/actividades/"]').count()).toBe(19);
    await shot(admin, 'plan');

    // 3. Create the approver who will approve the piece.
    await admin.goto(`${base}/usuarios`);
    await admin.getByLabel('Nombre').fill('Ana Aprobadora');
    await admin.getByLabel('Correo').fill('ana@alcaldia.gov.co');
    await admin.locator('form[action="/usuarios"] select[name="role"]').selectOption('approver');
    await admin.getByRole('button', { name: 'Crear usuario' }).click();
    const approverPassword = (await admin.locator('.secret').textContent())!.trim();
    expect(approverPassword.length).toBeGreaterThanOrEqual(10);

    // 4. Open an activity and create a press release draft.
    await admin.goto(`${base}/planes`);
    await admin.locator('a[href^="/planes/c"]').first().click();
    await admin.locator('a[href^="/actividades/"]', { hasText: 'comunicados de prensa' }).first().click();
    await shot(admin, 'actividad');
    await admin.locator('select[name="kind"]').selectOption('press_release');
    await admin.locator('input[name="title"]').fill('Invitación a la audiencia pública de rendición de cuentas');
    await admin.getByRole('button', { name: 'Crear borrador' }).click();
    await admin.waitForURL(/\/piezas\//);
    const pieceUrl = admin.url();

    // 5. Make its image from a brand template: the live preview redraws as the office types.
    await admin.locator('select[name="plantilla"]').selectOption('press_header');
    await admin.getByRole('button', { name: 'Abrir la plantilla' }).click();
    await admin.waitForURL(/\/plantillas\/press_header\?pieza=/);
    const preview = admin.locator('#preview');
    await expect.poll(async () => preview.getAttribute('src'), { timeout: 15_000 }).toMatch(/^blob:/);
    const first = await preview.getAttribute('src');
    const titleField = admin.locator('#template-form input:not([type=datetime-local]), #template-form textarea').first();
    await titleField.fill('Audiencia pública de rendición de cuentas 2026');
    await expect.poll(async () => preview.getAttribute('src'), { timeout: 15_000 }).not.toBe(first);
    await shot(admin, 'plantilla-vista-previa');
    await admin.getByRole('button', { name: 'Generar imagen final' }).click();
    await admin.getByRole('link', { name: 'Volver a la pieza' }).click();
    await admin.waitForURL(/\/piezas\//);

    // 6. Write the variants: X with the rendered image (its alt text comes from the template), Facebook, the website.
    await admin.locator('textarea[name="body"]').fill('La Alcaldía invita a la ciudadanía a la audiencia pública de rendición de cuentas.');
    await admin.locator('input[name="x.include"]').check();
    await admin.locator('textarea[name="x.text"]').fill('La Alcaldía invita a la audiencia pública de rendición de cuentas. ¡Participe!');
    const ownImage = admin.locator('select[name="x.media.0.id"] option', { hasText: 'De esta pieza' }).first();
    await admin.locator('select[name="x.media.0.id"]').selectOption(await ownImage.getAttribute('value'));
    expect(await admin.locator('input[name="x.media.0.alt"]').inputValue()).not.toBe('');
    await admin.locator('input[name="facebook.include"]').check();
    await admin.locator('textarea[name="facebook.text"]').fill('Lo esperamos en la audiencia pública de rendición de cuentas.');
    await admin.locator('input[name="website.include"]').check();
    await admin.locator('input[name="website.title"]').fill('Audiencia pública de rendición de cuentas 2026');
    await admin.locator('.variant-editor[data-network="website"] [data-derive]').click();
    await expect.poll(async () => admin.locator('.variant-editor[data-network="x"] [data-counter="text"]').textContent()).toMatch(/^\d+ \/ 280$/);
    await shot(admin, 'pieza-variantes');
    await admin.getByRole('button', { name: 'Guardar', exact: true }).click();
    await admin.waitForURL(/\/piezas\//);

    // 7. Submit for review, and sign out.
    await admin.getByRole('button', { name: 'Enviar a revisión' }).click();
    await admin.waitForURL(/\/piezas\//);
    expect(await admin.locator('.badge.status-in_review').count()).toBe(1);
    await shot(admin, 'en-revision');
    await admin.getByRole('button', { name: 'Salir' }).click();

    // 8. The approver sees it waiting on the dashboard (and in the header's badge), and approves that version.
    await signIn(admin, 'ana@alcaldia.gov.co', approverPassword);
    await admin.waitForURL(/\/inicio$/);
    expect(await admin.locator('.waiting-badge').textContent()).toBe('1');
    await shot(admin, 'tablero-aprobadora');
    await admin.locator(`a[href="${new URL(pieceUrl).pathname}"]`).first().click();
    await admin.waitForURL(/\/piezas\//);
    await admin.getByRole('button', { name: /Aprobar versión/ }).click();
    await admin.waitForURL(/\/piezas\//);
    expect(await admin.locator('.badge.status-approved').count()).toBeGreaterThan(0);
    await shot(admin, 'aprobada');

    // 9. Publish now to the sandbox channels and follow the links.
    await admin.getByRole('button', { name: 'Publicar ahora' }).click();
    await admin.waitForURL(/\/piezas\//);
    await expect.poll(() => admin.locator('.notice[role="status"]').textContent()).toContain('X: publicada');
    expect(await admin.locator('.badge.publication-published').count()).toBe(3);
    expect(await admin.locator('.badge.sandbox').count()).toBeGreaterThanOrEqual(2);
    await shot(admin, 'publicada');
    const links = await admin.getByRole('link', { name: 'Ver publicación' }).evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
    expect(links).toHaveLength(3);
    for (const link of links) {
      const post = await browser.newPage();
      const res = await post.goto(link);
      expect(res?.status(), link).toBe(200);
      await shot(post, `enlace-${new URL(link).pathname.split('/')[1]}`);
      await post.close();
    }
    // The website's news list carries the article.
    await admin.goto(`${base}/noticias`);
    expect(await admin.getByText('Audiencia pública de rendición de cuentas 2026').count()).toBeGreaterThan(0);

    // 10. The same piece on a phone (375 px).
    await admin.setViewportSize({ width: 375, height: 800 });
    await admin.goto(pieceUrl);
    expect(await horizontalOverflow(admin)).toBeLessThanOrEqual(0);
    await shot(admin, 'pieza-375');
    expect(errors).toEqual([]);
  }, 120_000);

  it('builds a survey, a citizen answers it on a phone without an account, and the office sees the result', async () => {
    const admin = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'es-CO' });
    const errors: string[] = [];
    admin.on('pageerror', (e) => errors.push(e.message));
    await signIn(admin, ADMIN.email, ADMIN.password);

    // 11. The office builds the topics survey: a topic question and a 1–5 scale, then publishes it.
    await admin.goto(`${base}/encuestas`);
    await admin.getByLabel('Título').fill('Temas para la audiencia pública');
    await admin.locator('form[action="/encuestas"] select[name="purpose"]').selectOption('topics');
    await admin.getByRole('button', { name: 'Crear encuesta' }).click();
    await admin.waitForURL(/\/encuestas\/c/);
    const surveyUrl = admin.url();
    const addQuestion = async (prompt: string, kind: string, choices?: string) => {
      const form = admin.locator('#nueva-pregunta form');
      await form.locator('input[name="prompt"]').fill(prompt);
      await form.locator('select[name="kind"]').selectOption(kind);
      await form.locator('input[name="required"]').check();
      if (choices) {
        await form.locator('input[name="isTopic"]').check();
        await form.locator('textarea[name="choices"]').fill(choices);
      }
      await form.getByRole('button', { name: 'Agregar pregunta' }).click();
      await admin.waitForLoadState();
    };
    await addQuestion('¿Sobre qué tema quiere que la administración rinda cuentas?', 'single_choice', 'Salud\nEducación\nVías y movilidad');
    await addQuestion('¿Qué tan clara es la información que publica la Alcaldía?', 'scale');
    await admin.getByRole('button', { name: 'Publicar encuesta' }).click();
    await admin.waitForLoadState();
    const publicPath = await admin.locator('a[href^="/participa/encuestas/"]').first().getAttribute('href');
    expect(publicPath).toMatch(/^\/participa\/encuestas\/[a-z0-9-]+$/);
    await shot(admin, 'encuesta-publicada');

    // 12. A citizen on a phone, no account: answers both questions.
    const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'es-CO', isMobile: true, hasTouch: true });
    const citizen = await phone.newPage();
    citizen.on('pageerror', (e) => errors.push(e.message));
    await citizen.goto(`${base}${publicPath}`);
    expect(await horizontalOverflow(citizen)).toBeLessThanOrEqual(0);
    await shot(citizen, 'encuesta-375');
    await citizen.getByLabel('Educación').check();
    await citizen.locator('label.scale-option', { hasText: '4' }).click();
    await citizen.getByRole('button', { name: 'Enviar respuestas' }).click();
    await citizen.waitForLoadState();
    expect(await citizen.getByRole('heading', { name: '¡Gracias por participar!' }).count()).toBe(1);
    await shot(citizen, 'encuesta-gracias-375');
    await phone.close();

    // 13. The office sees the answer in the results.
    await admin.goto(`${surveyUrl}/resultados`);
    expect((await admin.locator('[data-figure="responses"]').textContent())?.trim()).toBe('1');
    expect(await admin.locator('body').textContent()).toContain('Educación');
    await shot(admin, 'encuesta-resultados');
    expect(errors).toEqual([]);
  }, 120_000);

  it('takes a citizen\'s question from the phone, has the department answer it, approves and publishes the answer', async () => {
    const errors: string[] = [];
    const question = '¿Cuándo terminan la pavimentación de la vía al corregimiento El Carmen?';
    const answer = 'La Secretaría de Planeación terminará la pavimentación en marzo de 2027; el contrato y el avance están publicados en el portal de contratación.';

    // 14. A citizen asks from a phone, without an account.
    const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'es-CO', isMobile: true, hasTouch: true });
    const citizen = await phone.newPage();
    citizen.on('pageerror', (e) => errors.push(e.message));
    await citizen.goto(`${base}/participa/preguntas`);
    await citizen.locator('textarea[name="texto"]').fill(question);
    await citizen.locator('select[name="tema"]').selectOption({ index: 1 });
    await shot(citizen, 'pregunta-375');
    await citizen.getByRole('button', { name: 'Enviar pregunta' }).click();
    await citizen.waitForLoadState();
    expect(await citizen.getByRole('heading', { name: '¡Gracias por su pregunta!' }).count()).toBe(1);

    // 15. The office creates the department's user and assigns the question to that department.
    const admin = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'es-CO' });
    admin.on('pageerror', (e) => errors.push(e.message));
    await signIn(admin, ADMIN.email, ADMIN.password);
    await admin.goto(`${base}/usuarios`);
    await admin.getByLabel('Nombre').fill('Luis Planeación');
    await admin.getByLabel('Correo').fill('luis@alcaldia.gov.co');
    await admin.locator('form[action="/usuarios"] select[name="role"]').selectOption('department');
    await admin.locator('form[action="/usuarios"] select[name="departmentIds"]').selectOption({ label: 'Secretaría de Planeación' });
    await admin.getByRole('button', { name: 'Crear usuario' }).click();
    const departmentPassword = (await admin.locator('.secret').textContent())!.trim();
    await admin.goto(`${base}/preguntas`);
    await admin.getByRole('link', { name: question }).click();
    await admin.waitForURL(/\/preguntas\/c/);
    const questionUrl = admin.url();
    await admin.locator('select[name="departmentId"]').selectOption({ label: 'Secretaría de Planeación' });
    await admin.getByRole('button', { name: 'Asignar' }).click();
    await admin.waitForLoadState();

    // 16. The department writes the answer and approves it as the department.
    const department = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'es-CO' });
    department.on('pageerror', (e) => errors.push(e.message));
    await signIn(department, 'luis@alcaldia.gov.co', departmentPassword);
    await department.goto(questionUrl);
    await department.locator('textarea[name="answer"]').fill(answer);
    await department.getByRole('button', { name: 'Guardar la respuesta' }).click();
    await department.waitForLoadState();
    await department.getByRole('button', { name: 'Aprobar como dependencia' }).click();
    await department.waitForLoadState();
    await shot(department, 'respuesta-dependencia');

    // 17. The office approves it too and publishes it.
    await admin.goto(questionUrl);
    await admin.getByRole('button', { name: 'Aprobar como oficina de comunicaciones' }).click();
    await admin.waitForLoadState();
    await admin.getByRole('button', { name: 'Publicar en /participa/respuestas' }).click();
    await admin.waitForLoadState();
    await shot(admin, 'respuesta-publicada');

    // 18. The citizen reads it on the public answers page, without anyone's name.
    await citizen.goto(`${base}/participa/respuestas`);
    const page = (await citizen.locator('main').textContent()) ?? '';
    expect(page).toContain(question);
    expect(page).toContain(answer);
    expect(page).not.toContain('Luis Planeación');
    await shot(citizen, 'respuestas-375');
    await phone.close();
    expect(errors).toEqual([]);
  }, 120_000);
});
