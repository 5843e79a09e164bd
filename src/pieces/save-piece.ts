import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { Db, Tx } from '../db/client.js';
import { AppError } from '../errors.js';
import type { VariantOptions } from '../channels/channel.js';
import type { Network, PieceKind } from '../generated/prisma/client.js';
import { transitionPiece } from './lifecycle.js';
import { schedulePublications, unschedulePublications } from '../scheduler/schedule-piece.js';
import { findPiece, pieceAuditState, pieceSnapshot, toPieceView } from './piece-view.js';

export type VariantInput = {
  network: Network;
  title?: string | null;
  text?: string;
  link?: string | null;
  options?: VariantOptions;
  media?: { mediaAssetId: string; altText: string }[];
};
export type PieceFields = {
  kind?: PieceKind;
  title?: string;
  body?: string;
  activityId?: string | null;
  scheduledAt?: string | null;
  ownerId?: string | null;
  templateId?: string | null;
  templateFields?: Record<string, unknown>;
  variants?: VariantInput[];
};

async function checkReferences(tx: Tx, fields: PieceFields) {
  if (fields.activityId) {
    const found = await tx.activity.findUnique({ where: { id: fields.activityId }, select: { id: true } });
    if (!found) throw new AppError('unprocessable', `No existe la actividad con id ${fields.activityId}.`, { details: { field: 'activityId' } });
  }
  const mediaIds = [...new Set((fields.variants ?? []).flatMap((v) => v.media ?? []).map((m) => m.mediaAssetId))];
  if (mediaIds.length > 0) {
    const found = await tx.mediaAsset.findMany({ where: { id: { in: mediaIds } }, select: { id: true } });
    const missing = mediaIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length > 0) throw new AppError('unprocessable', `No existe el archivo con id ${missing.join(', ')} en la biblioteca de medios.`, { details: { field: 'variants.media', missing } });
  }
  if (fields.ownerId) {
    const found = await tx.user.findUnique({ where: { id: fields.ownerId }, select: { id: true } });
    if (!found) throw new AppError('unprocessable', `No existe el usuario con id ${fields.ownerId}.`, { details: { field: 'ownerId' } });
  }
}

/** Creates or updates the given variants; a variant's media list, when given, replaces the old one. */
async function writeVariants(tx: Tx, pieceId: string, variants: VariantInput[]) {
  for (const { media, options, ...v } of variants) {
    const fields = { title: v.title, text: v.text, link: v.link, options: options === undefined ? undefined : JSON.stringify(options) };
    const variant = await tx.pieceVariant.upsert({
      where: { pieceId_network: { pieceId, network: v.network } },
      create: { ...fields, network: v.network, text: v.text ?? '', pieceId },
      update: fields,
    });
    if (media) {
      await tx.variantMedia.deleteMany({ where: { variantId: variant.id } });
      await tx.variantMedia.createMany({ data: media.map((m, position) => ({ variantId: variant.id, mediaAssetId: m.mediaAssetId, altText: m.altText, position })) });
    }
  }
}

async function writeVersion(tx: Tx, pieceId: string, actor: Actor) {
  const piece = await findPiece(tx, pieceId);
  await tx.pieceVersion.create({ data: { pieceId, version: piece.version, snapshot: pieceSnapshot(piece), createdById: actor.userId } });
  return piece;
}

async function rewriteVersion(tx: Tx, pieceId: string) {
  const piece = await findPiece(tx, pieceId);
  await tx.pieceVersion.update({ where: { pieceId_version: { pieceId, version: piece.version } }, data: { snapshot: pieceSnapshot(piece) } });
  return piece;
}

export type NewPiece = PieceFields & { kind: PieceKind; title: string };

/** Creates a draft inside the caller's transaction (bulk import creates hundreds in one). */
export async function createPieceInTx(tx: Tx, actor: Actor, fields: NewPiece) {
  const { variants = [], scheduledAt, templateFields, ...rest } = fields;
  await checkReferences(tx, fields);
  const created = await tx.piece.create({
    data: {
      ...rest,
      templateFields: templateFields === undefined ? undefined : JSON.stringify(templateFields),
      ownerId: rest.ownerId === undefined ? actor.userId : rest.ownerId,
      scheduledAt: scheduledAt ? new Date(scheduledAt) : null,
    },
  });
  await writeVariants(tx, created.id, variants);
  const piece = await writeVersion(tx, created.id, actor);
  await writeAudit(tx, actor, { action: 'create', entityType: 'Piece', entityId: piece.id, after: pieceAuditState(piece) });
  return piece;
}

