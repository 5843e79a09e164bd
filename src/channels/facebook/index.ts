import type { Channel } from '../channel.js';
import { fetchPostMetrics } from './metrics.js';
import { facebookOAuth, validatePageToken } from './oauth.js';
import { publishToPage, removePost } from './posts.js';
import { reconcilePost } from './reconcile.js';
import { checkFacebook } from './rules.js';

/** Read only, for importing citizens' questions: the comments of a post. */
export { facebookComments } from './comments.js';

/**
 * A Facebook Page, through the Graph API (`META_GRAPH_BASE_URL`) with Node's `fetch`. The
 * account's token is a page token and its `remoteAccountId` the page id. Text, a link and up
 * to ten photos; no video here. An attempt whose answer never came is reconciled against
 * the page's feed.
 */
export const facebookChannel: Channel = {
  network: 'facebook',
  label: 'Facebook',
  needsAccount: true,
  check: checkFacebook,
  publish: publishToPage,
  remove: removePost,
  fetchMetrics: fetchPostMetrics,
  metricsBatch: { maxIds: 50, idsOf: (p) => [p.remoteId] },
  reconcile: reconcilePost,
  oauth: facebookOAuth,
  refresh: validatePageToken,
};
