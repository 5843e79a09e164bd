import { createRoute, z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { toErrorResponse } from '../../http/errors.js';
import { createRouter } from '../../http/router.js';
import { errorResponses, IdParam, json } from '../../http/schemas.js';
import { toMediaView } from '../../media/media-view.js';
import { formats, getTemplate, listTemplates, type FormatId } from '../index.js';
import { renderAllFormats } from './render-all.js';
import { renderPreview, renderToAsset } from './render-asset.js';
import { sampleValues } from './samples.js';
import { FormatIdSchema, PreviewRequestSchema, RenderRequestSchema } from './schemas.js';

export const renderRoutes = createRouter();
const tags = ['Plantillas y render'];
const image = (description: string) => ({ description, content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } });

renderRoutes.openapi(
  createRoute({ method: 'get', path: '/templates', tags, summary: 'Plantillas de marca con sus campos y formatos', responses: { 200: json(z.array(z.unknown()), 'Plantillas') } }),
  (c) => c.json(listTemplates(), 200),
);

renderRoutes.openapi(
  createRoute({ method: 'get', path: '/formats', tags, summary: 'Formatos digitales e impresos', responses: { 200: json(z.array(z.unknown()), 'Formatos') } }),
  (c) => c.json(Object.values(formats), 200),
);

renderRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/templates/{id}/sample',
    tags,
    summary: 'Miniatura de la plantilla con contenido de ejemplo',
    request: { params: IdParam, query: z.object({ format: FormatIdSchema.default('ig_square') }) },
    responses: { 200: image('PNG de ejemplo'), ...errorResponses },
  }),
  async (c) => {
    const template = getTemplate(c.req.valid('param').id);
    const format = c.req.valid('query').format;
    const { asset } = await renderToAsset({ db: c.var.db, media: c.var.media, actor: c.var.actor, input: { templateId: template.id, values: sampleValues(template), format, output: 'webp', timeZone: c.var.config.timeZone } });
    return c.redirect(`/api/media/${asset.id}/file`, 302);
  },
);

renderRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/render',
    tags,
    summary: 'Genera la imagen de una plantilla en un formato; se guarda en la biblioteca y una petición idéntica se sirve guardada',
    request: { body: { content: { 'application/json': { schema: RenderRequestSchema } }, required: true } },
    responses: { 200: image('La imagen (cabeceras X-Media-Asset-Id y X-Render-Cache: hit|miss)'), ...errorResponses, 422: errorResponses[400] },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const { asset, cached } = await renderToAsset({
      db: c.var.db,
      media: c.var.media,
      actor: c.var.actor,
      pieceId: body.pieceId ?? null,
      input: { templateId: body.template, values: body.fields, format: body.format, output: body.output, timeZone: c.var.config.timeZone },
    });
    return c.body(new Uint8Array(await c.var.media.read(asset.storagePath)), 200, {
      'content-type': asset.mimeType,
      'x-media-asset-id': asset.id,
      'x-render-cache': cached ? 'hit' : 'miss',
      'x-alt-text': encodeURIComponent(asset.altText ?? ''),
    });
  },
);

renderRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/render/preview',
    tags,
    summary: 'Vista previa rápida en baja resolución para el editor (no se guarda)',
    request: { body: { content: { 'application/json': { schema: PreviewRequestSchema } }, required: true } },
    responses: { 200: image('PNG de hasta 640 px de ancho'), ...errorResponses, 422: errorResponses[400] },
  }),
  async (c) => {
    const body = c.req.valid('json');
    const result = await renderPreview({ db: c.var.db, media: c.var.media, input: { templateId: body.template, values: body.fields, format: body.format, timeZone: c.var.config.timeZone } });
    return c.body(new Uint8Array(result.buffer), 200, { 'content-type': 'image/png', 'cache-control': 'no-store', 'x-alt-text': encodeURIComponent(result.altText) });
  },
);

renderRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/pieces/{id}/render-all',
    tags,
    summary: 'Genera la plantilla de la pieza en todos sus formatos; responde con eventos de progreso (text/event-stream)',
    request: { params: IdParam, body: { content: { 'application/json': { schema: z.object({ formats: z.array(FormatIdSchema).min(1).optional(), output: z.enum(['png', 'jpeg', 'webp']).default('png') }).strict() } } } },
    responses: { 200: { description: 'Eventos «progress» ({done,total,format,assetId}), luego «done» con los medios, o «error»', content: { 'text/event-stream': { schema: z.string() } } }, ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { formats: wanted, output } = c.req.valid('json');
    return streamSSE(c, async (stream) => {
      try {
        const assets = await renderAllFormats({
          db: c.var.db,
          media: c.var.media,
          actor: c.var.actor,
          pieceId: id,
          formats: wanted as FormatId[] | undefined,
          output,
          timeZone: c.var.config.timeZone,
          onProgress: (p) => stream.writeSSE({ event: 'progress', data: JSON.stringify(p) }),
        });
        const rows = await c.var.db.mediaAsset.findMany({ where: { id: { in: assets } } });
        await stream.writeSSE({ event: 'done', data: JSON.stringify(rows.map(toMediaView)) });
      } catch (err) {
        await stream.writeSSE({ event: 'error', data: JSON.stringify(toErrorResponse(err).body) });
      }
    });
  },
);
