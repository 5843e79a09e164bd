import { bestTimes } from '../metrics/rollups.js';
import { Hono, type Context } from 'hono';
import { listAccounts } from '../channels/accounts.js';
import { listPublications } from '../channels/list-publications.js';
import { publishDeps } from '../channels/publish-deps.js';
import { publishPiece, type PublishOutcome } from '../channels/publish-piece.js';
import { removePublication } from '../channels/remove-publication.js';
import { resolveUnconfirmed } from '../scheduler/controls.js';
import { AppError, notFound } from '../errors.js';
import type { Network } from '../generated/prisma/client.js';
import type { AppEnv } from '../http/env.js';
import { toAppError } from '../http/errors.js';
import { networkLabel } from '../i18n/es.js';
import { can } from '../auth/permissions.js';
import type { Db } from '../db/client.js';
import { fromLocalDateTime } from '../lib/dates.js';
import { changePieceStatus, needsDepartmentApproval, reviewCapacityOf } from '../pieces/change-piece-status.js';
import { listTemplates } from '../render/templates.js';
import type { PieceAction } from '../pieces/lifecycle.js';
import { findPiece, toPieceView } from '../pieces/piece-view.js';
import { updatePiece, type VariantInput } from '../pieces/save-piece.js';
import { PieceUpdateSchema } from '../pieces/schemas.js';
import { renderPage } from './page.js';
import { editorNetworks, PiecePage } from './piece-page.js';

/** A piece's page: variants, review, "publish now" and its publications. */
export const pieceWebRoutes = new Hono<AppEnv>();

