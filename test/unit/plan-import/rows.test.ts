import { describe, expect, it } from 'vitest';
import { recognizeHeader } from '../../../src/plan/import/header.js';
import { decodeBytes, splitDelimited, textToRows } from '../../../src/plan/import/rows.js';

describe('splitDelimited', () => {
  it('reads quoted fields with "" escapes, delimiters and line breaks inside', () => {
    const rows = splitDelimited('a;"b;c";"dijo ""sí""";"uno\r\ndos"\r\nx;y\r\n', ';');
    expect(rows).toEqual([
      { cells: ['a', 'b;c', 'dijo "sí"', 'uno\ndos'], line: 1 },
      { cells: ['x', 'y'], line: 3 },
    ]);
  });

  it('numbers rows by the line they start on, keeping blank lines as rows', () => {
    const rows = splitDelimited('h1,h2\n\n"multi\nline\nvalue",2\nlast,3', ',');
    expect(rows.map((r) => [r.line, r.cells])).toEqual([[1, ['h1', 'h2']], [2, ['']], [3, ['multi\nline\nvalue', '2']], [6, ['last', '3']]]);
  });

  it('accepts old Mac line endings', () => {
    expect(splitDelimited('a\tb\rc\td\r', '\t').map((r) => r.line)).toEqual([1, 2]);
  });

  it('keeps quotes that do not open a field, or are never closed, as text', () => {
    expect(splitDelimited('Programa "Mi barrio"\tPrensa\n', '\t')[0]!.cells).toEqual(['Programa "Mi barrio"', 'Prensa']);
    const rows = splitDelimited('"Alcaldía en tu barrio\tPrensa\nFerias\tPlaneación\n', '\t');
    expect(rows).toEqual([
      { cells: ['"Alcaldía en tu barrio', 'Prensa'], line: 1 },
      { cells: ['Ferias', 'Planeación'], line: 2 },
    ]);
  });

  it('keeps empty trailing fields', () => {
    expect(splitDelimited('Diálogo\t\t\t\n', '\t')[0]!.cells).toEqual(['Diálogo', '', '', '']);
  });
});

describe('textToRows delimiter detection', () => {
  const header = 'Componente;Actividad;Meta;Responsables';
  it('picks ";" when that gives the header, even with commas in the text', () => {
    const rows = textToRows(`Plan de acción, versión 2, 2026\n${header}\nA;Publicar, difundir;Meta, uno;Prensa`);
    expect(rows[2]!.cells).toEqual(['A', 'Publicar, difundir', 'Meta, uno', 'Prensa']);
  });

  it('picks "," for a comma CSV with semicolons inside cells', () => {
    const rows = textToRows('\ufeffComponente,Actividad,Responsables\nA,"Publicar; difundir",Prensa; TIC\n');
    expect(rows[1]!.cells).toEqual(['A', 'Publicar; difundir', 'Prensa; TIC']);
  });

  it('honours Excel\'s "sep=" line and keeps the source line numbers', () => {
    const rows = textToRows('sep=,\r\nComponente,Actividad,Meta\r\nA,B,C\r\n');
    expect(rows).toEqual([{ cells: ['Componente', 'Actividad', 'Meta'], line: 2 }, { cells: ['A', 'B', 'C'], line: 3 }]);
  });

  it('uses tabs whenever the text has them', () => {
    expect(textToRows('Actividad\tMeta;x\nA,1\tB;2')[1]!.cells).toEqual(['A,1', 'B;2']);
  });
});

describe('decodeBytes', () => {
  it('reads UTF-8 (with or without BOM) and falls back to windows-1252', () => {
    expect(decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('Gestión')]))).toBe('Gestión');
    // "Gestión – “sí” …" in windows-1252: not valid UTF-8.
    expect(decodeBytes(new Uint8Array([0x47, 0x65, 0x73, 0x74, 0x69, 0xf3, 0x6e, 0x20, 0x96, 0x20, 0x93, 0x73, 0xed, 0x94, 0x20, 0x85])))
      .toBe('Gestión – “sí” …');
  });

  it('reads Excel\'s UTF-16 "Unicode text" by its BOM', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Actividad\tMeta\nÑandú\t1', 'utf16le')]);
    expect(decodeBytes(new Uint8Array(utf16))).toBe('Actividad\tMeta\nÑandú\t1');
  });
});

describe('recognizeHeader', () => {
  it('maps the known column names, ignoring case, accents and punctuation', () => {
    const header = recognizeHeader(['SUBCOMPONENTES', 'Actividades', 'Meta de producto - indicador', 'Indicadores', 'Responsable(s)',
      'Fechas programadas', 'Fecha de inicio', 'Fecha de terminación', 'N°', 'Actividad']);
    expect(header?.columns).toEqual({ subcomponent: 0, activity: 1, goal: 2, indicator: 3, departments: 4, dates: 5, start: 6, end: 7 });
    expect(header?.ignored).toEqual([{ index: 8, text: 'N°', reason: 'unknown' }, { index: 9, text: 'Actividad', reason: 'duplicate' }]);
  });

  it('reads "Meta de producto - indicador" as the goal only', () => {
    expect(recognizeHeader(['Actividad', 'Meta de producto - indicador'])?.columns).toEqual({ activity: 0, goal: 1 });
  });

  it('needs an activity column and one more recognized column', () => {
    expect(recognizeHeader(['Subcomponente', 'Meta', 'Responsable'])).toBeNull();
    expect(recognizeHeader(['Actividades', 'Observaciones'])).toBeNull();
    expect(recognizeHeader(['Actividades de la semana', 'Responsable'])).toBeNull();
    expect(recognizeHeader(['Actividad', 'Plazo', '', ''])).toMatchObject({ columns: { activity: 0, dates: 1 }, width: 2 });
  });
});
