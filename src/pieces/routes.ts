import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { createRouter } from '../http/router.js';
import { errorResponses, IdParam, json } from '../http/schemas.js';
import { changePieceStatus, reviewCapacityOf } from './change-piece-status.js';
import { listPieces } from './list-pieces.js';
import { findPiece, toPieceView } from './piece-view.js';
import { createPiece, deletePiece, updatePiece } from './save-piece.js';
import { PieceCreateSchema, PieceListQuery, PieceReviewSchema, PieceSchema, PieceTransitionSchema, PieceUpdateSchema } from './schemas.js';

export const pieceRoutes = createRouter();
const tags = ['Piezas'];
const conflict = { 409: errorResponses[400] };
const unprocessable = { 422: errorResponses[400] };

pieceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/pieces',
    tags,
    summary: 'Lista piezas con filtros (actividad, tipo, estado, canal, rango de fechas)',
    request: { query: PieceListQuery },
    responses: { 200: json(z.object({ total: z.number().int(), items: z.array(PieceSchema) }), 'Piezas'), 400: errorResponses[400] },
  }),
  async (c) => c.json(await listPieces(c.var.db, c.req.valid('query')), 200),
);

pieceRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/pieces',
    tags,
    summary: 'Crea una pieza comunicativa en borrador',
    request: { body: { content: { 'application/json': { schema: PieceCreateSchema } }, required: true } },
    responses: { 201: json(PieceSchema, 'Pieza creada'), 400: errorResponses[400], ...unprocessable },
  }),
  async (c) => c.json(await createPiece({ db: c.var.db, actor: c.var.actor, fields: c.req.valid('json') }), 201),
);

pieceRoutes.openapi(
  createRoute({ method: 'get', path: '/pieces/{id}', tags, summary: 'Una pieza', request: { params: IdParam }, responses: { 200: json(PieceSchema, 'Pieza'), ...errorResponses } }),
  async (c) => c.json(toPieceView(await findPiece(c.var.db, c.req.valid('param').id)), 200),
);

pieceRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/pieces/{id}',
    tags,
    summary: 'Modifica una pieza (un cambio de contenido en una pieza aprobada la devuelve a revisión)',
    request: { params: IdParam, body: { content: { 'application/json': { schema: PieceUpdateSchema } }, required: true } },
    responses: { 200: json(PieceSchema, 'Pieza modificada'), ...errorResponses, ...conflict, ...unprocessable },
  }),
  async (c) => {
    const { overrideBlackout, ...fields } = c.req.valid('json');
    return c.json(
      await updatePiece({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id, fields, overrideBlackout: adminOverride(c, overrideBlackout), timeZone: c.var.config.timeZone }),
      200,
    );
  },
);

pieceRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/pieces/{id}',
    tags,
    summary: 'Elimina una pieza en borrador',
    request: { params: IdParam },
    responses: { 204: { description: 'Eliminada' }, ...errorResponses, ...conflict },
  }),
  async (c) => {
    await deletePiece({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id });
    return c.body(null, 204);
  },
);

pieceRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/pieces/{id}/transitions',
    tags,
    summary: 'Cambia el estado de una pieza (enviar a revisión, retirar, programar, desprogramar, cancelar, reabrir)',
    request: { params: IdParam, body: { content: { 'application/json': { schema: PieceTransitionSchema } }, required: true } },
    responses: { 200: json(PieceSchema, 'Pieza en su nuevo estado'), ...errorResponses, ...conflict, ...unprocessable },
  }),
  async (c) => {
    const { action, comment, overrideBlackout } = c.req.valid('json');
    const override = adminOverride(c, overrideBlackout);
    return c.json(await changePieceStatus({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id, action, comment, overrideBlackout: override, timeZone: c.var.config.timeZone }), 200);
  },
);

pieceRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/pieces/{id}/review',
    tags,
    summary: 'Aprueba o rechaza (con comentario) la versión en revisión de una pieza; si el plan lo pide, la aprueban la oficina y la dependencia de la actividad',
    request: { params: IdParam, body: { content: { 'application/json': { schema: PieceReviewSchema } }, required: true } },
    responses: { 200: json(PieceSchema, 'Pieza aprobada o devuelta a borrador'), ...errorResponses, ...conflict },
  }),
  async (c) => {
    const { decision, comment } = c.req.valid('json');
    const capacity = reviewCapacityOf(c.var.auth!.user.role);
    return c.json(await changePieceStatus({ db: c.var.db, actor: c.var.actor, id: c.req.valid('param').id, action: decision, comment, capacity }), 200);
  },
);

/** Only an administrator may publish inside a blackout window. */
function adminOverride(c: Context<AppEnv>, asked: boolean | undefined): boolean {
  if (!asked) return false;
  if (c.var.auth?.user.role !== 'admin') throw new AppError('forbidden', 'Solo un administrador puede programar dentro de una veda.');
  return true;
}
