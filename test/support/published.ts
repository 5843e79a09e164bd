import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/client.js';
import type { Network } from '../../src/generated/prisma/client.js';

export type PostOut = { remoteId: string; publishedAt: Date; raw?: unknown; metricsDueAt?: Date | null };

/**
 * Publications already out on a network, as the publishing path leaves them (a published piece
 * with one variant and one published publication each), written in bulk: metrics tests and
 * the metrics benchmark need thousands. Returns the publication ids in the order given.
 */
export async function seedPublished(db: Db, o: { activityId: string | null; accountId: string; network: Network; posts: PostOut[]; titlePrefix?: string }): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < o.posts.length; start += 200) {
    const chunk = o.posts.slice(start, start + 200).map((post, i) => ({ post, n: start + i, pieceId: randomUUID(), variantId: randomUUID(), publicationId: randomUUID() }));
    await db.$transaction([
      db.piece.createMany({
        data: chunk.map((c) => ({ id: c.pieceId, activityId: o.activityId, kind: 'social_post' as const, title: `${o.titlePrefix ?? 'Publicación'} ${c.n + 1}`, status: 'published' as const, approvedVersion: 1 })),
      }),
      db.pieceVariant.createMany({ data: chunk.map((c) => ({ id: c.variantId, pieceId: c.pieceId, network: o.network, text: `Texto ${c.n + 1}` })) }),
      db.publication.createMany({
        data: chunk.map((c) => ({
          id: c.publicationId,
          pieceId: c.pieceId,
          variantId: c.variantId,
          accountId: o.accountId,
          pieceVersion: 1,
          status: 'published' as const,
          remoteId: c.post.remoteId,
          url: `https://example.invalid/${c.post.remoteId}`,
          publishedAt: c.post.publishedAt,
          rawResponse: JSON.stringify(c.post.raw ?? { id: c.post.remoteId }),
          metricsDueAt: c.post.metricsDueAt === undefined ? c.post.publishedAt : c.post.metricsDueAt,
        })),
      }),
    ]);
    ids.push(...chunk.map((c) => c.publicationId));
  }
  return ids;
}
