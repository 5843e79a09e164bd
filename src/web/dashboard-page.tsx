import type { Child } from 'hono/jsx';
import type { AccountAlert } from '../dashboard/accounts.js';
import type { Dashboard } from '../dashboard/dashboard.js';
import type { OutgoingPiece } from '../dashboard/going-out.js';
import type { LateActivity } from '../dashboard/late-activities.js';
import type { PublicationProblem } from '../dashboard/publication-problems.js';
import type { WaitingPiece, WaitingReason } from '../dashboard/waiting-pieces.js';
import type { Network } from '../generated/prisma/client.js';
import { accountStatusLabel, networkLabel, pieceStatusLabel, publicationStatusLabel } from '../i18n/es.js';
import type { Notification, NotificationKind } from '../notifications/waiting.js';
import { SandboxBadge } from './channel-pages.js';
import { formatDate, formatDateTime } from './format.js';
import { Layout } from './layout.js';
import { useAuth } from './page.js';
import { LateBadge } from './plan-pages.js';

const NOTHING = 'Nada pendiente.';

const reasonLabel: Record<WaitingReason, string> = {
  review: 'Por revisar',
  department_approval: 'Aprobación de su dependencia',
  rejected: 'Rechazada',
  draft: 'Borrador',
};

const notificationLabel: Record<NotificationKind, string> = {
  ...reasonLabel,
  publication: 'Publicación',
  account: 'Cuenta',
  late_activity: 'Actividad atrasada',
  overdue_question: 'Pregunta vencida',
};

function When({ at, timeZone }: { at: Date; timeZone: string }) {
  return <time datetime={at.toISOString()}>{formatDateTime(at.toISOString(), timeZone)}</time>;
}

function Networks({ networks }: { networks: Network[] }) {
  if (networks.length === 0) return <span>sin redes</span>;
  return <span>{networks.map((n) => networkLabel[n]).join(', ')}</span>;
}

/** A panel: a titled section with a count, its list, or "Nada pendiente." when empty. */
function Panel({ id, title, count, note, children, wide }: { id: string; title: string; count: number; note?: string; children: Child; wide?: boolean }) {
  return (
    <section class={wide ? 'panel panel-wide' : 'panel'} aria-labelledby={id}>
      <h2 id={id}>
        {title} <span class={count > 0 ? 'count' : 'count zero'}>{count}</span>
      </h2>
      {note && <p class="panel-note">{note}</p>}
      {count === 0 ? <p class="empty">{NOTHING}</p> : children}
    </section>
  );
}

/** The first screen after signing in: what waits for the person, what goes out, what is late or failed. */
export function DashboardPage({ dashboard, timeZone }: { dashboard: Dashboard; timeZone: string }) {
  const auth = useAuth();
  const { waiting, goingOut, late, publications, accounts } = dashboard;
  return (
    <Layout title="Inicio" active="home">
      <h1>Inicio</h1>
      <p class="lead">
        {auth ? `${auth.user.name}, hoy` : 'Hoy'} es {formatDate(goingOut.today)} ({timeZone}).{' '}
        <a href="/pendientes">Ver la lista de pendientes</a>
      </p>
      <div class="dashboard">
        <Panel id="panel-espera" title="Esperan por usted" count={waiting.length} wide>
          <WaitingList items={waiting} timeZone={timeZone} />
        </Panel>
        <Panel id="panel-hoy" title="Sale hoy" count={goingOut.todayItems.length}>
          <OutgoingList items={goingOut.todayItems} timeZone={timeZone} />
        </Panel>
        <Panel id="panel-semana" title="Próximos 7 días" note={`Hasta el ${formatDate(goingOut.weekEnd)}.`} count={goingOut.weekItems.length}>
          <OutgoingList items={goingOut.weekItems} timeZone={timeZone} />
        </Panel>
        <Panel id="panel-atrasadas" title="Actividades atrasadas" count={late.length}>
          <LateList items={late} />
        </Panel>
        <Panel id="panel-publicaciones" title="Publicaciones fallidas o sin confirmar" count={publications.length}>
          <PublicationList items={publications} timeZone={timeZone} />
        </Panel>
        {accounts !== null && (
          <Panel id="panel-cuentas" title="Cuentas por reconectar" count={accounts.length}>
            <AccountList items={accounts} timeZone={timeZone} />
          </Panel>
        )}
      </div>
    </Layout>
  );
}

