import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { toEventView } from '../../events/events.js';
import { EventSchema } from '../../events/schemas.js';
import type { AppEnv } from '../../http/env.js';
import { createRouter } from '../../http/router.js';
import { errorResponses, IdParam, json } from '../../http/schemas.js';
import { applyDerivedDates, previewDerivedDates, setHearingOffsets } from '../../plan/derive-dates.js';
import { FormatIdSchema } from '../../render/service/schemas.js';
import { checkAgenda, getHearing, resolvePlan, saveHearing } from './hearing.js';
import { createInvitationPiece, INVITATION_PRINT_FORMAT, renderInvitation } from './invitation.js';
import { createLivePiece } from './live-piece.js';
import { hearingOverview } from './overview.js';
import {
  AcceptResultSchema,
  CreatedPieceSchema,
  DerivedPreviewSchema,
  HearingInputSchema,
  HearingOverviewSchema,
  InvitationPieceSchema,
  MoveRequestSchema,
  MoveResultSchema,
  OffsetsRequestSchema,
  SeriesItemSchema,
} from './schemas.js';
import { acceptSeries, moveSeriesDrafts, seriesState, type SeriesContext } from './series-drafts.js';

/**
 * The public hearing's API: the hearing of a plan (date, place, agenda), its live piece, its
 * invitation card, the announcement series and the planned dates derived from it.
 */
export const hearingApiRoutes = createRouter();
const tags = ['Audiencia pública'];
const unprocessable = { 422: errorResponses[400] };

/** The office's zone and the public address the links point to. */
export function seriesContext(c: Context<AppEnv>): SeriesContext {
  return { timeZone: c.var.config.timeZone, publicUrl: c.var.config.channels.publicUrl };
}

hearingApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/plans/{id}/hearing',
    tags,
    summary: 'La audiencia pública del plan: evento, orden del día, transmisión, invitación y serie de anuncios sugerida',
    request: { params: IdParam },
    responses: { 200: json(HearingOverviewSchema, 'Audiencia (event es null mientras no se programe)'), ...errorResponses },
  }),
  async (c) => {
    const overview = await hearingOverview(c.var.db, c.req.valid('param').id, seriesContext(c));
    return c.json(overview!, 200);
  },
);

hearingApiRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/plans/{id}/hearing',
    tags,
    summary: 'Crea o actualiza la audiencia pública del plan (el orden del día se ordena por hora; sin «agenda» ni «activityId» se conservan los guardados)',
    request: { params: IdParam, body: { content: { 'application/json': { schema: HearingInputSchema } }, required: true } },
    responses: { 200: json(EventSchema, 'Audiencia actualizada'), 201: json(EventSchema, 'Audiencia creada'), ...errorResponses, ...unprocessable },
  }),
  async (c) => {
    const plan = await resolvePlan(c.var.db, c.req.valid('param').id);
    const body = c.req.valid('json');
    const { event, created } = await saveHearing({
      db: c.var.db,
      actor: c.var.actor,
      planId: plan!.id,
      input: {
        title: body.title,
        startsAt: new Date(body.startsAt),
        endsAt: body.endsAt ? new Date(body.endsAt) : null,
        place: body.place ?? null,
        agenda: body.agenda === undefined ? undefined : checkAgenda(body.agenda),
        activityId: body.activityId,
        description: body.description,
        recordingUrl: body.recordingUrl,
      },
    });
    return c.json(toEventView(event), created ? 201 : 200);
  },
);

hearingApiRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/events/{id}/live-piece',
    tags,
    summary: 'Crea la pieza de la transmisión en vivo en YouTube (borrador); si ya existe, la devuelve',
    request: { params: IdParam },
    responses: { 200: json(CreatedPieceSchema, 'Ya existía'), 201: json(CreatedPieceSchema, 'Creada'), ...errorResponses, ...unprocessable },
  }),
  async (c) => {
    const result = await createLivePiece({ db: c.var.db, actor: c.var.actor, eventId: c.req.valid('param').id, ...seriesContext(c) });
    return c.json(result, result.created ? 201 : 200);
  },
);

hearingApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/events/{id}/invitation.png',
    tags,
    summary: 'Tarjeta de invitación en PNG, con el código QR de la transmisión (o de /participa mientras no haya transmisión)',
    request: { params: IdParam, query: z.object({ format: FormatIdSchema.default(INVITATION_PRINT_FORMAT) }) },
    responses: { 200: { description: 'PNG (cabecera X-Media-Asset-Id)', content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses, ...unprocessable },
  }),
  async (c) => {
    const event = await getHearing(c.var.db, c.req.valid('param').id);
    const format = c.req.valid('query').format;
    const asset = await renderInvitation({ db: c.var.db, media: c.var.media, actor: c.var.actor, event, format, ...seriesContext(c) });
    return c.body(new Uint8Array(await c.var.media.read(asset.storagePath)), 200, {
      'content-type': 'image/png',
      'content-disposition': `attachment; filename="invitacion-audiencia-${format}.png"`,
      'x-media-asset-id': asset.id,
    });
  },
);

hearingApiRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/events/{id}/invitation-piece',
    tags,
    summary: 'Crea (o actualiza, si sigue en borrador) la pieza de la tarjeta de invitación con sus imágenes',
    request: { params: IdParam },
    responses: { 200: json(InvitationPieceSchema, 'Ya existía'), 201: json(InvitationPieceSchema, 'Creada'), ...errorResponses, ...unprocessable },
  }),
  async (c) => {
    const result = await createInvitationPiece({ db: c.var.db, media: c.var.media, actor: c.var.actor, eventId: c.req.valid('param').id, ...seriesContext(c) });
    return c.json(result, result.created ? 201 : 200);
  },
);

hearingApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/events/{id}/announcements',
    tags,
    summary: 'Serie de anuncios sugerida (T−30, T−15, T−7, T−1 días, T−1 hora, en vivo, agradecimiento) con la pieza creada de cada uno',
    request: { params: IdParam },
    responses: { 200: json(z.array(SeriesItemSchema), 'Serie'), ...errorResponses, ...unprocessable },
  }),
  async (c) => {
    const event = await getHearing(c.var.db, c.req.valid('param').id);
    return c.json(await seriesState(c.var.db, event, seriesContext(c)), 200);
  },
);

hearingApiRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/events/{id}/announcements',
    tags,
    summary: 'Acepta la serie como piezas en borrador programadas; repetirlo no duplica nada',
    request: { params: IdParam },
    responses: { 200: json(AcceptResultSchema, 'Resultado: creadas, ya existentes y omitidas (su hora ya pasó)'), ...errorResponses, ...unprocessable },
  }),
  async (c) => c.json(await acceptSeries({ db: c.var.db, actor: c.var.actor, eventId: c.req.valid('param').id, ctx: seriesContext(c) }), 200),
);

hearingApiRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/events/{id}/announcements/move',
    tags,
    summary: 'Lleva los borradores de la serie a las fechas sugeridas de la audiencia actual (y reescribe el texto de los que nadie editó)',
    request: { params: IdParam, body: { content: { 'application/json': { schema: MoveRequestSchema } }, required: false } },
    responses: { 200: json(MoveResultSchema, 'Movidos y omitidos'), ...errorResponses, ...unprocessable },
  }),
  async (c) => {
    const body = c.req.header('content-type')?.includes('application/json') ? c.req.valid('json') : {};
    return c.json(await moveSeriesDrafts({ db: c.var.db, actor: c.var.actor, eventId: c.req.valid('param').id, ctx: seriesContext(c), keys: body.keys }), 200);
  },
);

hearingApiRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/plans/{id}/hearing-offsets',
    tags,
    summary: 'Días antes (negativo) o después de la audiencia en que empieza y termina cada actividad (null: sin relación)',
    request: { params: IdParam, body: { content: { 'application/json': { schema: OffsetsRequestSchema } }, required: true } },
    responses: { 200: json(z.object({ changed: z.number().int() }), 'Cuántas actividades cambiaron'), ...errorResponses, ...unprocessable },
  }),
  async (c) => c.json(await setHearingOffsets({ db: c.var.db, actor: c.var.actor, planId: c.req.valid('param').id, changes: c.req.valid('json').offsets }), 200),
);

hearingApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/plans/{id}/hearing-dates',
    tags,
    summary: 'Vista previa de las fechas programadas calculadas desde la audiencia (no cambia nada)',
    request: { params: IdParam },
    responses: { 200: json(DerivedPreviewSchema, 'Vista previa'), ...errorResponses, ...unprocessable },
  }),
  async (c) => c.json(await previewDerivedDates(c.var.db, c.req.valid('param').id), 200),
);

hearingApiRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/plans/{id}/hearing-dates',
    tags,
    summary: 'Fija las fechas programadas de las actividades con días relativos a la audiencia (una entrada de auditoría por actividad)',
    request: { params: IdParam },
    responses: { 200: json(DerivedPreviewSchema.extend({ applied: z.array(z.string()) }), 'Aplicado'), ...errorResponses, ...unprocessable },
  }),
  async (c) => c.json(await applyDerivedDates({ db: c.var.db, actor: c.var.actor, planId: c.req.valid('param').id }), 200),
);
