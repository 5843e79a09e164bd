import { describe, expect, it } from 'vitest';
import { defaultBrandKit, getTemplate, renderTemplate, textCache, validateFields } from '../../../src/render/index.js';
import { TextRenderCache } from '../../../src/render/text-cache.js';

const item = (n: number) => ({ png: Buffer.alloc(n) });

describe('TextRenderCache', () => {
  it('makes each key once and serves it again', async () => {
    const cache = new TextRenderCache<{ png: Buffer }>(1000);
    let made = 0;
    const make = async () => (made++, item(10));
    const a = await cache.get('a', make);
    expect(await cache.get('a', make)).toBe(a);
    expect([made, cache.hits, cache.misses]).toEqual([1, 1, 1]);
  });

  it('drops the least recently used entries past its byte limit', async () => {
    const cache = new TextRenderCache<{ png: Buffer }>(100);
    await cache.get('a', async () => item(40));
    await cache.get('b', async () => item(40));
    await cache.get('a', async () => item(40)); // a is now the most recent
    await cache.get('c', async () => item(40)); // 120 bytes: b goes
    let remade = false;
    await cache.get('b', async () => ((remade = true), item(40)));
    expect(remade).toBe(true);
    expect(cache.size).toBeLessThanOrEqual(2);
  });
});

describe('renders with and without measured texts', () => {
  it('are the same image to the byte', async () => {
    const template = getTemplate('announcement');
    const values = validateFields(template, { title: 'Rendición de cuentas: ¿qué logramos?', subtitle: 'Años de gestión en cifras', when: '2026-12-10T09:00:00-05:00', place: 'Coliseo cubierto' });
    const request = { template, values, brand: defaultBrandKit, format: 'x_post' as const, output: 'png' as const };
    textCache.clear();
    const cold = await renderTemplate(request);
    const warm = await renderTemplate(request);
    expect(textCache.hits).toBeGreaterThan(0);
    expect(warm.buffer.equals(cold.buffer)).toBe(true);
  });
});
