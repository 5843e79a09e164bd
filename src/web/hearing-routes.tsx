import { Hono, type Context } from 'hono';
import { checkAgenda, DEFAULT_HEARING_TITLE, defaultHearingActivityId, getHearing, saveHearing } from '../dialogue/hearing/hearing.js';
import { createInvitationPiece, INVITATION_PRINT_FORMAT, invitationFormats, renderInvitation } from '../dialogue/hearing/invitation.js';
import { createLivePiece } from '../dialogue/hearing/live-piece.js';
import { hearingOverview } from '../dialogue/hearing/overview.js';
import { seriesContext } from '../dialogue/hearing/routes.js';
import { acceptSeries, moveSeriesDrafts } from '../dialogue/hearing/series-drafts.js';
import { isSeriesKey } from '../dialogue/hearing/series.js';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { toAppError } from '../http/errors.js';
import { fromLocalDateTime } from '../lib/dates.js';
import { isFormatId } from '../render/formats.js';
import { HearingPage, hearingFormFrom, type HearingFormState } from './hearing-pages.js';
import { renderPage } from './page.js';

/**
 * The public hearing's staff page (/audiencia): its date, place and agenda, the live piece,
 * the invitation card and the announcement series. The work is done by src/dialogue/hearing.
 */
export const hearingWebRoutes = new Hono<AppEnv>();

type Notice = { error?: string; notice?: string; form?: HearingFormState };

async function hearingPage(c: Context<AppEnv>, planId: string | null | undefined, extra: Notice = {}, status: 200 | 422 = 200) {
  const timeZone = c.var.config.timeZone;
  const overview = await hearingOverview(c.var.db, planId, seriesContext(c));
  const form = extra.form ?? (overview && hearingFormFrom(overview, timeZone, overview.event ? null : await defaultHearingActivityId(c.var.db, overview.plan.id), DEFAULT_HEARING_TITLE));
  return renderPage(c, <HearingPage overview={overview} timeZone={timeZone} invitationFormats={invitationFormats()} form={form ?? undefined} error={extra.error} notice={extra.notice} />, status);
}

/** Messages after a redirect (?aviso=…), so a reload does not post again. */
function noticeFrom(c: Context<AppEnv>): string | undefined {
  const n = (k: string) => Number(c.req.query(k) ?? 0);
  switch (c.req.query('aviso')) {
    case 'guardada':
      return 'Audiencia guardada.';
    case 'anuncios': {
      const created = n('creadas');
      const parts = [created === 0 ? 'No se creó ningún borrador nuevo' : created === 1 ? 'Se creó 1 borrador' : `Se crearon ${created} borradores`];
      if (n('existentes') > 0) parts.push(`${n('existentes')} ya existían`);
      if (n('omitidos') > 0) parts.push(`${n('omitidos')} se omitieron porque su hora ya pasó`);
      return `${parts.join('; ')}.`;
    }
    case 'movidos': {
      const moved = n('movidos');
      const base = moved === 1 ? 'Se movió 1 borrador a su nueva fecha' : `Se movieron ${moved} borradores a sus nuevas fechas`;
      return n('omitidos') > 0 ? `${base}; ${n('omitidos')} no se movieron (ya no son borradores o su nueva hora ya pasó).` : `${base}.`;
    }
    default:
      return undefined;
  }
}

const back = (planId: string, query = '') => `/audiencia?plan=${encodeURIComponent(planId)}${query}`;

hearingWebRoutes.get('/audiencia', (c) => hearingPage(c, c.req.query('plan'), { notice: noticeFrom(c) }));

