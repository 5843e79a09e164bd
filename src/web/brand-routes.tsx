import { Hono, type Context } from 'hono';
import { getBrandKit, saveBrandKit } from '../brand/brand-kit.js';
import { BrandKitSchema } from '../brand/routes.js';
import type { AppEnv } from '../http/env.js';
import { toAppError } from '../http/errors.js';
import { uploadMedia } from '../media/upload-media.js';
import { listMedia } from '../media/list-media.js';
import { updateAltText } from '../media/update-alt-text.js';
import { checkBrandContrast, formats, getTemplate, listTemplates } from '../render/index.js';
import { sampleValues } from '../render/service/samples.js';
import { BrandPage, GalleryPage, MediaPage, TemplateEditorPage } from './brand-pages.js';
import { renderPage } from './page.js';

/** Template gallery and editor, brand kit editor and media library. */
export const brandWebRoutes = new Hono<AppEnv>();

brandWebRoutes.get('/plantillas', (c) => renderPage(c, <GalleryPage templates={listTemplates()} />));

brandWebRoutes.get('/plantillas/:id', async (c) => {
  const template = getTemplate(c.req.param('id'));
  const pieceId = c.req.query('pieza');
  const piece = pieceId ? await c.var.db.piece.findUnique({ where: { id: pieceId }, select: { id: true, title: true } }) : null;
  return renderPage(
    c,
    <TemplateEditorPage template={template} formats={template.formats.map((f) => formats[f])} sample={sampleValues(template)} timeZone={c.var.config.timeZone} piece={piece} />,
  );
});

brandWebRoutes.get('/marca', async (c) => {
  const kit = await getBrandKit(c.var.db);
  return renderPage(c, <BrandPage kit={kit} contrast={checkBrandContrast(kit)} saved={c.req.query('guardado') === '1'} />);
});

brandWebRoutes.post('/marca', async (c) => {
  const form = await c.req.parseBody();
  const current = await getBrandKit(c.var.db);
  const logo = form['logo'];
  const color = (k: keyof typeof current.colors) => (typeof form[k] === 'string' ? (form[k] as string) : current.colors[k]);
  try {
    const kit = BrandKitSchema.parse({
      municipality: form['municipality'],
      logoSvg: logo instanceof File && logo.size > 0 ? await logo.text() : current.logoSvg,
      colors: { primary: color('primary'), secondary: color('secondary'), accent: color('accent'), background: color('background'), text: color('text'), onPrimary: color('onPrimary') },
      fonts: { heading: form['font_heading'] ?? current.fonts.heading, body: form['font_body'] ?? current.fonts.body },
    });
    await saveBrandKit({ db: c.var.db, actor: c.var.actor, kit });
    return c.redirect('/marca?guardado=1', 303);
  } catch (err) {
    return renderPage(c, <BrandPage kit={current} contrast={checkBrandContrast(current)} error={toAppError(err).message} />, 422);
  }
});

async function mediaPage(c: Context<AppEnv>, notice: { error?: string; uploaded?: string } = {}, status: 200 | 422 = 200) {
  const { items, total } = await listMedia(c.var.db, { limit: 100, offset: 0 });
  return renderPage(c, <MediaPage items={items} total={total} timeZone={c.var.config.timeZone} {...notice} />, status);
}

brandWebRoutes.get('/medios', (c) => mediaPage(c, { uploaded: c.req.query('subido') }));

brandWebRoutes.post('/medios', async (c) => {
  const form = await c.req.parseBody();
  try {
    const asset = await uploadMedia({ db: c.var.db, media: c.var.media, actor: c.var.actor, file: form['file'], altText: form['altText'] });
    return c.redirect(`/medios?subido=${encodeURIComponent(asset.originalName ?? asset.id)}`, 303);
  } catch (err) {
    return mediaPage(c, { error: toAppError(err).message }, 422);
  }
});

brandWebRoutes.post('/medios/:id', async (c) => {
  const id = c.req.param('id');
  const altText = String((await c.req.parseBody())['altText'] ?? '').trim();
  if (altText.length < 3) return c.redirect('/medios', 303);
  await updateAltText({ db: c.var.db, actor: c.var.actor, id, altText: altText.slice(0, 1000) });
  return c.redirect('/medios', 303);
});
