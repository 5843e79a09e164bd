import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { departmentScopedRoles } from '../../auth/permissions.js';
import { AppError } from '../../errors.js';
import type { AppEnv } from '../../http/env.js';
import { createRouter } from '../../http/router.js';
import { errorResponses, json } from '../../http/schemas.js';
import { NetworkSchema, PieceKindSchema } from '../schemas.js';
import { columnKeys } from './columns.js';
import { importPieces, previewPiecesImport } from './create.js';
import { exportPieces } from './export.js';
import type { UploadedFile } from './parse.js';

/**
 * Bulk import and export of pieces (format in columns.ts):
 *   POST /api/pieces/import/preview   the file's rows, each with its problems and the piece it would create
 *   POST /api/pieces/import           creates every piece as a draft in one transaction, or 422 with the preview
 *   GET  /api/pieces/export           the plan's pieces as CSV or XLSX, in the same columns
 * The file goes in the multipart field `file` (or as the raw body, text/csv or xlsx); `planId`
 * (query or form field) chooses the plan whose activities the rows name, the latest by default.
 */
export const pieceBulkRoutes = createRouter();
const tags = ['Piezas'];

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const rawTypes = ['text/csv', 'text/plain', xlsxType, 'application/octet-stream'];

/** The uploaded file and the chosen plan. Size is limited before this runs (bodyLimit in app.ts). */
export async function readPiecesUpload(c: Context<AppEnv>): Promise<{ file: UploadedFile; planId: string | null }> {
  const mediaType = (c.req.header('content-type') ?? '').toLowerCase().split(';')[0]?.trim() ?? '';
  const queryPlan = c.req.query('planId') || null;
  if (mediaType === 'multipart/form-data') {
    const form = await c.req.parseBody();
    const file = form['file'];
    if (!(file instanceof File)) throw new AppError('bad_request', 'Adjunte el archivo de piezas (CSV o Excel) en el campo «file» del formulario.');
    const formPlan = typeof form['planId'] === 'string' && form['planId'] !== '' ? form['planId'] : null;
    return { file: { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name }, planId: queryPlan ?? formPlan };
  }
  if (rawTypes.includes(mediaType)) {
    return { file: { bytes: new Uint8Array(await c.req.arrayBuffer()), filename: mediaType === xlsxType ? 'piezas.xlsx' : undefined }, planId: queryPlan };
  }
  throw new AppError(
    'unsupported_media_type',
    'Envíe el archivo de piezas en el campo «file» de un formulario (multipart/form-data), o como cuerpo text/csv o de Excel (.xlsx).',
    { details: { contentType: mediaType || null } },
  );
}

/** The caller's departments when their role only reaches their own activities. */
export function scopedDepartments(c: Context<AppEnv>): string[] | null {
  const auth = c.var.auth;
  return auth && departmentScopedRoles.includes(auth.user.role) ? auth.user.departmentIds : null;
}

// ------------------------------------------------------------------ documentation

