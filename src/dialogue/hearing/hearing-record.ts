import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import type { PieceRow } from '../../pieces/piece-view.js';
import { seriesKeys } from './series.js';

/**
 * What Pregón remembers about the pieces it made for a hearing, so that clicking again never
 * duplicates them: one Setting row per event (key `hearing:<eventId>`), holding for each
 * accepted announcement its piece, the time it was suggested for and a hash of the content it
 * was created with (to tell an untouched draft from one somebody edited), and the invitation
 * card's piece. The pieces themselves stay ordinary pieces; deleting a draft frees its slot.
 */

const seriesEntry = z.object({ pieceId: z.string(), suggestedAt: z.string(), contentHash: z.string() });
export type SeriesEntry = z.infer<typeof seriesEntry>;

const recordSchema = z.object({
  series: z.partialRecord(z.enum(seriesKeys), seriesEntry).default({}),
  invitationPieceId: z.string().optional(),
});
export type HearingRecord = z.infer<typeof recordSchema>;

export const hearingRecordKey = (eventId: string) => `hearing:${eventId}`;

export async function readHearingRecord(db: DbOrTx, eventId: string): Promise<HearingRecord> {
  const row = await db.setting.findUnique({ where: { key: hearingRecordKey(eventId) } });
  if (!row) return { series: {} };
  try {
    const parsed = recordSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : { series: {} };
  } catch {
    return { series: {} };
  }
}

export async function writeHearingRecord(db: DbOrTx, eventId: string, record: HearingRecord): Promise<void> {
  const key = hearingRecordKey(eventId);
  const value = JSON.stringify(record);
  await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}

/** A hash of what a piece says (title, body, each variant's title, text and link). */
export function contentHash(piece: Pick<PieceRow, 'title' | 'body'> & { variants: { network: string; title: string | null; text: string; link: string | null }[] }): string {
  const variants = [...piece.variants].sort((a, b) => a.network.localeCompare(b.network)).map((v) => [v.network, v.title, v.text, v.link]);
  return createHash('sha256').update(JSON.stringify([piece.title, piece.body, variants])).digest('hex');
}
