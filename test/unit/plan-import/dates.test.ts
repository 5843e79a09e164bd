import { describe, expect, it } from 'vitest';
import { parseDate, parseDateRange } from '../../../src/plan/import/dates.js';

describe('parseDate', () => {
  it.each([
    ['15/03/2026', '2026-03-15'],
    ['5/3/2026', '2026-03-05'],
    ['05-03-2026', '2026-03-05'],
    ['05.03.2026', '2026-03-05'],
    ['2026-03-15', '2026-03-15'],
    ['15 de marzo de 2026', '2026-03-15'],
    ['15 de Marzo del 2026', '2026-03-15'],
    ['1 septiembre 2026', '2026-09-01'],
    ['1 de setiembre de 2026', '2026-09-01'],
    ['15 mar. 2026', '2026-03-15'],
    ['  El 29/02/2028. ', '2028-02-29'],
  ])('reads %j as %s', (text, expected) => {
    expect(parseDate(text, 'start')).toBe(expected);
    expect(parseDate(text, 'end')).toBe(expected);
  });

  it('reads a month as its first day when it starts and its last day when it ends', () => {
    expect(parseDate('marzo de 2026', 'start')).toBe('2026-03-01');
    expect(parseDate('marzo de 2026', 'end')).toBe('2026-03-31');
    expect(parseDate('Abril 2026', 'end')).toBe('2026-04-30');
    expect(parseDate('febrero de 2026', 'end')).toBe('2026-02-28');
    expect(parseDate('febrero de 2028', 'end')).toBe('2028-02-29');
    expect(parseDate('Diciembre de 2026', 'end')).toBe('2026-12-31');
  });

  it.each([
    '31/02/2026', '29/02/2026', '31/04/2026', '00/01/2026', '15/13/2026', '2026-02-30',
    '15/03/26', // two-digit year: which century is a guess
    '32 de marzo de 2026', 'marzo', '15 de marzo', '2026', 'segundo semestre', 'permanente',
    'Trimestral', 'marzotas de 2026', '', '15/03/2026 - 20/03/2026', '1/1/1800',
  ])('refuses %j', (text) => {
    expect(parseDate(text, 'start')).toBeNull();
  });
});

describe('parseDateRange', () => {
  it.each([
    ['01/02/2026 - 28/02/2026', '2026-02-01', '2026-02-28'],
    ['01/02/2026-28/02/2026', '2026-02-01', '2026-02-28'],
    ['01/02/2026 al 28/02/2026', '2026-02-01', '2026-02-28'],
    ['2026-03-01 – 2026-03-31', '2026-03-01', '2026-03-31'],
    ['marzo a abril de 2026', '2026-03-01', '2026-04-30'],
    ['De marzo a abril de 2026', '2026-03-01', '2026-04-30'],
    ['marzo - junio 2026', '2026-03-01', '2026-06-30'],
    ['Enero-Diciembre 2026', '2026-01-01', '2026-12-31'],
    ['del 1 al 15 de marzo de 2026', '2026-03-01', '2026-03-15'],
    ['1-15 de marzo de 2026', '2026-03-01', '2026-03-15'],
    ['15 de marzo al 30 de abril de 2026', '2026-03-15', '2026-04-30'],
    ['desde el 1 de marzo de 2026 hasta el 30 de abril de 2026', '2026-03-01', '2026-04-30'],
    ['entre mayo y junio de 2026', '2026-05-01', '2026-06-30'],
    ['noviembre de 2026 a febrero de 2027', '2026-11-01', '2027-02-28'],
  ])('reads %j', (text, start, end) => {
    expect(parseDateRange(text)).toEqual({ start, end });
  });

  it('reads a single date or month as a range over it', () => {
    expect(parseDateRange('15/03/2026')).toEqual({ start: '2026-03-15', end: '2026-03-15' });
    expect(parseDateRange('junio de 2026')).toEqual({ start: '2026-06-01', end: '2026-06-30' });
  });

  it.each([
    '01/02/2026 - 31/02/2026', // no such day
    'noviembre a febrero de 2026', // would need a year the cell does not give
    '28/02/2026 - 01/02/2026',
    'marzo a abril', '1 al 15', 'segundo semestre de 2026', 'I trimestre 2026', 'a - b',
  ])('refuses %j', (text) => {
    expect(parseDateRange(text)).toBeNull();
  });
});
