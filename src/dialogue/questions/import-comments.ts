import { writeAudit, type Actor } from '../../audit/write-audit.js';
import type { SecretBox } from '../../auth/secret-box.js';
import { freshCredentials } from '../../channels/account-tokens.js';
import { ChannelError, type AccountContext, type ChannelSettings } from '../../channels/channel.js';
import type { CommentPages, RemoteComment } from '../../channels/comments.js';
import { facebookComments } from '../../channels/facebook/index.js';
import { channelFor } from '../../channels/registry.js';
import { xReplies } from '../../channels/x/index.js';
import { youtubeComments } from '../../channels/youtube/index.js';
import type { Db } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import { networkLabel } from '../../i18n/es.js';
import { formatDateTime } from '../../web/format.js';
import { questionCan, requireCan, type QuestionCaller } from './access.js';
import { createQuestion, QUESTION_MAX, QUESTION_MIN } from './intake.js';
import { truncate } from './normalize.js';
import { findPlan } from './plan-context.js';

/**
 * "Importar comentarios": the comments on one of the plan's published posts (or on the public
 * hearing's live broadcast) become citizens' questions, one per comment, with source = the
 * network, sourceRef = the comment's id and authorName = the public display name (never shown
 * publicly). Skipped: the account's own comments, comments already imported (the unique
 * source + sourceRef), and comments too short to be a question. Each page of comments is stored
 * before the next one is asked for, so when the network stops us (a rate limit, a token) what
 * was imported stays, and importing again later continues without repeating anything.
 */

export type CommentNetwork = 'x' | 'youtube' | 'facebook';

export type ImportTarget = { publicationId: string } | { eventId: string };

export type ImportDeps = { db: Db; box: SecretBox; settings: ChannelSettings; actor: Actor; by: QuestionCaller; timeZone: string };

export type ImportResult = {
  network: CommentNetwork;
  /** What was read, for the message: «la publicación «…» en X». */
  label: string;
  /** Comments the network gave. */
  read: number;
  /** New questions stored (duplicates included). */
  imported: number;
  /** Of the new ones, those stored as duplicates of an earlier question. */
  duplicates: number;
  alreadyImported: number;
  own: number;
  /** Empty or shorter than a question (e.g. «¡Gracias!»). */
  tooShort: number;
  /** False when the network stopped the import before the last page. */
  complete: boolean;
  /** Why it stopped, in Spanish; null when complete. */
  stoppedBy: string | null;
};

type Source = { network: CommentNetwork; postId: string; accountId: string; label: string };

const readers: Record<CommentNetwork, (ctx: AccountContext, postId: string) => CommentPages> = {
  x: xReplies,
  youtube: youtubeComments,
  facebook: facebookComments,
};

export async function importComments(deps: ImportDeps, planId: string, target: ImportTarget): Promise<ImportResult> {
  requireCan(questionCan.manage(deps.by), 'Solo la oficina de comunicaciones importa comentarios.');
  const { db } = deps;
  const plan = await findPlan(db, planId);
  const source = 'publicationId' in target ? await publicationSource(db, plan.id, target.publicationId) : await broadcastSource(db, plan.id, target.eventId);
  const result: ImportResult = { network: source.network, label: source.label, read: 0, imported: 0, duplicates: 0, alreadyImported: 0, own: 0, tooShort: 0, complete: false, stoppedBy: null };
  const channel = channelFor(source.network);
  const context = (force: boolean) => freshCredentials({ db, box: deps.box, settings: deps.settings, channel, accountId: source.accountId, force });

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const ctx = await context(attempt > 0);
      for await (const page of readers[source.network](ctx, source.postId)) {
        for (const comment of page) await store(deps, plan.id, source.network, comment, result);
      }
      result.complete = true;
      break;
    } catch (error) {
      if (!(error instanceof ChannelError)) throw error;
      // A token the network refused gets one refresh and one more pass (what is stored is skipped).
      if (error.kind === 'auth' && attempt === 0) continue;
      result.stoppedBy = stopMessage(error, source.network, result, deps.timeZone);
      break;
    }
  }

  await db.$transaction((tx) =>
    writeAudit(tx, deps.actor, {
      action: 'question.import',
      entityType: 'Plan',
      entityId: plan.id,
      after: { ...result, label: undefined, postId: source.postId, accountId: source.accountId },
    }),
  );
  return result;
}

