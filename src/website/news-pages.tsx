import { todayIn } from '../lib/dates.js';
import { formatDate } from '../web/format.js';
import { parseArticleText, summarize } from './article-text.js';
import type { NewsImage, NewsItem } from './queries.js';
import { PublicLayout } from './public-layout.js';
import { siteUrls, type NewsSite } from './site.js';

/**
 * The public news pages, in the municipal website's public layout (src/website/public-layout.tsx,
 * section 'noticias': the municipality's name, logo and colors, the feeds' links), no office
 * navigation, nothing that needs a login. The CSP allows no inline script or style: JSON-LD is
 * data, not script, and is written with every '<' escaped so it can never close its element.
 */

function NewsDate({ site, date, prefix }: { site: NewsSite; date: Date; prefix?: string }) {
  return (
    <p class="news-date">
      {prefix}
      <time datetime={date.toISOString()}>{formatDate(todayIn(site.timeZone, date))}</time>
    </p>
  );
}

function NewsImg({ image, className, lazy }: { image: NewsImage; className?: string; lazy?: boolean }) {
  return (
    <img
      class={className}
      src={`/noticias/imagenes/${image.id}`}
      alt={image.altText}
      width={image.width ?? undefined}
      height={image.height ?? undefined}
      loading={lazy ? 'lazy' : undefined}
    />
  );
}

export type NewsListProps = { site: NewsSite; items: NewsItem[]; page: number; pageCount: number };

export function NewsListPage({ site, items, page, pageCount }: NewsListProps) {
  const title = page > 1 ? `Noticias, página ${page}` : 'Noticias';
  return (
    <PublicLayout site={site} section="noticias" title={title} description={`Noticias y comunicados de ${site.municipality}.`} canonical={siteUrls.list(site, page)}>
      <h1>{title}</h1>
      {items.length === 0 ? (
        <p class="empty">Todavía no hay noticias publicadas. Vuelva pronto.</p>
      ) : (
        <ol class="news-list">
          {items.map((item) => (
            <li>
              <article class={item.images[0] ? 'news-card with-image' : 'news-card'}>
                {item.images[0] && <NewsImg image={item.images[0]} className="thumb" lazy />}
                <div>
                  <h2>
                    <a href={`/noticias/${item.slug}`}>{item.title}</a>
                  </h2>
                  <NewsDate site={site} date={item.publishedAt} />
                  <p class="summary">{summarize(item.text)}</p>
                </div>
              </article>
            </li>
          ))}
        </ol>
      )}
      {pageCount > 1 && (
        <nav class="pager" aria-label="Páginas de noticias">
          {page > 1 && (
            <a rel="prev" href={page === 2 ? '/noticias' : `/noticias?pagina=${page - 1}`}>
              ← Noticias más recientes
            </a>
          )}
          <span>
            Página {page} de {pageCount}
          </span>
          {page < pageCount && (
            <a rel="next" href={`/noticias?pagina=${page + 1}`}>
              Noticias anteriores →
            </a>
          )}
        </nav>
      )}
    </PublicLayout>
  );
}

export function ArticlePage({ site, item }: { site: NewsSite; item: NewsItem }) {
  const [first, ...rest] = item.images;
  const description = summarize(item.text);
  const canonical = siteUrls.article(site, item.slug);
  return (
    <PublicLayout site={site} section="noticias" title={item.title} description={description} canonical={canonical} head={<ArticleMeta site={site} item={item} description={description} />}>
      <article class="article">
        <p class="crumbs">
          <a href="/noticias">Noticias</a>
        </p>
        <h1>{item.title}</h1>
        <NewsDate site={site} date={item.publishedAt} prefix="Publicado el " />
        {first && (
          <figure class="hero">
            <NewsImg image={first} />
          </figure>
        )}
        <div class="article-body">
          <ArticleBody text={item.text} />
        </div>
        {item.link && (
          <p class="more">
            <a href={item.link} rel="external">
              Más información
            </a>{' '}
            <span class="muted">({new URL(item.link).hostname})</span>
          </p>
        )}
        {rest.length > 0 && (
          <section class="gallery" aria-label="Más imágenes">
            {rest.map((image) => (
              <figure>
                <NewsImg image={image} lazy />
              </figure>
            ))}
          </section>
        )}
      </article>
    </PublicLayout>
  );
}

/** Every block goes out as text: JSX escapes it, so no HTML in the text reaches the page. */
function ArticleBody({ text }: { text: string }) {
  return (
    <>
      {parseArticleText(text).map((block) => {
        if (block.kind === 'heading') return block.level === 2 ? <h2>{block.text}</h2> : <h3>{block.text}</h3>;
        return <p>{block.lines.flatMap((line, i) => (i === 0 ? [line] : [<br />, line]))}</p>;
      })}
    </>
  );
}

/** Open Graph (Facebook, WhatsApp…), X card and schema.org NewsArticle for search engines. */
function ArticleMeta({ site, item, description }: { site: NewsSite; item: NewsItem; description: string }) {
  const url = siteUrls.article(site, item.slug);
  const image = item.images[0];
  const imageUrl = image && siteUrls.image(site, image.id);
  return (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:title" content={item.title} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={url} />
      <meta property="og:locale" content="es_CO" />
      <meta property="og:site_name" content={site.municipality} />
      <meta property="article:published_time" content={item.publishedAt.toISOString()} />
      {image && <meta property="og:image" content={imageUrl} />}
      {image && <meta property="og:image:alt" content={image.altText} />}
      {image?.width && <meta property="og:image:width" content={String(image.width)} />}
      {image?.height && <meta property="og:image:height" content={String(image.height)} />}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={item.title} />
      <meta name="twitter:description" content={description} />
      {image && <meta name="twitter:image" content={imageUrl} />}
      {image && <meta name="twitter:image:alt" content={image.altText} />}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForHtml(newsArticleLd(site, item, description)) }} />
    </>
  );
}

function newsArticleLd(site: NewsSite, item: NewsItem, description: string) {
  const publisher = { '@type': 'Organization', name: site.municipality };
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: item.title,
    description,
    datePublished: item.publishedAt.toISOString(),
    dateModified: item.modifiedAt.toISOString(),
    image: item.images.map((i) => siteUrls.image(site, i.id)),
    inLanguage: 'es-CO',
    mainEntityOfPage: { '@type': 'WebPage', '@id': siteUrls.article(site, item.slug) },
    author: publisher,
    publisher,
  };
}

/** JSON inside <script>: escaping < > & keeps "</script>" and "<!--" in a title from ending the element. */
function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** 404 and 410 pages: what happened, and the way back to the news. */
export function NewsMessagePage({ site, title, message }: { site: NewsSite; title: string; message: string }) {
  return (
    <PublicLayout site={site} section="noticias" title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/noticias">Ver todas las noticias</a>
      </p>
    </PublicLayout>
  );
}
