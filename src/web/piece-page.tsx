import type { BestTimeCell } from '../metrics/rollup-types.js';
import { bestTimeText, formatRate } from './metrics-pages.js';
import type { AccountView } from '../channels/accounts.js';
import type { PublicationView } from '../channels/publication-view.js';
import type { Network } from '../generated/prisma/client.js';
import { accountStatusLabel, networkLabel, pieceKindLabel, pieceStatusLabel, publicationStatusLabel } from '../i18n/es.js';
import type { toPieceView } from '../pieces/piece-view.js';
import { SandboxBadge } from './channel-pages.js';
import { formatDateTime, localDateTimeInput } from './format.js';
import { Layout } from './layout.js';
import { CsrfField, useCan } from './page.js';

type PieceView = ReturnType<typeof toPieceView>;
type MediaChoice = { id: string; kind: string; label: string; altText: string };
export type VersionEntry = {
  version: number;
  createdAt: string;
  author: string | null;
  reviews: { decision: string; comment: string | null; reviewer: string | null; asDepartment: boolean; createdAt: string }[];
};
type EventChoice = { id: string; title: string; startsAt: string };

export type PieceProps = {
  piece: PieceView;
  activity: { id: string; name: string } | null;
  publications: PublicationView[];
  accounts: AccountView[];
  media: MediaChoice[];
  events: EventChoice[];
  templates: { id: string; name: string }[];
  history: VersionEntry[];
  /** When the plan asks departments to approve too: who has approved the current version. */
  approvals: { departmentRequired: boolean; office: boolean; department: boolean };
  /** A department user who may check this piece (their activity, and the plan asks for it). */
  canCheck: boolean;
  timeZone: string;
  /** The plan's best hours to publish (metrics), best first; empty without history. */
  bestHours?: BestTimeCell[];
  error?: string;
  notice?: string;
};

export const editorNetworks: Network[] = ['x', 'facebook', 'youtube', 'website'];
const hasTitle: Record<Network, boolean> = { x: false, facebook: false, youtube: true, website: true };
const MEDIA_SLOTS = 4;

