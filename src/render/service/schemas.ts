import { z } from '@hono/zod-openapi';

export const FormatIdSchema = z
  .enum(['x_post', 'ig_square', 'ig_portrait', 'story', 'facebook_link', 'youtube_thumbnail', 'web_banner', 'poster_a3', 'invitation_card', 'pendon', 'valla', 'newspaper_notice'])
  .openapi('FormatId');

export const RenderRequestSchema = z
  .object({
    template: z.string().min(1),
    fields: z.record(z.string(), z.unknown()),
    format: FormatIdSchema,
    output: z.enum(['png', 'jpeg', 'webp']).default('png'),
    pieceId: z.string().min(1).optional(),
  })
  .strict()
  .openapi('RenderRequest');

export const PreviewRequestSchema = z
  .object({ template: z.string().min(1), fields: z.record(z.string(), z.unknown()), format: FormatIdSchema })
  .strict()
  .openapi('RenderPreviewRequest');

export const MediaAssetSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    mimeType: z.string(),
    bytes: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    density: z.number().int().nullable(),
    altText: z.string().nullable(),
    templateId: z.string().nullable(),
    format: z.string().nullable(),
    pieceId: z.string().nullable(),
    originalName: z.string().nullable(),
    url: z.string(),
    createdAt: z.string(),
  })
  .openapi('MediaAsset');
