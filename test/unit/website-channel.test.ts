import { describe, expect, it } from 'vitest';
import { ChannelError, type CheckInput, type MediaFacts, type OutgoingVariant, type PublishContext } from '../../src/channels/channel.js';
import { websiteChannel } from '../../src/channels/website/index.js';
import { newsSlug, slugify } from '../../src/channels/website/slug.js';
import { loadConfig } from '../../src/config.js';
import { parseArticleText, summarize } from '../../src/website/article-text.js';

const image = (over: Partial<MediaFacts> = {}): MediaFacts => ({ kind: 'image', mimeType: 'image/png', bytes: 10, width: 4, height: 3, altText: 'Plaza principal', ...over });
const input = (over: Partial<CheckInput> = {}): CheckInput => ({ title: 'Rendición de cuentas 2026', text: 'Texto de la noticia.', link: null, options: {}, media: [], ...over });
const codes = (over: Partial<CheckInput>) => websiteChannel.check(input(over)).issues.map((i) => `${i.severity}:${i.code}`);

describe('website channel: check', () => {
  it('accepts a complete news item and shows the title and text counters', () => {
    const result = websiteChannel.check(input({ title: 'Año nuevo 😀', text: 'Hola', link: 'https://www.sanmartin.gov.co/x', media: [image(), image({ mimeType: 'image/webp' })] }));
    expect(result.issues).toEqual([]);
    expect(result.counters).toEqual([
      { field: 'title', label: 'Título', used: 11, limit: 200 },
      { field: 'text', label: 'Texto de la noticia', used: 4, limit: 100_000 },
    ]);
  });

  it('warns that the piece title is used when the variant has none', () => {
    const [issue] = websiteChannel.check(input({ title: '  ' })).issues;
    expect(issue).toMatchObject({ field: 'title', code: 'title_from_piece', severity: 'warning' });
    expect(issue?.message).toContain('título de la pieza');
  });

  it('refuses a title over 200 and a text over 100,000 characters, and an empty text', () => {
    expect(codes({ title: 'a'.repeat(200) })).toEqual([]);
    expect(codes({ title: 'a'.repeat(201) })).toEqual(['error:title_too_long']);
    expect(websiteChannel.check(input({ title: 'a'.repeat(201) })).issues[0]?.message).toBe('El título tiene 201 caracteres; el máximo es 200.');
    expect(codes({ text: 'b'.repeat(100_000) })).toEqual([]);
    expect(codes({ text: 'b'.repeat(100_001) })).toEqual(['error:text_too_long']);
    expect(codes({ text: ' \n ' })).toEqual(['error:text_required']);
  });

  it('needs alt text on every image and takes only JPEG, PNG and WebP images', () => {
    expect(codes({ media: [image({ altText: ' ' })] })).toEqual(['error:alt_text_required']);
    expect(codes({ media: [image({ mimeType: 'image/svg+xml' })] })).toEqual(['error:media_type']);
    expect(codes({ media: [image({ kind: 'video', mimeType: 'video/mp4' })] })).toEqual(['error:media_type']);
    expect(websiteChannel.check(input({ media: [image(), image({ altText: '' })] })).issues[0]?.message).toContain('El archivo 2 no tiene texto alternativo');
  });

  it('takes only an http(s) link', () => {
    expect(codes({ link: 'http://example.org' })).toEqual([]);
    expect(codes({ link: 'javascript:alert(1)' })).toEqual(['error:link_invalid']);
    expect(codes({ link: 'www.example.org' })).toEqual(['error:link_invalid']);
  });
});

