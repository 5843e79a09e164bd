import { Hono, type Context } from 'hono';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { toAppError } from '../http/errors.js';
import { importPieces, previewPiecesImport } from '../pieces/bulk/create.js';
import { exampleRows, exportPieces, rowsToCsv } from '../pieces/bulk/export.js';
import type { UploadedFile } from '../pieces/bulk/parse.js';
import { scopedDepartments } from '../pieces/bulk/routes.js';
import type { ImportPreview } from '../pieces/bulk/validate.js';
import { listTemplates } from '../render/templates.js';
import { renderPage } from './page.js';
import { PiecesImportPage, PiecesImportPreviewPage, type PlanChoice } from './piece-bulk-pages.js';

/**
 * The pages of bulk import and export of pieces. Mount before pieceWebRoutes: its
 * `GET /piezas/:id` would otherwise take /piezas/importar and /piezas/exportar.
 */
export const pieceBulkWebRoutes = new Hono<AppEnv>();

async function importPage(c: Context<AppEnv>, options: { planId?: string | null; error?: string; created?: { count: number; planId: string } | null } = {}, status: 200 | 400 | 404 | 413 | 415 | 422 | 500 = 200) {
  const db = c.var.db;
  const plans: PlanChoice[] = await db.plan.findMany({ orderBy: { createdAt: 'desc' }, select: { id: true, title: true } });
  const planId = plans.find((p) => p.id === options.planId)?.id ?? plans[0]?.id ?? null;
  const activities = planId
    ? (
        await db.activity.findMany({
          where: { subcomponent: { planId } },
          orderBy: [{ subcomponent: { position: 'asc' } }, { position: 'asc' }],
          select: { position: true, description: true, subcomponent: { select: { position: true } } },
        })
      ).map((a) => ({ ref: `${a.subcomponent.position}.${a.position}`, description: a.description }))
    : [];
  const createdPlan = options.created ? plans.find((p) => p.id === options.created!.planId) : undefined;
  return renderPage(
    c,
    <PiecesImportPage
      plans={plans}
      planId={planId}
      activities={activities}
      templates={listTemplates().map((t) => ({ id: t.id, name: t.name }))}
      error={options.error}
      created={options.created && createdPlan ? { count: options.created.count, plan: createdPlan } : null}
    />,
    status,
  );
}

pieceBulkWebRoutes.get('/piezas/importar', (c) => {
  const count = Number(c.req.query('creadas'));
  const planId = c.req.query('plan') ?? null;
  return importPage(c, { planId, created: Number.isInteger(count) && count > 0 && planId ? { count, planId } : null });
});

pieceBulkWebRoutes.get('/piezas/importar/ejemplo.csv', async (c) =>
  c.body(rowsToCsv(await exampleRows(c.var.db)), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': 'attachment; filename="piezas-ejemplo.csv"',
  }),
);

type Form = Record<string, string | File>;
const formText = (form: Form, key: string) => (typeof form[key] === 'string' ? (form[key] as string) : '');

/** The file of the form: uploaded now, or carried back by the preview's confirm form (base64). */
async function uploadedFile(form: Form): Promise<UploadedFile | null> {
  const file = form['file'];
  if (file instanceof File && file.size > 0) return { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name };
  if (formText(form, 'mode') === 'confirm' && formText(form, 'payload') !== '') {
    return { bytes: new Uint8Array(Buffer.from(formText(form, 'payload'), 'base64')), filename: formText(form, 'filename') || undefined };
  }
  return null;
}

async function previewPage(c: Context<AppEnv>, preview: ImportPreview, file: UploadedFile, status: 200 | 422, error?: string) {
  const plans = await c.var.db.plan.findMany({ orderBy: { createdAt: 'desc' }, select: { id: true, title: true } });
  return renderPage(
    c,
    <PiecesImportPreviewPage preview={preview} payload={Buffer.from(file.bytes).toString('base64')} filename={file.filename ?? ''} plans={plans} error={error} />,
    status,
  );
}

const noFile = 'Elija el archivo de piezas (.csv o .xlsx).';

pieceBulkWebRoutes.post('/piezas/importar/vista-previa', async (c) => {
  const form = (await c.req.parseBody()) as Form;
  const planId = formText(form, 'planId') || null;
  const file = await uploadedFile(form);
  if (!file) return importPage(c, { planId, error: noFile }, 400);
  try {
    const preview = await previewPiecesImport({ db: c.var.db, file, planId, departmentIds: scopedDepartments(c) });
    return previewPage(c, preview, file, 200);
  } catch (err) {
    const e = toAppError(err);
    return importPage(c, { planId, error: e.message }, e.status === 500 ? 500 : e.status === 404 ? 404 : 400);
  }
});

pieceBulkWebRoutes.post('/piezas/importar', async (c) => {
  const form = (await c.req.parseBody()) as Form;
  const planId = formText(form, 'planId') || null;
  const file = await uploadedFile(form);
  if (!file) return importPage(c, { planId, error: noFile }, 400);
  try {
    const result = await importPieces({ db: c.var.db, actor: c.var.actor, file, planId, departmentIds: scopedDepartments(c) });
    return c.redirect(`/piezas/importar?creadas=${result.created}&plan=${encodeURIComponent(result.planId)}`, 303);
  } catch (err) {
    const e = toAppError(err);
    // Rows with errors: the same preview, nothing created.
    if (e.code === 'unprocessable' && e.details && typeof e.details === 'object' && 'rows' in e.details) {
      return previewPage(c, e.details as ImportPreview, file, 422, e.message);
    }
    return importPage(c, { planId, error: e.message }, e.status === 500 ? 500 : e.status === 404 ? 404 : e.status === 422 ? 422 : 400);
  }
});

pieceBulkWebRoutes.get('/piezas/exportar', async (c) => {
  const formato = c.req.query('formato') ?? 'csv';
  if (formato !== 'csv' && formato !== 'xlsx') throw new AppError('bad_request', `El formato «${formato}» no existe: use csv o xlsx.`);
  const format = formato;
  const file = await exportPieces(c.var.db, { planId: c.req.query('planId') || null, format });
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.filename}"`,
  });
});