export async function createPiece({ db, actor, fields }: { db: Db; actor: Actor; fields: NewPiece }) {
  return toPieceView(await db.$transaction((tx) => createPieceInTx(tx, actor, fields)));
}

/** How long one person's autosaves of a draft keep refining the same version. */
const AUTOSAVE_WINDOW_MS = 10 * 60_000;

/**
 * Whether an autosave may rewrite the current version instead of adding one: the piece is a
 * draft, the same person wrote that version a few minutes ago, and nobody has reviewed it.
 * So the history shows the drafts someone stopped at, not every pause in their typing.
 */
async function refinesLatestVersion(tx: Tx, piece: { id: string; version: number; status: string }, actor: Actor): Promise<boolean> {
  if (piece.status !== 'draft' || !actor.userId) return false;
  const latest = await tx.pieceVersion.findUnique({ where: { pieceId_version: { pieceId: piece.id, version: piece.version } } });
  if (!latest || latest.createdById !== actor.userId || Date.now() - latest.createdAt.getTime() > AUTOSAVE_WINDOW_MS) return false;
  return (await tx.pieceReview.count({ where: { pieceId: piece.id, version: piece.version } })) === 0;
}

/**
 * Changes a piece. A content change (anything but the schedule and the owner) makes a new
 * version and, through the lifecycle's `edit`, sends an approved piece back to review.
 * `autosave`: the editor saving a draft on its own (see refinesLatestVersion).
 */
export async function updatePiece({
  db,
  actor,
  id,
  fields,
  autosave = false,
  overrideBlackout = false,
  timeZone = 'America/Bogota',
}: {
  db: Db;
  actor: Actor;
  id: string;
  fields: PieceFields;
  autosave?: boolean;
  overrideBlackout?: boolean;
  timeZone?: string;
}) {
  const piece = await db.$transaction(async (tx) => {
    const current = await findPiece(tx, id);
    await checkReferences(tx, fields);
    const { variants, scheduledAt, ownerId, templateFields, ...rest } = fields;
    const content = { ...rest, templateFields: templateFields === undefined ? undefined : JSON.stringify(templateFields) };
    const contentChanged = variants !== undefined || Object.values(content).some((v) => v !== undefined);
    const status = contentChanged ? transitionPiece(current.status, 'edit') : current.status;
    const refine = autosave && contentChanged && (await refinesLatestVersion(tx, current, actor));
    if (!contentChanged && (current.status === 'published' || current.status === 'cancelled')) {
      transitionPiece(current.status, 'edit'); // throws the 409 with the reason
    }
    if (variants) {
      await tx.pieceVariant.deleteMany({ where: { pieceId: id, network: { notIn: variants.map((v) => v.network) } } });
      await writeVariants(tx, id, variants);
    }
    await tx.piece.update({
      where: { id },
      data: {
        ...content,
        ownerId,
        status,
        scheduledAt: scheduledAt === undefined ? undefined : scheduledAt ? new Date(scheduledAt) : null,
        version: contentChanged && !refine ? current.version + 1 : undefined,
      },
    });
    const piece = !contentChanged ? await findPiece(tx, id) : refine ? await rewriteVersion(tx, id) : await writeVersion(tx, id, actor);
    // A scheduled piece that changed goes back to review: off the schedule. One that only moved: its jobs move.
    if (current.status === 'scheduled' && piece.status !== 'scheduled') await unschedulePublications(tx, id);
    if (piece.status === 'scheduled' && scheduledAt !== undefined) {
      if (!piece.scheduledAt) throw new AppError('unprocessable', 'Una pieza programada necesita fecha y hora; desprográmela primero.', { details: { field: 'scheduledAt' } });
      await schedulePublications(tx, piece, { overrideBlackout, timeZone });
    }
    await writeAudit(tx, actor, { action: 'update', entityType: 'Piece', entityId: id, before: pieceAuditState(current), after: pieceAuditState(piece) });
    return piece;
  });
  return toPieceView(piece);
}

/** Only a draft can be deleted; anything that went further is cancelled instead, and kept. */
export async function deletePiece({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  await db.$transaction(async (tx) => {
    const piece = await findPiece(tx, id);
    if (piece.status !== 'draft') {
      throw new AppError('illegal_transition', 'Solo se pueden eliminar piezas en borrador; cancele la pieza en su lugar.', {
        details: { status: piece.status },
      });
    }
    await tx.piece.delete({ where: { id } });
    await writeAudit(tx, actor, { action: 'delete', entityType: 'Piece', entityId: id, before: pieceAuditState(piece) });
  });
}
