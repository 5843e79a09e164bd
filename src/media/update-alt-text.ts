import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { Db } from '../db/client.js';
import { notFound } from '../errors.js';

/** Changes the alt text a media asset is described by, with its audit entry. */
export async function updateAltText({ db, actor, id, altText }: { db: Db; actor: Actor; id: string; altText: string }) {
  return db.$transaction(async (tx) => {
    const before = await tx.mediaAsset.findUnique({ where: { id } });
    if (!before) throw notFound('el medio', id);
    const after = await tx.mediaAsset.update({ where: { id }, data: { altText } });
    await writeAudit(tx, actor, { action: 'update', entityType: 'MediaAsset', entityId: id, before: { altText: before.altText }, after: { altText } });
    return after;
  });
}
