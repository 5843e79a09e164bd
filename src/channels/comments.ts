/**
 * Reading what people answered to a published post: YouTube comment threads, X replies,
 * Facebook comments. Read only, and outside the `Channel` interface (publishing does not need
 * it): each network folder exports its own reader (`youtubeComments`, `xReplies`,
 * `facebookComments`), used to import citizens' questions (src/dialogue/questions).
 *
 * A reader is an async generator of pages: the caller stores a page before the reader asks the
 * network for the next one, so a failure (a rate limit, a token) loses nothing already read.
 * Every failure is thrown as a `ChannelError`, like the rest of the channel layer.
 */
export type RemoteComment = {
  /** The network's id of the comment (unique within the network). */
  id: string;
  /** Plain text, as the person wrote it (no HTML, no leading @mentions on X). */
  text: string;
  /** The author's public display name on the network, when the network gives it. */
  authorName: string | null;
  /** The author's id on the network (a channel, a user, a page). */
  authorId: string | null;
  /** Written by the connected account itself (the office's own replies): never a citizen's question. */
  own: boolean;
  publishedAt: Date | null;
};

export type CommentPages = AsyncGenerator<RemoteComment[], void, undefined>;
