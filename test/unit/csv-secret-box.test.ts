import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, loadSecretKey } from '../../src/auth/secret-box.js';
import { toCsv } from '../../src/lib/csv.js';

describe('toCsv', () => {
  it('quotes every field, doubles quotes, and starts with a BOM', () => {
    expect(toCsv(['a', 'b'], [['dijo "sí"', 3], [null, 'ñandú']])).toBe('\uFEFF"a","b"\r\n"dijo ""sí""","3"\r\n"","ñandú"\r\n');
  });
  it('neutralizes cells a spreadsheet would run as formulas', () => {
    expect(toCsv(['x'], [['=HYPERLINK("http://malo")'], ['+1'], ['-2'], ['@SUM(A1)']])).toBe(
      '\uFEFF"x"\r\n"\'=HYPERLINK(""http://malo"")"\r\n"\'+1"\r\n"\'-2"\r\n"\'@SUM(A1)"\r\n',
    );
  });
});

describe('secret box', () => {
  const box = createSecretBox(Buffer.alloc(32, 7));

  it('round-trips a token and never stores it in clear', () => {
    const sealed = box.encrypt('ya29.token-de-acceso-ñ');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('token-de-acceso');
    expect(box.decrypt(sealed)).toBe('ya29.token-de-acceso-ñ');
    expect(box.encrypt('igual')).not.toBe(box.encrypt('igual')); // a fresh IV each time
  });

  it('fails loudly on a tampered value or a different key', () => {
    const sealed = box.encrypt('secreto');
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => box.decrypt([parts[0], parts[1], parts[2], flipped.toString('base64url')].join('.'))).toThrow(/descifrar/);
    expect(() => createSecretBox(Buffer.alloc(32, 8)).decrypt(sealed)).toThrow(/PREGON_SECRET/);
  });

  it('creates the key file once with owner-only permissions and reuses it', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pregon-key-')), 'data', 'secret.key');
    const first = loadSecretKey({ secret: undefined, secretFile: file });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ secret: undefined, secretFile: file })).toEqual(first);
    expect(first).toHaveLength(32);
  });

  it('derives the key from PREGON_SECRET when it is set, without touching the file', () => {
    const file = path.join(os.tmpdir(), `no-debe-existir-${Date.now()}.key`);
    const a = loadSecretKey({ secret: 'una frase secreta larga', secretFile: file });
    expect(loadSecretKey({ secret: 'una frase secreta larga', secretFile: file })).toEqual(a);
    expect(fs.existsSync(file)).toBe(false);
  });
});