function WaitingList({ items, timeZone }: { items: WaitingPiece[]; timeZone: string }) {
  return (
    <ul class="panel-list">
      {items.map((p) => (
        <li class={`waiting-${p.reason}`}>
          <span class={`badge reason-${p.reason}`}>{reasonLabel[p.reason]}</span> <a href={`/piezas/${p.pieceId}`}>{p.title}</a>
          <p class="meta">
            {p.activity ? `${p.activity.description} · ` : ''}
            <Networks networks={p.networks} /> · versión {p.version} · desde <When at={p.since} timeZone={timeZone} />
          </p>
          {p.reason === 'rejected' && p.comment && (
            <p class="review-comment">
              <span class="visually-hidden">Comentario de la revisión: </span>
              {p.reviewerName && <strong>{p.reviewerName}: </strong>}
              {p.comment}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

function OutgoingList({ items, timeZone }: { items: OutgoingPiece[]; timeZone: string }) {
  return (
    <ul class="panel-list">
      {items.map((p) => (
        <li>
          <When at={p.at} timeZone={timeZone} /> · <a href={`/piezas/${p.pieceId}`}>{p.title}</a>
          <p class="meta">
            <span class={`badge status-${p.status}`}>{pieceStatusLabel[p.status]}</span> <Networks networks={p.networks} />
            {p.activity && ` · ${p.activity.description}`}
          </p>
        </li>
      ))}
    </ul>
  );
}

function LateList({ items }: { items: LateActivity[] }) {
  return (
    <ul class="panel-list">
      {items.map((a) => (
        <li>
          <a href={`/actividades/${a.id}`}>{a.description}</a>
          <p class="meta">
            <LateBadge a={a} /> {a.subcomponentName} ·{' '}
            {a.lateness.reason === 'not_started' ? `inicio programado el ${formatDate(a.plannedStart)}` : `fin programado el ${formatDate(a.plannedEnd)}`}
            {a.departments.length > 0 && ` · ${a.departments.map((d) => d.name).join(', ')}`}
            {a.allDepartments && ' · Todas las dependencias'}
          </p>
        </li>
      ))}
    </ul>
  );
}

function PublicationList({ items, timeZone }: { items: PublicationProblem[]; timeZone: string }) {
  return (
    <ul class="panel-list">
      {items.map((p) => (
        <li>
          <span class={`badge publication-${p.status}`}>{publicationStatusLabel[p.status]}</span> <a href={`/piezas/${p.pieceId}#publicaciones`}>{p.pieceTitle}</a>
          <p class="meta">
            {networkLabel[p.network]} · {p.account.label} <SandboxBadge sandbox={p.account.sandbox} /> · <When at={p.at} timeZone={timeZone} />
            {p.attempts > 1 && ` · ${p.attempts} intentos`}
          </p>
          {p.error && <p class="error-text">{p.error}</p>}
        </li>
      ))}
    </ul>
  );
}

function AccountList({ items, timeZone }: { items: AccountAlert[]; timeZone: string }) {
  return (
    <ul class="panel-list">
      {items.map((a) => (
        <li>
          <span class={`badge account-${a.needsReconnect ? 'reconnect_needed' : 'paused'}`}>{a.needsReconnect ? accountStatusLabel.reconnect_needed : accountStatusLabel.paused}</span>{' '}
          <a href="/canales">
            {a.needsReconnect ? 'Reconectar' : 'Ver'} «{a.label}» de {networkLabel[a.network]}
          </a>{' '}
          <SandboxBadge sandbox={a.sandbox} />
          <p class="meta">
            {a.pausedUntil && !a.needsReconnect ? (
              <>
                En pausa hasta <When at={a.pausedUntil} timeZone={timeZone} />
              </>
            ) : (
              a.reason ?? 'La red rechazó el token guardado.'
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** /pendientes: everything that waits for the person (the header badge's number), with its date. */
export function WaitingPage({ items, timeZone }: { items: Notification[]; timeZone: string }) {
  return (
    <Layout title="Pendientes" active="waiting">
      <h1>Pendientes</h1>
      <p class="lead">
        {items.length === 0 ? NOTHING : items.length === 1 ? '1 cosa espera por usted.' : `${items.length} cosas esperan por usted.`} <a href="/inicio">Ir al inicio</a>
      </p>
      {items.length > 0 && (
        <ul class="panel-list notifications">
          {items.map((n) => (
            <li class={`notification-${n.kind}`}>
              <span class={`badge reason-${n.kind}`}>{notificationLabel[n.kind]}</span> <a href={n.href}>{n.title}</a>
              <p class="meta">
                <When at={n.at} timeZone={timeZone} />
              </p>
              {n.detail && <p class={n.kind === 'rejected' ? 'review-comment' : 'error-text'}>{n.detail}</p>}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
