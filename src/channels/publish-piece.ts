import type { MetricsSettings } from '../config.js';
import { firstMetricsDueAt, scheduleMetricsCollection } from '../metrics/metrics-jobs.js';
import { trackVariantLinks } from '../metrics/short-links.js';
import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { SecretBox } from '../auth/secret-box.js';
import type { Db, DbOrTx } from '../db/client.js';
import { AppError } from '../errors.js';
import type { ChannelAccount, MediaAsset, Network, Publication } from '../generated/prisma/client.js';
import { networkLabel } from '../i18n/es.js';
import { formatDateTime } from '../web/format.js';
import type { MediaStore } from '../media/store.js';
import { transitionPiece } from '../pieces/lifecycle.js';
import { findPiece, parseSnapshot, type PieceRow, type VariantContent } from '../pieces/piece-view.js';
import { freshCredentials, markReconnectNeeded } from './account-tokens.js';
import { ChannelError, type Channel, type ChannelSettings, type CheckInput, type OutgoingVariant, type PublishResult } from './channel.js';
import { toPublicationView } from './publication-view.js';
import { channelFor } from './registry.js';
import { ensureWebsiteAccount } from './website-account.js';

/** `timeZone`: the office's, for the times in messages ("en pausa hasta…"). */
export type PublishDeps = {
  db: Db;
  box: SecretBox;
  media: MediaStore;
  settings: ChannelSettings;
  actor: Actor;
  timeZone: string;
  now?: () => Date;
  /** When the metrics snapshots of what goes out are taken (the defaults when absent). */
  metrics?: MetricsSettings;
};

/** Which variants go out, and on which accounts. Empty: every variant, each on its network's only account. */
export type PublishRequest = { networks?: Network[]; accountIds?: string[] };

export type PublishOutcome = {
  network: Network;
  accountId: string;
  outcome: 'published' | 'already_published' | 'in_progress' | 'unconfirmed' | 'failed' | 'held';
  message: string | null;
  publication: ReturnType<typeof toPublicationView>;
};

export type Target = { variant: VariantContent; variantId: string; account: ChannelAccount; channel: Channel; outgoing: OutgoingVariant; check: CheckInput };

/**
 * "Publish now": sends an approved piece's variants to their accounts and records every
 * attempt. The order makes it crash-safe and never-twice:
 *   1. every target is checked against its network's rules first; one error and nothing is sent (422);
 *   2. the publication row is claimed (`publishing`, attempt counted) in its own write BEFORE the network call;
 *   3. the network's answer is written right after: published (remote id, link, raw answer),
 *      failed (safe to retry), unconfirmed (no answer: the post may exist, a person or the
 *      scheduler reconciles), or held (the account needs reconnecting or is paused: nothing is lost).
 * A publication already published or in flight is never sent again.
 * The piece becomes "published" when every variant of its approved version is published.
 */
export async function publishPiece(deps: PublishDeps, pieceId: string, request: PublishRequest = {}): Promise<{ piece: PieceRow; results: PublishOutcome[] }> {
  const { db } = deps;
  const piece = await findPiece(db, pieceId);
  transitionPiece(piece.status, 'publish'); // 409 unless approved, scheduled or failed
  if (piece.approvedVersion === null) throw new AppError('illegal_transition', 'La pieza no tiene una versión aprobada.');
  const version = await db.pieceVersion.findUniqueOrThrow({ where: { pieceId_version: { pieceId, version: piece.approvedVersion } } });
  const approved = parseSnapshot(version.snapshot);

  const targets = await resolveTargets(deps, piece, approved.variants, request);
  const issues = targets.flatMap((t) => t.channel.check(t.check).issues.filter((i) => i.severity === 'error').map((i) => ({ ...i, network: t.variant.network })));
  if (issues.length > 0) {
    throw new AppError('unprocessable', `La pieza no cumple las reglas de ${[...new Set(issues.map((i) => networkLabel[i.network]))].join(', ')}: ${issues.map((i) => i.message).join(' ')}`, {
      details: { issues },
    });
  }

  const results: PublishOutcome[] = [];
  for (const target of targets) results.push(await publishTarget(deps, piece, target));

  await markPiecePublishedIfComplete(deps, pieceId, approved.variants.map((v) => v.network));
  return { piece: await findPiece(db, pieceId), results };
}

// ---------------------------------------------------------------- targets

