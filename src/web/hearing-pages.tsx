import type { HearingOverview } from '../dialogue/hearing/overview.js';
import type { SeriesItemView } from '../dialogue/hearing/series-drafts.js';
import { pieceKindLabel, pieceStatusLabel } from '../i18n/es.js';
import { formats, type FormatId } from '../render/index.js';
import { formatDateTime, localDateTimeInput } from './format.js';
import { ErrorNote, Layout } from './layout.js';
import { CsrfField, useCan } from './page.js';

/** What the hearing form shows: the saved hearing, or what was typed when it was refused. */
export type HearingFormState = {
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  activityId: string;
  agenda: { time: string; title: string }[];
  recordingUrl: string;
};

export type HearingPageProps = {
  overview: HearingOverview | null;
  timeZone: string;
  /** Download formats of the invitation card. */
  invitationFormats: FormatId[];
  form?: HearingFormState;
  error?: string;
  notice?: string;
};

/** The empty rows the agenda form always offers after the saved items. */
const BLANK_AGENDA_ROWS = 3;

export function hearingFormFrom(overview: HearingOverview, timeZone: string, defaultActivityId: string | null, defaultTitle: string): HearingFormState {
  const e = overview.event;
  return {
    title: e?.title ?? defaultTitle,
    startsAt: localDateTimeInput(e?.startsAt ?? null, timeZone),
    endsAt: localDateTimeInput(e?.endsAt ?? null, timeZone),
    place: e?.place ?? '',
    activityId: e ? (e.activityId ?? '') : (defaultActivityId ?? ''),
    agenda: overview.agenda,
    recordingUrl: e?.recordingUrl ?? '',
  };
}

/** /audiencia: the plan's public hearing, its broadcast, invitation card and announcement series. */
export function HearingPage({ overview, timeZone, invitationFormats, form, error, notice }: HearingPageProps) {
  const canWrite = useCan('plan:write');
  if (!overview) {
    return (
      <Layout title="Audiencia pública" active="hearing">
        <h1>Audiencia pública</h1>
        <p>
          Todavía no hay plan de acción. <a href="/planes/importar">Importe el plan</a> para programar su audiencia pública.
        </p>
      </Layout>
    );
  }
  const { plan, event } = overview;
  const state = form ?? hearingFormFrom(overview, timeZone, null, '');
  return (
    <Layout title="Audiencia pública" active="hearing">
      <p class="crumbs">
        <a href={`/planes/${plan.id}`}>{plan.title}</a> › Audiencia pública
      </p>
      <h1>Audiencia pública</h1>
      <ErrorNote message={error} />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {event ? (
        <dl class="facts hearing-facts">
          <dt>Nombre</dt>
          <dd>{event.title}</dd>
          <dt>Fecha y hora</dt>
          <dd>
            {formatDateTime(event.startsAt, timeZone)}
            {event.endsAt && ` – ${formatDateTime(event.endsAt, timeZone)}`} <span class="muted small">({timeZone})</span>
          </dd>
          <dt>Lugar</dt>
          <dd>{event.place ?? 'Sin definir'}</dd>
          <dt>Actividad del plan</dt>
          <dd>{event.activityId ? <a href={`/actividades/${event.activityId}`}>{overview.activities.find((a) => a.id === event.activityId)?.label ?? 'Actividad'}</a> : 'Sin actividad'}</dd>
          <dt>Transmisión</dt>
          <dd>
            {event.watchUrl ? (
              <a href={event.watchUrl} data-watch-url>
                {event.watchUrl}
              </a>
            ) : (
              'Sin programar'
            )}
          </dd>
          <dt>Grabación</dt>
          <dd>
            {event.recordingUrl ? (
              <a href={event.recordingUrl} data-recording-url>
                {event.recordingUrl}
              </a>
            ) : (
              'Se agrega después de la audiencia'
            )}
          </dd>
        </dl>
      ) : (
        <p class="lead">El plan aún no tiene audiencia pública. Indique su fecha, hora y lugar para programarla.</p>
      )}
      <p>
        <a href={`/planes/${plan.id}/cronograma`}>Cronograma del plan (Gantt) y fechas calculadas desde la audiencia</a>
      </p>

      {event && overview.agenda.length > 0 && (
        <section aria-labelledby="orden-del-dia">
          <h2 id="orden-del-dia">Orden del día</h2>
          <ol class="agenda-list">
            {overview.agenda.map((item) => (
              <li>
                <span class="agenda-time">{item.time || '—'}</span> <span>{item.title}</span>
              </li>
            ))}
          </ol>
        </section>
      )}

      {canWrite && <HearingForm planId={plan.id} eventId={event?.id ?? null} state={state} activities={overview.activities} timeZone={timeZone} />}

      {event && (
        <>
          <LiveSection eventId={event.id} watchUrl={event.watchUrl} livePiece={overview.livePiece} hasActivity={event.activityId !== null} canWrite={canWrite} />
          <InvitationSection eventId={event.id} invitation={overview.invitation!} hasPlace={!!event.place} hasWatchUrl={!!event.watchUrl} formats={invitationFormats} canWrite={canWrite} />
          <SeriesSection eventId={event.id} series={overview.series} timeZone={timeZone} canWrite={canWrite} />
        </>
      )}
    </Layout>
  );
}

