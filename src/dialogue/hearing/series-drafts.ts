import type { Actor } from '../../audit/write-audit.js';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Event, PieceStatus } from '../../generated/prisma/client.js';
import { createPieceInTx, updatePiece, type NewPiece, type VariantInput } from '../../pieces/save-piece.js';
import { contentHash, readHearingRecord, writeHearingRecord } from './hearing-record.js';
import { getHearing, watchLink } from './hearing.js';
import { announcementSeries, type SeriesKey, type SuggestedPiece } from './series.js';

/**
 * The announcement series as the hearing page shows it (each suggestion with the piece made
 * from it, if any), accepting it as draft pieces in one click, and moving those drafts when
 * the hearing moves.
 */

export type SeriesContext = { timeZone: string; publicUrl: string; now?: Date };

export type SeriesItemView = {
  key: SeriesKey;
  label: string;
  kind: SuggestedPiece['kind'];
  title: string;
  body: string;
  shortText: string;
  link: string;
  scheduledAt: string;
  /** The suggested time has passed: accepting skips it. */
  past: boolean;
  piece: { id: string; title: string; status: PieceStatus; scheduledAt: string | null } | null;
  /** A draft made from this suggestion that no longer matches it (the hearing moved, or its place or link changed). */
  outdated: boolean;
  /** Somebody changed the draft's time by hand since it was made. */
  movedByHand: boolean;
  /** The draft still says what Pregón wrote: moving it rewrites its text too. */
  untouched: boolean;
};

export function suggestionsFor(event: Pick<Event, 'title' | 'startsAt' | 'place' | 'watchUrl' | 'recordingUrl'>, ctx: SeriesContext): SuggestedPiece[] {
  return announcementSeries({ title: event.title, startsAt: event.startsAt, place: event.place, link: watchLink(event, ctx.publicUrl), recordingUrl: event.recordingUrl, timeZone: ctx.timeZone });
}

/** The variants of a suggested piece: a short text for X, the long one for Facebook (and the website for the press release). */
export function suggestionVariants(s: SuggestedPiece): VariantInput[] {
  const variants: VariantInput[] = [
    { network: 'x', text: s.shortText },
    { network: 'facebook', text: s.body },
  ];
  if (s.kind === 'press_release') variants.push({ network: 'website', title: s.title, text: s.body });
  return variants;
}

function pieceFields(s: SuggestedPiece, activityId: string | null): NewPiece {
  return { kind: s.kind, title: s.title, body: s.body, activityId, scheduledAt: s.scheduledAt.toISOString(), variants: suggestionVariants(s) };
}

/** The hash the piece would have if made from the suggestion now. */
function suggestionHash(s: SuggestedPiece): string {
  return contentHash({ title: s.title, body: s.body, variants: suggestionVariants(s).map((v) => ({ network: v.network, title: v.title ?? null, text: v.text ?? '', link: v.link ?? null })) });
}

export async function seriesState(db: DbOrTx, event: Event, ctx: SeriesContext): Promise<SeriesItemView[]> {
  const now = ctx.now ?? new Date();
  const record = await readHearingRecord(db, event.id);
  const ids = Object.values(record.series).map((e) => e.pieceId);
  const pieces = ids.length ? await db.piece.findMany({ where: { id: { in: ids } }, include: { variants: true } }) : [];
  return suggestionsFor(event, ctx).map((s) => {
    const entry = record.series[s.key];
    const piece = entry ? pieces.find((p) => p.id === entry.pieceId) : undefined;
    const untouched = !!piece && !!entry && contentHash(piece) === entry.contentHash;
    const movedByHand = !!piece && !!entry && piece.scheduledAt?.toISOString() !== entry.suggestedAt;
    const timeDiffers = !!piece && piece.scheduledAt?.getTime() !== s.scheduledAt.getTime();
    const textDiffers = untouched && suggestionHash(s) !== entry!.contentHash;
    return {
      key: s.key,
      label: s.label,
      kind: s.kind,
      title: s.title,
      body: s.body,
      shortText: s.shortText,
      link: s.link,
      scheduledAt: s.scheduledAt.toISOString(),
      past: s.scheduledAt <= now,
      piece: piece ? { id: piece.id, title: piece.title, status: piece.status, scheduledAt: piece.scheduledAt?.toISOString() ?? null } : null,
      outdated: piece?.status === 'draft' && (timeDiffers || textDiffers),
      movedByHand,
      untouched,
    };
  });
}