/** Creates or updates the hearing from the form (date and time in the office's zone). */
hearingWebRoutes.post('/audiencia', async (c) => {
  const form = await c.req.parseBody();
  const text = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
  const planId = text('planId');
  const rowCount = Math.min(Number(text('agendaRows')) || 0, 60);
  const state: HearingFormState = {
    title: text('title').trim(),
    startsAt: text('startsAt').trim(),
    endsAt: text('endsAt').trim(),
    place: text('place').trim(),
    activityId: text('activityId'),
    agenda: Array.from({ length: rowCount }, (_, i) => ({ time: text(`agenda.${i}.time`), title: text(`agenda.${i}.title`) })),
    recordingUrl: text('recordingUrl').trim(),
  };
  const timeZone = c.var.config.timeZone;
  try {
    if (!planId) throw new AppError('bad_request', 'Falta el plan de la audiencia.');
    const startsAt = fromLocalDateTime(state.startsAt, timeZone);
    if (!startsAt) throw new AppError('unprocessable', 'Indique la fecha y la hora de inicio de la audiencia.', { details: { field: 'startsAt' } });
    const endsAt = state.endsAt ? fromLocalDateTime(state.endsAt, timeZone) : null;
    if (state.endsAt && !endsAt) throw new AppError('unprocessable', 'La hora de finalización no es válida.', { details: { field: 'endsAt' } });
    const { event } = await saveHearing({
      db: c.var.db,
      actor: c.var.actor,
      planId,
      eventId: text('eventId') || null,
      input: {
        title: state.title,
        startsAt,
        endsAt,
        place: state.place || null,
        agenda: checkAgenda(state.agenda),
        activityId: state.activityId || null,
        ...('recordingUrl' in form ? { recordingUrl: state.recordingUrl || null } : {}),
      },
    });
    return c.redirect(back(event.planId, '&aviso=guardada#datos'), 303);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found') throw e;
    return hearingPage(c, planId || null, { error: e.message, form: state }, 422);
  }
});

/** Runs an action on the hearing; a refusal draws the page again with its reason (422). */
async function onHearing(c: Context<AppEnv>, action: (eventId: string) => Promise<Response>) {
  const event = await getHearing(c.var.db, c.req.param('id')!);
  try {
    return await action(event.id);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found') throw e;
    return hearingPage(c, event.planId, { error: e.message }, 422);
  }
}

hearingWebRoutes.post('/audiencia/:id/transmision', (c) =>
  onHearing(c, async (eventId) => {
    const { pieceId } = await createLivePiece({ db: c.var.db, actor: c.var.actor, eventId, ...seriesContext(c) });
    return c.redirect(`/piezas/${pieceId}#variantes`, 303);
  }),
);

hearingWebRoutes.post('/audiencia/:id/invitacion', (c) =>
  onHearing(c, async (eventId) => {
    const { pieceId } = await createInvitationPiece({ db: c.var.db, media: c.var.media, actor: c.var.actor, eventId, ...seriesContext(c) });
    return c.redirect(`/piezas/${pieceId}`, 303);
  }),
);

/** The invitation card as a PNG download (`?formato=`, by default the printed card). */
hearingWebRoutes.get('/audiencia/:id/invitacion.png', async (c) => {
  const event = await getHearing(c.var.db, c.req.param('id'));
  const requested = c.req.query('formato') ?? INVITATION_PRINT_FORMAT;
  if (!isFormatId(requested)) throw new AppError('not_found', `No existe el formato «${requested}».`);
  const asset = await renderInvitation({ db: c.var.db, media: c.var.media, actor: c.var.actor, event, format: requested, ...seriesContext(c) });
  return c.body(new Uint8Array(await c.var.media.read(asset.storagePath)), 200, {
    'content-type': 'image/png',
    'content-disposition': `attachment; filename="invitacion-audiencia-${requested}.png"`,
    'cache-control': 'private, no-cache',
  });
});

hearingWebRoutes.post('/audiencia/:id/anuncios', (c) =>
  onHearing(c, async (eventId) => {
    const event = await getHearing(c.var.db, eventId);
    const r = await acceptSeries({ db: c.var.db, actor: c.var.actor, eventId, ctx: seriesContext(c) });
    return c.redirect(back(event.planId, `&aviso=anuncios&creadas=${r.created.length}&existentes=${r.existing.length}&omitidos=${r.skipped.length}#anuncios`), 303);
  }),
);

hearingWebRoutes.post('/audiencia/:id/anuncios/mover', (c) =>
  onHearing(c, async (eventId) => {
    const event = await getHearing(c.var.db, eventId);
    const form = await c.req.parseBody({ all: true });
    const raw = form['keys'];
    const keys = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String).filter(isSeriesKey);
    if (keys.length === 0) throw new AppError('unprocessable', 'Elija al menos un borrador para mover.', { details: { field: 'keys' } });
    const r = await moveSeriesDrafts({ db: c.var.db, actor: c.var.actor, eventId, ctx: seriesContext(c), keys });
    return c.redirect(back(event.planId, `&aviso=movidos&movidos=${r.moved.length}&omitidos=${r.skipped.length}#anuncios`), 303);
  }),
);
