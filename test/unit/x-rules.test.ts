import { describe, expect, it } from 'vitest';
import type { CheckInput, MediaFacts } from '../../src/channels/channel.js';
import { xChannel } from '../../src/channels/x/index.js';
import { threadParts, xLength } from '../../src/channels/x/rules.js';

const input = (over: Partial<CheckInput>): CheckInput => ({ title: null, text: '', link: null, options: {}, media: [], ...over });
const image = (over: Partial<MediaFacts> = {}): MediaFacts => ({ kind: 'image', mimeType: 'image/png', bytes: 200_000, width: 1200, height: 675, altText: 'Foto del parque', ...over });
const codes = (text: Partial<CheckInput>) => xChannel.check(input(text)).issues.map((i) => i.code);

/** A press release of several paragraphs, well over one post. */
const pressRelease = [
  'La Alcaldía de San Martín presenta su rendición de cuentas 2024. Durante el año se ejecutó el 87 % del plan de desarrollo, con énfasis en vías rurales, agua potable y educación.',
  'En vías se pavimentaron 14 kilómetros de caminos veredales y se construyeron tres puentes peatonales. Las obras beneficiaron a más de 6.000 familias campesinas del municipio.',
  'En agua potable, la planta de tratamiento del casco urbano amplió su capacidad en un 30 %. Ahora cinco veredas más reciben agua tratada las 24 horas del día.',
  'La audiencia pública será el 15 de marzo a las 9:00 a. m. en el coliseo municipal. La ciudadanía puede enviar preguntas desde hoy en la página web de la Alcaldía.',
].join('\n\n');

