import type { DbOrTx } from '../db/client.js';
import { notFound } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { VariantOptions } from '../channels/channel.js';
import { allowedActions } from './lifecycle.js';

export const pieceInclude = { variants: { orderBy: { network: 'asc' }, include: { media: { orderBy: { position: 'asc' } } } } } satisfies Prisma.PieceInclude;
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
    variants: p.variants.map((v) => ({ id: v.id, ...variantContent(v) })),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export async function findPiece(db: DbOrTx, id: string): Promise<PieceRow> {
  const piece = await db.piece.findUnique({ where: { id }, include: pieceInclude });
  if (!piece) throw notFound('la pieza', id);
  return piece;
}

type VariantRow = PieceRow['variants'][number];

/** A variant's content: what a version freezes and what goes out to its network. */
export function variantContent(v: VariantRow) {
  return {
    network: v.network,
    title: v.title,
    text: v.text,
    link: v.link,
    options: JSON.parse(v.options) as VariantOptions,
    media: v.media.map((m) => ({ mediaAssetId: m.mediaAssetId, altText: m.altText })),
  };
}
export type VariantContent = ReturnType<typeof variantContent>;

/** A piece's own fields as the audit trail records them. */
export function pieceAuditState(p: PieceRow) {
  const { variants, ...fields } = p;
  return { ...fields, variants: variants.map(variantContent) };
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
    variants: p.variants.map(variantContent),
  });
}

export type PieceSnapshot = {
  kind: PieceRow['kind'];
  title: string;
  body: string;
  activityId: string | null;
  templateId: string | null;
  templateFields: string | null;
  variants: VariantContent[];
};

/** Reads a version's snapshot; versions written before variants had options and media get empty ones. */
export function parseSnapshot(snapshot: string): PieceSnapshot {
  const parsed = JSON.parse(snapshot) as PieceSnapshot;
  return { ...parsed, variants: parsed.variants.map((v) => ({ ...v, options: v.options ?? {}, media: v.media ?? [] })) };
}