/** One piece: its variants per network (with live counters and rule warnings), its review, publishing now, and its publications. */
export function PiecePage({ piece, activity, publications, accounts, media, events, templates, history, approvals, canCheck, timeZone, bestHours = [], error, notice }: PieceProps) {
  const canWrite = useCan('piece:write');
  const canReview = useCan('piece:review') || canCheck;
  const canPublish = useCan('piece:publish');
  const editable = piece.status !== 'published' && piece.status !== 'cancelled';
  const publishable = ['approved', 'scheduled', 'failed'].includes(piece.status);
  return (
    <Layout title={piece.title} active="plan" scripts={['/public/js/variant-editor.js']}>
      <p class="muted">
        {activity ? <a href={`/actividades/${activity.id}#piezas`}>{activity.name}</a> : 'Sin actividad'} · {pieceKindLabel[piece.kind]}
      </p>
      <h1>{piece.title}</h1>
      <p>
        <span class={`badge status-${piece.status}`}>{pieceStatusLabel[piece.status]}</span> Versión {piece.version}
        {piece.approvedVersion !== null && ` · aprobada la versión ${piece.approvedVersion}`}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}

      {(canWrite || canReview || canPublish) && piece.status !== 'published' && (
      <section aria-labelledby="estado">
        <h2 id="estado">Revisión y publicación</h2>
        <div class="button-row">
          {canWrite && piece.allowedActions.includes('submit') && <ActionButton pieceId={piece.id} action="submit" label="Enviar a revisión" />}
          {canWrite && piece.allowedActions.includes('withdraw') && <ActionButton pieceId={piece.id} action="withdraw" label="Retirar de revisión" secondary />}
          {canWrite && piece.allowedActions.includes('reopen') && <ActionButton pieceId={piece.id} action="reopen" label="Reabrir como borrador" secondary />}
          {canPublish && piece.allowedActions.includes('schedule') && piece.scheduledAt && (
            <ActionButton pieceId={piece.id} action="schedule" label={`Programar para el ${formatDateTime(piece.scheduledAt, timeZone)}`} />
          )}
          {canPublish && piece.allowedActions.includes('unschedule') && <ActionButton pieceId={piece.id} action="unschedule" label="Desprogramar" secondary />}
          {canPublish && piece.allowedActions.includes('retry') && <ActionButton pieceId={piece.id} action="retry" label="Reintentar lo que falló" />}
        </div>
        {approvals.departmentRequired && piece.status === 'in_review' && (
          <p class="muted">
            Este plan pide dos aprobaciones de la versión {piece.version}: oficina de comunicaciones {approvals.office ? '✓ aprobada' : '(pendiente)'} · dependencia de la
            actividad {approvals.department ? '✓ aprobada' : '(pendiente)'}.
          </p>
        )}
        {canReview && piece.status === 'in_review' && (
          <form method="post" action={`/piezas/${piece.id}/revision`} class="stack">
            <CsrfField />
            <label>
              Comentario (obligatorio para rechazar)
              <textarea name="comment" rows={2} maxlength={5000} />
            </label>
            <div class="button-row">
              <button type="submit" name="decision" value="approve">
                Aprobar versión {piece.version}
              </button>
              <button type="submit" name="decision" value="reject" class="secondary">
                Rechazar
              </button>
            </div>
          </form>
        )}
        {canPublish && piece.status === 'approved' && !piece.scheduledAt && <p class="muted">Para programarla, indique abajo la fecha y hora de publicación y guarde.</p>}
        {canPublish && publishable && <PublishForm piece={piece} accounts={accounts} />}
      </section>
      )}

      <section aria-labelledby="publicaciones">
        <h2 id="publicaciones">Publicaciones</h2>
        <Publications publications={publications} timeZone={timeZone} canRemove={canPublish} />
        {publications.length > 0 && (
          <p>
            <a href={`/piezas/${piece.id}/metricas`}>Ver métricas de la pieza</a>
          </p>
        )}
      </section>

      <section aria-labelledby="variantes">
        <h2 id="variantes">Variantes por red</h2>
        <p class="muted">Cada red tiene su propio texto. Los contadores y advertencias usan las reglas de cada red. Cambiar una pieza aprobada la devuelve a revisión.</p>
        <form method="post" action={`/piezas/${piece.id}/variantes`} class="stack" id="piece-form" data-piece-id={piece.id} data-status={piece.status}>
          <CsrfField />
          <div class="grid-2">
            <label>
              Tipo de pieza
              <select name="kind" disabled={!editable || !canWrite}>
                {Object.entries(pieceKindLabel).map(([value, label]) => (
                  <option value={value} selected={value === piece.kind}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Publicación programada ({timeZone})
              <input type="datetime-local" name="scheduledAt" value={localDateTimeInput(piece.scheduledAt, timeZone)} disabled={!editable || !canWrite} aria-describedby={bestHours.length > 0 ? 'mejores-horas' : undefined} />
              {bestHours.length > 0 && (
                <small class="muted" id="mejores-horas">
                  Mejores horas según el historial del plan: {bestHours.map((h) => `${bestTimeText(h)} (${formatRate(h.rate)})`).join('; ')}.
                </small>
              )}
            </label>
          </div>
          <label>
            Título de la pieza
            <input name="title" value={piece.title} required minlength={3} maxlength={300} disabled={!editable || !canWrite} />
          </label>
          <label>
            Cuerpo (texto base)
            <textarea name="body" rows={6} maxlength={100000} disabled={!editable || !canWrite}>
              {piece.body}
            </textarea>
          </label>
          {editorNetworks.map((network) => (
            <VariantEditor network={network} variant={piece.variants.find((v) => v.network === network)} media={media} events={events} disabled={!editable || !canWrite} timeZone={timeZone} />
          ))}
          {editable && canWrite && (
            <div class="button-row">
              <button type="submit">Guardar</button>
              <span class="muted small" id="autosave-status" role="status" aria-live="polite">
                {piece.status === 'draft' ? 'Los borradores se guardan solos mientras escribe.' : ''}
              </span>
            </div>
          )}
        </form>
        {editable && canWrite && templates.length > 0 && (
          <form method="get" action={`/piezas/${piece.id}/plantilla`} class="inline-form">
            <label>
              Crear una imagen con una plantilla de la marca
              <select name="plantilla">
                {templates.map((t) => (
                  <option value={t.id}>{t.name}</option>
                ))}
              </select>
            </label>
            <button type="submit" class="secondary">
              Abrir la plantilla
            </button>
          </form>
        )}
      </section>

      <section aria-labelledby="historial">
        <h2 id="historial">Historial de versiones</h2>
        <History history={history} timeZone={timeZone} approvedVersion={piece.approvedVersion} />
      </section>
    </Layout>
  );
}

function ActionButton({ pieceId, action, label, secondary }: { pieceId: string; action: string; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={`/piezas/${pieceId}/estado`}>
      <CsrfField />
      <input type="hidden" name="action" value={action} />
      <button type="submit" class={secondary ? 'secondary' : undefined}>
        {label}
      </button>
    </form>
  );
}

function PublishForm({ piece, accounts }: { piece: PieceView; accounts: AccountView[] }) {
  return (
    <form method="post" action={`/piezas/${piece.id}/publicar`} class="stack">
      <CsrfField />
      <fieldset>
        <legend>Publicar ahora la versión aprobada en</legend>
        {piece.variants.map((v) => {
          const usable = accounts.filter((a) => a.network === v.network && a.status !== 'disabled');
          return (
            <div class="publish-target">
              <label class="check">
                <input type="checkbox" name="networks" value={v.network} checked /> {networkLabel[v.network]}
              </label>
              {v.network !== 'website' && usable.length === 0 && <span class="muted small"> (no hay cuenta conectada)</span>}
              {usable.length > 1 && (
                <select name={`account.${v.network}`} aria-label={`Cuenta de ${networkLabel[v.network]}`}>
                  {usable.map((a) => (
                    <option value={a.id}>
                      {a.label}
                      {a.sandbox ? ' (Sandbox)' : ''} · {accountStatusLabel[a.status]}
                    </option>
                  ))}
                </select>
              )}
              {usable.length === 1 && (
                <span class="small">
                  {' '}
                  en {usable[0]!.label} <SandboxBadge sandbox={usable[0]!.sandbox} />
                </span>
              )}
            </div>
          );
        })}
      </fieldset>
      <button type="submit">Publicar ahora</button>
    </form>
  );
}

function Publications({ publications, timeZone, canRemove }: { publications: PublicationView[]; timeZone: string; canRemove: boolean }) {
  if (publications.length === 0) return <p class="muted">Esta pieza aún no se ha publicado en ninguna red.</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Red</th>
            <th scope="col">Cuenta</th>
            <th scope="col">Estado</th>
            <th scope="col">Publicada ({timeZone})</th>
            <th scope="col">Enlace</th>
          </tr>
        </thead>
        <tbody>
          {publications.map((p) => (
            <tr>
              <td>{networkLabel[p.network]}</td>
              <td>
                {p.account.label} <SandboxBadge sandbox={p.account.sandbox} />
              </td>
              <td>
                <span class={`badge publication-${p.status}`}>{publicationStatusLabel[p.status]}</span>
                {p.attempts > 1 && <span class="muted small"> · {p.attempts} intentos</span>}
                {p.error && <div class="small">{p.error}</div>}
              </td>
              <td>{formatDateTime(p.publishedAt, timeZone)}</td>
              <td>
                <div class="row-actions">
                  {p.url && p.status !== 'cancelled' ? (
                    <a href={p.url} rel="noopener" target="_blank">
                      Ver publicación
                    </a>
                  ) : (
                    '—'
                  )}
                  {canRemove && p.status === 'unconfirmed' && (
                    <>
                      <form method="post" action={`/publicaciones/${p.id}/confirmar`} class="stack">
                        <CsrfField />
                        <input type="hidden" name="posted" value="true" />
                        <label>
                          Sí se publicó: enlace de la publicación
                          <input type="url" name="url" required placeholder="https://…" />
                        </label>
                        <button type="submit" class="secondary small">
                          Confirmar publicada
                        </button>
                      </form>
                      <form method="post" action={`/publicaciones/${p.id}/confirmar`}>
                        <CsrfField />
                        <input type="hidden" name="posted" value="false" />
                        <button type="submit" class="secondary small">
                          No se publicó: reintentar
                        </button>
                      </form>
                    </>
                  )}
                  {canRemove && p.status === 'published' && (
                    <form method="post" action={`/publicaciones/${p.id}/retirar`}>
                      <CsrfField />
                      <button type="submit" class="secondary small">
                        Retirar de la red
                      </button>
                    </form>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type VariantView = PieceView['variants'][number];

function VariantEditor({ network, variant, media, events, disabled, timeZone }: { network: Network; variant?: VariantView; media: MediaChoice[]; events: EventChoice[]; disabled: boolean; timeZone: string }) {
  const name = (field: string) => `${network}.${field}`;
  const o = variant?.options ?? {};
  return (
    <fieldset class="variant-editor" data-network={network} disabled={disabled}>
      <legend>
        <label class="check">
          <input type="checkbox" name={name('include')} value="1" checked={variant !== undefined} /> {networkLabel[network]}
        </label>
      </legend>
      {hasTitle[network] && (
        <label>
          Título <span class="counter" data-counter="title" aria-live="polite" />
          <input name={name('title')} value={variant?.title ?? ''} maxlength={300} data-field="title" />
        </label>
      )}
      <label>
        {network === 'website' ? 'Texto de la noticia' : network === 'youtube' ? 'Descripción' : 'Texto'} <span class="counter" data-counter="text" aria-live="polite" />
        <textarea name={name('text')} rows={network === 'website' ? 10 : 4} data-field="text">
          {variant?.text ?? ''}
        </textarea>
      </label>
      {network !== 'youtube' && (
        <label>
          Enlace (opcional)
          <input name={name('link')} type="url" value={variant?.link ?? ''} data-field="link" />
        </label>
      )}
      {network === 'x' && (
        <label class="check">
          <input type="checkbox" name={name('thread')} value="1" checked={o.thread === true} data-option="thread" /> Si el texto es largo, publicarlo como hilo numerado
        </label>
      )}
      {network === 'youtube' && <YouTubeOptions name={name} options={o} events={events} timeZone={timeZone} />}
      <label class="check">
        {/* A new variant measures its clicks; an existing one keeps what it was saved with (none: off). */}
        <input type="checkbox" name={name('trackLinks')} value="1" checked={variant === undefined || o.trackLinks === true} data-option="trackLinks" /> Medir clics con enlaces cortos de Pregón
      </label>
      <fieldset class="media-slots">
        <legend>Imágenes{network === 'youtube' ? ' y video (el video y su miniatura)' : ''}, con texto alternativo</legend>
        {Array.from({ length: MEDIA_SLOTS }, (_, i) => {
          const current = variant?.media[i];
          return (
            <div class="media-slot">
              <select name={name(`media.${i}.id`)} aria-label={`Archivo ${i + 1}`} data-media-id>
                <option value="">— Sin archivo —</option>
                {media.map((m) => (
                  <option value={m.id} selected={current?.mediaAssetId === m.id} data-alt={m.altText}>
                    {m.label}
                  </option>
                ))}
              </select>
              <input name={name(`media.${i}.alt`)} value={current?.altText ?? ''} maxlength={1000} placeholder="Texto alternativo" aria-label={`Texto alternativo del archivo ${i + 1}`} data-media-alt />
            </div>
          );
        })}
      </fieldset>
      <button type="button" class="secondary small" data-derive>
        Tomar el texto del cuerpo
      </button>
      <p class="muted small" data-preview-parts hidden />
      <ul class="rule-issues" data-issues aria-live="polite" />
    </fieldset>
  );
}

function YouTubeOptions({ name, options: o, events, timeZone }: { name: (f: string) => string; options: VariantView['options']; events: EventChoice[]; timeZone: string }) {
  return (
    <div class="grid-2">
      <label>
        Tipo
        <select name={name('youtubeMode')} data-option="youtubeMode">
          <option value="video" selected={o.youtubeMode !== 'live'}>
            Subir video
          </option>
          <option value="live" selected={o.youtubeMode === 'live'}>
            Programar transmisión en vivo
          </option>
        </select>
      </label>
      <label>
        Privacidad
        <select name={name('privacy')} data-option="privacy">
          <option value="public" selected={(o.privacy ?? 'public') === 'public'}>
            Pública
          </option>
          <option value="unlisted" selected={o.privacy === 'unlisted'}>
            No listada
          </option>
          <option value="private" selected={o.privacy === 'private'}>
            Privada
          </option>
        </select>
      </label>
      <label>
        Etiquetas (separadas por comas)
        <input name={name('tags')} value={(o.tags ?? []).join(', ')} data-option="tags" />
      </label>
      <label>
        Evento de la transmisión
        <select name={name('eventId')} data-option="eventId">
          <option value="">— Ninguno —</option>
          {events.map((e) => (
            <option value={e.id} selected={o.eventId === e.id}>
              {e.title} · {formatDateTime(e.startsAt, timeZone)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

const decisionLabel: Record<string, string> = { approved: 'aprobó', rejected: 'rechazó', comment: 'comentó' };

function History({ history, timeZone, approvedVersion }: { history: VersionEntry[]; timeZone: string; approvedVersion: number | null }) {
  return (
    <ol class="history" reversed>
      {history.map((v) => (
        <li>
          <strong>Versión {v.version}</strong>
          {v.version === approvedVersion && <span class="badge status-approved">aprobada</span>} · {formatDateTime(v.createdAt, timeZone)}
          {v.author && ` · ${v.author}`}
          {v.reviews.length > 0 && (
            <ul>
              {v.reviews.map((r) => (
                <li>
                  {r.reviewer ?? 'Alguien'} {r.asDepartment ? '(dependencia) ' : ''}
                  {decisionLabel[r.decision] ?? r.decision} el {formatDateTime(r.createdAt, timeZone)}
                  {r.comment && <q>{r.comment}</q>}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}
