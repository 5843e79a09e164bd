import { writeAudit } from '../audit/write-audit.js';
import { AppError, notFound } from '../errors.js';
import { freshCredentials } from './account-tokens.js';
import { ChannelError } from './channel.js';
import { toPublicationView } from './publication-view.js';
import type { PublishDeps } from './publish-piece.js';
import { channelFor } from './registry.js';

/**
 * Takes a published post down from its network (every part of a thread; the website's page
 * then answers 410) and keeps the publication, marked cancelled, with its id and dates.
 * If the network refuses, nothing changes here and the answer says why.
 */
export async function removePublication(deps: Omit<PublishDeps, 'media'>, id: string) {
  const { db } = deps;
  const publication = await db.publication.findUnique({ where: { id }, include: { account: true } });
  if (!publication) throw notFound('la publicación', id);
  if (publication.status !== 'published' || !publication.remoteId) {
    throw new AppError('illegal_transition', 'Solo se puede retirar una publicación que está publicada.', { details: { status: publication.status } });
  }
  const channel = channelFor(publication.account.network);
  try {
    const ctx = await freshCredentials({ db, box: deps.box, settings: deps.settings, channel, accountId: publication.accountId });
    await channel.remove(ctx, { remoteId: publication.remoteId, raw: publication.rawResponse ? JSON.parse(publication.rawResponse) : null });
  } catch (error) {
    if (error instanceof ChannelError) throw new AppError('network_failed', `No se pudo retirar la publicación: ${error.message}`, { details: { kind: error.kind, reason: error.reason } });
    throw error;
  }
  return db.$transaction(async (tx) => {
    const after = await tx.publication.update({ where: { id }, data: { status: 'cancelled' } });
    await writeAudit(tx, deps.actor, { action: 'remove', entityType: 'Publication', entityId: id, before: { status: publication.status, url: publication.url }, after: { status: after.status } });
    return toPublicationView(after, publication.account);
  });
}
