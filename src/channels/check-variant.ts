import type { Db } from '../db/client.js';
import { AppError } from '../errors.js';
import type { Network } from '../generated/prisma/client.js';
import type { CheckResult, VariantOptions } from './channel.js';
import { mediaFacts } from './publish-piece.js';
import { channelFor } from './registry.js';

export type CheckRequest = {
  network: Network;
  title?: string | null;
  text: string;
  link?: string | null;
  options: VariantOptions;
  media: { mediaAssetId: string; altText: string }[];
};

/** The editor's live check: the network's own rules on the variant as typed, with its media from the library. */
export async function checkVariant(db: Db, request: CheckRequest): Promise<CheckResult> {
  const ids = request.media.map((m) => m.mediaAssetId);
  const assets = ids.length ? await db.mediaAsset.findMany({ where: { id: { in: ids } } }) : [];
  const media = request.media.map((m) => {
    const asset = assets.find((a) => a.id === m.mediaAssetId);
    if (!asset) throw new AppError('unprocessable', `No existe el archivo con id ${m.mediaAssetId} en la biblioteca de medios.`, { details: { mediaAssetId: m.mediaAssetId } });
    return mediaFacts(asset, m.altText);
  });
  const event = request.options.eventId ? await db.event.findUnique({ where: { id: request.options.eventId }, select: { startsAt: true } }) : null;
  return channelFor(request.network).check({ title: request.title ?? null, text: request.text, link: request.link ?? null, options: request.options, media, event });
}
