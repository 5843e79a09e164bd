import type { Channel } from '../channel.js';
import { publishLive } from './live.js';
import { refreshYoutube, youtubeOAuth } from './oauth.js';
import { fetchYoutubeMetrics, removeYoutube } from './published.js';
import { reconcileYoutube } from './reconcile.js';
import { checkYoutube } from './rules.js';
import { publishVideo } from './video.js';

export { recentUploads, type RecentUpload } from './published.js';
/** Read only, for importing citizens' questions: the comments of a video or live broadcast. */
export { youtubeComments } from './comments.js';

/**
 * YouTube through the official client (`@googleapis/youtube`): a variant is either a video
 * upload (with its thumbnail) or, for an event, a scheduled live broadcast.
 */
export const youtubeChannel: Channel = {
  network: 'youtube',
  label: 'YouTube',
  needsAccount: true,
  check: checkYoutube,
  publish: (ctx, variant) => (variant.options.youtubeMode === 'live' ? publishLive(ctx, variant) : publishVideo(ctx, variant)),
  remove: removeYoutube,
  fetchMetrics: fetchYoutubeMetrics,
  metricsBatch: { maxIds: 50, idsOf: (p) => [p.remoteId] },
  reconcile: reconcileYoutube,
  oauth: youtubeOAuth,
  refresh: refreshYoutube,
};
