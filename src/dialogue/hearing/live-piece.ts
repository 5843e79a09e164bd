import type { Actor } from '../../audit/write-audit.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { Event } from '../../generated/prisma/client.js';
import { createPieceInTx } from '../../pieces/save-piece.js';
import { youtubeLimits } from '../../channels/youtube/rules.js';
import { getHearing, parseAgenda, participaUrl } from './hearing.js';
import { clockTime, longDate, period } from './series.js';

/**
 * The hearing's live broadcast is a piece like any other (src/channels/youtube/live.ts): a
 * live_announcement whose YouTube variant has youtubeMode 'live' and the event's id. Publishing
 * it schedules the broadcast on YouTube and leaves the watch URL on the event.
 */

/** The event's live piece (not cancelled), newest first, or null. */
export async function findLivePiece(db: DbOrTx, eventId: string) {
  return db.piece.findFirst({
    where: {
      status: { not: 'cancelled' },
      variants: { some: { network: 'youtube', AND: [{ options: { contains: `"eventId":${JSON.stringify(eventId)}` } }, { options: { contains: '"youtubeMode":"live"' } }] } },
    },
    orderBy: { createdAt: 'desc' },
    select: { id: true, title: true, status: true, createdAt: true },
  });
}

/** The broadcast's description: when, where, the order of the day and where to ask. */
export function liveDescription(event: Pick<Event, 'title' | 'startsAt' | 'place' | 'agenda'>, timeZone: string, publicUrl: string): string {
  const agenda = parseAgenda(event.agenda);
  const lines = [
    `Transmisión en vivo: ${event.title}, ${period(`el ${longDate(event.startsAt, timeZone)} a las ${clockTime(event.startsAt, timeZone)}${event.place ? `, desde ${event.place}` : ''}`)}`,
    ...(agenda.length ? ['', 'Orden del día:', ...agenda.map((i) => (i.time ? `${i.time} ${i.title}` : i.title))] : []),
    '',
    `Haga sus preguntas a la Administración en ${participaUrl(publicUrl)}`,
  ];
  return lines.join('\n');
}

/**
 * "Crear la transmisión": the draft live piece of the hearing, or the one it already has
 * (`created: false`). Its activity is the hearing's, so the piece editor offers the event.
 */
export async function createLivePiece({ db, actor, eventId, timeZone, publicUrl }: { db: Db; actor: Actor; eventId: string; timeZone: string; publicUrl: string }) {
  return db.$transaction(async (tx) => {
    const event = await getHearing(tx, eventId);
    const existing = await findLivePiece(tx, eventId);
    if (existing) return { pieceId: existing.id, created: false };
    if (!event.activityId) {
      throw new AppError('unprocessable', 'Asocie la audiencia a una actividad del plan antes de crear la transmisión (la pieza pertenece a esa actividad).', { details: { field: 'activityId' } });
    }
    const youtubeTitle = [...event.title.trim()].slice(0, youtubeLimits.title).join('');
    const piece = await createPieceInTx(tx, actor, {
      kind: 'live_announcement',
      title: `Transmisión en vivo: ${event.title}`.slice(0, 300),
      body: liveDescription(event, timeZone, publicUrl),
      activityId: event.activityId,
      variants: [{ network: 'youtube', title: youtubeTitle, text: liveDescription(event, timeZone, publicUrl), options: { youtubeMode: 'live', eventId: event.id, privacy: 'public' } }],
    });
    return { pieceId: piece.id, created: true };
  });
}
