import { describe, expect, it } from 'vitest';
import type { CheckInput, MediaFacts } from '../../src/channels/channel.js';
import { nextPacificMidnight } from '../../src/channels/youtube/errors.js';
import { youtubeChannel } from '../../src/channels/youtube/index.js';
import { tagCharacters } from '../../src/channels/youtube/rules.js';

const now = new Date('2026-03-01T15:00:00Z');
const mp4: MediaFacts = { kind: 'video', mimeType: 'video/mp4', bytes: 50_000_000, width: 1920, height: 1080, altText: '' };
const thumbnail: MediaFacts = { kind: 'image', mimeType: 'image/jpeg', bytes: 300_000, width: 1280, height: 720, altText: '' };

function input(over: Partial<CheckInput> = {}): CheckInput {
  return { title: 'Rendición de cuentas 2025', text: 'Informe de gestión de la alcaldía.', link: null, options: {}, media: [mp4], event: null, now, ...over };
}

const codes = (over: Partial<CheckInput> = {}) => youtubeChannel.check(input(over)).issues.map((i) => i.code);

describe('YouTube check', () => {
  it('accepts a titled MP4 with a good thumbnail and counts title and description', () => {
    const result = youtubeChannel.check(input({ media: [mp4, thumbnail], text: 'Acción', link: 'https://a.co' }));
    expect(result.issues).toEqual([]);
    expect(result.counters).toEqual([
      { field: 'title', label: 'Título', used: 25, limit: 100 },
      // "Acción\n\nhttps://a.co": 20 characters, 21 bytes (the ó is 2).
      { field: 'text', label: 'Descripción (bytes)', used: 21, limit: 5000 },
    ]);
  });

  it('requires a title of at most 100 characters without < or >', () => {
    expect(codes({ title: null })).toEqual(['title_required']);
    expect(codes({ title: 'a'.repeat(100) })).toEqual([]);
    expect(codes({ title: 'a'.repeat(101) })).toEqual(['title_too_long']);
    expect(codes({ title: 'Informe <2025>' })).toEqual(['title_angle_brackets']);
  });

  it('counts the description in UTF-8 bytes, not characters', () => {
    expect(codes({ text: 'a'.repeat(5000) })).toEqual([]);
    const accented = 'ñ'.repeat(2501); // 2,501 characters, 5,002 bytes
    expect(codes({ text: accented })).toEqual(['description_too_long']);
    expect(youtubeChannel.check(input({ text: accented })).counters[1]).toMatchObject({ used: 5002, limit: 5000 });
    expect(codes({ text: 'Vea <aquí>' })).toEqual(['description_angle_brackets']);
  });

  it('counts tags as YouTube does: commas between them and quotes around tags with spaces', () => {
    expect(tagCharacters(['Foo-Baz'])).toBe(7);
    expect(tagCharacters(['Foo Baz'])).toBe(9);
    expect(tagCharacters(['a', 'b'])).toBe(3);
    const tags = Array.from({ length: 50 }, (_, i) => `etiqueta ${String(i).padStart(2, '0')}`); // 50 × (11 + 2) + 49 = 699
    expect(codes({ options: { tags } })).toEqual(['tags_too_long']);
    expect(codes({ options: { tags: tags.slice(0, 35) } })).toEqual([]); // 35 × 13 + 34 = 489
  });

  it('in video mode needs exactly one MP4 and at most one JPEG/PNG thumbnail up to 2 MB', () => {
    expect(codes({ media: [] })).toEqual(['video_required']);
    expect(codes({ media: [mp4, mp4] })).toEqual(['one_video_only']);
    expect(codes({ media: [{ ...mp4, mimeType: 'video/quicktime' }] })).toEqual(['video_format']);
    expect(codes({ media: [mp4, thumbnail, thumbnail] })).toEqual(['one_thumbnail_only']);
    expect(codes({ media: [mp4, { ...thumbnail, mimeType: 'image/webp' }] })).toEqual(['thumbnail_format']);
    expect(codes({ media: [mp4, { ...thumbnail, bytes: 2 * 1024 * 1024 + 1 }] })).toEqual(['thumbnail_too_big']);
    expect(codes({ media: [mp4, { ...thumbnail, kind: 'document', mimeType: 'application/pdf' }] })).toEqual(['media_unsupported']);
  });

  it('warns about a thumbnail under 640 pixels wide', () => {
    const [issue] = youtubeChannel.check(input({ media: [mp4, { ...thumbnail, width: 480, height: 270 }] })).issues;
    expect(issue).toMatchObject({ code: 'thumbnail_small', severity: 'warning' });
  });

  it('needs a future publishAt for a scheduled video', () => {
    expect(codes({ options: { publishAt: '2026-03-02T12:00:00Z' } })).toEqual([]);
    expect(codes({ options: { publishAt: '2026-03-01T14:59:00Z' } })).toEqual(['publish_at_past']);
    expect(codes({ options: { publishAt: 'mañana' } })).toEqual(['publish_at_invalid']);
    expect(codes({ options: { publishAt: '2026-03-02T12:00:00Z', privacy: 'unlisted' } })).toEqual(['publish_at_makes_public']);
  });

  it('in live mode needs an event that has not started, and no video', () => {
    const live = { youtubeMode: 'live' as const };
    expect(codes({ options: live, media: [], event: { startsAt: new Date('2026-03-05T14:00:00Z') } })).toEqual([]);
    expect(codes({ options: live, media: [] })).toEqual(['event_required']);
    expect(codes({ options: live, media: [], event: { startsAt: new Date('2026-03-01T14:00:00Z') } })).toEqual(['event_past']);
    expect(codes({ options: live, media: [mp4], event: { startsAt: new Date('2026-03-05T14:00:00Z') } })).toEqual(['live_no_video']);
  });

  it('speaks Spanish', () => {
    const [issue] = youtubeChannel.check(input({ title: 'a'.repeat(101) })).issues;
    expect(issue!.message).toBe('El título tiene 101 caracteres; YouTube admite máximo 100.');
  });
});

describe('nextPacificMidnight', () => {
  it('is 08:00 UTC in winter (PST) and 07:00 UTC in summer (PDT)', () => {
    expect(nextPacificMidnight(new Date('2026-01-15T20:00:00Z')).toISOString()).toBe('2026-01-16T08:00:00.000Z');
    expect(nextPacificMidnight(new Date('2026-07-15T20:00:00Z')).toISOString()).toBe('2026-07-16T07:00:00.000Z');
  });

  it('uses the Pacific calendar day, not the UTC one', () => {
    // 03:00 UTC on the 16th is still the evening of the 15th in California.
    expect(nextPacificMidnight(new Date('2026-07-16T03:00:00Z')).toISOString()).toBe('2026-07-16T07:00:00.000Z');
  });

  it('crosses the daylight-saving change on the right offset', () => {
    // 2026-03-08 02:00 PST → PDT: the next midnight after the 7th is still PST, after the 8th PDT.
    expect(nextPacificMidnight(new Date('2026-03-07T20:00:00Z')).toISOString()).toBe('2026-03-08T08:00:00.000Z');
    expect(nextPacificMidnight(new Date('2026-03-08T20:00:00Z')).toISOString()).toBe('2026-03-09T07:00:00.000Z');
  });
});
