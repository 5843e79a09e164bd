import type { Db } from '../db/client.js';
import { notFound } from '../errors.js';
import { toPublicationView } from './publication-view.js';

export async function listPublications(db: Db, pieceId: string) {
  const piece = await db.piece.findUnique({ where: { id: pieceId }, select: { id: true } });
  if (!piece) throw notFound('la pieza', pieceId);
  const rows = await db.publication.findMany({ where: { pieceId }, include: { account: true }, orderBy: [{ createdAt: 'asc' }] });
  return rows.map((p) => toPublicationView(p, p.account));
}
