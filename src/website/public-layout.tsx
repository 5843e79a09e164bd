import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../http/env.js';
import { siteUrls, type NewsSite } from './site.js';

/**
 * The public look of the municipal website, one layout for all its citizen-facing pages: the
 * news (/noticias/…, src/website/news-pages.tsx) and the transparency and participation pages
 * (/participa/…). Same header, colors and footer (public/news.css and the brand kit's
 * /noticias/marca.css); the section decides where the logo leads, the extra stylesheet
 * (public/participa.css for forms and results), the feeds' links and the footer's links. No
 * office navigation, nothing that needs a login, no inline script or style (the CSP forbids
 * them): behaviour comes from files passed in `scripts`.
 */
export type PublicSection = 'participa' | 'noticias';

export type PublicLayoutProps = {
  site: NewsSite;
  /** The part of the site the page belongs to; /participa unless told. */
  section?: PublicSection;
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

type SectionLook = {
  /** Where the logo and the municipality's name lead. */
  home: string;
  /** Loaded between news.css and the brand colors. */
  stylesheet?: string;
  /** Whether <head> announces the news feeds (RSS and Atom). */
  feeds: boolean;
  /** The footer's line under the municipality's name. */
  Footer: () => JSX.Element;
};

const sections: Record<PublicSection, SectionLook> = {
  participa: { home: '/participa', stylesheet: '/public/participa.css', feeds: false, Footer: ParticipaFooterNav },
  noticias: { home: '/noticias', feeds: true, Footer: NewsFooterFeeds },
};

function ParticipaFooterNav() {
  return (
    <nav aria-label="Participación ciudadana" class="public-footer-nav">
      <a href="/participa">Participa</a> · <a href="/participa/preguntas">Haga su pregunta</a> · <a href="/participa/respuestas">Respuestas</a> ·{' '}
      <a href="/participa/informe">Informe</a> · <a href="/noticias">Noticias</a>
    </nav>
  );
}

function NewsFooterFeeds() {
  return (
    <p>
      Reciba las noticias en su lector: <a href="/noticias/rss.xml">RSS</a> · <a href="/noticias/atom.xml">Atom</a>
    </p>
  );
}

export function PublicLayout({ site, section = 'participa', title, description, canonical, head, scripts, noindex, children }: PublicLayoutProps) {
  const look = sections[section];
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
        {look.stylesheet && <link rel="stylesheet" href={look.stylesheet} />}
        <link rel="stylesheet" href={`/noticias/marca.css?v=${site.brandVersion}`} />
        {look.feeds && <link rel="alternate" type="application/rss+xml" title={`Noticias de ${site.municipality} (RSS)`} href={siteUrls.rss(site)} />}
        {look.feeds && <link rel="alternate" type="application/atom+xml" title={`Noticias de ${site.municipality} (Atom)`} href={siteUrls.atom(site)} />}
        <link rel="icon" href="data:," />
        {scripts?.map((src) => <script src={src} defer />)}
        {head}
      </head>
      <body>
        <a class="skip" href="#contenido">
          Saltar al contenido
        </a>
        <header class="site-header">
          <a class="site-name" href={look.home}>
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
          <look.Footer />
        </footer>
      </body>
    </html>
  );
}

/** Sends a public page with its doctype (hono/jsx writes none; without it browsers use quirks mode). */
export async function sendPublicPage(c: Context<AppEnv>, page: JSX.Element, status: ContentfulStatusCode = 200) {
  return c.html(`<!doctype html>${await page}`, status);
}
