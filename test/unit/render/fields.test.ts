import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/errors.js';
import { defaultAltText, getTemplate, validateFields } from '../../../src/render/index.js';

const announcement = getTemplate('announcement');
const figures = getTemplate('key_figures');
const invitation = getTemplate('hearing_invitation');
const base = { title: 'Audiencia pública', when: '2026-12-10T09:00:00-05:00', place: 'Teatro Municipal' };
const fig = (n: number) => Array.from({ length: n }, (_, i) => ({ figure: `${i + 1}0 %`, label: `indicador ${i + 1}` }));

function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

describe('validateFields', () => {
  it('normalizes values: trimmed NFC text, UTC date-times, absent optional fields as null', () => {
    const v = validateFields(announcement, { ...base, title: '  Audiencia\n pública  ', subtitle: '', extra: 'ignored', when: '2026-12-10T09:00-05:00' });
    expect(v).toEqual({ title: 'Audiencia pública', subtitle: null, when: '2026-12-10T14:00:00.000Z', place: 'Teatro Municipal', photo: null });
    expect(validateFields(announcement, { ...base, title: 'Rendicio\u0301n' }).title).toBe('Rendición');
    expect(validateFields(announcement, { ...base, when: new Date('2026-12-10T14:00:00Z') }).when).toBe('2026-12-10T14:00:00.000Z');
  });

  it('refuses a missing required field naming its Spanish label', () => {
    const err = failure(() => validateFields(announcement, { ...base, title: '   ' }));
    expect(err).toMatchObject({ code: 'unprocessable', status: 422, details: { field: 'title' } });
    expect(err.message).toContain('«Título»');
    expect(err.message).toContain('obligatorio');
  });

  it('refuses text over maxLength, counting characters, not bytes', () => {
    expect(validateFields(announcement, { ...base, title: 'ñ'.repeat(90) }).title).toHaveLength(90);
    const err = failure(() => validateFields(announcement, { ...base, title: 'ñ'.repeat(91) }));
    expect(err).toMatchObject({ status: 422, details: { field: 'title' } });
    expect(err.message).toContain('90');
  });

  it('refuses values of the wrong type', () => {
    expect(failure(() => validateFields(announcement, { ...base, title: 42 })).details).toEqual({ field: 'title' });
    expect(failure(() => validateFields(announcement, { ...base, photo: 'foto.jpg' })).details).toEqual({ field: 'photo' });
    expect(failure(() => validateFields(announcement, { ...base, photo: { bytes: Buffer.from('no es imagen'), mimeType: 'image/png' } })).details).toEqual({ field: 'photo' });
    expect(failure(() => validateFields(announcement, [] as unknown as Record<string, unknown>)).status).toBe(422);
  });

  it('parses date-times only as ISO 8601 with an offset, and real calendar dates', () => {
    for (const bad of ['2026-12-10 09:00', '2026-12-10T09:00:00', '10/12/2026 9:00', '2026-02-30T09:00:00-05:00', '2026-13-01T09:00:00Z', '2026-12-10T25:00:00Z']) {
      const err = failure(() => validateFields(announcement, { ...base, when: bad }));
      expect(err).toMatchObject({ details: { field: 'when' } });
      expect(err.message).toContain('«Fecha y hora»');
    }
    expect(validateFields(announcement, { ...base, when: '2028-02-29T23:30:00.5+00:00' }).when).toBe('2028-02-29T23:30:00.500Z');
  });

  it('needs 3 to 8 figures, each with a figure and a label', () => {
    for (const n of [3, 8]) expect(validateFields(figures, { title: 'Cifras', figures: fig(n) }).figures).toHaveLength(n);
    for (const n of [2, 9]) {
      const err = failure(() => validateFields(figures, { title: 'Cifras', figures: fig(n) }));
      expect(err).toMatchObject({ details: { field: 'figures', count: n } });
      expect(err.message).toContain('entre 3 y 8');
      expect(err.message).toContain('«Cifras»');
    }
    const noLabel = [...fig(2), { figure: '12', label: ' ' }];
    expect(failure(() => validateFields(figures, { title: 'Cifras', figures: noLabel })).details).toMatchObject({ field: 'figures', index: 2 });
    const numeric = validateFields(figures, { title: 'Cifras', figures: [{ figure: 12, label: 'parques' }, ...fig(2)] });
    expect((numeric.figures as { figure: string }[])[0]!.figure).toBe('12');
  });

  it('checks web addresses for the QR code', () => {
    const v = { event: 'Audiencia', when: base.when, place: 'Teatro' };
    expect(validateFields(invitation, { ...v, streamUrl: 'https://youtube.com/live/abc' }).streamUrl).toBe('https://youtube.com/live/abc');
    for (const bad of ['javascript:alert(1)', 'youtube.com/live', 'ftp://x.org/a']) {
      expect(failure(() => validateFields(invitation, { ...v, streamUrl: bad })).details).toEqual({ field: 'streamUrl' });
    }
  });
});

describe('defaultAltText', () => {
  it('is a Spanish sentence from the fields, leaving out empty ones', () => {
    const alt = defaultAltText(announcement, validateFields(announcement, base));
    expect(alt).toBe('Anuncio: «Audiencia pública». Jueves 10 de diciembre de 2026, 9:00 a. m., en Teatro Municipal.');
    expect(alt).toContain('Jueves 10 de diciembre de 2026, 9:00 a. m., en Teatro Municipal.');
    expect(alt).not.toContain('fotografía');
    expect(alt).not.toContain('{');
    expect(defaultAltText(announcement, validateFields(announcement, base), 'Europe/Madrid')).toContain('Jueves 10 de diciembre de 2026, 3:00 p. m.');
  });

  it('lists the figures', () => {
    const alt = defaultAltText(figures, { title: 'Resultados', figures: fig(3), source: 'Fuente: Planeación' });
    expect(alt).toContain('10 % indicador 1; 20 % indicador 2; 30 % indicador 3');
    expect(alt).toContain('Fuente: Planeación.');
  });
});
