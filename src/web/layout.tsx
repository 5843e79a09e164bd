import type { Child } from 'hono/jsx';

export type LayoutProps = { title: string; children: Child; active?: 'plan' | 'import' | 'departments' | 'api' };

/** The shell of every page: header, navigation and main content. */
export function Layout({ title, children, active }: LayoutProps) {
  const link = (href: string, label: string, key: LayoutProps['active']) => (
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
      </head>
      <body>
        <a class="skip" href="#contenido">
          Saltar al contenido
        </a>
        <header class="topbar">
          <a class="brand" href="/">
            Pregón
          </a>
          <nav aria-label="Principal">
            {link('/planes', 'Plan de acción', 'plan')}
            {link('/departamentos', 'Dependencias', 'departments')}
            {link('/planes/importar', 'Importar plan', 'import')}
            {link('/api/docs', 'API', 'api')}
          </nav>
        </header>
        <main id="contenido" class="page">
          {children}
        </main>
      </body>
    </html>
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
