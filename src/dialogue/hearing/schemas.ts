import { z } from '@hono/zod-openapi';
import { EventSchema } from '../../events/schemas.js';
import { Instant } from '../../http/schemas.js';
import { PieceKindSchema, PieceStatusSchema } from '../../pieces/schemas.js';
import { seriesKeys } from './series.js';

export const SeriesKeySchema = z.enum(seriesKeys).openapi('AnnouncementKey');

export const AgendaItemSchema = z
  .object({
    time: z.string().regex(/^\d{1,2}:\d{2}$/, 'Use la hora como HH:MM.').openapi({ example: '09:30' }),
    title: z.string().trim().min(1).max(300),
  })
  .openapi('AgendaItem');

export const HearingInputSchema = z
  .object({
    title: z.string().trim().min(3).max(300),
    startsAt: Instant,
    endsAt: Instant.nullable().optional(),
    place: z.string().trim().max(300).nullable().optional(),
    agenda: z.array(AgendaItemSchema).max(40).optional(),
    activityId: z.string().min(1).nullable().optional(),
    description: z.string().trim().max(5000).nullable().optional(),
    recordingUrl: z.string().url().nullable().optional(),
  })
  .strict()
  .openapi('HearingInput');

const PieceRef = z.object({ id: z.string(), title: z.string(), status: PieceStatusSchema }).openapi('HearingPieceRef');

export const SeriesItemSchema = z
  .object({
    key: SeriesKeySchema,
    label: z.string(),
    kind: PieceKindSchema,
    title: z.string(),
    body: z.string(),
    shortText: z.string(),
    link: z.string(),
    scheduledAt: z.string(),
    past: z.boolean(),
    piece: z.object({ id: z.string(), title: z.string(), status: PieceStatusSchema, scheduledAt: z.string().nullable() }).nullable(),
    outdated: z.boolean(),
    movedByHand: z.boolean(),
    untouched: z.boolean(),
  })
  .openapi('AnnouncementSuggestion');

export const HearingOverviewSchema = z
  .object({
    plan: z.object({ id: z.string(), title: z.string(), timeZone: z.string() }),
    event: EventSchema.nullable(),
    agenda: z.array(z.object({ time: z.string(), title: z.string() })),
    activities: z.array(z.object({ id: z.string(), label: z.string() })),
    livePiece: PieceRef.nullable(),
    invitation: z.object({ target: z.string(), participaUrl: z.string(), piece: PieceRef.nullable(), outdated: z.boolean() }).nullable(),
    series: z.array(SeriesItemSchema),
  })
  .openapi('HearingOverview');

export const AcceptResultSchema = z
  .object({
    created: z.array(z.object({ key: SeriesKeySchema, pieceId: z.string() })),
    existing: z.array(z.object({ key: SeriesKeySchema, pieceId: z.string() })),
    skipped: z.array(SeriesKeySchema),
  })
  .openapi('AnnouncementAcceptResult');

export const MoveRequestSchema = z.object({ keys: z.array(SeriesKeySchema).max(seriesKeys.length).optional() }).strict().openapi('AnnouncementMoveRequest');

export const MoveResultSchema = z
  .object({
    moved: z.array(z.object({ key: SeriesKeySchema, pieceId: z.string(), rewritten: z.boolean() })),
    skipped: z.array(z.object({ key: SeriesKeySchema, reason: z.string() })),
  })
  .openapi('AnnouncementMoveResult');

export const CreatedPieceSchema = z.object({ pieceId: z.string(), created: z.boolean() }).openapi('HearingPieceCreated');

export const InvitationPieceSchema = z
  .object({ pieceId: z.string(), created: z.boolean(), updated: z.boolean(), printAssetId: z.string().nullable() })
  .openapi('InvitationPieceResult');

const Offset = z.number().int().min(-730).max(730).nullable();

export const OffsetsRequestSchema = z
  .object({ offsets: z.array(z.object({ activityId: z.string().min(1), startDays: Offset, endDays: Offset }).strict()).min(1).max(500) })
  .strict()
  .openapi('HearingOffsetsRequest');

const Dates = z.object({ plannedStart: z.string().nullable(), plannedEnd: z.string().nullable() });

export const DerivedPreviewSchema = z
  .object({
    plan: z.object({ id: z.string(), title: z.string(), timeZone: z.string() }),
    hearing: z.object({ id: z.string(), title: z.string(), startsAt: z.string(), day: z.string() }),
    rows: z.array(
      z.object({
        activityId: z.string(),
        subcomponent: z.string(),
        position: z.string(),
        description: z.string(),
        offsets: z.object({ startDays: z.number().int().nullable(), endDays: z.number().int().nullable() }),
        current: Dates,
        next: Dates,
        changed: z.boolean(),
        problem: z.string().nullable(),
      }),
    ),
  })
  .openapi('HearingDerivedDates');
