import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/audit/write-audit.js';
import { authenticate } from '../../src/auth/authenticate.js';
import { authorize } from '../../src/auth/authorize.js';
import type { Rule } from '../../src/auth/policy.js';
import type { AppEnv } from '../../src/http/env.js';
import { errorHandler } from '../../src/http/errors.js';
import { pieceBulkRoutes } from '../../src/pieces/bulk/routes.js';
import { createPiece } from '../../src/pieces/save-piece.js';
import { pieceBulkWebRoutes } from '../../src/web/piece-bulk-routes.js';
import { createTestContext, createUserWithToken, importSeedPlan, sessionClient, type TestContext } from '../support/test-db.js';

/**
 * Bulk import and export of pieces over a real migrated database with the seed plan. The
 * routers are not mounted in the app yet, so they run here behind the real authenticate()
 * and authorize() with the access rules they should get in src/auth/policy.ts.
 */

const fixtures = path.resolve(import.meta.dirname, '../fixtures/pieces');
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(fixtures, name)));
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const need = (permission: 'piece:write' | 'plan:read'): Rule => ({ access: 'permission', permission });
const bulkRules: Record<string, Rule> = {
  'POST /api/pieces/import/preview': need('piece:write'),
  'POST /api/pieces/import': need('piece:write'),
  'GET /api/pieces/export': need('plan:read'),
  'GET /piezas/importar': need('piece:write'),
  'GET /piezas/importar/ejemplo.csv': need('piece:write'),
  'POST /piezas/importar/vista-previa': need('piece:write'),
  'POST /piezas/importar': need('piece:write'),
  'GET /piezas/exportar': need('plan:read'),
};

let t: TestContext;
let planId: string;
let app: Hono<AppEnv>;
let adminToken: string;
let adminId: string;

beforeAll(async () => {
  t = await createTestContext();
  planId = await importSeedPlan(t.db);
  app = new Hono<AppEnv>();
  app.onError(errorHandler);
  app.use('*', async (c, next) => {
    c.set('db', t.db);
    c.set('config', t.config);
    await next();
  });
  app.use('*', authenticate());
  app.use('*', authorize(bulkRules));
  app.route('/api', pieceBulkRoutes);
  app.route('/', pieceBulkWebRoutes);
  const admin = await createUserWithToken(t.db, 'communications');
  adminToken = admin.token;
  adminId = admin.user.id;
});
afterAll(async () => {
  await t.close();
});

function upload(file: Uint8Array, filename: string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append('file', new File([file as Uint8Array<ArrayBuffer>], filename));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

function api(pathname: string, init: RequestInit = {}, token = adminToken) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return app.request(pathname, { ...init, headers });
}

const preview = (file: Uint8Array, filename: string, token?: string) => api('/api/pieces/import/preview', { method: 'POST', body: upload(file, filename) }, token);
const importFile = (file: Uint8Array, filename: string, token?: string) => api('/api/pieces/import', { method: 'POST', body: upload(file, filename) }, token);

async function activityAt(ref: string) {
  const [s, a] = ref.split('.').map(Number);
  return t.db.activity.findFirstOrThrow({ where: { position: a, subcomponent: { planId, position: s } } });
}

async function counts() {
  return { pieces: await t.db.piece.count(), variants: await t.db.pieceVariant.count(), versions: await t.db.pieceVersion.count(), audit: await t.db.auditEntry.count() };
}

type Problem = { field: string | null; message: string; severity: 'error' | 'warning' };
type Row = { line: number; problems: Problem[]; piece: { activityId: string | null; scheduledAt: string | null; kind: string; templateFields: unknown; variants: { network: string }[] } | null };