async function resolveTargets(deps: PublishDeps, piece: PieceRow, variants: VariantContent[], request: PublishRequest): Promise<Target[]> {
  const { db } = deps;
  const named = request.accountIds?.length ? await db.channelAccount.findMany({ where: { id: { in: request.accountIds } } }) : [];
  for (const id of request.accountIds ?? []) if (!named.some((a) => a.id === id)) throw new AppError('unprocessable', `No existe la cuenta con id ${id}.`, { details: { accountId: id } });

  // Named networks, else the networks of the named accounts, else every variant. A named account goes with its network.
  const networks = request.networks?.length ? request.networks : request.accountIds?.length ? [...new Set(named.map((a) => a.network))] : variants.map((v) => v.network);
  const stray = named.find((a) => !networks.includes(a.network));
  if (stray) throw new AppError('unprocessable', `La cuenta «${stray.label}» es de ${networkLabel[stray.network]}, que no está entre las redes indicadas.`, { details: { accountId: stray.id } });
  const targets: Target[] = [];
  for (const network of networks) {
    const variant = variants.find((v) => v.network === network);
    if (!variant) throw new AppError('unprocessable', `La versión aprobada de la pieza no tiene variante para ${networkLabel[network]}.`, { details: { network } });
    const variantRow = piece.variants.find((v) => v.network === network);
    if (!variantRow) throw new AppError('conflict', 'La pieza cambió después de aprobarse; recárguela.');
    const channel = channelFor(network);
    const accounts = named.filter((a) => a.network === network);
    if (accounts.length === 0) accounts.push(await defaultAccount(db, channel));
    const { outgoing, check } = await outgoingVariant(deps, piece, variant);
    for (const account of accounts) targets.push({ variant, variantId: variantRow.id, account, channel, outgoing, check });
  }
  return targets;
}

/** The website needs no account (a built-in one records its publications); other networks need exactly one usable account, or one named. */
export async function defaultAccount(db: DbOrTx, channel: Channel): Promise<ChannelAccount> {
  if (!channel.needsAccount) return ensureWebsiteAccount(db);
  const accounts = await db.channelAccount.findMany({ where: { network: channel.network, status: { not: 'disabled' } }, orderBy: { label: 'asc' } });
  if (accounts.length === 1) return accounts[0]!;
  if (accounts.length === 0) throw new AppError('unprocessable', `No hay una cuenta de ${channel.label} conectada; conéctela en Canales.`, { details: { network: channel.network } });
  throw new AppError('unprocessable', `Hay varias cuentas de ${channel.label}; indique en cuál publicar.`, {
    details: { network: channel.network, accounts: accounts.map((a) => ({ id: a.id, label: a.label })) },
  });
}

export async function outgoingVariant({ db, media, settings }: PublishDeps, piece: Pick<PieceRow, 'id' | 'kind' | 'title' | 'body'>, variant: VariantContent): Promise<{ outgoing: OutgoingVariant; check: CheckInput }> {
  const ids = variant.media.map((m) => m.mediaAssetId);
  const assets = ids.length ? await db.mediaAsset.findMany({ where: { id: { in: ids } } }) : [];
  const byId = new Map(assets.map((a) => [a.id, a]));
  const files = variant.media.map((m) => {
    const asset = byId.get(m.mediaAssetId);
    if (!asset) throw new AppError('unprocessable', `El archivo ${m.mediaAssetId} ya no está en la biblioteca de medios.`, { details: { mediaAssetId: m.mediaAssetId } });
    return { ...mediaFacts(asset, m.altText), id: asset.id, read: () => media.read(asset.storagePath) };
  });
  const event = variant.options.eventId ? await db.event.findUnique({ where: { id: variant.options.eventId } }) : null;
  if (variant.options.eventId && !event) throw new AppError('unprocessable', `No existe el evento con id ${variant.options.eventId}.`, { details: { eventId: variant.options.eventId } });
  // Links through Pregón's short links when the variant asks for it; the same codes every time, so a retry sends the same text.
  const { text, link } = await trackVariantLinks(db, { pieceId: piece.id, network: variant.network, text: variant.text, link: variant.link, options: variant.options, publicUrl: settings.publicUrl });
  const outgoing: OutgoingVariant = {
    pieceId: piece.id,
    pieceKind: piece.kind,
    pieceTitle: piece.title,
    pieceBody: piece.body,
    title: variant.title,
    text,
    link,
    options: variant.options,
    media: files,
    event: event && { id: event.id, title: event.title, description: event.description, startsAt: event.startsAt, endsAt: event.endsAt },
  };
  return { outgoing, check: { title: variant.title, text, link, options: variant.options, media: files, event } };
}

/** The target of an existing publication (the scheduler's jobs name publications): its approved variant, channel and account. */
/**
 * The target of an existing publication (the scheduler's jobs name publications): its approved
 * variant, channel and account, and the networks the approved version goes to. Read with as
 * few queries as possible: this is the scheduler's hot path.
 */
