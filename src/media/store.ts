import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.js';

/**
 * Media files on disk, named by the SHA-256 of their bytes: the same image uploaded or
 * rendered twice is one file, and a file never changes once written (so it can be served
 * with a long cache lifetime).
 */
export type MediaStore = {
  put(bytes: Buffer, extension: string): Promise<{ sha256: string; storagePath: string }>;
  read(storagePath: string): Promise<Buffer>;
};

export function createMediaStore(dir: string): MediaStore {
  return {
    async put(bytes, extension) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const storagePath = path.posix.join(sha256.slice(0, 2), `${sha256}.${extension}`);
      const full = path.join(dir, storagePath);
      await fs.mkdir(path.dirname(full), { recursive: true });
      // Write to a temporary name and rename, so a crash never leaves half a file under the final name.
      const tmp = `${full}.${process.pid}.tmp`;
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, full);
      return { sha256, storagePath };
    },
    async read(storagePath) {
      const full = path.resolve(dir, storagePath);
      if (!full.startsWith(path.resolve(dir) + path.sep)) throw new Error(`Ruta de medio fuera del almacén: ${storagePath}`);
      try {
        return await fs.readFile(full);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new AppError('not_found', 'El archivo de este medio no está en el almacén (¿se borró la carpeta de medios?).');
        }
        throw err;
      }
    },
  };
}

export const extensionOf: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
  'video/mp4': 'mp4',
  'application/pdf': 'pdf',
};
