import type { DbOrTx } from '../db/client.js';
import { notFound } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { allowedActions } from './lifecycle.js';

export const pieceInclude = { variants: { orderBy: { network: 'asc' } } } satisfies Prisma.PieceInclude;
export type PieceRow = Prisma.PieceGetPayload<{ include: typeof pieceInclude }>;

export function toPieceView(p: PieceRow) {
  return {
    id: p.id,
    kind: p.kind,
    title: p.title,
    body: p.body,
    status: p.status,
    activityId: p.activityId,
    scheduledAt: p.scheduledAt?.toISOString() ?? null,
    ownerId: p.ownerId,
    version: p.version,
    approvedVersion: p.approvedVersion,
    templateId: p.templateId,
    templateFields: p.templateFields === null ? null : (JSON.parse(p.templateFields) as Record<string, unknown>),
    allowedActions: allowedActions(p.status).filter((a) => a !== 'edit' && a !== 'publish' && a !== 'fail'),
    variants: p.variants.map((v) => ({ id: v.id, network: v.network, title: v.title, text: v.text, link: v.link })),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export async function findPiece(db: DbOrTx, id: string): Promise<PieceRow> {
  const piece = await db.piece.findUnique({ where: { id }, include: pieceInclude });
  if (!piece) throw notFound('la pieza', id);
  return piece;
}

/** A piece's own fields as the audit trail records them. */
export function pieceAuditState(p: PieceRow) {
  const { variants, ...fields } = p;
  return { ...fields, variants: variants.map((v) => ({ network: v.network, title: v.title, text: v.text, link: v.link })) };
}

/** The frozen content of a version: what an approval pins and what a publication sends. */
export function pieceSnapshot(p: PieceRow): string {
  return JSON.stringify({
    kind: p.kind,
    title: p.title,
    body: p.body,
    activityId: p.activityId,
    templateId: p.templateId,
    templateFields: p.templateFields,
    variants: p.variants.map((v) => ({ network: v.network, title: v.title, text: v.text, link: v.link })),
  });
}
