import type { AccountContext } from '../channel.js';
import type { CommentPages, RemoteComment } from '../comments.js';
import { graph } from './graph.js';
import { pageIdOf } from './posts.js';

/** The largest page of comments asked for. */
const PAGE_SIZE = 100;
/** `from` (who wrote it) is given only to a token of the page that owns the post, which ours is. */
const FIELDS = 'id,message,from,created_time';

type GraphComment = { id: string; message?: string; created_time?: string; from?: { id?: string; name?: string } };
type CommentsPage = { data: GraphComment[]; paging?: { next?: string } };

/**
 * The comments of a page's post, `GET /{post-id}/comments`, oldest first, a page of up to 100 at
 * a time following Graph's `paging.next`. Top-level comments only (Graph's default `filter`):
 * replies under a comment are conversations, not new questions. The page's own comments come
 * marked `own`.
 */
export async function* facebookComments(ctx: AccountContext, postId: string): CommentPages {
  const pageId = pageIdOf(ctx);
  let query: Record<string, string> = { fields: FIELDS, order: 'chronological', limit: String(PAGE_SIZE) };
  for (;;) {
    const answer = await graph<CommentsPage>(ctx.settings, { method: 'GET', path: `/${postId}/comments`, query, token: ctx.credentials.accessToken });
    yield answer.data.map((c) => toComment(c, pageId));
    if (!answer.paging?.next) return;
    query = nextQuery(answer.paging.next);
  }
}

function toComment(comment: GraphComment, pageId: string): RemoteComment {
  const published = comment.created_time ? new Date(comment.created_time.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : null;
  const authorId = comment.from?.id ?? null;
  return {
    id: comment.id,
    text: (comment.message ?? '').trim(),
    authorName: comment.from?.name ?? null,
    authorId,
    own: authorId === pageId,
    publishedAt: published && !Number.isNaN(published.getTime()) ? published : null,
  };
}

/** The query of Graph's `next` address, without the token it may carry (ours goes in the header). */
function nextQuery(next: string): Record<string, string> {
  const params = new URL(next).searchParams;
  params.delete('access_token');
  return Object.fromEntries(params);
}