function HearingForm({ planId, eventId, state, activities, timeZone }: { planId: string; eventId: string | null; state: HearingFormState; activities: HearingOverview['activities']; timeZone: string }) {
  const rows = [...state.agenda, ...Array.from({ length: BLANK_AGENDA_ROWS }, () => ({ time: '', title: '' }))];
  return (
    <section aria-labelledby="datos">
      <h2 id="datos">{eventId ? 'Datos de la audiencia' : 'Programar la audiencia'}</h2>
      <form method="post" action="/audiencia" class="grid-form hearing-form">
        <CsrfField />
        <input type="hidden" name="planId" value={planId} />
        {eventId && <input type="hidden" name="eventId" value={eventId} />}
        <label class="wide">
          Nombre
          <input name="title" required minlength={3} maxlength={300} value={state.title} />
        </label>
        <label>
          Empieza ({timeZone})
          <input type="datetime-local" name="startsAt" required value={state.startsAt} />
        </label>
        <label>
          Termina (opcional)
          <input type="datetime-local" name="endsAt" value={state.endsAt} />
        </label>
        <label class="wide">
          Lugar
          <input name="place" maxlength={300} value={state.place} />
        </label>
        <label class="wide">
          Actividad del plan
          <select name="activityId">
            <option value="" selected={state.activityId === ''}>
              Sin actividad
            </option>
            {activities.map((a) => (
              <option value={a.id} selected={a.id === state.activityId}>
                {a.label.length > 120 ? `${a.label.slice(0, 117)}…` : a.label}
              </option>
            ))}
          </select>
        </label>
        <fieldset class="wide agenda-rows">
          <legend>Orden del día (hora y tema; se ordena por hora)</legend>
          {rows.map((row, i) => (
            <div class="agenda-row">
              <label>
                <span class="visually-hidden">Hora del punto {i + 1}</span>
                <input type="time" name={`agenda.${i}.time`} value={row.time} />
              </label>
              <label>
                <span class="visually-hidden">Tema del punto {i + 1}</span>
                <input name={`agenda.${i}.title`} maxlength={300} value={row.title} placeholder={i === 0 ? 'Instalación y saludo' : ''} />
              </label>
            </div>
          ))}
          <input type="hidden" name="agendaRows" value={String(rows.length)} />
          <p class="muted small wide">¿Necesita más puntos? Guarde y aparecerán más filas vacías.</p>
        </fieldset>
        {eventId && (
          <label class="wide">
            Enlace de la grabación (después de la audiencia)
            <input type="url" name="recordingUrl" value={state.recordingUrl} placeholder="https://www.youtube.com/watch?v=…" />
          </label>
        )}
        <div class="wide button-row">
          <button type="submit">{eventId ? 'Guardar la audiencia' : 'Programar la audiencia'}</button>
        </div>
      </form>
    </section>
  );
}

function LiveSection({ eventId, watchUrl, livePiece, hasActivity, canWrite }: { eventId: string; watchUrl: string | null; livePiece: HearingOverview['livePiece']; hasActivity: boolean; canWrite: boolean }) {
  return (
    <section aria-labelledby="transmision">
      <h2 id="transmision">Transmisión en vivo</h2>
      {livePiece ? (
        <p>
          Pieza de la transmisión: <a href={`/piezas/${livePiece.id}`}>{livePiece.title}</a> <span class={`badge status-${livePiece.status}`}>{pieceStatusLabel[livePiece.status]}</span>
        </p>
      ) : (
        <p class="muted">La transmisión se programa en YouTube al publicar su pieza (YouTube en modo «transmisión en vivo» para este evento), después de aprobarla.</p>
      )}
      {watchUrl ? (
        <p>
          Programada: <a href={watchUrl}>{watchUrl}</a>
        </p>
      ) : (
        livePiece && <p class="muted">Cuando se publique la pieza, aquí aparecerá el enlace para ver la transmisión.</p>
      )}
      {canWrite && !livePiece && (
        <form method="post" action={`/audiencia/${eventId}/transmision`} class="actions">
          <CsrfField />
          <button type="submit" disabled={!hasActivity}>
            Crear la transmisión en YouTube (pieza en borrador)
          </button>
          {!hasActivity && <span class="muted small">Primero asocie la audiencia a una actividad del plan.</span>}
        </form>
      )}
    </section>
  );
}