describe('importing a good file', () => {
  it('reads a semicolon CSV in windows-1252: accents, the activity by number or description, dates and times in Bogotá', async () => {
    const res = await preview(fixture('piezas-buenas-1252.csv'), 'piezas.csv');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ format: 'csv', errors: 0, pieces: 3, plan: { id: planId, timeZone: 'America/Bogota' } });
    // The empty row (line 3) is skipped; lines are the file's.
    expect(body.rows.map((r: Row) => r.line)).toEqual([2, 4, 5]);
    const [poster, release, survey] = body.rows as Row[];
    expect(poster!.piece).toMatchObject({
      kind: 'poster',
      title: 'Afiche de la audiencia pública',
      body: 'Diseño del afiche – versión impresa y digital',
      activityId: (await activityAt('1.2')).id,
      scheduledAt: '2030-12-01T14:00:00.000Z', // 09:00 in Bogotá (UTC−5)
      templateId: 'announcement',
      templateFields: { title: 'Audiencia pública', when: '2030-12-10T09:00:00-05:00', place: 'Teatro Municipal' },
    });
    expect(poster!.piece!.variants.map((v) => v.network)).toEqual(['x', 'facebook']);
    expect(release!.piece).toMatchObject({
      kind: 'press_release',
      body: 'Comunicado con “comillas” y tildes: educación, salud, vías.',
      activityId: (await activityAt('1.3')).id,
      scheduledAt: '2030-11-24T20:00:00.000Z', // 3:00 p. m. in Bogotá
      variants: [{ network: 'website', title: 'Rendición de cuentas 2030', link: 'https://www.alcaldia.gov.co/rendicion' }],
    });
    expect(survey!.piece).toMatchObject({ kind: 'survey_publication', activityId: (await activityAt('2.1')).id, scheduledAt: null, variants: [{ network: 'youtube', title: 'Encuesta ciudadana 2030' }] });
    expect(release!.problems).toEqual([]);
  });

  it('creates every piece as a draft in one go, with variants, version 1 and audit entries', async () => {
    const before = await counts();
    const res = await importFile(fixture('piezas-buenas-1252.csv'), 'piezas.csv');
    expect(res.status).toBe(201);
    const { created, ids } = await res.json();
    expect(created).toBe(3);
    expect(ids).toHaveLength(3);
    const after = await counts();
    expect(after.pieces - before.pieces).toBe(3);
    expect(after.variants - before.variants).toBe(4);
    expect(after.versions - before.versions).toBe(3);
    expect(after.audit - before.audit).toBe(4); // one per piece and one for the import

    const pieces = await t.db.piece.findMany({ where: { id: { in: ids } }, include: { variants: true }, orderBy: { createdAt: 'asc' } });
    expect(pieces.every((p) => p.status === 'draft' && p.ownerId === adminId && p.version === 1)).toBe(true);
    const poster = pieces.find((p) => p.kind === 'poster')!;
    expect(poster.scheduledAt?.toISOString()).toBe('2030-12-01T14:00:00.000Z');
    expect(JSON.parse(poster.templateFields!)).toEqual({ title: 'Audiencia pública', when: '2030-12-10T09:00:00-05:00', place: 'Teatro Municipal' });
    expect(poster.variants.find((v) => v.network === 'x')?.text).toBe('Participe en la audiencia pública de rendición de cuentas. ¡Su opinión cuenta!');
    const importEntry = await t.db.auditEntry.findFirstOrThrow({ where: { action: 'import', entityType: 'Piece' }, orderBy: { at: 'desc' } });
    expect(JSON.parse(importEntry.after!)).toMatchObject({ planId, count: 3, ids, sourceName: 'piezas.csv', format: 'csv' });
    expect(importEntry.actorId).toBe(adminId);
  });

  it('reads an Excel workbook: numbers, Excel dates and times, rows under a title line', async () => {
    const res = await preview(fixture('piezas-buenas.xlsx'), 'piezas.xlsx');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ format: 'xlsx', errors: 0, pieces: 2 });
    expect(body.rows.map((r: Row) => r.line)).toEqual([3, 5]);
    const [release, infographic] = body.rows as Row[];
    expect(release!.piece).toMatchObject({ activityId: (await activityAt('1.3')).id, scheduledAt: '2030-12-05T20:30:00.000Z', templateId: 'press_header' });
    expect(infographic!.piece).toMatchObject({ kind: 'infographic', activityId: (await activityAt('4.4')).id, scheduledAt: '2030-12-06T13:00:00.000Z' });

    const before = await counts();
    const created = await importFile(fixture('piezas-buenas.xlsx'), 'piezas.xlsx');
    expect(created.status).toBe(201);
    const { ids } = await created.json();
    expect((await counts()).pieces - before.pieces).toBe(2);
    const release2 = await t.db.piece.findUniqueOrThrow({ where: { id: ids[0] }, include: { variants: { orderBy: { network: 'asc' } } } });
    expect(release2.variants.map((v) => [v.network, v.title, v.text])).toEqual([
      ['website', 'Audiencia pública', 'La audiencia pública será el 10 de diciembre en el Teatro Municipal.'],
      ['x', null, 'La audiencia pública será el 10 de diciembre.'],
    ]);
  });

  it('also takes the file as a raw text/csv body', async () => {
    const res = await api('/api/pieces/import/preview', { method: 'POST', body: fixture('piezas-buenas-1252.csv') as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(200);
    expect((await res.json()).pieces).toBe(3);
  });
});

