import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';

/**
 * Encrypts secrets at rest (channel tokens, stream keys) with AES-256-GCM. A stored value
 * reads `v1.<iv>.<tag>.<ciphertext>` in base64url; the tag makes any tampering fail loudly.
 */
export type SecretBox = { encrypt(plain: string): string; decrypt(sealed: string): string };

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('La clave de cifrado debe tener 32 bytes.');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    decrypt(sealed) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || data === undefined) throw new AppError('internal', 'Un secreto guardado está dañado.');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new AppError('internal', 'No se pudo descifrar un secreto guardado: ¿cambió PREGON_SECRET?');
      }
    },
  };
}

/**
 * The key: SHA-256 of PREGON_SECRET when it is set; otherwise 32 random bytes kept in
 * `secretFile` (created on first start, readable by the owner only). Losing the file
 * means reconnecting the channel accounts, so it lives beside the database.
 */
export function loadSecretKey(o: { secret: string | undefined; secretFile: string }): Buffer {
  if (o.secret) return createHash('sha256').update(o.secret).digest();
  if (fs.existsSync(o.secretFile)) {
    const key = Buffer.from(fs.readFileSync(o.secretFile, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${o.secretFile} no contiene una clave válida de 32 bytes en base64.`);
    return key;
  }
  const key = randomBytes(32);
  fs.mkdirSync(path.dirname(o.secretFile), { recursive: true });
  fs.writeFileSync(o.secretFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