function InvitationSection({
  eventId,
  invitation,
  hasPlace,
  hasWatchUrl,
  formats: offered,
  canWrite,
}: {
  eventId: string;
  invitation: NonNullable<HearingOverview['invitation']>;
  hasPlace: boolean;
  hasWatchUrl: boolean;
  formats: FormatId[];
  canWrite: boolean;
}) {
  return (
    <section aria-labelledby="invitacion">
      <h2 id="invitacion">Tarjeta de invitación</h2>
      <p>
        El código QR de la tarjeta lleva a <a href={invitation.target}>{invitation.target}</a>
        {hasWatchUrl ? ' (la transmisión en vivo).' : ' (la página pública de participación, mientras la transmisión no esté programada).'}
      </p>
      {!hasPlace ? (
        <p class="warnings">Indique el lugar de la audiencia: la tarjeta lo muestra.</p>
      ) : (
        <>
          <p>Descargar en PNG:</p>
          <ul class="download-list">
            {offered.map((id) => (
              <li>
                <a href={`/audiencia/${eventId}/invitacion.png?formato=${id}`} download>
                  {formats[id].label}
                </a>
              </li>
            ))}
          </ul>
          {invitation.piece && (
            <p>
              Pieza: <a href={`/piezas/${invitation.piece.id}`}>{invitation.piece.title}</a> <span class={`badge status-${invitation.piece.status}`}>{pieceStatusLabel[invitation.piece.status]}</span>
              {invitation.outdated && <span class="badge late">Muestra datos anteriores de la audiencia</span>}
            </p>
          )}
          {canWrite && (!invitation.piece || invitation.outdated) && (
            <form method="post" action={`/audiencia/${eventId}/invitacion`} class="actions">
              <CsrfField />
              <button type="submit">{invitation.piece ? 'Actualizar la pieza de invitación' : 'Crear la pieza de invitación (borrador)'}</button>
            </form>
          )}
        </>
      )}
    </section>
  );
}

function SeriesSection({ eventId, series, timeZone, canWrite }: { eventId: string; series: SeriesItemView[]; timeZone: string; canWrite: boolean }) {
  const pending = series.filter((s) => !s.piece && !s.past);
  const outdated = series.filter((s) => s.outdated);
  return (
    <section aria-labelledby="anuncios">
      <h2 id="anuncios">Serie de anuncios sugerida</h2>
      <p class="muted">Cada anuncio es una pieza sugerida con su hora de publicación en la zona de la oficina ({timeZone}). Al aceptarlos quedan como borradores para revisar, aprobar y programar.</p>
      <div class="table-wrap">
        <table class="series-table">
          <thead>
            <tr>
              <th scope="col">Cuándo</th>
              <th scope="col">Fecha y hora</th>
              <th scope="col">Tipo</th>
              <th scope="col">Título</th>
              <th scope="col">Pieza</th>
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr data-key={s.key} class={s.outdated ? 'is-outdated' : ''}>
                <td>{s.label}</td>
                <td class="nowrap" data-label="Fecha y hora">
                  <time datetime={s.scheduledAt}>{formatDateTime(s.scheduledAt, timeZone)}</time>
                </td>
                <td data-label="Tipo">{pieceKindLabel[s.kind]}</td>
                <td>
                  <strong class="series-title">{s.title}</strong>
                </td>
                <td>
                  {s.piece ? (
                    <>
                      <a href={`/piezas/${s.piece.id}`}>Ver pieza</a> <span class={`badge status-${s.piece.status}`}>{pieceStatusLabel[s.piece.status]}</span>
                      {s.outdated && <span class="badge late">Fecha o texto anterior</span>}
                    </>
                  ) : s.past ? (
                    <span class="muted">Su hora ya pasó</span>
                  ) : (
                    <span class="muted">Sin crear</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canWrite && pending.length > 0 && (
        <form method="post" action={`/audiencia/${eventId}/anuncios`} class="actions">
          <CsrfField />
          <button type="submit">Aceptar como borradores ({pending.length})</button>
        </form>
      )}
      {pending.length === 0 && series.some((s) => s.piece) && <p class="muted">Todos los anuncios por venir ya son piezas.</p>}
      {canWrite && outdated.length > 0 && (
        <form method="post" action={`/audiencia/${eventId}/anuncios/mover`} class="stack warnings move-drafts">
          <CsrfField />
          <p>
            <strong>La audiencia cambió.</strong> {outdated.length === 1 ? 'Un borrador de la serie tiene' : `${outdated.length} borradores de la serie tienen`} otra fecha u otro texto que la audiencia actual. Elija
            cuáles llevar a las nuevas fechas (los que nadie editó reciben también el texto nuevo).
          </p>
          {outdated.map((s) => (
            <label class="check">
              <input type="checkbox" name="keys" value={s.key} checked={!s.movedByHand} /> {s.label}: {s.piece?.scheduledAt ? formatDateTime(s.piece.scheduledAt, timeZone) : 'sin hora'} →{' '}
              {formatDateTime(s.scheduledAt, timeZone)}
              {s.movedByHand && ' (su hora se cambió a mano)'}
              {!s.untouched && ' (texto editado: se conserva)'}
            </label>
          ))}
          <div class="button-row">
            <button type="submit">Mover los borradores</button>
          </div>
        </form>
      )}
    </section>
  );
}
