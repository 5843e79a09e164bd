import { describe, expect, it } from 'vitest';
import { canonicalDepartments, departmentKey, splitDepartments } from '../../../src/plan/import/departments.js';

describe('splitDepartments', () => {
  it('splits on " - ", en and em dashes, "/" and ";", trimming the parts', () => {
    expect(splitDepartments('Secretaría de Gobierno - Secretaría de Planeación').names).toEqual(['Secretaría de Gobierno', 'Secretaría de Planeación']);
    expect(splitDepartments('Oficina TIC–Oficina de Prensa — Personería').names).toEqual(['Oficina TIC', 'Oficina de Prensa', 'Personería']);
    expect(splitDepartments('Secretaría de Apoyo a la Gestión/ Dirección de Comunicaciones ;Tesorería').names)
      .toEqual(['Secretaría de Apoyo a la Gestión', 'Dirección de Comunicaciones', 'Tesorería']);
    expect(splitDepartments('Hacienda -Planeación').names).toEqual(['Hacienda', 'Planeación']);
  });

  it('keeps hyphenated words whole', () => {
    expect(splitDepartments('Oficina Jurídico-Administrativa').names).toEqual(['Oficina Jurídico-Administrativa']);
  });

  it('drops empty parts, stray punctuation and repeats of the same department', () => {
    expect(splitDepartments(' - Tesorería -  - tesoreria. / ').names).toEqual(['Tesorería']);
    expect(splitDepartments('')).toEqual({ names: [], allDepartments: false });
  });

  it('reads "todas las dependencias" in any case or accents as a flag, not a name', () => {
    expect(splitDepartments('Todas las dependencias')).toEqual({ names: [], allDepartments: true });
    expect(splitDepartments('TODAS LAS DEPENDÉNCIAS.')).toEqual({ names: [], allDepartments: true });
    expect(splitDepartments('Secretaría de Planeación - todas  las dependencias'))
      .toEqual({ names: ['Secretaría de Planeación'], allDepartments: true });
    // Only the exact phrase: a department that merely mentions it stays a name.
    expect(splitDepartments('Enlaces de todas las dependencias')).toEqual({ names: ['Enlaces de todas las dependencias'], allDepartments: false });
  });

  it('cleans HTML remnants before splitting', () => {
    expect(splitDepartments('<p>Secretar&iacute;a General&nbsp;/&nbsp;Tesorer&iacute;a</p>').names).toEqual(['Secretaría General', 'Tesorería']);
  });
});

describe('departmentKey', () => {
  it('gives case, accent and spacing variants one key', () => {
    const key = departmentKey('Secretaría de Apoyo a la Gestión');
    expect(key).toBe('secretaria de apoyo a la gestion');
    expect(departmentKey('SECRETARIA  DE APOYO A LA GESTIÓN ')).toBe(key);
    expect(departmentKey('Secretaría de Apoyo a la gestión')).toBe(key);
    expect(departmentKey('Secretaría de Apoyo')).not.toBe(key);
  });
});

describe('canonicalDepartments', () => {
  it('prefers the spelling with the most capitalized words, in order of first appearance', () => {
    expect(canonicalDepartments([
      'Dirección de relaciones públicas y comunicaciones', 'Tesorería',
      'Dirección de Relaciones Públicas y Comunicaciones', 'dirección de relaciones Públicas y comunicaciones',
    ])).toEqual([
      { key: 'direccion de relaciones publicas y comunicaciones', name: 'Dirección de Relaciones Públicas y Comunicaciones' },
      { key: 'tesoreria', name: 'Tesorería' },
    ]);
  });

  it('keeps the first spelling on a tie', () => {
    expect(canonicalDepartments(['Secretaría General', 'SECRETARÍA GENERAL'])).toEqual([{ key: 'secretaria general', name: 'Secretaría General' }]);
    expect(canonicalDepartments(['SECRETARÍA GENERAL', 'Secretaría General'])).toEqual([{ key: 'secretaria general', name: 'SECRETARÍA GENERAL' }]);
  });
});
