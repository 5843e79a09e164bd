import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../http/env.js';
import type { NewsSite } from './site.js';

/**
 * The public look shared by the citizen-facing pages (/participa/…): the same header,
 * colors and footer as the municipal news (public/news.css and the brand kit's
 * /noticias/marca.css), plus public/participa.css for forms and results. No office
 * navigation, nothing that needs a login, no inline script or style (the CSP forbids them):
 * behaviour comes from files passed in `scripts`.
 */
export type PublicLayoutProps = {
  site: NewsSite;
  title: string;
  description?: string;
  canonical?: string;
  /** Extra elements for <head> (meta tags…). */
  head?: Child;
  /** Script files (under /public/js/), loaded deferred. */
  scripts?: string[];
  /** Asks search engines not to index the page (forms' answers, error pages). */
  noindex?: boolean;
  children: Child;
};

export function PublicLayout({ site, title, description, canonical, head, scripts, noindex, children }: PublicLayoutProps) {
  return (
    <html lang="es-CO">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${site.municipality}`}</title>
        {description && <meta name="description" content={description} />}
        {canonical && <link rel="canonical" href={canonical} />}
        {noindex && <meta name="robots" content="noindex" />}
        <link rel="stylesheet" href="/public/news.css" />
        <link rel="stylesheet" href="/public/participa.css" />
        <link rel="stylesheet" href={`/noticias/marca.css?v=${site.brandVersion}`} />
        <link rel="icon" href="data:," />
        {scripts?.map((src) => <script src={src} defer />)}
        {head}
      </head>
      <body>
        <a class="skip" href="#contenido">
          Saltar al contenido
        </a>
        <header class="site-header">
          <a class="site-name" href="/participa">
            {/* Decorative: the name next to it says the same. */}
            <img src={`data:image/svg+xml;base64,${Buffer.from(site.logoSvg).toString('base64')}`} alt="" height={48} />
            <span>{site.municipality}</span>
          </a>
        </header>
        <main id="contenido" class="news-main">
          {children}
        </main>
        <footer class="site-footer">
          <p>{site.municipality}</p>
          <nav aria-label="Participación ciudadana" class="public-footer-nav">
            <a href="/participa">Participa</a> · <a href="/participa/preguntas">Haga su pregunta</a> · <a href="/participa/respuestas">Respuestas</a> ·{' '}
            <a href="/participa/informe">Informe</a> · <a href="/noticias">Noticias</a>
          </nav>
        </footer>
      </body>
    </html>
  );
}

/** Sends a public page with its doctype (hono/jsx writes none; without it browsers use quirks mode). */
export async function sendPublicPage(c: Context<AppEnv>, page: JSX.Element, status: ContentfulStatusCode = 200) {
  return c.html(`<!doctype html>${await page}`, status);
}
