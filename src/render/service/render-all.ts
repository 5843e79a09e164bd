import type { Actor } from '../../audit/write-audit.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import type { MediaStore } from '../../media/store.js';
import { getTemplate, type FieldValues, type FormatId, type OutputType } from '../index.js';
import { renderToAsset } from './render-asset.js';

export type RenderAllProgress = { done: number; total: number; format: FormatId; assetId: string; cached: boolean };

/**
 * Renders a piece's template in every format it supports (or the ones asked for), one at a
 * time so the huge print formats never run together, reporting after each one.
 */
export async function renderAllFormats(o: {
  db: Db;
  media: MediaStore;
  actor: Actor;
  pieceId: string;
  formats?: FormatId[];
  output: OutputType;
  timeZone: string;
  onProgress: (p: RenderAllProgress) => Promise<void> | void;
}) {
  const piece = await o.db.piece.findUnique({ where: { id: o.pieceId } });
  if (!piece) throw notFound('la pieza', o.pieceId);
  if (!piece.templateId) throw new AppError('unprocessable', 'La pieza no tiene plantilla: elija una y llene sus campos antes de generar los formatos.');
  const template = getTemplate(piece.templateId);
  const values = JSON.parse(piece.templateFields ?? '{}') as FieldValues;
  const wanted = o.formats ?? template.formats;
  const unknown = wanted.filter((f) => !template.formats.includes(f));
  if (unknown.length > 0) throw new AppError('unprocessable', `La plantilla «${template.name}» no tiene los formatos: ${unknown.join(', ')}.`);
  const assets: string[] = [];
  for (const [i, format] of wanted.entries()) {
    const { asset, cached } = await renderToAsset({ db: o.db, media: o.media, actor: o.actor, pieceId: piece.id, input: { templateId: template.id, values, format, output: o.output, timeZone: o.timeZone } });
    assets.push(asset.id);
    await o.onProgress({ done: i + 1, total: wanted.length, format, assetId: asset.id, cached });
  }
  return assets;
}
