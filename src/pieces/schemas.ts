import { z } from '@hono/zod-openapi';
import { Instant } from '../http/schemas.js';
import { pieceKindLabel, pieceStatusLabel, networkLabel } from '../i18n/es.js';

const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const PieceKindSchema = z.enum(keys(pieceKindLabel)).openapi('PieceKind');
export const PieceStatusSchema = z.enum(keys(pieceStatusLabel)).openapi('PieceStatus');
export const NetworkSchema = z.enum(keys(networkLabel)).openapi('Network');

/** Per-network options (see VariantOptions in src/channels/channel.ts). */
export const VariantOptionsSchema = z
  .object({
    thread: z.boolean().optional(),
    youtubeMode: z.enum(['video', 'live']).optional(),
    privacy: z.enum(['public', 'unlisted', 'private']).optional(),
    tags: z.array(z.string().trim().min(1).max(100)).max(60).optional(),
    publishAt: Instant.nullable().optional(),
    categoryId: z.string().regex(/^\d+$/).optional(),
    eventId: z.string().min(1).optional(),
    trackLinks: z.boolean().optional(),
  })
  .strict()
  .openapi('PieceVariantOptions');

export const VariantMediaSchema = z
  .object({ mediaAssetId: z.string().min(1), altText: z.string().trim().max(1000).default('') })
  .strict()
  .openapi('PieceVariantMedia');

export const VariantInputSchema = z
  .object({
    network: NetworkSchema,
    title: z.string().trim().max(300).nullable().optional(),
    text: z.string().max(100_000).optional(),
    link: z.string().url().nullable().optional(),
    options: VariantOptionsSchema.optional(),
    /** The images (or the video) in order, each with its alt text for this network. */
    media: z.array(VariantMediaSchema).max(10).optional(),
  })
  .strict()
  .openapi('PieceVariantInput');

export const VariantSchema = z
  .object({
    id: z.string(),
    network: NetworkSchema,
    title: z.string().nullable(),
    text: z.string(),
    link: z.string().nullable(),
    options: VariantOptionsSchema,
    media: z.array(z.object({ mediaAssetId: z.string(), altText: z.string() })),
  })
  .openapi('PieceVariant');

export const PieceSchema = z
  .object({
    id: z.string(),
    kind: PieceKindSchema,
    title: z.string(),
    body: z.string(),
    status: PieceStatusSchema,
    activityId: z.string().nullable(),
    scheduledAt: z.string().nullable(),
    ownerId: z.string().nullable(),
    version: z.number().int(),
    approvedVersion: z.number().int().nullable(),
    templateId: z.string().nullable(),
    templateFields: z.record(z.string(), z.unknown()).nullable(),
    allowedActions: z.array(z.string()),
    variants: z.array(VariantSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Piece');

const uniqueNetworks = (vs: { network: string }[] | undefined) => !vs || new Set(vs.map((v) => v.network)).size === vs.length;

export const PieceCreateSchema = z
  .object({
    kind: PieceKindSchema,
    title: z.string().trim().min(3).max(300),
    body: z.string().max(100_000).optional(),
    activityId: z.string().min(1).nullable().optional(),
    scheduledAt: Instant.nullable().optional(),
    ownerId: z.string().min(1).nullable().optional(),
    templateId: z.string().min(1).nullable().optional(),
    templateFields: z.record(z.string(), z.unknown()).optional(),
    variants: z.array(VariantInputSchema).max(4).optional().refine(uniqueNetworks, 'Hay más de una variante para la misma red.'),
  })
  .strict()
  .openapi('PieceCreate');

/** `overrideBlackout`: an administrator moving a scheduled piece into a blackout window on purpose. */
export const PieceUpdateSchema = PieceCreateSchema.partial().extend({ overrideBlackout: z.boolean().optional() }).strict().openapi('PieceUpdate');

export const PieceTransitionSchema = z
  .object({
    action: z.enum(['submit', 'withdraw', 'schedule', 'unschedule', 'retry', 'cancel', 'reopen']),
    comment: z.string().trim().max(5000).optional(),
    /** Administrators only: schedule into a blackout window on purpose. */
    overrideBlackout: z.boolean().optional(),
  })
  .strict()
  .openapi('PieceTransition');

export const PieceReviewSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().max(5000).optional(),
  })
  .strict()
  .refine((r) => r.decision === 'approve' || (r.comment ?? '').length > 0, { message: 'Explique en un comentario por qué se rechaza la pieza.', path: ['comment'] })
  .openapi('PieceReview');

export const PieceListQuery = z.object({
  planId: z.string().optional(),
  activityId: z.string().optional(),
  kind: PieceKindSchema.optional(),
  status: PieceStatusSchema.optional(),
  network: NetworkSchema.optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
