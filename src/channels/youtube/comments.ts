import type { youtube_v3 } from '@googleapis/youtube';
import { ChannelError, type AccountContext } from '../channel.js';
import type { CommentPages, RemoteComment } from '../comments.js';
import { callOptions, send, youtubeApi } from './client.js';

/** The most `commentThreads.list` gives per page. */
const PAGE_SIZE = 100;

/**
 * The comments of a video (or of a live broadcast, which is a video with the same id), newest
 * first, a page of up to 100 at a time, following `nextPageToken` to the end. Only top-level
 * comments: replies to them are conversations, not new questions. Asked as plain text
 * (`textFormat=plainText`), since `textOriginal` is only given to the comment's author.
 * Costs one quota unit per page.
 */
export async function* youtubeComments(ctx: AccountContext, videoId: string): CommentPages {
  const api = youtubeApi(ctx.settings, ctx.credentials.accessToken);
  let pageToken: string | undefined;
  do {
    const data = await send('read', () =>
      api.commentThreads.list({ part: ['snippet'], videoId, maxResults: PAGE_SIZE, order: 'time', textFormat: 'plainText', ...(pageToken ? { pageToken } : {}) }, callOptions(ctx.settings)),
    ).catch((error: unknown) => {
      throw friendlier(error);
    });
    yield (data.items ?? []).flatMap((thread) => toComment(thread, ctx.credentials.remoteAccountId));
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken);
}

function toComment(thread: youtube_v3.Schema$CommentThread, ownChannelId: string | null): RemoteComment[] {
  const comment = thread.snippet?.topLevelComment;
  const snippet = comment?.snippet;
  const id = comment?.id ?? thread.id;
  if (!snippet || !id) return [];
  const authorId = snippet.authorChannelId?.value ?? null;
  const published = snippet.publishedAt ? new Date(snippet.publishedAt) : null;
  return [
    {
      id,
      text: (snippet.textDisplay ?? snippet.textOriginal ?? '').trim(),
      authorName: snippet.authorDisplayName ?? null,
      authorId,
      own: authorId !== null && authorId === ownChannelId,
      publishedAt: published && !Number.isNaN(published.getTime()) ? published : null,
    },
  ];
}

/** YouTube answers 403 `commentsDisabled` for a video whose comments are off: say so plainly. */
function friendlier(error: unknown): unknown {
  if (error instanceof ChannelError && error.reason === 'commentsDisabled') {
    return new ChannelError('rejected', 'Este video tiene los comentarios desactivados en YouTube: no hay comentarios que importar.', { status: error.status, reason: error.reason });
  }
  return error;
}