describe('a file with bad rows', () => {
  it('shows every problem on its line, and the X rule as a warning only', async () => {
    const res = await preview(fixture('piezas-con-errores.csv'), 'errores.csv');
    expect(res.status).toBe(200);
    const body = await res.json();
    const byLine = new Map((body.rows as Row[]).map((r) => [r.line, r]));
    const errorsOf = (line: number) => byLine.get(line)!.problems.filter((p) => p.severity === 'error');
    const only = (line: number, field: string, pattern: RegExp) => {
      expect(errorsOf(line)).toHaveLength(1);
      expect(errorsOf(line)[0]).toMatchObject({ field });
      expect(errorsOf(line)[0]!.message).toMatch(pattern);
      expect(byLine.get(line)!.piece).toBeNull();
    };
    only(2, 'actividad', /El plan no tiene la actividad 9\.9/);
    only(3, 'tipo', /El tipo «Volante» no existe/);
    only(4, 'fecha', /La fecha «31\/02\/2030» no es válida/);
    only(5, 'hora', /La hora «25:00» no es válida/);
    only(6, 'plantilla', /No existe la plantilla «plantilla_fantasma»/);
    only(7, 'campos', /Los campos no son un JSON válido/);
    only(9, 'actividad', /es ambigua: coincide con 2\.1, 2\.8/);

    const long = byLine.get(8)!;
    expect(long.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(long.problems).toContainEqual(expect.objectContaining({ field: 'texto_x', severity: 'warning', message: expect.stringMatching(/^X: El texto tiene \d+ caracteres según el conteo de X y el límite es 280/) }));
    expect(long.piece).not.toBeNull();
    expect(body.errors).toBe(7);
    expect(body.pieces).toBe(1);
  });

  it('refuses the import with 422 and the same preview, and creates nothing', async () => {
    const before = await counts();
    const res = await importFile(fixture('piezas-con-errores.csv'), 'errores.csv');
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.code).toBe('unprocessable');
    expect(body.error.message).toMatch(/^No se creó ninguna pieza: 7 filas tienen errores \(líneas 2, 3, 4, 5, 6, 7, 9\)/);
    expect(body.error.details.rows).toHaveLength(8);
    expect(body.error.details.errors).toBe(7);
    expect(await counts()).toEqual(before);
  });

  it('refuses more than 500 rows before reading them, and creates nothing', async () => {
    const header = 'actividad;tipo;titulo';
    const rows = Array.from({ length: 501 }, (_, i) => `1.2;Afiche;Afiche número ${i + 1}`);
    const file = new TextEncoder().encode([header, ...rows].join('\n'));
    const before = await counts();
    for (const send of [preview, importFile]) {
      const res = await send(file, 'muchas.csv');
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error.message).toBe('El archivo tiene 501 piezas y se pueden importar como máximo 500 por archivo. Divídalo en varios archivos; no se creó ninguna pieza.');
      expect(error.details).toMatchObject({ reason: 'too_many_rows', rows: 501, max: 500 });
    }
    expect(await counts()).toEqual(before);
  });

  it('creates 500 pieces in one transaction', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `1.2,Afiche,Lote de prueba ${i + 1},Texto para X ${i + 1},2030-01-15,${String(8 + (i % 10)).padStart(2, '0')}:00`);
    const file = new TextEncoder().encode(['actividad,tipo,titulo,texto_x,fecha,hora', ...rows].join('\n'));
    const before = await counts();
    const res = await importFile(file, 'lote.csv');
    expect(res.status).toBe(201);
    expect((await res.json()).created).toBe(500);
    const after = await counts();
    expect(after.pieces - before.pieces).toBe(500);
    expect(after.variants - before.variants).toBe(500);
    await t.db.piece.deleteMany({ where: { title: { startsWith: 'Lote de prueba ' } } });
  });

  it('answers a Spanish 400 to binary garbage, and 415 to a zip that is not a workbook', async () => {
    const garbage = new Uint8Array(randomBytes(4096));
    garbage[10] = 0; // at least one NUL, as any binary file has
    const res = await preview(garbage, 'piezas.csv');
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(/^El archivo no contiene texto legible \(parece un archivo binario o dañado\)/);

    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode('word/document.xml')]);
    const zipRes = await preview(zip, 'carta.docx');
    expect(zipRes.status).toBe(415);
    expect((await zipRes.json()).error.message).toMatch(/no es un libro de Excel/);
  });

  it('answers 400 to a table without our header, and to a header without rows', async () => {
    const noHeader = await preview(new TextEncoder().encode('nombre;apellido\nAna;Pérez\n'), 'x.csv');
    expect(noHeader.status).toBe(400);
    expect((await noHeader.json()).error.message).toMatch(/No se encontró la fila de encabezados/);
    const noRows = await preview(new TextEncoder().encode('\uFEFFactividad;tipo;titulo\r\n;;\r\n'), 'x.csv');
    expect(noRows.status).toBe(400);
    expect((await noRows.json()).error.message).toMatch(/no hay ninguna fila con datos/);
  });
});

