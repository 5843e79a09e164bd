import type { AccountContext, PublishedRef, RemoteMetrics } from '../channel.js';
import { missingIds, tryGraph, type GraphErrorBody } from './graph.js';

/**
 * Numbers for many posts with Graph's multi-id read, `GET /?ids=a,b,c&fields=…` (at most 50
 * ids per request): insights (the metrics listed in META_INSIGHTS_METRICS), shares, and the
 * comment count.
 *
 * Meta retires insights metrics often, and Graph then refuses the whole request with
 * "(#100) The value must be a valid insights metric" without naming the metric. When that
 * happens each configured metric is tried alone once, the refused ones are left out for the
 * rest of the call, and every post's `raw.ignoredMetrics` names them so the office can fix
 * the setting. A post that no longer exists makes Graph refuse the whole read too
 * ("(#803) Some of the aliases you requested do not exist: …"): it is dropped and the read
 * repeated, so missing posts are simply absent from the map.
 */

const MAX_IDS_PER_READ = 50;

type InsightValue = number | Record<string, number>;
type PostNode = {
  id?: string;
  insights?: { data?: { name: string; values?: { value?: InsightValue }[] }[] };
  /** Graph leaves `shares` out when a post has none. */
  shares?: { count?: number };
  comments?: { summary?: { total_count?: number } };
};

type MetricList = { metrics: string[]; ignored: string[] };

export async function fetchPostMetrics(ctx: AccountContext, published: PublishedRef[]): Promise<Map<string, RemoteMetrics>> {
  const list: MetricList = { metrics: [...ctx.settings.meta.insightsMetrics], ignored: [] };
  const found = new Map<string, RemoteMetrics>();
  const ids = [...new Set(published.map((p) => p.remoteId))];
  for (let start = 0; start < ids.length; start += MAX_IDS_PER_READ) {
    const nodes = await readPosts(ctx, ids.slice(start, start + MAX_IDS_PER_READ), list);
    for (const [id, node] of Object.entries(nodes)) found.set(id, toMetrics(node, list.ignored));
  }
  return found;
}

/** One multi-id read, repeated without the posts or metrics Graph refused. */
async function readPosts(ctx: AccountContext, ids: string[], list: MetricList): Promise<Record<string, PostNode>> {
  let remaining = ids;
  while (remaining.length > 0) {
    const outcome = await tryGraph<Record<string, PostNode>>(ctx.settings, readRequest(ctx, remaining, list.metrics));
    if (outcome.ok) return outcome.body;
    if (isInvalidMetric(outcome.error)) {
      const valid = await acceptedMetrics(ctx, remaining, list.metrics);
      // If no single metric is refused on its own, the cause is elsewhere: report it rather than loop.
      if (valid.length === list.metrics.length) throw outcome.failure;
      list.ignored.push(...list.metrics.filter((m) => !valid.includes(m)));
      list.metrics = valid;
      continue;
    }
    const missing = missingIds(outcome.error, remaining);
    if (missing.length === 0) throw outcome.failure;
    remaining = remaining.filter((id) => !missing.includes(id));
  }
  return {};
}

function readRequest(ctx: AccountContext, ids: string[], metrics: string[]) {
  const fields = [...(metrics.length > 0 ? [`insights.metric(${metrics.join(',')})`] : []), 'shares', 'comments.summary(true).limit(0)'];
  return { method: 'GET' as const, path: '/', query: { ids: ids.join(','), fields: fields.join(',') }, token: ctx.credentials.accessToken };
}

/** The metrics Graph accepts when asked one at a time. */
async function acceptedMetrics(ctx: AccountContext, ids: string[], metrics: string[]): Promise<string[]> {
  const accepted: string[] = [];
  for (const metric of metrics) {
    const probe = await tryGraph(ctx.settings, readRequest(ctx, ids, [metric]));
    if (probe.ok || !isInvalidMetric(probe.error)) accepted.push(metric);
  }
  return accepted;
}

function isInvalidMetric(error: GraphErrorBody | null): boolean {
  return error?.code === 100 && /insights metric/i.test(error.message ?? '');
}

function toMetrics(node: PostNode, ignoredMetrics: string[]): RemoteMetrics {
  const values = new Map((node.insights?.data ?? []).map((d) => [d.name, d.values?.at(-1)?.value]));
  const metrics: RemoteMetrics = { shares: node.shares?.count ?? 0, raw: { node, ignoredMetrics } };
  const impressions = values.get('post_impressions');
  if (typeof impressions === 'number') metrics.impressions = impressions;
  // post_clicks counts every click on the post, links included (post_clicks_by_type splits them): the closest single figure.
  const clicks = values.get('post_clicks');
  if (typeof clicks === 'number') metrics.linkClicks = clicks;
  const reactions = values.get('post_reactions_by_type_total');
  if (reactions !== undefined) metrics.likes = typeof reactions === 'number' ? reactions : Object.values(reactions).reduce((sum, n) => sum + n, 0);
  const comments = node.comments?.summary?.total_count;
  if (comments !== undefined) metrics.replies = comments;
  return metrics;
}
