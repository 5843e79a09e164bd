import type { Channel } from '../channel.js';
import { fetchXMetrics } from './metrics.js';
import { refreshX, xOAuth } from './oauth.js';
import { publishX, removeX, tweetIdsOf } from './posts.js';
import { reconcileX } from './reconcile.js';
import { checkX } from './rules.js';

/** Read only, for importing citizens' questions: the replies to a post. */
export { xReplies } from './replies.js';

/** X (Twitter) through twitter-api-v2 with OAuth 2.0 user tokens: text, up to 4 images, numbered threads. */
export const xChannel: Channel = {
  network: 'x',
  label: 'X',
  needsAccount: true,
  check: checkX,
  publish: publishX,
  remove: removeX,
  fetchMetrics: fetchXMetrics,
  metricsBatch: { maxIds: 100, idsOf: tweetIdsOf },
  reconcile: reconcileX,
  oauth: xOAuth,
  refresh: refreshX,
};