describe('export', () => {
  async function makeTrickyPiece() {
    const activity = await activityAt('2.2');
    const link = 'https://www.alcaldia.gov.co/cifras';
    return createPiece({
      db: t.db,
      actor: systemActor,
      fields: {
        kind: 'social_post',
        title: 'Pieza con "comillas", punto y coma; y saltos',
        body: '- Primer punto\n- Segundo punto\n=SUMA(A1) no es una fórmula',
        activityId: activity.id,
        scheduledAt: '2030-03-08T07:45:00-05:00',
        templateId: 'key_figures',
        templateFields: { title: 'Cifras', figures: [{ figure: '12', label: 'Ferias' }], count: 3 },
        variants: [
          // The format has one link column: every variant of a piece shares it.
          { network: 'x', text: '+57 es el indicativo; @alcaldia informa', link },
          { network: 'facebook', text: 'Texto de Facebook\ncon dos líneas', link },
          { network: 'youtube', title: 'Título del video', text: '', link },
          { network: 'website', title: 'Noticia', text: 'Texto de la noticia', link },
        ],
      },
    });
  }

  type Comparable = ReturnType<typeof comparable>;
  function comparable(p: Awaited<ReturnType<typeof loadPieces>>[number]) {
    return {
      kind: p.kind,
      title: p.title,
      body: p.body,
      activityId: p.activityId,
      scheduledAt: p.scheduledAt?.toISOString() ?? null,
      templateId: p.templateId,
      templateFields: p.templateFields === null ? null : JSON.parse(p.templateFields),
      variants: p.variants.map((v) => ({ network: v.network, title: v.title, text: v.text, link: v.link })),
    };
  }
  const loadPieces = (where: object) => t.db.piece.findMany({ where, include: { variants: { orderBy: { network: 'asc' } } } });
  const sortKey = (p: Comparable) => `${p.activityId}|${p.title}|${p.scheduledAt}|${p.kind}`;

  for (const format of ['csv', 'xlsx'] as const) {
    it(`round trip (${format}): importing the exported file makes the same pieces`, async () => {
      await makeTrickyPiece();
      const inPlan = { activity: { subcomponent: { planId } } };
      const originals = (await loadPieces(inPlan)).map(comparable).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      expect(originals.length).toBeGreaterThan(5);

      const res = await api(`/api/pieces/export?planId=${planId}&format=${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="piezas-plan-de-accion-rendicion-de-cuentas-\\d{4}-\\d{2}-\\d{2}\\.${format}"$`));
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (format === 'csv') {
        expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so Excel reads the accents
        const text = new TextDecoder().decode(bytes);
        expect(text.split('\r\n')[0]).toBe('"actividad","tipo","titulo","cuerpo","texto_x","texto_facebook","titulo_youtube","texto_youtube","titulo_web","texto_web","enlace","plantilla","campos","fecha","hora"');
        expect(text).toContain('"2.2 Actualización de página web y redes sociales","Publicación en redes"');
        expect(text).toContain('"2030-03-08","07:45"'); // the plan's wall clock
      } else {
        expect(res.headers.get('content-type')).toBe(xlsxType);
      }

      const imported = await importFile(bytes, `exportado.${format}`);
      expect(imported.status).toBe(201);
      const { ids } = await imported.json();
      expect(ids).toHaveLength(originals.length);
      const copies = (await loadPieces({ id: { in: ids } })).map(comparable).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
      expect(copies).toEqual(originals);
      // Keep the plan as it was for the other format.
      await t.db.piece.deleteMany({ where: { id: { in: ids } } });
    });
  }

  it('export rows hold the activity by number and description, and the kind by its Spanish name', async () => {
    const res = await api(`/api/pieces/export?planId=${planId}&format=xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await res.arrayBuffer()) as Parameters<ExcelJS.Xlsx['load']>[0]);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Piezas', 'Columnas']);
    const sheet = workbook.getWorksheet('Piezas')!;
    const header = sheet.getRow(1).values as unknown[];
    expect(header.slice(1, 4)).toEqual(['actividad', 'tipo', 'titulo']);
    const first = sheet.getRow(2).values as unknown[];
    expect(first[1]).toMatch(/^1\.2 Diseñar y difundir piezas comunicativas/);
    expect(first[2]).toBe('Afiche');
  });

  it('answers 404 for an unknown plan and 400 for an unknown format', async () => {
    expect((await api('/api/pieces/export?planId=nada')).status).toBe(404);
    expect((await api('/api/pieces/export?format=pdf')).status).toBe(400);
  });
});

describe('access', () => {
  it('lets a department user import only pieces of their own department’s activities', async () => {
    const comms = await t.db.department.findFirstOrThrow({ where: { name: { startsWith: 'Dirección de Relaciones Públicas' } } });
    const dept = await createUserWithToken(t.db, 'department', [comms.id]);
    const file = new TextEncoder().encode('actividad;tipo;titulo\n1.2;Afiche;Afiche propio\n3.1;Afiche;Afiche ajeno\n;Afiche;Afiche sin actividad\n');
    const before = await counts();
    const res = await importFile(file, 'dep.csv', dept.token);
    expect(res.status).toBe(422);
    const rows = (await res.json()).error.details.rows as Row[];
    expect(rows[0]!.problems).toEqual([]);
    expect(rows[1]!.problems[0]!.message).toBe('La actividad 3.1 no es de su dependencia: solo puede crear piezas de las actividades de su dependencia.');
    expect(rows[2]!.problems[0]!.message).toMatch(/^Indique la actividad/);
    expect(await counts()).toEqual(before);
    const own = await importFile(new TextEncoder().encode('actividad;tipo;titulo\n1.2;Afiche;Afiche propio\n'), 'dep.csv', dept.token);
    expect(own.status).toBe(201);
  });

  it('refuses a viewer', async () => {
    const viewer = await createUserWithToken(t.db, 'viewer');
    expect((await preview(fixture('piezas-buenas-1252.csv'), 'p.csv', viewer.token)).status).toBe(403);
    expect((await api('/api/pieces/export', {}, viewer.token)).status).toBe(200);
  });
});

describe('pages', () => {
  let web: Awaited<ReturnType<typeof session>>;
  async function session() {
    const login = await sessionClient(t.anon, 'admin@prueba.gov.co', 'contraseña-de-prueba');
    return {
      csrf: login.csrfToken,
      request: (pathname: string, init: RequestInit = {}) => {
        const headers = new Headers(init.headers);
        headers.set('cookie', login.cookie);
        return app.request(pathname, { ...init, headers });
      },
    };
  }
  beforeAll(async () => {
    web = await session();
  });

  it('explains the columns, lists the plan’s activity numbers and links the example', async () => {
    const res = await web.request('/piezas/importar');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Importar y exportar piezas</h1>');
    expect(html).toContain('href="/piezas/importar/ejemplo.csv"');
    for (const column of ['actividad', 'texto_facebook', 'titulo_youtube', 'campos', 'hora']) expect(html).toContain(`<code>${column}</code>`);
    expect(html).toContain('<strong>2.8</strong> Publicación de las respuestas');
    expect(html).toContain('name="_csrf"');
    expect(html).toContain('action="/piezas/exportar"');
  });

  it('serves an example that imports without errors', async () => {
    const res = await web.request('/piezas/importar/ejemplo.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="piezas-ejemplo.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const checked = await (await preview(bytes, 'piezas-ejemplo.csv')).json();
    expect(checked.errors).toBe(0);
    expect(checked.pieces).toBe(3);
    // A complete example: the template's fields are all there, no warning about them.
    expect(checked.rows.flatMap((r: Row) => r.problems).filter((p: Problem) => p.field === 'campos')).toEqual([]);
  });

  it('previews a bad file with its errors highlighted and no confirm button', async () => {
    const res = await web.request('/piezas/importar/vista-previa', { method: 'POST', body: upload(fixture('piezas-con-errores.csv'), 'errores.csv', { _csrf: web.csrf, planId }) });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/<tr class="bulk-row-error">/g)).toHaveLength(7);
    expect(html.match(/<tr class="bulk-row-warning">/g)).toHaveLength(1);
    expect(html).toContain('El tipo «Volante» no existe');
    expect(html).toContain('7 filas tienen errores');
    expect(html).not.toContain('name="payload"');
  });

  it('previews a good file, then creates its pieces from the confirm form and says so', async () => {
    const res = await web.request('/piezas/importar/vista-previa', { method: 'POST', body: upload(fixture('piezas-buenas.xlsx'), 'piezas.xlsx', { _csrf: web.csrf, planId }) });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('5 de diciembre de 2030, 3:30 p. m.');
    expect(html).toContain('Crear las 2 piezas en borrador');
    const payload = /name="payload" value="([^"]+)"/.exec(html)![1]!;
    expect(Buffer.from(payload, 'base64').equals(Buffer.from(fixture('piezas-buenas.xlsx')))).toBe(true);

    const before = await counts();
    const form = new FormData();
    for (const [k, v] of Object.entries({ _csrf: web.csrf, mode: 'confirm', payload, filename: 'piezas.xlsx', planId })) form.append(k, v);
    const created = await web.request('/piezas/importar', { method: 'POST', body: form });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe(`/piezas/importar?creadas=2&plan=${planId}`);
    expect((await counts()).pieces - before.pieces).toBe(2);
    const page = await (await web.request(created.headers.get('location')!)).text();
    expect(page).toContain('Se crearon 2 piezas en borrador en el plan «Plan de Acción Rendición de Cuentas».');
  });

  it('refuses a form without the CSRF token, and shows a bad file’s error on the page', async () => {
    const noCsrf = await web.request('/piezas/importar', { method: 'POST', body: upload(fixture('piezas-buenas.xlsx'), 'piezas.xlsx') });
    expect(noCsrf.status).toBe(403);
    const garbage = await web.request('/piezas/importar/vista-previa', { method: 'POST', body: upload(new Uint8Array([0, 1, 2, 3, 255, 0]), 'x.csv', { _csrf: web.csrf }) });
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).toContain('El archivo no contiene texto legible');
  });

  it('exports from the page as CSV or Excel', async () => {
    const csv = await web.request(`/piezas/exportar?planId=${planId}&formato=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const xlsx = await web.request(`/piezas/exportar?planId=${planId}&formato=xlsx`);
    expect(xlsx.headers.get('content-type')).toBe(xlsxType);
    expect([...new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)]).toEqual([0x50, 0x4b]);
  });
});

describe('API documentation', () => {
  it('documents the three routes in the OpenAPI document', () => {
    const docs = new OpenAPIHono<AppEnv>();
    docs.route('/api', pieceBulkRoutes);
    const document = docs.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'Pregón', version: '0' } });
    expect(Object.keys(document.paths ?? {}).sort()).toEqual(['/api/pieces/export', '/api/pieces/import', '/api/pieces/import/preview']);
    expect(document.paths?.['/api/pieces/import']?.post?.responses?.['422']).toBeDefined();
    expect(document.components?.schemas?.['PieceImportPreview']).toBeDefined();
  });
});