export type AcceptResult = { created: { key: SeriesKey; pieceId: string }[]; existing: { key: SeriesKey; pieceId: string }[]; skipped: SeriesKey[] };

/**
 * "Aceptar como borradores": creates a draft piece for every suggestion that has none yet and
 * whose time has not passed, scheduled at the suggested time, in one transaction. Clicking
 * again creates nothing new: each made piece is remembered (hearing-record.ts); only a piece
 * that was deleted is made again.
 */
export async function acceptSeries({ db, actor, eventId, ctx }: { db: Db; actor: Actor; eventId: string; ctx: SeriesContext }): Promise<AcceptResult> {
  const now = ctx.now ?? new Date();
  return db.$transaction(async (tx) => {
    const event = await getHearing(tx, eventId);
    const record = await readHearingRecord(tx, eventId);
    const known = Object.values(record.series).map((e) => e.pieceId);
    const alive = new Set((await tx.piece.findMany({ where: { id: { in: known } }, select: { id: true } })).map((p) => p.id));
    const result: AcceptResult = { created: [], existing: [], skipped: [] };
    for (const s of suggestionsFor(event, ctx)) {
      const entry = record.series[s.key];
      if (entry && alive.has(entry.pieceId)) {
        result.existing.push({ key: s.key, pieceId: entry.pieceId });
        continue;
      }
      if (s.scheduledAt <= now) {
        result.skipped.push(s.key);
        continue;
      }
      const piece = await createPieceInTx(tx, actor, pieceFields(s, event.activityId));
      record.series[s.key] = { pieceId: piece.id, suggestedAt: s.scheduledAt.toISOString(), contentHash: contentHash(piece) };
      result.created.push({ key: s.key, pieceId: piece.id });
    }
    await writeHearingRecord(tx, eventId, record);
    return result;
  });
}

export type MoveResult = { moved: { key: SeriesKey; pieceId: string; rewritten: boolean }[]; skipped: { key: SeriesKey; reason: string }[] };

/**
 * After the hearing moved: brings its drafts to the new suggested times. A draft nobody edited
 * gets the new text too (it names the date and the place); one edited by hand keeps its text.
 * `keys`: which ones; by default every outdated draft whose time nobody changed by hand.
 * Only drafts move: a piece in review or approved was read with its date, so a person decides.
 */
export async function moveSeriesDrafts({ db, actor, eventId, ctx, keys }: { db: Db; actor: Actor; eventId: string; ctx: SeriesContext; keys?: SeriesKey[] }): Promise<MoveResult> {
  const event = await getHearing(db, eventId);
  const state = await seriesState(db, event, ctx);
  const suggestions = suggestionsFor(event, ctx);
  const record = await readHearingRecord(db, eventId);
  const result: MoveResult = { moved: [], skipped: [] };
  for (const item of state) {
    const wanted = keys ? keys.includes(item.key) : item.outdated && !item.movedByHand;
    if (!wanted) continue;
    if (!item.piece) {
      result.skipped.push({ key: item.key, reason: 'No se ha creado la pieza de este anuncio.' });
      continue;
    }
    if (item.piece.status !== 'draft') {
      result.skipped.push({ key: item.key, reason: 'La pieza ya no es un borrador; cámbiela desde su página.' });
      continue;
    }
    if (!item.outdated) continue;
    if (item.past) {
      result.skipped.push({ key: item.key, reason: 'La nueva hora sugerida ya pasó.' });
      continue;
    }
    const s = suggestions.find((x) => x.key === item.key)!;
    const fields = item.untouched ? { title: s.title, body: s.body, variants: suggestionVariants(s), scheduledAt: s.scheduledAt.toISOString() } : { scheduledAt: s.scheduledAt.toISOString() };
    const piece = await updatePiece({ db, actor, id: item.piece.id, fields, timeZone: ctx.timeZone });
    const entry = record.series[item.key]!;
    record.series[item.key] = { pieceId: entry.pieceId, suggestedAt: s.scheduledAt.toISOString(), contentHash: item.untouched ? contentHash(piece) : entry.contentHash };
    result.moved.push({ key: item.key, pieceId: piece.id, rewritten: item.untouched });
  }
  await writeHearingRecord(db, eventId, record);
  return result;
}
