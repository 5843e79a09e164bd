import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { toMediaView } from './media-view.js';
import { sniffMedia } from './sniff.js';
import { extensionOf, type MediaStore } from './store.js';

/** Stores an uploaded file in the library: its type is read from its bytes, never from its name. */
export async function uploadMedia({ db, media, actor, file, altText }: { db: Db; media: MediaStore; actor: Actor; file: unknown; altText: unknown }) {
  if (!(file instanceof File) || file.size === 0) throw new AppError('bad_request', 'Adjunte el archivo en el campo «file».');
  const alt = typeof altText === 'string' ? altText.trim().slice(0, 1000) : '';
  const bytes = Buffer.from(await file.arrayBuffer());
  const sniffed = await sniffMedia(bytes);
  const stored = await media.put(bytes, extensionOf[sniffed.mimeType] ?? 'bin');
  const asset = await db.$transaction(async (tx) => {
    const created = await tx.mediaAsset.create({
      data: { ...sniffed, bytes: bytes.length, sha256: stored.sha256, storagePath: stored.storagePath, altText: alt || null, originalName: file.name.slice(0, 255), createdById: actor.userId },
    });
    await writeAudit(tx, actor, { action: 'upload', entityType: 'MediaAsset', entityId: created.id, after: toMediaView(created) });
    return created;
  });
  return toMediaView(asset);
}