export async function targetForPublication(deps: PublishDeps, publicationId: string) {
  const publication = await deps.db.publication.findUniqueOrThrow({ where: { id: publicationId }, include: { account: true, piece: true } });
  const { account, piece, ...row } = publication;
  if (piece.approvedVersion === null) throw new AppError('illegal_transition', 'La pieza no tiene una versión aprobada.');
  const version = await deps.db.pieceVersion.findUniqueOrThrow({ where: { pieceId_version: { pieceId: piece.id, version: piece.approvedVersion } } });
  const variants = parseSnapshot(version.snapshot).variants;
  const variant = variants.find((v) => v.network === account.network);
  if (!variant) throw new AppError('unprocessable', `La versión aprobada no tiene variante para ${networkLabel[account.network]}.`);
  const { outgoing, check } = await outgoingVariant(deps, piece, variant);
  const target: Target = { variant, variantId: publication.variantId, account, channel: channelFor(account.network), outgoing, check };
  return { piece, publication: row, target, networks: variants.map((v) => v.network) };
}

export function mediaFacts(asset: MediaAsset, altText: string) {
  return { kind: asset.kind, mimeType: asset.mimeType, bytes: asset.bytes, width: asset.width, height: asset.height, altText };
}

// ---------------------------------------------------------------- one target

async function publishTarget(deps: PublishDeps, piece: PieceRow, target: Target): Promise<PublishOutcome> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const result = (outcome: PublishOutcome['outcome'], publication: Publication, message: string | null = null): PublishOutcome => ({
    network: target.account.network,
    accountId: target.account.id,
    outcome,
    message,
    publication: toPublicationView(publication, target.account),
  });

  const existing = await db.publication.upsert({
    where: { variantId_accountId: { variantId: target.variantId, accountId: target.account.id } },
    create: { pieceId: piece.id, variantId: target.variantId, accountId: target.account.id, pieceVersion: piece.approvedVersion!, status: 'pending' },
    update: {},
  });
  if (existing.status === 'published') return result('already_published', existing, 'Ya estaba publicada; no se envía otra vez.');
  if (existing.status === 'publishing') return result('in_progress', existing, 'Otra solicitud la está publicando en este momento.');
  if (existing.status === 'unconfirmed') return result('unconfirmed', existing, 'Un intento anterior no tuvo respuesta: confirme si quedó publicada antes de reintentar.');

  const account = await db.channelAccount.findUniqueOrThrow({ where: { id: target.account.id } });
  const blocked = accountBlock(account, now, deps.timeZone);
  if (blocked) return result('held', await db.publication.update({ where: { id: existing.id }, data: { status: 'held', error: blocked } }), blocked);

  if (!(await claimPublication(db, existing, piece.approvedVersion!, now))) return result('in_progress', await db.publication.findUniqueOrThrow({ where: { id: existing.id } }), 'Otra solicitud la está publicando en este momento.');

  try {
    const published = await sendWithOneRefresh(deps, target, existing);
    const row = await recordPublished(deps, piece.id, existing.id, target, published);
    return result('published', row);
  } catch (error) {
    const { status, message } = await failureOf(deps, account, error);
    const row = await db.publication.update({ where: { id: existing.id }, data: { status, error: message } });
    await writeAudit(db, deps.actor, { action: `publish_${status}`, entityType: 'Publication', entityId: row.id, after: { status, error: message, accountId: account.id } });
    return result(status, row, message);
  }
}

/**
 * The claim: only one caller moves the row to "publishing" (a conditional update on the state
 * it read), and the attempt is on record before anything is sent.
 */
export async function claimPublication(db: Db, publication: Publication, version: number, now: Date): Promise<boolean> {
  const claimed = await db.publication.updateMany({
    where: { id: publication.id, status: publication.status, attempts: publication.attempts },
    data: { status: 'publishing', attemptStartedAt: now, attempts: { increment: 1 }, pieceVersion: version, error: null },
  });
  return claimed.count === 1;
}

export function accountBlock(account: ChannelAccount, now: Date, timeZone: string): string | null {
  if (account.status === 'disabled') return `La cuenta «${account.label}» está desactivada.`;
  if (account.status === 'reconnect_needed') return `La cuenta «${account.label}» necesita reconectarse; la publicación queda en espera.`;
  if (account.status === 'paused' || (account.pausedUntil && account.pausedUntil > now)) {
    return account.pausedUntil ? `La cuenta «${account.label}» está en pausa hasta el ${formatDateTime(account.pausedUntil.toISOString(), timeZone)} (${timeZone}); la publicación queda en espera.` : `La cuenta «${account.label}» está en pausa; la publicación queda en espera.`;
  }
  return null;
}