describe('X rules (check)', () => {
  it('counts the text as X does: a URL is 23 characters whatever its length', () => {
    const url = `https://sanmartin.gov.co/rendicion-de-cuentas/2024/informe-completo?utm_source=x&utm_medium=social&${'a'.repeat(200)}`;
    const result = xChannel.check(input({ text: `Informe: ${url}` }));
    expect(result.counters).toEqual([{ field: 'text', label: 'Caracteres en X', used: 'Informe: '.length + 23, limit: 280 }]);
    expect(result.issues).toEqual([]);
  });

  it('refuses a text over 280 without the thread option, saying by how much and suggesting the thread', () => {
    const result = xChannel.check(input({ text: 'a'.repeat(295) }));
    const tooLong = result.issues.find((i) => i.code === 'too_long');
    expect(tooLong?.severity).toBe('error');
    expect(tooLong?.message).toContain('sobran 15');
    expect(tooLong?.message).toContain('hilo');
    expect(result.counters[0]).toMatchObject({ used: 295, limit: 280 });
  });

  it('weights characters as X does (CJK and emoji count 2)', () => {
    expect(xLength('中文')).toBe(4);
    expect(xLength('😀')).toBe(2);
    expect(xLength('ñandú')).toBe(5);
  });

  it('splits a long text into a numbered thread on paragraph boundaries, every part within 280', () => {
    const result = xChannel.check(input({ text: pressRelease, options: { thread: true } }));
    const parts = result.parts ?? [];
    expect(result.issues).toEqual([]);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((p, i) => {
      expect(p.endsWith(` (${i + 1}/${parts.length})`)).toBe(true);
      expect(xLength(p)).toBeLessThanOrEqual(280);
    });
    // No paragraph is cut: each one is inside a single part.
    for (const paragraph of pressRelease.split('\n\n')) expect(parts.some((p) => p.includes(paragraph))).toBe(true);
    expect(result.counters.map((c) => c.label)).toEqual(parts.map((_, i) => `Parte ${i + 1} de ${parts.length}`));
  });

  it('falls back to sentences, then words, then characters when a unit does not fit', () => {
    const oneParagraph = pressRelease.replaceAll('\n\n', ' ');
    const bySentence = threadParts(oneParagraph);
    expect(bySentence.length).toBeGreaterThan(1);
    expect(bySentence[0]).toMatch(/\. \(1\/\d\)$/);
    const oneWord = 'x'.repeat(700);
    const parts = threadParts(oneWord);
    expect(parts.map((p) => p.replace(/ \(\d+\/\d+\)$/, '')).join('')).toBe(oneWord);
    for (const p of parts) expect(xLength(p)).toBeLessThanOrEqual(280);
  });

  it('reserves room for two-digit numbering when the thread has ten parts or more', () => {
    const words = Array.from({ length: 700 }, (_, i) => `palabra${i}`).join(' ');
    const parts = threadParts(words);
    expect(parts.length).toBeGreaterThanOrEqual(10);
    expect(parts.at(-1)).toMatch(new RegExp(` \\(${parts.length}/${parts.length}\\)$`));
    for (const p of parts) expect(xLength(p)).toBeLessThanOrEqual(280);
  });

  it('keeps a text that fits as one post even with the thread option, without numbering', () => {
    const result = xChannel.check(input({ text: 'Hoy rendimos cuentas.', options: { thread: true } }));
    expect(result.parts).toEqual(['Hoy rendimos cuentas.']);
  });

  it('refuses an empty post, and accepts images alone', () => {
    expect(codes({ text: '   ' })).toEqual(['empty']);
    expect(codes({ text: '', media: [image()] })).toEqual([]);
  });

  it('takes up to 4 images, each with alt text of at most 1,000 characters', () => {
    expect(codes({ text: 'Fotos', media: [image(), image(), image(), image()] })).toEqual([]);
    expect(codes({ text: 'Fotos', media: Array.from({ length: 5 }, () => image()) })).toEqual(['too_many_images']);
    const missing = xChannel.check(input({ text: 'Fotos', media: [image(), image({ altText: ' ' })] })).issues;
    expect(missing).toEqual([expect.objectContaining({ code: 'alt_missing', field: 'media', severity: 'error', message: expect.stringContaining('imagen 2') })]);
    expect(codes({ text: 'Foto', media: [image({ altText: 'a'.repeat(1001) })] })).toEqual(['alt_too_long']);
  });

  it('refuses videos, other files, unsupported image types, images over 5 MB and a GIF with other images', () => {
    const video: MediaFacts = { kind: 'video', mimeType: 'video/mp4', bytes: 1_000_000, width: 1920, height: 1080, altText: '' };
    const videoIssues = xChannel.check(input({ text: 'Video', media: [video] })).issues;
    expect(videoIssues.map((i) => i.code)).toEqual(['video_not_supported']);
    expect(videoIssues[0]?.message).toContain('YouTube');
    expect(codes({ text: 'Acta', media: [{ ...image(), kind: 'document', mimeType: 'application/pdf' }] })).toEqual(['media_kind']);
    expect(codes({ text: 'Foto', media: [image({ mimeType: 'image/tiff' })] })).toEqual(['image_type']);
    expect(codes({ text: 'Foto', media: [image({ bytes: 6 * 1024 * 1024 })] })).toEqual(['image_too_big']);
    expect(codes({ text: 'GIF', media: [image({ mimeType: 'image/gif' }), image()] })).toEqual(['gif_not_alone']);
  });

  it('warns that a title is not published, and counts the link appended to the text', () => {
    const result = xChannel.check(input({ title: 'Rendición de cuentas', text: 'Vea el informe', link: 'https://sanmartin.gov.co/informe' }));
    expect(result.issues).toEqual([expect.objectContaining({ code: 'title_ignored', severity: 'warning' })]);
    expect(result.counters[0]?.used).toBe('Vea el informe\n\n'.length + 23);
    // A link already in the text is not added twice.
    expect(xChannel.check(input({ text: 'Informe: https://sanmartin.gov.co/informe', link: 'https://sanmartin.gov.co/informe' })).counters[0]?.used).toBe('Informe: '.length + 23);
  });
});
