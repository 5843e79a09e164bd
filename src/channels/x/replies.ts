import type { TweetSearchRecentV2Paginator, TweetV2, TwitterV2IncludesHelper } from 'twitter-api-v2';
import type { AccountContext } from '../channel.js';
import type { CommentPages, RemoteComment } from '../comments.js';
import { userClient } from './client.js';
import { toChannelError } from './errors.js';

/** The most `GET /2/tweets/search/recent` gives per page. */
const PAGE_SIZE = 100;

/**
 * The replies to a post (and to every part of its thread): the posts of its conversation
 * (`conversation_id:<id of the first post>`), through `GET /2/tweets/search/recent`, a page of
 * up to 100 at a time following `next_token`. X's recent search covers only the last 7 days:
 * older replies are not there. The account's own posts (the thread's parts, the office's
 * answers) come marked `own`.
 */
export async function* xReplies(ctx: AccountContext, conversationId: string): CommentPages {
  const client = userClient(ctx.settings, ctx.credentials.accessToken).v2;
  let ownId = ctx.credentials.remoteAccountId;
  let page: TweetSearchRecentV2Paginator;
  try {
    ownId ??= (await client.me()).data.id;
    page = await client.search(`conversation_id:${conversationId}`, {
      max_results: PAGE_SIZE,
      'tweet.fields': ['author_id', 'created_at', 'conversation_id'],
      expansions: ['author_id'],
      'user.fields': ['name', 'username'],
    });
  } catch (error) {
    throw toChannelError(error, 'read');
  }
  for (;;) {
    const includes = page.includes;
    yield page.tweets.filter((t) => t.id !== conversationId).map((t) => toComment(t, includes, ownId));
    if (page.done) return;
    try {
      page = await page.next(PAGE_SIZE);
    } catch (error) {
      throw toChannelError(error, 'read');
    }
  }
}

function toComment(tweet: TweetV2, includes: TwitterV2IncludesHelper, ownId: string): RemoteComment {
  const author = includes.author(tweet);
  const published = tweet.created_at ? new Date(tweet.created_at) : null;
  return {
    id: tweet.id,
    text: withoutLeadingMentions(unescapeHtml(tweet.text)),
    authorName: author?.name ?? (author ? `@${author.username}` : null),
    authorId: tweet.author_id ?? null,
    own: tweet.author_id === ownId,
    publishedAt: published && !Number.isNaN(published.getTime()) ? published : null,
  };
}

/** X puts the @names a reply answers at the start of its text; the question is what follows. */
function withoutLeadingMentions(text: string): string {
  return text.replace(/^(?:@\w{1,15}\s+)+/, '').trim();
}

/** X's API escapes `&`, `<` and `>` in a post's text. */
function unescapeHtml(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}