/** Sends the variant; a 401 gets one token refresh and one more try, as the networks expect. */
export async function sendWithOneRefresh(deps: PublishDeps, target: Target, publication: Publication): Promise<PublishResult> {
  const send = async (force: boolean) => {
    const ctx = await freshCredentials({ db: deps.db, box: deps.box, settings: deps.settings, channel: target.channel, accountId: target.account.id, known: target.account, force, now: deps.now?.() });
    // The second try (after a token refresh) reads the progress the first one may have saved.
    const progress = force ? (await deps.db.publication.findUniqueOrThrow({ where: { id: publication.id }, select: { progress: true } })).progress : publication.progress;
    return target.channel.publish(
      {
        ...ctx,
        progress: progress === null ? null : JSON.parse(progress),
        saveProgress: async (state) => {
          await deps.db.publication.update({ where: { id: publication.id }, data: { progress: JSON.stringify(state) } });
        },
      },
      target.outgoing,
    );
  };
  try {
    return await send(false);
  } catch (error) {
    if (error instanceof ChannelError && error.kind === 'auth' && target.channel.needsAccount) return send(true);
    throw error;
  }
}

/**
 * Records a publication as published, in one transaction with its audit entry and, when
 * `networks` (those of the approved version) are given, the piece's move to "published" once
 * every one of them is out.
 */
export async function recordPublished(deps: PublishDeps, pieceId: string, publicationId: string, target: Target, published: PublishResult, networks?: Network[]) {
  const metricsDueAt = firstMetricsDueAt(published.publishedAt, deps.metrics);
  return deps.db.$transaction(async (tx) => {
    const row = await tx.publication.update({
      where: { id: publicationId },
      data: {
        status: 'published',
        remoteId: published.remoteId,
        url: published.url,
        publishedAt: published.publishedAt,
        rawResponse: JSON.stringify(published.raw),
        progress: null,
        error: null,
        metricsDueAt,
      },
    });
    if (metricsDueAt) await scheduleMetricsCollection(tx, row.accountId, metricsDueAt);
    if (published.live && target.outgoing.event) {
      await tx.event.update({
        where: { id: target.outgoing.event.id },
        data: {
          broadcastId: published.live.broadcastId,
          liveStreamId: published.live.liveStreamId,
          watchUrl: published.live.watchUrl,
          streamKeyEncrypted: deps.box.encrypt(published.live.streamKey),
        },
      });
    }
    await writeAudit(tx, deps.actor, { action: 'publish', entityType: 'Publication', entityId: row.id, after: { pieceId, network: target.account.network, accountId: target.account.id, remoteId: row.remoteId, url: row.url } });
    if (networks) await markPiecePublishedIfComplete({ db: tx, actor: deps.actor }, pieceId, networks);
    return row;
  });
}

/** What a failure means for the publication, and for the account. */
export async function failureOf({ db, timeZone }: PublishDeps, account: ChannelAccount, error: unknown): Promise<{ status: 'failed' | 'unconfirmed' | 'held'; message: string }> {
  if (!(error instanceof ChannelError)) {
    if (error instanceof AppError) return { status: 'failed', message: error.message };
    console.error('Error inesperado al publicar', error);
    return { status: 'failed', message: `Error inesperado al publicar: ${(error as Error).message}` };
  }
  switch (error.kind) {
    case 'unknown_outcome':
      return { status: 'unconfirmed', message: error.message };
    case 'auth': {
      const fresh = await db.channelAccount.findUniqueOrThrow({ where: { id: account.id } });
      if (fresh.status !== 'reconnect_needed') await markReconnectNeeded(db, fresh, error.message);
      return { status: 'held', message: `${error.message} La publicación queda en espera hasta que se reconecte la cuenta.` };
    }
    case 'rate_limited':
      if (!error.retryAt) return { status: 'failed', message: error.message };
      await db.channelAccount.update({ where: { id: account.id }, data: { pausedUntil: error.retryAt } });
      return {
        status: 'failed',
        message: `${networkLabel[account.network]} pidió esperar por límite de uso: la cuenta «${account.label}» queda en pausa hasta el ${formatDateTime(error.retryAt.toISOString(), timeZone)} (${timeZone}). Reintente después.`,
      };
    case 'transient':
    case 'rejected':
      return { status: 'failed', message: error.message };
  }
}

export async function markPiecePublishedIfComplete({ db, actor }: { db: DbOrTx; actor: Actor }, pieceId: string, networks: Network[]): Promise<void> {
  const published = await db.publication.findMany({ where: { pieceId, status: 'published', account: { network: { in: networks } } }, select: { account: { select: { network: true } } } });
  if (!networks.every((n) => published.some((p) => p.account.network === n))) return;
  const piece = await db.piece.findUniqueOrThrow({ where: { id: pieceId }, select: { status: true } });
  if (piece.status === 'published') return;
  const to = transitionPiece(piece.status, 'publish');
  // Conditional on the status read, so two publications finishing at once move it once.
  const { count } = await db.piece.updateMany({ where: { id: pieceId, status: piece.status }, data: { status: to } });
  if (count === 1) await writeAudit(db, actor, { action: 'publish', entityType: 'Piece', entityId: pieceId, before: { status: piece.status }, after: { status: to } });
}