const ProblemSchema = z.object({
  field: z.enum(columnKeys).nullable(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});

export const PieceImportPreviewSchema = z
  .object({
    plan: z.object({ id: z.string(), title: z.string(), timeZone: z.string() }),
    format: z.enum(['csv', 'xlsx']),
    rows: z.array(
      z.object({
        line: z.number().int(),
        values: z.record(z.enum(columnKeys), z.string()),
        problems: z.array(ProblemSchema),
        piece: z
          .object({
            kind: PieceKindSchema,
            title: z.string(),
            body: z.string(),
            activityId: z.string().nullable(),
            activity: z.object({ id: z.string(), ref: z.string(), description: z.string() }).nullable(),
            scheduledAt: z.string().nullable(),
            templateId: z.string().nullable(),
            templateFields: z.record(z.string(), z.unknown()).nullable(),
            variants: z.array(z.object({ network: NetworkSchema, title: z.string().nullable(), text: z.string(), link: z.string().nullable() })),
          })
          .nullable()
          .openapi({ description: 'Lo que la fila crearía; null si tiene errores.' }),
      }),
    ),
    problems: z.array(ProblemSchema.extend({ line: z.number().int().nullable() })),
    pieces: z.number().int(),
    errors: z.number().int(),
    warnings: z.number().int(),
  })
  .openapi('PieceImportPreview');

const uploadBody = {
  content: {
    'multipart/form-data': { schema: z.object({ file: z.string().openapi({ format: 'binary' }), planId: z.string().optional() }) },
    'text/csv': { schema: z.string() },
    [xlsxType]: { schema: z.string().openapi({ format: 'binary' }) },
  },
};
const PlanQuery = z.object({ planId: z.string().optional().openapi({ description: 'Plan cuyas actividades nombran las filas; por omisión el más reciente.' }) });
const ExportQuery = z.object({
  planId: z.string().optional().openapi({ description: 'Plan; por omisión el más reciente.' }),
  format: z.enum(['csv', 'xlsx']).default('csv'),
});
const columnsText = `Columnas: ${columnKeys.join(', ')}. Hasta 500 filas.`;

pieceBulkRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/pieces/import/preview',
  tags,
  summary: 'Vista previa de una importación de piezas (CSV o XLSX): cada fila con sus problemas y la pieza que crearía; no guarda nada',
  description: columnsText,
  request: { query: PlanQuery, body: uploadBody },
  responses: { 200: json(PieceImportPreviewSchema, 'Vista previa'), 400: errorResponses[400], 404: errorResponses[404], 413: errorResponses[400], 415: errorResponses[400] },
});

pieceBulkRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/pieces/import',
  tags,
  summary: 'Importa piezas en borrador desde un CSV o XLSX, todas en una transacción (422 con la vista previa si alguna fila tiene errores)',
  description: columnsText,
  request: { query: PlanQuery, body: uploadBody },
  responses: {
    201: json(z.object({ created: z.number().int(), ids: z.array(z.string()), planId: z.string() }), 'Piezas creadas'),
    400: errorResponses[400],
    404: errorResponses[404],
    413: errorResponses[400],
    415: errorResponses[400],
    422: json(z.object({ error: z.object({ code: z.string(), message: z.string(), details: PieceImportPreviewSchema }) }), 'Filas con errores: no se creó nada'),
  },
});

pieceBulkRoutes.openAPIRegistry.registerPath({
  method: 'get',
  path: '/pieces/export',
  tags,
  summary: 'Exporta las piezas de un plan como CSV (UTF-8 con BOM) o XLSX, con las mismas columnas que la importación',
  request: { query: ExportQuery },
  responses: {
    200: { description: 'Archivo de piezas', content: { 'text/csv': { schema: z.string() }, [xlsxType]: { schema: z.string().openapi({ format: 'binary' }) } } },
    400: errorResponses[400],
    404: errorResponses[404],
  },
});

// ------------------------------------------------------------------ handlers

pieceBulkRoutes.post('/pieces/import/preview', async (c) => {
  const { file, planId } = await readPiecesUpload(c);
  return c.json(await previewPiecesImport({ db: c.var.db, file, planId, departmentIds: scopedDepartments(c) }), 200);
});

pieceBulkRoutes.post('/pieces/import', async (c) => {
  const { file, planId } = await readPiecesUpload(c);
  const result = await importPieces({ db: c.var.db, actor: c.var.actor, file, planId, departmentIds: scopedDepartments(c) });
  return c.json({ created: result.created, ids: result.ids, planId: result.planId }, 201);
});

pieceBulkRoutes.get('/pieces/export', async (c) => {
  const { planId, format } = ExportQuery.parse(c.req.query());
  const file = await exportPieces(c.var.db, { planId, format });
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
    'content-type': file.contentType,
    'content-disposition': `attachment; filename="${file.filename}"`,
  });
});
