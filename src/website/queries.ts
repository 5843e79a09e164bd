import { isHttpUrl, websiteImageTypes } from '../channels/website/index.js';
import type { Db } from '../db/client.js';
import type { MediaAsset, Prisma } from '../generated/prisma/client.js';
import { parseSnapshot } from '../pieces/piece-view.js';

/**
 * What the public news pages read. A news item is a website publication that is out
 * (status 'published'), shown as its APPROVED version: title, text, link and images come
 * from the PieceVersion snapshot the publication pinned, never from the piece as it is being
 * edited now.
 */

const websitePublished = {
  status: 'published',
  account: { network: 'website' },
  remoteId: { not: null },
  publishedAt: { not: null },
} satisfies Prisma.PublicationWhereInput;

const newsOrder = [{ publishedAt: 'desc' }, { id: 'desc' }] satisfies Prisma.PublicationOrderByWithRelationInput[];
const newsSelect = { id: true, pieceId: true, pieceVersion: true, remoteId: true, publishedAt: true, updatedAt: true } satisfies Prisma.PublicationSelect;
type NewsRow = Prisma.PublicationGetPayload<{ select: typeof newsSelect }>;

export type NewsImage = { id: string; altText: string; mimeType: string; bytes: number; width: number | null; height: number | null };

export type NewsItem = {
  slug: string;
  title: string;
  text: string;
  /** Only an http(s) address; anything else stored is dropped. */
  link: string | null;
  publishedAt: Date;
  modifiedAt: Date;
  /** In the variant's order; files that are gone or not web images are left out. */
  images: NewsImage[];
};

export async function countNews(db: Db): Promise<number> {
  return db.publication.count({ where: websitePublished });
}

/** Published news, newest first. */
export async function listNews(db: Db, page: { skip: number; take: number }): Promise<NewsItem[]> {
  return toNewsItems(db, await db.publication.findMany({ where: websitePublished, orderBy: newsOrder, select: newsSelect, ...page }));
}

export type NewsLookup = { state: 'published'; item: NewsItem } | { state: 'removed' } | { state: 'unknown' };

/** A slug is 'removed' when its publication went out and was cancelled afterwards (410 Gone). */
export async function findNewsBySlug(db: Db, slug: string): Promise<NewsLookup> {
  const rows = await db.publication.findMany({
    where: { remoteId: slug, account: { network: 'website' }, publishedAt: { not: null }, status: { in: ['published', 'cancelled'] } },
    select: { ...newsSelect, status: true },
  });
  const live = rows.find((r) => r.status === 'published');
  if (live) return { state: 'published', item: (await toNewsItems(db, [live]))[0]! };
  return rows.length ? { state: 'removed' } : { state: 'unknown' };
}

/** The website publication changed last (of any status: a cancellation changes the pages too). */
export async function lastNewsChange(db: Db): Promise<{ id: string; updatedAt: Date } | null> {
  return db.publication.findFirst({
    where: { account: { network: 'website' } },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    select: { id: true, updatedAt: true },
  });
}

/** The media file, if a published news item shows it; null for anything else (draft images stay private). */
export async function findPublishedImage(db: Db, mediaId: string): Promise<MediaAsset | null> {
  const asset = await db.mediaAsset.findUnique({ where: { id: mediaId } });
  if (!asset || !websiteImageTypes.includes(asset.mimeType)) return null;
  // The snapshot is JSON text: a text search finds the versions that may name the file,
  // the parsed snapshot decides whether its website variant shows it.
  const versions = await db.pieceVersion.findMany({ where: { snapshot: { contains: `"${mediaId}"` } }, select: { pieceId: true, version: true, snapshot: true } });
  const showing = versions.filter((v) => approvedContent(v.snapshot).media.some((m) => m.mediaAssetId === mediaId));
  if (!showing.length) return null;
  const published = await db.publication.count({
    where: { ...websitePublished, OR: showing.map((v) => ({ pieceId: v.pieceId, pieceVersion: v.version })) },
  });
  return published > 0 ? asset : null;
}

/** The website variant of a version, falling back to the piece's own title and body where the variant has none. */
function approvedContent(snapshotJson: string) {
  const snapshot = parseSnapshot(snapshotJson);
  const variant = snapshot.variants.find((v) => v.network === 'website');
  return {
    title: variant?.title?.trim() || snapshot.title,
    text: variant?.text ?? snapshot.body,
    link: variant?.link && isHttpUrl(variant.link) ? variant.link : null,
    media: variant?.media ?? [],
  };
}

async function toNewsItems(db: Db, rows: NewsRow[]): Promise<NewsItem[]> {
  if (!rows.length) return [];
  const versions = await db.pieceVersion.findMany({
    where: { OR: rows.map((r) => ({ pieceId: r.pieceId, version: r.pieceVersion })) },
    select: { pieceId: true, version: true, snapshot: true },
  });
  const snapshots = new Map(versions.map((v) => [`${v.pieceId}@${v.version}`, v.snapshot]));
  const contents = rows.map((row) => {
    const snapshot = snapshots.get(`${row.pieceId}@${row.pieceVersion}`);
    // Versions are never deleted while their piece exists, so this is a broken database, not a user error.
    if (snapshot === undefined) throw new Error(`La publicación ${row.id} apunta a la versión ${row.pieceVersion} de la pieza ${row.pieceId}, que no existe.`);
    return { row, content: approvedContent(snapshot) };
  });
  const assetIds = contents.flatMap(({ content }) => content.media.map((m) => m.mediaAssetId));
  const assets = new Map((await db.mediaAsset.findMany({ where: { id: { in: assetIds } } })).map((a) => [a.id, a]));
  return contents.map(({ row, content }) => ({
    slug: row.remoteId!,
    title: content.title,
    text: content.text,
    link: content.link,
    publishedAt: row.publishedAt!,
    modifiedAt: row.updatedAt > row.publishedAt! ? row.updatedAt : row.publishedAt!,
    images: content.media.flatMap((m) => {
      const asset = assets.get(m.mediaAssetId);
      if (!asset || !websiteImageTypes.includes(asset.mimeType)) return [];
      return [{ id: asset.id, altText: m.altText, mimeType: asset.mimeType, bytes: asset.bytes, width: asset.width, height: asset.height }];
    }),
  }));
}
