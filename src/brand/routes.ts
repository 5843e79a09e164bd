import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../http/router.js';
import { errorResponses, json } from '../http/schemas.js';
import { checkBrandContrast } from '../render/index.js';
import { getBrandKit, saveBrandKit } from './brand-kit.js';

export const brandRoutes = createRouter();
const tags = ['Marca'];

const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use un color #rrggbb.');
const FontId = z.enum(['inter-regular', 'inter-semibold', 'inter-bold', 'inter-extrabold']);
export const BrandKitSchema = z
  .object({
    municipality: z.string().trim().min(2).max(120),
    logoSvg: z.string().min(20).max(200_000),
    colors: z.object({ primary: Color, secondary: Color, accent: Color, background: Color, text: Color, onPrimary: Color }).strict(),
    fonts: z.object({ heading: FontId, body: FontId }).strict(),
  })
  .strict()
  .openapi('BrandKit');
const Contrast = z.array(z.object({ pair: z.string(), foreground: z.string(), background: z.string(), ratio: z.number(), ok: z.boolean() }));
const BrandKitReport = z.object({ kit: BrandKitSchema, contrast: Contrast }).openapi('BrandKitReport');

brandRoutes.openapi(
  createRoute({ method: 'get', path: '/brand', tags, summary: 'El kit de marca (nombre, logo, colores, fuentes) y su contraste WCAG', responses: { 200: json(BrandKitReport, 'Kit de marca') } }),
  async (c) => {
    const kit = await getBrandKit(c.var.db);
    return c.json({ kit, contrast: checkBrandContrast(kit) }, 200);
  },
);

brandRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/brand',
    tags,
    summary: 'Guarda el kit de marca; informa los pares de colores por debajo de 4.5:1',
    request: { body: { content: { 'application/json': { schema: BrandKitSchema } }, required: true } },
    responses: { 200: json(BrandKitReport, 'Kit guardado, con el informe de contraste'), 400: errorResponses[400], 422: errorResponses[400] },
  }),
  async (c) => c.json(await saveBrandKit({ db: c.var.db, actor: c.var.actor, kit: c.req.valid('json') }), 200),
);
