import type { DbOrTx } from '../../db/client.js';
import type { PieceStatus } from '../../generated/prisma/client.js';
import { toEventView } from '../../events/events.js';
import { readHearingRecord } from './hearing-record.js';
import { findPlanHearing, parseAgenda, participaUrl, resolvePlan, type AgendaItem } from './hearing.js';
import { invitationFields, invitationTarget } from './invitation.js';
import { findLivePiece } from './live-piece.js';
import { seriesState, type SeriesContext, type SeriesItemView } from './series-drafts.js';

export type HearingOverview = {
  plan: { id: string; title: string; timeZone: string };
  event: ReturnType<typeof toEventView> | null;
  agenda: AgendaItem[];
  /** The plan's activities, for the form's choice of the hearing's activity. */
  activities: { id: string; label: string }[];
  livePiece: { id: string; title: string; status: PieceStatus } | null;
  invitation: {
    /** Where the card's QR code leads. */
    target: string;
    /** The /participa page (the QR's target while there is no broadcast). */
    participaUrl: string;
    piece: { id: string; title: string; status: PieceStatus } | null;
    /** The piece's card shows other data than the hearing's now (it moved, the stream was scheduled…). */
    outdated: boolean;
  } | null;
  series: SeriesItemView[];
};

/** Everything the hearing page (and GET /api/plans/:id/hearing) shows, in a few queries. */
export async function hearingOverview(db: DbOrTx, planId: string | null | undefined, ctx: SeriesContext): Promise<HearingOverview | null> {
  const plan = await resolvePlan(db, planId);
  if (!plan) return null;
  const [event, activities] = await Promise.all([
    findPlanHearing(db, plan.id),
    db.activity.findMany({
      where: { subcomponent: { planId: plan.id } },
      select: { id: true, position: true, description: true, subcomponent: { select: { position: true } } },
      orderBy: [{ subcomponent: { position: 'asc' } }, { position: 'asc' }],
    }),
  ]);
  const choices = activities.map((a) => ({ id: a.id, label: `${a.subcomponent.position}.${a.position} ${a.description}` }));
  if (!event) return { plan, event: null, agenda: [], activities: choices, livePiece: null, invitation: null, series: [] };

  const [live, record, series] = await Promise.all([findLivePiece(db, event.id), readHearingRecord(db, event.id), seriesState(db, event, ctx)]);
  const invitationPiece = record.invitationPieceId ? await db.piece.findUnique({ where: { id: record.invitationPieceId }, select: { id: true, title: true, status: true, templateFields: true } }) : null;
  let current: string | null = null;
  try {
    current = JSON.stringify(invitationFields(event, ctx.publicUrl));
  } catch {
    current = null; // no place yet: the page asks for it
  }
  return {
    plan,
    event: toEventView(event),
    agenda: parseAgenda(event.agenda),
    activities: choices,
    livePiece: live && { id: live.id, title: live.title, status: live.status },
    invitation: {
      target: invitationTarget(event, ctx.publicUrl),
      participaUrl: participaUrl(ctx.publicUrl),
      piece: invitationPiece && { id: invitationPiece.id, title: invitationPiece.title, status: invitationPiece.status },
      outdated: !!invitationPiece && invitationPiece.status === 'draft' && current !== null && invitationPiece.templateFields !== current,
    },
    series,
  };
}
