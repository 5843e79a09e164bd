import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTemplates } from '../../src/render/index.js';
import { sampleValues } from '../../src/render/service/samples.js';
import { createTestContext, importSeedPlan, jsonRequest, type TestContext } from '../support/test-db.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await importSeedPlan(t.db);
});
afterAll(async () => {
  await t.close();
});

const post = (path: string, body: unknown) => t.app.request(path, jsonRequest('POST', body));
const announcement = () => listTemplates().find((x) => x.id === 'announcement')!;

describe('POST /api/render', () => {
  it('renders, stores the asset, and serves an identical request from the store', async () => {
    const body = { template: 'announcement', fields: sampleValues(announcement()), format: 'ig_square', output: 'png' };
    const first = await post('/api/render', body);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(first.headers.get('x-render-cache')).toBe('miss');
    const meta = await sharp(Buffer.from(await first.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([1080, 1080]);

    const second = await post('/api/render', body);
    expect(second.headers.get('x-render-cache')).toBe('hit');
    expect(second.headers.get('x-media-asset-id')).toBe(first.headers.get('x-media-asset-id'));
    const asset = await t.db.mediaAsset.findUniqueOrThrow({ where: { id: first.headers.get('x-media-asset-id')! } });
    expect(asset).toMatchObject({ templateId: 'announcement', format: 'ig_square', width: 1080, height: 1080, kind: 'image' });
    expect(asset.altText?.length).toBeGreaterThan(10);

    // A different field value is a different image.
    const other = await post('/api/render', { ...body, fields: { ...body.fields, title: 'Otro título para la audiencia' } });
    expect(other.headers.get('x-render-cache')).toBe('miss');
  });

  it('answers 404 for an unknown template and 422 for a format it does not have or a field over its limit', async () => {
    expect((await post('/api/render', { template: 'no-existe', fields: {}, format: 'ig_square' })).status).toBe(404);
    const t0 = announcement();
    const limited = t0.fields.find((f) => f.type === 'text' && f.maxLength)!;
    const res = await post('/api/render', { template: t0.id, fields: { ...sampleValues(t0), [limited.name]: 'x'.repeat(limited.maxLength! + 1) }, format: 'x_post' });
    expect(res.status).toBe(422);
    expect((await res.json()).error.message).toContain(limited.label);
    const before = await t.db.mediaAsset.count();
    expect((await post('/api/render', { template: 'qa_card', fields: {}, format: 'ig_square' })).status).toBe(422);
    expect(await t.db.mediaAsset.count()).toBe(before);
  });

  it('uses an uploaded photo by its media id, and refuses an id that is not an image', async () => {
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3a7d44' } }).jpeg().toBuffer();
    const form = new FormData();
    form.append('file', new File([photo], 'foto.jpg'));
    form.append('altText', 'Plaza principal del municipio');
    const uploaded = await (await t.app.request('/api/media', { method: 'POST', body: form })).json();
    const t0 = announcement();
    const imageField = t0.fields.find((f) => f.type === 'image')!;
    const ok = await post('/api/render', { template: t0.id, fields: { ...sampleValues(t0), [imageField.name]: uploaded.id }, format: 'x_post' });
    expect(ok.status).toBe(200);
    const bad = await post('/api/render', { template: t0.id, fields: { ...sampleValues(t0), [imageField.name]: 'no-existe' }, format: 'x_post' });
    expect(bad.status).toBe(422);
  });
});

describe('POST /api/render/preview', () => {
  it('answers a small PNG quickly and stores nothing', async () => {
    const before = await t.db.mediaAsset.count();
    const res = await post('/api/render/preview', { template: 'announcement', fields: sampleValues(announcement()), format: 'x_post' });
    expect(res.status).toBe(200);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect(meta.width).toBeLessThanOrEqual(640);
    expect(Math.abs(meta.width! / meta.height! - 1600 / 900)).toBeLessThan(0.02);
    expect(await t.db.mediaAsset.count()).toBe(before);
  });
});

describe('POST /api/pieces/:id/render-all', () => {
  it('renders the piece in the formats asked for, reporting progress as events', async () => {
    const tpl = listTemplates().find((x) => x.id === 'live_announcement')!;
    const piece = await (await post('/api/pieces', { kind: 'live_announcement', title: 'Transmisión de la audiencia', templateId: tpl.id, templateFields: sampleValues(tpl) })).json();
    const res = await post(`/api/pieces/${piece.id}/render-all`, { formats: ['x_post', 'ig_square', 'story'] });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    const progress = [...text.matchAll(/event: progress\ndata: (.+)\n/g)].map((m) => JSON.parse(m[1]!));
    expect(progress.map((p) => [p.done, p.total, p.format])).toEqual([
      [1, 3, 'x_post'],
      [2, 3, 'ig_square'],
      [3, 3, 'story'],
    ]);
    expect(text).toMatch(/event: done/);
    expect(await t.db.mediaAsset.count({ where: { pieceId: piece.id } })).toBe(3);
  });

  it('reports an error event for a piece without a template', async () => {
    const piece = await (await post('/api/pieces', { kind: 'poster', title: 'Afiche sin plantilla' })).json();
    const text = await (await post(`/api/pieces/${piece.id}/render-all`, {})).text();
    expect(text).toMatch(/event: error\ndata: .*no tiene plantilla/);
  });
});

describe('brand kit', () => {
  it('reports failing contrast pairs when saved, and a new kit renders anew', async () => {
    const { kit } = await (await t.app.request('/api/brand')).json();
    const body = { template: 'press_header', fields: sampleValues(listTemplates().find((x) => x.id === 'press_header')!), format: 'x_post' };
    await post('/api/render', body);
    const saved = await t.app.request('/api/brand', jsonRequest('PUT', { ...kit, colors: { ...kit.colors, text: '#999999', background: '#ffffff' } }));
    expect(saved.status).toBe(200);
    const { contrast } = await saved.json();
    expect(contrast.some((c: { ok: boolean; ratio: number }) => !c.ok && c.ratio < 4.5)).toBe(true);
    expect((await post('/api/render', body)).headers.get('x-render-cache')).toBe('miss');
  });

  it('refuses a logo with a script and keeps the kit as it was', async () => {
    const { kit } = await (await t.app.request('/api/brand')).json();
    const evil = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script><rect width="10" height="10"/></svg>';
    const res = await t.app.request('/api/brand', jsonRequest('PUT', { ...kit, logoSvg: evil }));
    expect(res.status).toBe(422);
    expect((await (await t.app.request('/api/brand')).json()).kit.logoSvg).toBe(kit.logoSvg);
  });
});

describe('brand kit page', () => {
  const form = (fields: Record<string, string>) => ({ method: 'POST', body: new URLSearchParams(fields), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  it('saves name, colors and fonts from the form, and refuses a color that is not #rrggbb', async () => {
    const { kit } = await (await t.app.request('/api/brand')).json();
    const fields = { municipality: 'Alcaldía de Santa Rosa', ...kit.colors, primary: '#22543d', font_heading: 'inter-extrabold', font_body: 'inter-regular' };
    const saved = await t.app.request('/marca', form(fields));
    expect(saved.status).toBe(303);
    const after = (await (await t.app.request('/api/brand')).json()).kit;
    expect(after).toMatchObject({ municipality: 'Alcaldía de Santa Rosa', colors: { primary: '#22543d' }, fonts: { heading: 'inter-extrabold', body: 'inter-regular' } });
    const bad = await t.app.request('/marca', form({ ...fields, primary: 'verde' }));
    expect(bad.status).toBe(422);
    expect((await (await t.app.request('/api/brand')).json()).kit.colors.primary).toBe('#22543d');
  });
});

describe('media uploads', () => {
  const upload = (bytes: Buffer, name: string) => {
    const form = new FormData();
    form.append('file', new File([bytes], name));
    return t.app.request('/api/media', { method: 'POST', body: form });
  };

  it('checks the type by content, not by name', async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).png().toBuffer();
    const renamed = await upload(png, 'video.mp4');
    expect(renamed.status).toBe(201);
    expect((await renamed.json()).mimeType).toBe('image/png');
    const fake = await upload(Buffer.from('<?php echo "hola"; ?>'), 'foto.jpg');
    expect(fake.status).toBe(415);
    expect((await fake.json()).error.message).toContain('no es una imagen');
  });

  it('serves the file and lets the alt text be edited', async () => {
    const png = await sharp({ create: { width: 12, height: 8, channels: 3, background: '#123456' } }).png().toBuffer();
    const asset = await (await upload(png, 'x.png')).json();
    const file = await t.app.request(asset.url);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    const patched = await t.app.request(`/api/media/${asset.id}`, jsonRequest('PATCH', { altText: 'Mapa de las comunas' }));
    expect((await patched.json()).altText).toBe('Mapa de las comunas');
  });
});