async function piecePage(c: Context<AppEnv>, id: string, notice: { error?: string; notice?: string } = {}, status: 200 | 422 = 200) {
  const db = c.var.db;
  const row = await findPiece(db, id);
  const [publications, accounts, media, activity] = await Promise.all([
    listPublications(db, id),
    listAccounts(db),
    // The piece's own renders first, then the rest of the library.
    db.mediaAsset.findMany({ where: { kind: { in: ['image', 'video'] } }, orderBy: [{ createdAt: 'desc' }], take: 100 }).then((all) => [...all.filter((m) => m.pieceId === id), ...all.filter((m) => m.pieceId !== id)]),
    row.activityId ? db.activity.findUnique({ where: { id: row.activityId }, select: { id: true, description: true, subcomponent: { select: { planId: true } } } }) : null,
  ]);
  const events = activity ? await db.event.findMany({ where: { planId: activity.subcomponent.planId }, orderBy: { startsAt: 'asc' } }) : [];
  // While the piece can still be scheduled: the hours that worked best in the plan's own history.
  const bestHours = activity && row.status !== 'published' && row.status !== 'cancelled' ? (await bestTimes(db, activity.subcomponent.planId, { timeZone: c.var.config.timeZone })).suggestions : [];
  const [versions, reviews, departmentRequired] = await Promise.all([
    db.pieceVersion.findMany({ where: { pieceId: id }, orderBy: { version: 'desc' }, select: { version: true, createdAt: true, createdById: true } }),
    db.pieceReview.findMany({ where: { pieceId: id }, orderBy: { createdAt: 'asc' }, include: { reviewer: { select: { name: true } } } }),
    needsDepartmentApproval(db, row),
  ]);
  const authorIds = [...new Set(versions.map((v) => v.createdById).filter((u): u is string => u !== null))];
  const authors = new Map((await db.user.findMany({ where: { id: { in: authorIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]));
  const current = reviews.filter((r) => r.version === row.version && r.decision === 'approved');
  const auth = c.var.auth;
  const canCheck =
    departmentRequired && auth !== null && can(auth.user.role, 'piece:check') && !can(auth.user.role, 'piece:review') && (await answersForPiece(db, auth.user.departmentIds, row.activityId));
  return renderPage(
    c,
    <PiecePage
      piece={toPieceView(row)}
      activity={activity && { id: activity.id, name: activity.description }}
      publications={publications}
      accounts={accounts}
      media={media.map((m) => ({
        id: m.id,
        kind: m.kind,
        altText: m.altText ?? '',
        label: `${m.pieceId === id ? 'De esta pieza · ' : ''}${m.kind === 'video' ? 'Video' : 'Imagen'}: ${m.originalName ?? (m.templateId ? `${m.templateId} ${m.format}` : m.id)}${m.width ? ` (${m.width}×${m.height})` : ''}`,
      }))}
      events={events.map((e) => ({ id: e.id, title: e.title, startsAt: e.startsAt.toISOString() }))}
      bestHours={bestHours}
      templates={listTemplates().map((t) => ({ id: t.id, name: t.name }))}
      history={versions.map((v) => ({
        version: v.version,
        createdAt: v.createdAt.toISOString(),
        author: v.createdById ? (authors.get(v.createdById) ?? null) : null,
        reviews: reviews
          .filter((r) => r.version === v.version)
          .map((r) => ({ decision: r.decision, comment: r.comment, reviewer: r.reviewer?.name ?? null, asDepartment: r.asDepartment, createdAt: r.createdAt.toISOString() })),
      }))}
      approvals={{ departmentRequired, office: current.some((r) => !r.asDepartment), department: current.some((r) => r.asDepartment) }}
      canCheck={canCheck}
      timeZone={c.var.config.timeZone}
      {...notice}
    />,
    status,
  );
}

pieceWebRoutes.get('/piezas/:id', (c) => piecePage(c, c.req.param('id')));

/** "Abrir la plantilla": the chosen template's page, making images for this piece. */
pieceWebRoutes.get('/piezas/:id/plantilla', (c) => {
  const template = listTemplates().find((t) => t.id === c.req.query('plantilla'));
  if (!template) throw new AppError('not_found', 'No existe esa plantilla.');
  return c.redirect(`/plantillas/${template.id}?pieza=${encodeURIComponent(c.req.param('id'))}`, 303);
});

/** Reads the editor form: `x.include`, `x.text`, `youtube.title`, `x.media.0.id`, `x.media.0.alt`… */
export function variantsFromForm(form: Record<string, string | File | (string | File)[]>): VariantInput[] {
  const get = (key: string) => {
    const v = form[key];
    return typeof v === 'string' ? v : '';
  };
  return editorNetworks
    .filter((n) => get(`${n}.include`) !== '')
    .map((network: Network) => {
      const tags = get(`${network}.tags`).split(',').map((t) => t.trim()).filter(Boolean);
      const media = Array.from({ length: 4 }, (_, i) => ({ mediaAssetId: get(`${network}.media.${i}.id`), altText: get(`${network}.media.${i}.alt`).trim() })).filter((m) => m.mediaAssetId !== '');
      const options =
        network === 'x'
          ? { thread: get('x.thread') !== '' }
          : network === 'youtube'
            ? {
                youtubeMode: get('youtube.youtubeMode') === 'live' ? ('live' as const) : ('video' as const),
                privacy: (['public', 'unlisted', 'private'].includes(get('youtube.privacy')) ? get('youtube.privacy') : 'public') as 'public' | 'unlisted' | 'private',
                ...(tags.length ? { tags } : {}),
                ...(get('youtube.eventId') ? { eventId: get('youtube.eventId') } : {}),
              }
            : {};
      return { network, title: get(`${network}.title`).trim() || null, text: get(`${network}.text`), link: get(`${network}.link`).trim() || null, options: { ...options, trackLinks: get(`${network}.trackLinks`) !== '' }, media };
    });
}

/**
 * Saves the editor form. The page's script autosaves drafts with `X-Autosave: 1` and gets
 * JSON back; a draft's autosaves within a few minutes by the same person refine one version.
 */
pieceWebRoutes.post('/piezas/:id/variantes', async (c) => {
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  const autosave = c.req.header('x-autosave') === '1';
  try {
    const when = typeof form['scheduledAt'] === 'string' ? form['scheduledAt'] : undefined;
    const scheduledAt = when === undefined ? undefined : when === '' ? null : fromLocalDateTime(when, c.var.config.timeZone)?.toISOString();
    if (scheduledAt === undefined && when) throw new AppError('bad_request', 'La fecha y hora de publicación no es válida.');
    const fields = PieceUpdateSchema.parse({ title: form['title'], body: form['body'], kind: form['kind'] || undefined, scheduledAt, variants: variantsFromForm(form) });
    const piece = await updatePiece({ db: c.var.db, actor: c.var.actor, id, fields, autosave, timeZone: c.var.config.timeZone });
    if (autosave) return c.json({ version: piece.version, savedAt: piece.updatedAt }, 200);
    return c.redirect(`/piezas/${id}#variantes`, 303);
  } catch (err) {
    const e = toAppError(err);
    if (autosave) return c.json({ error: { code: e.code, message: e.message } }, 422);
    if (e.code === 'not_found') throw e;
    return piecePage(c, id, { error: e.message }, 422);
  }
});

const formActions: PieceAction[] = ['submit', 'withdraw', 'reopen', 'schedule', 'unschedule', 'retry', 'cancel'];

pieceWebRoutes.post('/piezas/:id/estado', async (c) => {
  const id = c.req.param('id');
  const action = String((await c.req.parseBody())['action'] ?? '') as PieceAction;
  try {
    if (!formActions.includes(action)) throw new Error('Acción desconocida.');
    await changePieceStatus({ db: c.var.db, actor: c.var.actor, id, action, timeZone: c.var.config.timeZone });
    return c.redirect(`/piezas/${id}`, 303);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found') throw e;
    return piecePage(c, id, { error: e.message }, 422);
  }
});

pieceWebRoutes.post('/piezas/:id/revision', async (c) => {
  const id = c.req.param('id');
  const form = await c.req.parseBody();
  const decision = form['decision'] === 'approve' ? 'approve' : 'reject';
  const comment = String(form['comment'] ?? '').trim();
  try {
    if (decision === 'reject' && !comment) return piecePage(c, id, { error: 'Explique en un comentario por qué se rechaza la pieza.' }, 422);
    await changePieceStatus({ db: c.var.db, actor: c.var.actor, id, action: decision, comment: comment || undefined, capacity: reviewCapacityOf(c.var.auth!.user.role) });
    return c.redirect(`/piezas/${id}`, 303);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found') throw e;
    return piecePage(c, id, { error: e.message }, 422);
  }
});

const outcomeText: Record<PublishOutcome['outcome'], string> = {
  published: 'publicada',
  already_published: 'ya estaba publicada',
  in_progress: 'se está publicando',
  unconfirmed: 'sin confirmar',
  failed: 'falló',
  held: 'en espera',
};

pieceWebRoutes.post('/piezas/:id/publicar', async (c) => {
  const id = c.req.param('id');
  const form = await c.req.parseBody({ all: true });
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
  const networks = list(form['networks']).filter((n): n is Network => editorNetworks.includes(n as Network));
  const accountIds = networks.map((n) => form[`account.${n}`]).filter((v): v is string => typeof v === 'string' && v !== '');
  if (networks.length === 0) return piecePage(c, id, { error: 'Elija al menos una red.' }, 422);
  try {
    const { results } = await publishPiece(publishDeps(c), id, { networks, accountIds });
    const summary = results.map((r) => `${networkLabel[r.network]}: ${outcomeText[r.outcome]}${r.message ? ` (${r.message})` : ''}`).join('; ');
    const failed = results.some((r) => r.outcome === 'failed' || r.outcome === 'unconfirmed' || r.outcome === 'held');
    return piecePage(c, id, failed ? { error: summary } : { notice: summary }, failed ? 422 : 200);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found') throw e;
    return piecePage(c, id, { error: e.message }, 422);
  }
});

pieceWebRoutes.post('/publicaciones/:id/retirar', async (c) => {
  const publication = await c.var.db.publication.findUnique({ where: { id: c.req.param('id') }, select: { pieceId: true } });
  if (!publication) throw notFound('la publicación', c.req.param('id'));
  try {
    await removePublication(publishDeps(c), c.req.param('id'));
    return piecePage(c, publication.pieceId, { notice: 'La publicación se retiró de la red; su registro se conserva como cancelada.' });
  } catch (err) {
    return piecePage(c, publication.pieceId, { error: toAppError(err).message }, 422);
  }
});

/** Whether a department user answers for the piece's activity (its departments, or all of them). */
async function answersForPiece(db: Db, departmentIds: string[], activityId: string | null) {
  if (!activityId) return false;
  const activity = await db.activity.findUnique({ where: { id: activityId }, select: { allDepartments: true, departments: { select: { departmentId: true } } } });
  return !!activity && (activity.allDepartments || activity.departments.some((d) => departmentIds.includes(d.departmentId)));
}

pieceWebRoutes.post('/publicaciones/:id/confirmar', async (c) => {
  const id = c.req.param('id');
  const publication = await c.var.db.publication.findUnique({ where: { id }, select: { pieceId: true } });
  if (!publication) throw notFound('la publicación', id);
  const form = await c.req.parseBody();
  try {
    const posted = form['posted'] === 'true';
    const url = String(form['url'] ?? '').trim();
    if (posted && !/^https?:\/\/\S+$/.test(url)) throw new AppError('bad_request', 'Pegue el enlace completo de la publicación (https://…).');
    await resolveUnconfirmed({ db: c.var.db, actor: c.var.actor }, id, posted ? { posted: true, url } : { posted: false });
    return piecePage(c, publication.pieceId, { notice: posted ? 'Publicación confirmada con su enlace.' : 'Se enviará de nuevo ahora.' });
  } catch (err) {
    return piecePage(c, publication.pieceId, { error: toAppError(err).message }, 422);
  }
});
