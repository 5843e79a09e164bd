import { describe, expect, it } from 'vitest';
import type { CheckInput, MediaFacts } from '../../src/channels/channel.js';
import { regainAccessAt } from '../../src/channels/facebook/graph.js';
import { checkFacebook, FACEBOOK_TEXT_LIMIT, messageFor } from '../../src/channels/facebook/rules.js';

const input = (fields: Partial<CheckInput>): CheckInput => ({ title: null, text: '', link: null, options: {}, media: [], ...fields });
const photo = (fields: Partial<MediaFacts> = {}): MediaFacts => ({ kind: 'image', mimeType: 'image/jpeg', bytes: 200_000, width: 1200, height: 630, altText: 'Descripción', ...fields });
const codes = (i: CheckInput) => checkFacebook(i).issues.map((issue) => `${issue.severity}:${issue.code}`);

describe('Facebook check()', () => {
  it('accepts text up to 63,206 characters and counts emoji as one', () => {
    const result = checkFacebook(input({ text: 'a'.repeat(FACEBOOK_TEXT_LIMIT - 1) + '🎉' }));
    expect(result.issues).toEqual([]);
    expect(result.counters).toEqual([{ field: 'text', label: 'Texto de la publicación', used: 63_206, limit: 63_206 }]);
  });

  it('refuses text over 63,206 characters, in Spanish', () => {
    const result = checkFacebook(input({ text: 'a'.repeat(FACEBOOK_TEXT_LIMIT + 1) }));
    expect(result.counters[0]?.used).toBe(63_207);
    expect(result.issues).toEqual([expect.objectContaining({ field: 'text', code: 'text_too_long', severity: 'error', message: expect.stringMatching(/63\.207 caracteres.*63\.206/) })]);
  });

  it('refuses an empty post', () => {
    expect(codes(input({ text: '   ' }))).toEqual(['error:empty']);
    expect(codes(input({ link: 'https://alcaldia.gov.co' }))).toEqual([]);
    expect(codes(input({ media: [photo()] }))).toEqual([]);
  });

  it('refuses a link that is not http(s)', () => {
    expect(codes(input({ text: 'Hola', link: 'ftp://alcaldia.gov.co/acta.pdf' }))).toEqual(['error:link_invalid']);
    expect(codes(input({ text: 'Hola', link: 'alcaldia.gov.co' }))).toEqual(['error:link_invalid']);
    expect(codes(input({ text: 'Hola', link: 'http://alcaldia.gov.co' }))).toEqual([]);
  });

  it('refuses more than 10 images', () => {
    expect(codes(input({ media: Array.from({ length: 10 }, () => photo()) }))).toEqual([]);
    expect(codes(input({ media: Array.from({ length: 11 }, () => photo()) }))).toEqual(['error:too_many_images']);
  });

  it('requires alt text on every image, naming the image', () => {
    const result = checkFacebook(input({ media: [photo(), photo({ altText: '  ' })] }));
    expect(result.issues).toEqual([expect.objectContaining({ code: 'alt_missing', severity: 'error', message: expect.stringContaining('La imagen 2') })]);
  });

  it('accepts the documented photo formats up to 4 MB, and warns about big PNG', () => {
    expect(codes(input({ media: [photo({ mimeType: 'image/webp' })] }))).toEqual(['error:image_type']);
    expect(codes(input({ media: [photo({ mimeType: 'image/gif' })] }))).toEqual([]);
    expect(codes(input({ media: [photo({ bytes: 4 * 1024 * 1024 + 1 })] }))).toEqual(['error:image_too_large']);
    expect(codes(input({ media: [photo({ mimeType: 'image/png', bytes: 2 * 1024 * 1024 })] }))).toEqual(['warning:png_large']);
  });

  it('refuses video here', () => {
    expect(codes(input({ text: 'Mire el video', media: [photo({ kind: 'video', mimeType: 'video/mp4' })] }))).toEqual(['error:media_unsupported']);
  });

  it('with photos, warns that the link goes in the text, and counts it', () => {
    const result = checkFacebook(input({ text: 'Feria', link: 'https://alcaldia.gov.co/feria', media: [photo()] }));
    expect(result.issues.map((i) => i.code)).toEqual(['link_in_text']);
    expect(result.counters[0]?.used).toBe('Feria\n\nhttps://alcaldia.gov.co/feria'.length);
  });

  it('warns that a title is not published', () => {
    expect(codes(input({ title: 'Título', text: 'Hola' }))).toEqual(['warning:title_ignored']);
  });
});

describe('messageFor', () => {
  it('adds the link only with photos, and only once', () => {
    expect(messageFor('Hola', 'https://a.co', 0)).toBe('Hola');
    expect(messageFor('Hola', 'https://a.co', 2)).toBe('Hola\n\nhttps://a.co');
    expect(messageFor('Vea https://a.co', 'https://a.co', 2)).toBe('Vea https://a.co');
    expect(messageFor('', 'https://a.co', 1)).toBe('https://a.co');
  });
});

describe('regainAccessAt', () => {
  const now = new Date('2025-03-01T12:00:00Z');
  const at = (headers: Record<string, string>) => regainAccessAt(new Headers(headers), now).toISOString();

  it('takes the longest estimated_time_to_regain_access (minutes) of the usage headers', () => {
    const buc = { '123': [{ type: 'pages', call_count: 100, total_cputime: 40, total_time: 40, estimated_time_to_regain_access: 7 }, { type: 'pages', estimated_time_to_regain_access: 12 }] };
    expect(at({ 'x-business-use-case-usage': JSON.stringify(buc) })).toBe('2025-03-01T12:12:00.000Z');
    expect(at({ 'x-page-usage': JSON.stringify({ call_count: 100, estimated_time_to_regain_access: 3 }) })).toBe('2025-03-01T12:03:00.000Z');
  });

  it('waits an hour when no header says how long', () => {
    expect(at({})).toBe('2025-03-01T13:00:00.000Z');
    expect(at({ 'x-app-usage': '{"call_count":100,"total_time":5,"total_cputime":5}', 'x-business-use-case-usage': 'not json' })).toBe('2025-03-01T13:00:00.000Z');
  });
});