async function store(deps: ImportDeps, planId: string, network: CommentNetwork, comment: RemoteComment, result: ImportResult) {
  result.read += 1;
  if (comment.own) {
    result.own += 1;
    return;
  }
  const text = comment.text.trim();
  if ([...text].length < QUESTION_MIN) {
    result.tooShort += 1;
    return;
  }
  const known = await deps.db.citizenQuestion.findUnique({ where: { source_sourceRef: { source: network, sourceRef: comment.id } }, select: { id: true } });
  if (known) {
    result.alreadyImported += 1;
    return;
  }
  try {
    const { duplicateOf } = await createQuestion({
      db: deps.db,
      actor: deps.actor,
      input: {
        planId,
        source: network,
        sourceRef: comment.id,
        authorName: comment.authorName ? truncate(comment.authorName, 120) : null,
        text: truncate(text, QUESTION_MAX),
        ...(comment.publishedAt ? { receivedAt: comment.publishedAt } : {}),
      },
    });
    result.imported += 1;
    if (duplicateOf) result.duplicates += 1;
  } catch (error) {
    // Another import of the same post got there first.
    if (error instanceof AppError && error.code === 'conflict') result.alreadyImported += 1;
    else throw error;
  }
}

function stopMessage(error: ChannelError, network: CommentNetwork, result: ImportResult, timeZone: string): string {
  const name = networkLabel[network];
  const kept = result.imported > 0 ? `Se guardaron las ${result.imported} preguntas importadas hasta ese momento` : 'No alcanzó a importarse ninguna pregunta';
  const again = 'vuelva a importar más tarde: lo ya importado no se repite.';
  if (error.kind === 'rate_limited') {
    const until = error.retryAt ? ` hasta el ${formatDateTime(error.retryAt.toISOString(), timeZone)}` : '';
    return `${name} pidió esperar${until} por límite de uso y la importación se detuvo. ${kept}; ${again}`;
  }
  if (error.kind === 'auth') return `${name} rechazó el token de la cuenta: reconéctela en Canales. ${kept}.`;
  return `${error.message} ${kept}; ${again}`;
}

/** A published post of the plan on a network with comments. */
async function publicationSource(db: Db, planId: string, publicationId: string): Promise<Source> {
  const publication = await db.publication.findUnique({
    where: { id: publicationId },
    include: { variant: { select: { network: true } }, piece: { select: { title: true, activity: { select: { subcomponent: { select: { planId: true } } } } } } },
  });
  if (!publication) throw notFound('la publicación', publicationId);
  const network = publication.variant.network;
  if (network === 'website') throw new AppError('unprocessable', 'El sitio web municipal no recibe comentarios: elija una publicación de X, YouTube o Facebook.');
  if (publication.status !== 'published' || !publication.remoteId) throw new AppError('unprocessable', 'Esa publicación todavía no está publicada en la red: no tiene comentarios que importar.');
  const piecePlan = publication.piece.activity?.subcomponent.planId;
  if (piecePlan && piecePlan !== planId) throw new AppError('unprocessable', 'Esa publicación es de otro plan.');
  return { network, postId: publication.remoteId, accountId: publication.accountId, label: `la publicación «${publication.piece.title}» en ${networkLabel[network]}` };
}

/** The live broadcast of the plan's event on YouTube, through the account that scheduled it. */
async function broadcastSource(db: Db, planId: string, eventId: string): Promise<Source> {
  const event = await db.event.findUnique({ where: { id: eventId } });
  if (!event || event.planId !== planId) throw notFound('el evento', eventId);
  if (!event.broadcastId) throw new AppError('unprocessable', 'El evento no tiene transmisión en vivo en YouTube: prográmela desde una pieza con variante de YouTube «en vivo».');
  const publication = await db.publication.findFirst({ where: { remoteId: event.broadcastId, status: 'published', variant: { network: 'youtube' } }, orderBy: { publishedAt: 'desc' } });
  const account = publication ? { id: publication.accountId } : await db.channelAccount.findFirst({ where: { network: 'youtube', status: 'active' }, orderBy: { createdAt: 'asc' }, select: { id: true } });
  if (!account) throw new AppError('unprocessable', 'No hay una cuenta de YouTube conectada para leer los comentarios de la transmisión.');
  return { network: 'youtube', postId: event.broadcastId, accountId: account.id, label: `la transmisión en vivo de «${event.title}» en YouTube` };
}

/** The plan's posts whose comments can be imported: published on X, YouTube or Facebook, newest first. */
export async function importablePublications(db: Db, planId: string) {
  const rows = await db.publication.findMany({
    where: {
      status: 'published',
      remoteId: { not: null },
      variant: { network: { in: ['x', 'youtube', 'facebook'] } },
      piece: { activity: { subcomponent: { planId } } },
    },
    include: { variant: { select: { network: true } }, piece: { select: { id: true, title: true } }, account: { select: { label: true, sandbox: true } } },
    orderBy: [{ publishedAt: 'desc' }, { id: 'asc' }],
    take: 100,
  });
  return rows.map((p) => ({
    id: p.id,
    network: p.variant.network as CommentNetwork,
    pieceId: p.piece.id,
    pieceTitle: p.piece.title,
    accountLabel: p.account.label,
    sandbox: p.account.sandbox,
    url: p.url,
    publishedAt: p.publishedAt?.toISOString() ?? null,
  }));
}
