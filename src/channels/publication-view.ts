import type { ChannelAccount, Publication } from '../generated/prisma/client.js';

/** A publication as the API and pages show it: no raw answer, no progress, the account's label and sandbox mark. */
export function toPublicationView(p: Publication, account: Pick<ChannelAccount, 'id' | 'label' | 'network' | 'sandbox'>) {
  return {
    id: p.id,
    pieceId: p.pieceId,
    variantId: p.variantId,
    network: account.network,
    account: { id: account.id, label: account.label, sandbox: account.sandbox },
    pieceVersion: p.pieceVersion,
    status: p.status,
    scheduledAt: p.scheduledAt?.toISOString() ?? null,
    attempts: p.attempts,
    remoteId: p.remoteId,
    url: p.url,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    error: p.error,
    updatedAt: p.updatedAt.toISOString(),
  };
}
export type PublicationView = ReturnType<typeof toPublicationView>;
