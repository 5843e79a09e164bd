import { describe, expect, it } from 'vitest';
import { parsePlanFile, parsePlanRows, parsePlanText } from '../../../src/plan/import/parse-plan.js';
import { appError } from './helpers.js';

const bytes = (...parts: (string | ArrayLike<number>)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : Array.from(p))));

/** Deterministic pseudo-random bytes (a linear congruential generator), NULs included. */
function garbage(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let seed = 12345;
  for (let i = 0; i < length; i++) out[i] = (seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 16 & 0xff;
  return out;
}

const HEADER = 'Subcomponente\tActividades\tMeta de producto - indicador\tResponsable';

describe('input that is not a plan', () => {
  it('prose without a table header', async () => {
    const error = await appError(() => parsePlanText('Informe de gestión 2025.\nLa alcaldía rindió cuentas, y la comunidad participó; gracias.'));
    expect(error.code).toBe('plan_format');
    expect(error.message).toBe('No se encontró la fila de encabezados de la tabla: se esperaban columnas como ' +
      '«Subcomponente», «Actividades», «Meta de producto - indicador» y «Responsable».');
  });

  it('a header that names only the activity column is not a header', async () => {
    const error = await appError(() => parsePlanText('Actividades\nPublicar informe\n'));
    expect(error.message).toMatch(/^No se encontró la fila de encabezados/);
  });

  it('an empty file, and one with only blanks and delimiters', async () => {
    for (const input of [new Uint8Array(), bytes('\r\n  \n'), bytes([0xef, 0xbb, 0xbf]), bytes(';;;\n;;;\n')]) {
      const error = await appError(() => parsePlanFile({ bytes: input, filename: 'plan.csv' }));
      expect(error.code).toBe('plan_format');
      expect(error.message).toMatch(/^El archivo está vacío/);
    }
  });

  it('a header without activity rows', async () => {
    const error = await appError(() => parsePlanText(`Plan 2026\n${HEADER}\nInformación\t\t\t\n\n`));
    expect(error.code).toBe('plan_format');
    expect(error.message).toMatch(/^La tabla no tiene actividades: después de la fila de encabezados \(línea 2\)/);
    expect(error.details).toEqual({ reason: 'no_activities', headerLine: 2 });
  });

  it('binary garbage with NUL bytes', async () => {
    const error = await appError(() => parsePlanFile({ bytes: garbage(2048), filename: 'plan.txt' }));
    expect(error.code).toBe('plan_format');
    expect(error.message).toMatch(/^El archivo no contiene texto legible/);
    expect(error.details).toEqual({ reason: 'nul_bytes' });
  });

  it('garbage without NULs: control characters, or text full of U+FFFD', async () => {
    const noNul = garbage(2048).map((b) => (b === 0 ? 1 : b));
    expect((await appError(() => parsePlanFile({ bytes: noNul }))).details).toEqual({ reason: 'control_characters' });
    const mangled = `${HEADER}\n${'Informaci\ufffd\ufffdn\t'.repeat(20)}`;
    expect((await appError(() => parsePlanText(mangled))).message).toMatch(/texto legible/);
  });

  it('a PNG, a JPEG, a PDF and an old .xls are unsupported media types', async () => {
    const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    const cases: [Uint8Array, string | undefined, RegExp][] = [
      [png, 'plan.png', /una imagen PNG/],
      [png, undefined, /una imagen PNG/], // sniffed, not trusted to the name
      [bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'foto.txt', /una imagen JPEG/],
      [bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'plan.pdf', /un PDF/],
      [bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'plan.xls', /Office antiguo/],
    ];
    for (const [input, filename, what] of cases) {
      const error = await appError(() => parsePlanFile({ bytes: input, filename }));
      expect(error.code).toBe('unsupported_media_type');
      expect(error.status).toBe(415);
      expect(error.message).toMatch(what);
    }
  });

  it('a zip that is not a workbook is unsupported; a broken workbook is a format error', async () => {
    const docx = bytes('PK', [3, 4, 20, 0], 'word/document.xml', garbage(64).map((b) => b | 1));
    expect((await appError(() => parsePlanFile({ bytes: docx, filename: 'plan.docx' }))).code).toBe('unsupported_media_type');
    const broken = bytes('PK', [3, 4, 20, 0], 'xl/workbook.xml', [1, 2, 3]);
    const error = await appError(() => parsePlanFile({ bytes: broken, filename: 'plan.xlsx' }));
    expect(error.code).toBe('plan_format');
    expect(error.message).toBe('El libro de Excel está dañado o no se puede leer.');
  });

  it('text under a name or type it does not read', async () => {
    const text = bytes(`${HEADER}\nInformación\tPublicar\tInforme\tPrensa\n`);
    expect((await appError(() => parsePlanFile({ bytes: text, filename: 'plan.docx' }))).code).toBe('unsupported_media_type');
    expect((await appError(() => parsePlanFile({ bytes: text, contentType: 'image/png' }))).code).toBe('unsupported_media_type');
    expect((await appError(() => parsePlanFile({ bytes: text, filename: 'plan.xlsx' }))).code).toBe('plan_format');
    // The same bytes are a fine plan as .csv (browsers on Windows send CSV as application/vnd.ms-excel).
    const plan = await parsePlanFile({ bytes: text, filename: 'PLAN.CSV', contentType: 'application/vnd.ms-excel' });
    expect(plan.subcomponents[0]!.activities[0]!.description).toBe('Publicar');
  });

  it('parsePlanRows on no rows at all', async () => {
    expect((await appError(() => parsePlanRows([]))).code).toBe('plan_format');
  });
});
