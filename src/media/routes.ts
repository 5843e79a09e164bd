import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../errors.js';
import { createRouter } from '../http/router.js';
import { errorResponses, IdParam, json } from '../http/schemas.js';
import { MediaAssetSchema } from '../render/service/schemas.js';
import { listMedia } from './list-media.js';
import { toMediaView } from './media-view.js';
import { updateAltText } from './update-alt-text.js';
import { uploadMedia } from './upload-media.js';

export const mediaRoutes = createRouter();
const tags = ['Medios'];

const MediaWithUsage = MediaAssetSchema.extend({
  usedIn: z.array(z.object({ pieceId: z.string(), pieceTitle: z.string(), network: z.string() })),
}).openapi('MediaAssetWithUsage');

mediaRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/media',
    tags,
    summary: 'Biblioteca de medios: imágenes generadas y subidas, con su texto alternativo y dónde se usan',
    request: { query: z.object({ pieceId: z.string().optional(), kind: z.enum(['image', 'video', 'document', 'audio']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).default(0) }) },
    responses: { 200: json(z.object({ total: z.number().int(), items: z.array(MediaWithUsage) }), 'Medios') },
  }),
  async (c) => {
    return c.json(await listMedia(c.var.db, c.req.valid('query')), 200);
  },
);

mediaRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/media',
    tags,
    summary: 'Sube un archivo (imagen PNG/JPEG/WebP, video MP4 o PDF); el tipo se comprueba por su contenido',
    request: { body: { content: { 'multipart/form-data': { schema: z.object({ file: z.instanceof(File).openapi({ type: 'string', format: 'binary' }), altText: z.string().optional() }) } } } },
    responses: { 201: json(MediaAssetSchema, 'Medio guardado'), 400: errorResponses[400], 413: errorResponses[400], 415: errorResponses[400] },
  }),
  async (c) => {
    const form = await c.req.parseBody();
    return c.json(await uploadMedia({ db: c.var.db, media: c.var.media, actor: c.var.actor, file: form['file'], altText: form['altText'] }), 201);
  },
);

mediaRoutes.openapi(
  createRoute({ method: 'get', path: '/media/{id}', tags, summary: 'Un medio', request: { params: IdParam }, responses: { 200: json(MediaAssetSchema, 'Medio'), ...errorResponses } }),
  async (c) => {
    const { id } = c.req.valid('param');
    const asset = await c.var.db.mediaAsset.findUnique({ where: { id } });
    if (!asset) throw notFound('el medio', id);
    return c.json(toMediaView(asset), 200);
  },
);

mediaRoutes.get('/media/:id/file', async (c) => {
  const id = c.req.param('id');
  const asset = await c.var.db.mediaAsset.findUnique({ where: { id } });
  if (!asset) throw notFound('el medio', id);
  // The file behind an asset never changes (content-addressed), so browsers may keep it.
  return c.body(new Uint8Array(await c.var.media.read(asset.storagePath)), 200, {
    'content-type': asset.mimeType,
    'cache-control': 'private, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
  });
});

mediaRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/media/{id}',
    tags,
    summary: 'Cambia el texto alternativo de un medio',
    request: { params: IdParam, body: { content: { 'application/json': { schema: z.object({ altText: z.string().trim().min(3).max(1000) }).strict() } }, required: true } },
    responses: { 200: json(MediaAssetSchema, 'Medio actualizado'), ...errorResponses },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { altText } = c.req.valid('json');
    const asset = await updateAltText({ db: c.var.db, actor: c.var.actor, id, altText });
    return c.json(toMediaView(asset), 200);
  },
);
