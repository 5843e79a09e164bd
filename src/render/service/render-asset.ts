import { createHash } from 'node:crypto';
import type { Actor } from '../../audit/write-audit.js';
import { brandKitHash, getBrandKit } from '../../brand/brand-kit.js';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { MediaAsset } from '../../generated/prisma/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { extensionOf, type MediaStore } from '../../media/store.js';
import { formats, getTemplate, renderTemplate, validateFields, type FieldValues, type FormatId, type OutputType, type TemplateManifest } from '../index.js';

export type RenderInput = { templateId: string; values: FieldValues; format: FormatId; output: OutputType; timeZone: string };

/**
 * Image fields arrive as media asset ids; the renderer wants the bytes. The cache key uses
 * the asset's hash instead, so it stays small and changes when the image does.
 */
async function resolveImages(db: Db, media: MediaStore, t: TemplateManifest, values: FieldValues) {
  const resolved: FieldValues = { ...values };
  const keyed: FieldValues = { ...values };
  for (const field of t.fields.filter((f) => f.type === 'image')) {
    const id = values[field.name];
    if (id === undefined || id === null || id === '') continue;
    const asset = typeof id === 'string' ? await db.mediaAsset.findUnique({ where: { id } }) : null;
    if (!asset || asset.kind !== 'image') {
      throw new AppError('unprocessable', `El campo «${field.label}» debe ser una imagen de la biblioteca de medios.`, { details: { field: field.name } });
    }
    resolved[field.name] = { bytes: await media.read(asset.storagePath), mimeType: asset.mimeType };
    keyed[field.name] = asset.sha256;
  }
  return { resolved, keyed };
}

/** What makes two renders the same image: template version, fields, brand kit, format, output. */
export function renderKey(o: { template: TemplateManifest; keyedValues: FieldValues; brandHash: string; format: string; output: string; timeZone: string }) {
  const canonical = JSON.stringify([o.template.id, o.template.version, sortKeys(o.keyedValues), o.brandHash, o.format, o.output, o.timeZone]);
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(v: FieldValues): FieldValues {
  return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)));
}

async function prepare(db: Db, media: MediaStore, input: RenderInput) {
  const template = getTemplate(input.templateId);
  if (!template.formats.includes(input.format)) {
    throw new AppError('unprocessable', `La plantilla «${template.name}» no tiene el formato ${input.format}.`, { details: { field: 'format' } });
  }
  const brand = await getBrandKit(db);
  const { resolved, keyed } = await resolveImages(db, media, template, input.values);
  const values = validateFields(template, resolved);
  const key = renderKey({ template, keyedValues: keyed, brandHash: brandKitHash(brand), format: input.format, output: input.output, timeZone: input.timeZone });
  return { template, brand, values, key };
}

/**
 * Renders a template into a stored media asset, or returns the stored one when the same
 * render was made before (content-addressed by `renderKey`).
 */
export async function renderToAsset(o: { db: Db; media: MediaStore; actor: Actor; input: RenderInput; pieceId?: string | null }): Promise<{ asset: MediaAsset; cached: boolean }> {
  const { db, media, input } = o;
  const { template, brand, values, key } = await prepare(db, media, input);
  const existing = await db.mediaAsset.findUnique({ where: { renderKey: key } });
  if (existing) return { asset: existing, cached: true };

  const result = await renderTemplate({ template, values, brand, format: input.format, output: input.output, timeZone: input.timeZone });
  const stored = await media.put(result.buffer, extensionOf[result.mimeType] ?? input.output);
  try {
    const asset = await db.mediaAsset.create({
      data: {
        kind: 'image',
        mimeType: result.mimeType,
        bytes: result.bytes,
        width: result.width,
        height: result.height,
        density: result.dpi,
        sha256: stored.sha256,
        storagePath: stored.storagePath,
        altText: result.altText,
        templateId: template.id,
        format: input.format,
        renderKey: key,
        pieceId: o.pieceId ?? null,
        createdById: o.actor.userId,
      },
    });
    return { asset, cached: false };
  } catch (err) {
    // Two identical requests rendered at once: the first one stored wins, both get it.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      return { asset: await db.mediaAsset.findUniqueOrThrow({ where: { renderKey: key } }), cached: true };
    }
    throw err;
  }
}

/** A fast, small PNG for the editor's live preview; nothing is stored. */
export async function renderPreview(o: { db: Db; media: MediaStore; input: Omit<RenderInput, 'output'>; maxWidth?: number }) {
  const { template, brand, values } = await prepare(o.db, o.media, { ...o.input, output: 'png' });
  const { width } = formats[o.input.format];
  const scale = Math.min(1, (o.maxWidth ?? 640) / width);
  return renderTemplate({ template, values, brand, format: o.input.format, output: 'png', timeZone: o.input.timeZone, scale });
}
