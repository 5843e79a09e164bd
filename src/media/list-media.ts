import type { DbOrTx } from '../db/client.js';
import type { MediaKind } from '../generated/prisma/client.js';
import { toMediaView } from './media-view.js';

/** The media library, newest first, each asset with the pieces and networks that use it. */
export async function listMedia(db: DbOrTx, f: { pieceId?: string; kind?: MediaKind; limit: number; offset: number }) {
  const where = { pieceId: f.pieceId, kind: f.kind };
  const [total, rows] = await Promise.all([
    db.mediaAsset.count({ where }),
    db.mediaAsset.findMany({
      where,
      orderBy: { createdAt: 'desc' },
      take: f.limit,
      skip: f.offset,
      include: { usedIn: { include: { variant: { select: { network: true, piece: { select: { id: true, title: true } } } } } } },
    }),
  ]);
  const items = rows.map((a) => ({ ...toMediaView(a), usedIn: a.usedIn.map((u) => ({ pieceId: u.variant.piece.id, pieceTitle: u.variant.piece.title, network: u.variant.network })) }));
  return { total, items };
}
