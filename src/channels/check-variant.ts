import type { DbOrTx } from '../db/client.js';
import type { VariantContent } from '../pieces/piece-view.js';
import { AppError } from '../errors.js';
import type { Network } from '../generated/prisma/client.js';
import type { CheckResult, RuleIssue, VariantOptions } from './channel.js';
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
export async function checkVariant(db: DbOrTx, request: CheckRequest): Promise<CheckResult> {
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

/**
 * Every error the piece's variants have against their networks' rules, for refusing to send a
 * piece to review (an approver should never approve what cannot be published).
 */
export async function variantErrors(db: DbOrTx, variants: VariantContent[]) {
  const issues: (RuleIssue & { network: Network })[] = [];
  for (const v of variants) {
    const result = await checkVariant(db, { network: v.network, title: v.title, text: v.text, link: v.link, options: v.options, media: v.media });
    issues.push(...result.issues.filter((i) => i.severity === 'error').map((i) => ({ ...i, network: v.network })));
  }
  return issues;
}
