import type { Child } from 'hono/jsx';
import { roleLabel } from '../auth/permissions.js';
import { WaitingBadge } from '../notifications/waiting-badge.js';
import { CsrfField, useAuth, useCan, useWaitingCount } from './page.js';

type Section = 'plan' | 'import' | 'departments' | 'api' | 'users' | 'audit' | 'profile' | 'login' | 'templates' | 'brand' | 'media' | 'channels' | 'pieces' | 'home' | 'waiting' | 'calendar' | 'metrics' | 'hearing' | 'surveys' | 'report' | 'questions';
export type LayoutProps = { title: string; children: Child; active?: Section; scripts?: string[] };

/** The shell of every page: header, navigation (only what the role may use) and content. */
export function Layout({ title, children, active, scripts }: LayoutProps) {
  const auth = useAuth();
  const link = (href: string, label: string, key: Section) => (
    <a href={href} aria-current={active === key ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <html lang="es-CO">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Pregón`}</title>
        <link rel="stylesheet" href="/public/styles.css" />
        <link rel="icon" href="data:," />
        {auth?.via === 'session' && <meta name="csrf-token" content={auth.csrfToken} />}
        {['/public/js/nav.js', ...(scripts ?? [])].map((src) => <script src={src} defer />)}
      </head>
      <body>
        <a class="skip" href="#contenido">
          Saltar al contenido
        </a>
        <header class="topbar">
          <a class="brand" href="/">
            Pregón
          </a>
          {auth && (
            <nav aria-label="Principal">
              {link('/inicio', 'Inicio', 'home')}
              {useCan('plan:read') && link('/calendario', 'Calendario', 'calendar')}
              <NavGroup label="Plan" active={active}>
                {useCan('plan:read') && link('/planes', 'Plan de acción', 'plan')}
                {useCan('plan:read') && link('/departamentos', 'Dependencias', 'departments')}
                {useCan('plan:write') && link('/planes/importar', 'Importar plan', 'import')}
              </NavGroup>
              <NavGroup label="Piezas" active={active}>
                {useCan('piece:write') && link('/piezas/importar', 'Importar piezas', 'pieces')}
                {useCan('plan:read') && link('/plantillas', 'Plantillas', 'templates')}
                {useCan('plan:read') && link('/medios', 'Medios', 'media')}
                {useCan('plan:read') && link('/marca', 'Marca', 'brand')}
              </NavGroup>
              <NavGroup label="Diálogo" active={active}>
                {useCan('plan:read') && link('/encuestas', 'Encuestas', 'surveys')}
                {useCan('plan:read') && link('/audiencia', 'Audiencia', 'hearing')}
                {useCan('plan:read') && link('/preguntas', 'Preguntas', 'questions')}
              </NavGroup>
              <NavGroup label="Resultados" active={active}>
                {useCan('plan:read') && link('/metricas', 'Métricas', 'metrics')}
                {useCan('plan:read') && link('/informe', 'Informe', 'report')}
              </NavGroup>
              <NavGroup label="Administración" active={active}>
                {useCan('plan:read') && link('/canales', 'Canales', 'channels')}
                {useCan('users:manage') && link('/usuarios', 'Usuarios', 'users')}
                {useCan('audit:read') && link('/auditoria', 'Auditoría', 'audit')}
                {link('/api/docs', 'API', 'api')}
              </NavGroup>
            </nav>
          )}
          {auth && (
            <div class="who">
              <WaitingBadge count={useWaitingCount()} />
              <a href="/perfil" aria-current={active === 'profile' ? 'page' : undefined}>
                {auth.user.name} <span class="muted-light">({roleLabel[auth.user.role]})</span>
              </a>
              <form method="post" action="/salir">
                <CsrfField />
                <button type="submit" class="link-button">
                  Salir
                </button>
              </form>
            </div>
          )}
        </header>
        <main id="contenido" class="page">
          {children}
        </main>
      </body>
    </html>
  );
}

/** Which menu of the navigation each section's page belongs to. */
const menuOf: Partial<Record<Section, string>> = {
  plan: 'Plan', departments: 'Plan', import: 'Plan',
  pieces: 'Piezas', templates: 'Piezas', media: 'Piezas', brand: 'Piezas',
  surveys: 'Diálogo', hearing: 'Diálogo', questions: 'Diálogo',
  metrics: 'Resultados', report: 'Resultados',
  channels: 'Administración', users: 'Administración', audit: 'Administración', api: 'Administración',
};

/**
 * A menu of the navigation: a native disclosure (`<details>`), so it opens with the keyboard and
 * without script; /public/js/nav.js only closes it on a click elsewhere or Escape. The menu that
 * holds the current page is marked; a menu with no link the role may use is left out.
 */
function NavGroup({ label, active, children }: { label: string; active: Section | undefined; children: Child[] }) {
  if (!children.some(Boolean)) return null;
  const current = active !== undefined && menuOf[active] === label;
  return (
    <details class="nav-menu">
      <summary class={current ? 'current' : undefined}>
        {label}
        {current && <span class="visually-hidden"> (sección actual)</span>}
      </summary>
      <div class="nav-menu-list">{children}</div>
    </details>
  );
}

/** A native progress bar (no inline styles, so it works under a strict CSP). */
export function ProgressBar({ value, label }: { value: number; label: string }) {
  return (
    <span class="progress">
      <progress value={value} max={100} aria-label={label}>
        {value} %
      </progress>
      <span>{value} %</span>
    </span>
  );
}

export function ErrorNote({ message }: { message?: string | null }) {
  return message ? (
    <p class="error" role="alert">
      {message}
    </p>
  ) : null;
}