describe('website channel: slug and publish', () => {
  it('folds accents, joins words with "-" and cuts on a word within 80 characters', () => {
    expect(slugify('¡Rendición de Cuentas: Año 2026, en San Martín!')).toBe('rendicion-de-cuentas-ano-2026-en-san-martin');
    const long = slugify('Palabra '.repeat(20));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^(palabra-)*palabra$/);
    expect(slugify('x'.repeat(100))).toBe('x'.repeat(80));
    expect(newsSlug('😀', 'clx0000000000abcdef')).toBe('noticia-abcdef');
  });

  const settings = loadConfig({ PREGON_PUBLIC_URL: 'https://pregon.example.gov.co/' }).channels;
  const ctx: PublishContext = {
    settings,
    credentials: { accessToken: '', refreshToken: null, expiresAt: null, remoteAccountId: null },
    account: { id: 'a', label: 'Sitio web', remoteAccountId: null, sandbox: false },
    progress: null,
    saveProgress: async () => {},
  };
  const outgoing = (over: Partial<OutgoingVariant> = {}): OutgoingVariant => ({
    pieceId: 'cm9piece000000000a1b2c3',
    pieceKind: 'press_release',
    pieceTitle: 'Título de la pieza',
    pieceBody: '',
    title: 'Feria de Emprendimiento',
    text: 'Texto.',
    link: null,
    options: {},
    media: [],
    event: null,
    ...over,
  });

  it('returns the same slug and URL on a retry, and different ones for two pieces with the same title', async () => {
    const first = await websiteChannel.publish(ctx, outgoing());
    const retry = await websiteChannel.publish(ctx, outgoing());
    const other = await websiteChannel.publish(ctx, outgoing({ pieceId: 'cm9piece000000000zzzzzz' }));
    expect(first.remoteId).toBe('feria-de-emprendimiento-a1b2c3');
    expect(first.url).toBe('https://pregon.example.gov.co/noticias/feria-de-emprendimiento-a1b2c3');
    expect(first.raw).toEqual({ slug: first.remoteId });
    expect(retry.remoteId).toBe(first.remoteId);
    expect(other.remoteId).toBe('feria-de-emprendimiento-zzzzzz');
  });

  it('uses the piece title when the variant has none', async () => {
    expect((await websiteChannel.publish(ctx, outgoing({ title: '' }))).remoteId).toBe('titulo-de-la-pieza-a1b2c3');
  });

  it('refuses what check refuses, as a rejected ChannelError with the codes kept', async () => {
    const error = await websiteChannel.publish(ctx, outgoing({ text: '', pieceTitle: ' ', title: null })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ kind: 'rejected', reason: 'title_required,text_required' });
    expect((error as Error).message).toBe('La noticia necesita un título. Escriba el texto de la noticia.');
  });

  it('has nothing remote: no account, metrics empty, credentials unchanged', async () => {
    const credentials = { accessToken: 't', refreshToken: 'r', expiresAt: null, remoteAccountId: null };
    expect(websiteChannel.needsAccount).toBe(false);
    expect(websiteChannel.oauth).toBeUndefined();
    expect(await websiteChannel.fetchMetrics(ctx, [{ remoteId: 'x', raw: {} }])).toEqual(new Map());
    expect(await websiteChannel.refresh(settings, credentials)).toEqual({ accessToken: 't', refreshToken: 'r', expiresAt: null });
  });
});

describe('article text', () => {
  it('splits paragraphs on blank lines, keeps line breaks and reads "# " and "## " lines as headings', () => {
    expect(parseArticleText('# Contexto\nPrimera línea\r\nsegunda línea\n\n\n## Detalles\nÚltimo párrafo\n#sinespacio\n### no es título')).toEqual([
      { kind: 'heading', level: 2, text: 'Contexto' },
      { kind: 'paragraph', lines: ['Primera línea', 'segunda línea'] },
      { kind: 'heading', level: 3, text: 'Detalles' },
      { kind: 'paragraph', lines: ['Último párrafo', '#sinespacio', '### no es título'] },
    ]);
  });

  it('summarizes the paragraphs on a whole word, leaving headings out unless there is nothing else', () => {
    expect(summarize('# Título\n\nCorto.\n## Otro\nFin.')).toBe('Corto. Fin.');
    expect(summarize('# Solo un título')).toBe('Solo un título');
    const summary = summarize(`${'palabra '.repeat(30)}final`, 50);
    expect(summary).toBe(`${'palabra '.repeat(6).trim()}…`);
  });
});
