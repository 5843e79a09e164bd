import { describe, expect, it } from 'vitest';
import { columnFor, matchHeader } from '../../src/pieces/bulk/columns.js';
import { readActivityRef, readDate, readFields, readKind, readTime } from '../../src/pieces/bulk/values.js';

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }) => (r.ok ? r.value : `ERROR: ${r.message}`);

describe('column names', () => {
  it('match without case, accents or separators', () => {
    for (const cell of ['Título', 'TITULO', ' titulo ']) expect(columnFor(cell)).toBe('titulo');
    for (const cell of ['Texto X', 'texto-x', 'texto_x', 'TEXTO  X']) expect(columnFor(cell)).toBe('texto_x');
    expect(columnFor('Título web')).toBe('titulo_web');
    expect(columnFor('Descripción YouTube')).toBe('texto_youtube');
    expect(columnFor('Observaciones')).toBeNull();
  });

  it('need tipo and titulo to make a header; unknown and repeated columns are reported', () => {
    expect(matchHeader(['actividad', 'titulo'])).toBeNull();
    const header = matchHeader(['Actividad', 'Tipo', 'Título', 'Notas', 'titulo', '']);
    expect(header).toEqual({ columns: { actividad: 0, tipo: 1, titulo: 2 }, unknown: ['Notas'], duplicate: ['titulo'] });
  });
});

describe('readKind', () => {
  it('takes the Spanish label (any case, any accents) or the key', () => {
    expect(value(readKind('Comunicado de prensa'))).toBe('press_release');
    expect(value(readKind('INFOGRAFIA'))).toBe('infographic');
    expect(value(readKind('cuña radial'))).toBe('radio_spot');
    expect(value(readKind('press_release'))).toBe('press_release');
    expect(value(readKind('live announcement'))).toBe('live_announcement');
  });

  it('names the valid kinds when the kind is unknown, and asks for it when empty', () => {
    expect(value(readKind('Volante'))).toMatch(/^ERROR: El tipo «Volante» no existe\. Use uno de: Comunicado de prensa, Infografía, /);
    expect(value(readKind(''))).toBe('ERROR: Falta el tipo de pieza.');
  });
});

describe('readDate', () => {
  it('reads YYYY-MM-DD and DD/MM/YYYY', () => {
    expect(value(readDate('2026-11-24'))).toEqual({ date: '2026-11-24', time: null });
    expect(value(readDate('24/11/2026'))).toEqual({ date: '2026-11-24', time: null });
    expect(value(readDate('5/3/2026'))).toEqual({ date: '2026-03-05', time: null });
    expect(value(readDate('29/02/2028'))).toEqual({ date: '2028-02-29', time: null });
  });

  it('keeps a time that comes with the date (an Excel cell holding both)', () => {
    expect(value(readDate('24/11/2026 15:30'))).toEqual({ date: '2026-11-24', time: '15:30' });
  });

  it('refuses days that do not exist and other formats, never guessing', () => {
    for (const bad of ['31/02/2026', '29/02/2027', '2026-13-01', '11/24/2026', '24-11-2026', 'noviembre de 2026', '2026/11/24']) {
      expect(value(readDate(bad))).toMatch(/^ERROR: La fecha .* no es válida: escríbala como AAAA-MM-DD/);
    }
  });
});

describe('readTime', () => {
  it('reads 24-hour times and 12-hour times with a. m. / p. m. as Colombia writes them', () => {
    expect(value(readTime('15:00'))).toBe('15:00');
    expect(value(readTime('7:05'))).toBe('07:05');
    expect(value(readTime('09:00:00'))).toBe('09:00');
    expect(value(readTime('3:00 p. m.'))).toBe('15:00');
    expect(value(readTime('3:00\u00a0p.\u00a0m.'))).toBe('15:00');
    expect(value(readTime('12:15 a. m.'))).toBe('00:15');
    expect(value(readTime('12:00 p.m.'))).toBe('12:00');
    expect(value(readTime('8:30 AM'))).toBe('08:30');
    expect(value(readTime('11:45 pm'))).toBe('23:45');
  });

  it('refuses impossible times', () => {
    for (const bad of ['25:00', '10:60', '13:00 p. m.', '0:30 a. m.', 'mediodía', '1500']) {
      expect(value(readTime(bad))).toMatch(/^ERROR: La hora .* no es válida/);
    }
  });
});

describe('readFields', () => {
  it('reads a JSON object, keeping its types', () => {
    expect(value(readFields('{"title": "Cifras", "count": 3, "figures": [{"figure": "12", "label": "Ferias"}]}'))).toEqual({
      title: 'Cifras',
      count: 3,
      figures: [{ figure: '12', label: 'Ferias' }],
    });
  });

  it('reads campo=valor pairs separated by semicolons or lines; the value is all after the first =', () => {
    expect(value(readFields('place=Teatro Municipal; subtitle = Participe\nurl=https://x.co/?a=1'))).toEqual({
      place: 'Teatro Municipal',
      subtitle: 'Participe',
      url: 'https://x.co/?a=1',
    });
  });

  it('explains bad JSON, a list, a pair without a name and a repeated field', () => {
    expect(value(readFields('{"title": "sin cerrar"'))).toMatch(/^ERROR: Los campos no son un JSON válido \((revise cerca del carácter \d+|está incompleto)\)\. Escríbalos como/);
    expect(value(readFields('{"title" "x"}'))).toBe('ERROR: Los campos no son un JSON válido (revise cerca del carácter 10). Escríbalos como {"campo": "valor"} o como campo=valor; campo=valor.');
    expect(value(readFields('["a"]'))).toBe('ERROR: Los campos deben ser un objeto JSON ({"campo": "valor"}), no una lista.');
    expect(value(readFields('Teatro Municipal'))).toMatch(/^ERROR: No se entiende «Teatro Municipal» en los campos/);
    expect(value(readFields('a=1; a=2'))).toBe('ERROR: El campo «a» aparece dos veces.');
  });
});

describe('readActivityRef', () => {
  it('reads a position, with or without the description after it', () => {
    expect(readActivityRef('1.3')).toEqual({ position: [1, 3], text: '' });
    expect(readActivityRef('2.10 Publicación de encuesta')).toEqual({ position: [2, 10], text: 'Publicación de encuesta' });
    expect(readActivityRef('4.4 - Publicar resultados')).toEqual({ position: [4, 4], text: 'Publicar resultados' });
  });

  it('takes anything else as the start of a description', () => {
    expect(readActivityRef('Elaborar informe de gestión')).toEqual({ position: null, text: 'Elaborar informe de gestión' });
    expect(readActivityRef('1.3x')).toEqual({ position: null, text: '1.3x' });
  });
});
