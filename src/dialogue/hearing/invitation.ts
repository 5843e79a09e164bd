import type { Actor } from '../../audit/write-audit.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { Event, MediaAsset } from '../../generated/prisma/client.js';
import type { MediaStore } from '../../media/store.js';
import { createPieceInTx, updatePiece, type VariantInput } from '../../pieces/save-piece.js';
import { getTemplate, type FieldValues, type FormatId } from '../../render/index.js';
import { renderToAsset } from '../../render/service/render-asset.js';
import { readHearingRecord, writeHearingRecord } from './hearing-record.js';
import { getHearing, participaUrl, watchLink } from './hearing.js';
import { clockTime, inSentence, longDate, period } from './series.js';

/**
 * The hearing's invitation card: the hearing_invitation template with the hearing's name,
 * date and place, and a QR code to the live stream's watch page (or to the public /participa
 * page while the broadcast is not scheduled). Rendered through the render service, so the
 * same card is stored once and served from the media library after that.
 */

export const INVITATION_TEMPLATE = 'hearing_invitation';
/** The printed card (10 × 15 cm at 300 dpi): the PNG offered for download and attached to the piece. */
export const INVITATION_PRINT_FORMAT: FormatId = 'invitation_card';
/** The image the piece's social variants carry. */
export const INVITATION_SOCIAL_FORMAT: FormatId = 'ig_square';

/** The formats the hearing page offers for download. */
export const invitationFormats = (): FormatId[] => getTemplate(INVITATION_TEMPLATE).formats;

/** Where the QR code of the invitation leads. */
export function invitationTarget(event: Pick<Event, 'watchUrl'>, publicUrl: string): string {
  return watchLink(event, publicUrl);
}

/** The template's fields for the hearing. */
export function invitationFields(event: Pick<Event, 'title' | 'startsAt' | 'place' | 'watchUrl'>, publicUrl: string): FieldValues {
  if (!event.place?.trim()) throw new AppError('unprocessable', 'Indique el lugar de la audiencia: la invitación lo muestra.', { details: { field: 'place' } });
  const rsvp = `Participe y pregunte en ${participaUrl(publicUrl).replace(/^https?:\/\//, '')}`;
  return {
    event: event.title,
    when: event.startsAt.toISOString(),
    place: event.place.trim(),
    streamUrl: invitationTarget(event, publicUrl),
    ...(rsvp.length <= 120 ? { rsvp } : {}),
  };
}

type RenderDeps = { db: Db; media: MediaStore; actor: Actor; timeZone: string; publicUrl: string };

/** Renders the card in a format as a PNG (stored; the same card again comes from the library). */
export async function renderInvitation(deps: RenderDeps & { event: Event; format?: FormatId; pieceId?: string | null }): Promise<MediaAsset> {
  const format = deps.format ?? INVITATION_PRINT_FORMAT;
  if (!invitationFormats().includes(format)) {
    throw new AppError('unprocessable', `La invitación no tiene el formato «${format}».`, { details: { field: 'format' } });
  }
  const { asset } = await renderToAsset({
    db: deps.db,
    media: deps.media,
    actor: deps.actor,
    pieceId: deps.pieceId ?? null,
    input: { templateId: INVITATION_TEMPLATE, values: invitationFields(deps.event, deps.publicUrl), format, output: 'png', timeZone: deps.timeZone },
  });
  // A card rendered before for no piece (a download) is attached to the piece now.
  if (deps.pieceId && asset.pieceId === null) {
    return deps.db.mediaAsset.update({ where: { id: asset.id }, data: { pieceId: deps.pieceId } });
  }
  return asset;
}

export type InvitationPieceResult = { pieceId: string; created: boolean; updated: boolean; printAssetId: string | null };

/**
 * "Crear la pieza de invitación": a draft invitation_card piece with the template and its
 * fields, the printed card attached to it and the square image in its X and Facebook variants.
 * One per hearing: clicking again refreshes that draft with the hearing's current data (a
 * piece past draft is left as it is).
 */
export async function createInvitationPiece(deps: RenderDeps & { eventId: string }): Promise<InvitationPieceResult> {
  const { db, actor } = deps;
  const event = await getHearing(db, deps.eventId);
  const fields = invitationFields(event, deps.publicUrl);
  const record = await readHearingRecord(db, event.id);
  const existing = record.invitationPieceId ? await db.piece.findUnique({ where: { id: record.invitationPieceId }, include: { variants: { include: { media: true } } } }) : null;
  if (existing && existing.status !== 'draft') return { pieceId: existing.id, created: false, updated: false, printAssetId: null };

  const social = await renderInvitation({ ...deps, event, format: INVITATION_SOCIAL_FORMAT, pieceId: existing?.id ?? null });
  const text = invitationText(event, deps);
  const variants: VariantInput[] = (['x', 'facebook'] as const).map((network) => ({ network, text, media: [{ mediaAssetId: social.id, altText: social.altText ?? '' }] }));

  if (existing) {
    const sameFields = existing.templateFields === JSON.stringify(fields);
    const sameImage = existing.variants.length > 0 && existing.variants.every((v) => v.media.some((m) => m.mediaAssetId === social.id));
    const print = await renderInvitation({ ...deps, event, format: INVITATION_PRINT_FORMAT, pieceId: existing.id });
    if (sameFields && sameImage) return { pieceId: existing.id, created: false, updated: false, printAssetId: print.id };
    await updatePiece({ db, actor, id: existing.id, fields: { templateId: INVITATION_TEMPLATE, templateFields: fields, body: text, variants }, timeZone: deps.timeZone });
    return { pieceId: existing.id, created: false, updated: true, printAssetId: print.id };
  }

  const made = await db.$transaction(async (tx) => {
    // Two clicks at once: the second finds the first one's piece.
    const again = await readHearingRecord(tx, event.id);
    if (again.invitationPieceId && (await tx.piece.findUnique({ where: { id: again.invitationPieceId }, select: { id: true } }))) return { id: again.invitationPieceId, created: false };
    const piece = await createPieceInTx(tx, actor, {
      kind: 'invitation_card',
      title: `Tarjeta de invitación: ${event.title}`.slice(0, 300),
      body: text,
      activityId: event.activityId,
      templateId: INVITATION_TEMPLATE,
      templateFields: fields,
      variants,
    });
    await writeHearingRecord(tx, event.id, { ...again, invitationPieceId: piece.id });
    return { id: piece.id, created: true };
  });
  if (social.pieceId === null) await db.mediaAsset.update({ where: { id: social.id }, data: { pieceId: made.id } });
  const print = await renderInvitation({ ...deps, event, format: INVITATION_PRINT_FORMAT, pieceId: made.id });
  return { pieceId: made.id, created: made.created, updated: false, printAssetId: print.id };
}

/** The invitation's text for the networks. */
export function invitationText(event: Pick<Event, 'title' | 'startsAt' | 'place' | 'watchUrl'>, deps: { timeZone: string; publicUrl: string }): string {
  const link = invitationTarget(event, deps.publicUrl);
  const when = `el ${longDate(event.startsAt, deps.timeZone)} a las ${clockTime(event.startsAt, deps.timeZone)}${event.place ? `, en ${event.place.trim()}` : ''}`;
  return `Le invitamos a la ${inSentence(event.title.trim())}: ${period(when)} Síganos en vivo y haga sus preguntas: ${link}`;
}
