import type { SecretBox } from '../auth/secret-box.js';
import { freshCredentials } from '../channels/account-tokens.js';
import { ChannelError, type AccountContext, type Channel, type ChannelSettings, type PublishedRef, type RemoteMetrics } from '../channels/channel.js';
import { channelFor } from '../channels/registry.js';
import type { MetricsSettings } from '../config.js';
import type { Db } from '../db/client.js';
import type { ChannelAccount } from '../generated/prisma/client.js';
import { sqlTime } from '../scheduler/queue.js';
import { websiteViews } from './page-views.js';
import { nextSnapshotAt, snapshotOffsets } from './snapshots.js';
import { metricNames } from './vocabulary.js';

/**
 * Takes the due metrics snapshots of one account's publications: asks the network for all of
 * them in as few requests as it allows (X: 100 ids a request, YouTube: 50, Graph: 50), saves
 * each answer as samples (never overwriting an earlier one) before the next request, and moves
 * each publication to its next snapshot.
 *
 * Nothing due is dropped: when the network asks to wait (rate limit), fails, or the account
 * must be reconnected, the publications not read keep their due time and the collection
 * resumes from them on the next run.
 */

export type CollectDeps = { db: Db; box: SecretBox; settings: ChannelSettings; metrics: MetricsSettings; now: () => Date; retryBaseMs: number };

export type CollectOutcome = {
  /** Samples written. */
  collected: number;
  /** Publications the network no longer has (deleted there): their snapshot is skipped. */
  missing: number;
  /** Requests made to the network (one per packed batch). */
  requests: number;
  /** When to run again: the reset the network gave, a retry delay, or the next snapshot due; null when none is left. */
  nextRunAt: Date | null;
  /** In Spanish: why the collection stopped before reading everything due, or null. */
  stoppedBy: string | null;
};

type DuePublication = { id: string; remoteId: string; rawResponse: string | null; publishedAt: Date; metricsDueAt: Date };

/** Each network request waits for the previous answer to be saved: one batch of ids at a time. */
export async function collectAccountMetrics(deps: CollectDeps, accountId: string): Promise<CollectOutcome> {
  const outcome: CollectOutcome = { collected: 0, missing: 0, requests: 0, nextRunAt: null, stoppedBy: null };
  const account = await deps.db.channelAccount.findUnique({ where: { id: accountId } });
  if (!account) return outcome;
  const channel = channelFor(account.network);
  const due = await duePublications(deps, accountId);
  if (due.length > 0) {
    if (account.network === 'website') await collectWebsite(deps, due, outcome);
    else await collectFromNetwork(deps, account, channel, due, outcome);
  }
  // Stopped early: what was not read is still due, so only the time the stop gave counts.
  if (outcome.stoppedBy === null) outcome.nextRunAt = await earliestDue(deps.db, accountId);
  return outcome;
}

async function duePublications(deps: CollectDeps, accountId: string): Promise<DuePublication[]> {
  // The window lets snapshots due a few minutes from now share this run's requests.
  const horizon = new Date(deps.now().getTime() + deps.metrics.windowMs);
  const rows = await deps.db.publication.findMany({
    where: { accountId, status: 'published', remoteId: { not: null }, publishedAt: { not: null }, metricsDueAt: { lte: horizon } },
    select: { id: true, remoteId: true, rawResponse: true, publishedAt: true, metricsDueAt: true },
    orderBy: { metricsDueAt: 'asc' },
  });
  return rows as DuePublication[];
}

async function earliestDue(db: Db, accountId: string): Promise<Date | null> {
  const row = await db.publication.aggregate({ where: { accountId, status: 'published', metricsDueAt: { not: null } }, _min: { metricsDueAt: true } });
  return row._min.metricsDueAt;
}

async function collectFromNetwork(deps: CollectDeps, account: ChannelAccount, channel: Channel, due: DuePublication[], outcome: CollectOutcome) {
  let ctx: AccountContext;
  try {
    ctx = await freshCredentials({ db: deps.db, box: deps.box, settings: deps.settings, channel, accountId: account.id, known: account, now: deps.now() });
  } catch (error) {
    stop(deps, outcome, error);
    return;
  }
  for (const batch of packBatches(due, channel)) {
    let found: Map<string, RemoteMetrics>;
    try {
      outcome.requests += 1;
      found = await fetchWithOneRefresh(deps, channel, account, ctx, batch.refs, (fresh) => (ctx = fresh));
    } catch (error) {
      if (error instanceof ChannelError && error.kind === 'rejected') {
        // The network refuses this request as it is (not a pause): skip this snapshot rather than ask forever.
        console.error(`Métricas: ${channel.label} rechazó la lectura de ${batch.rows.length} publicaciones: ${error.message}`);
        await saveBatch(deps, batch.rows, new Map());
        continue;
      }
      stop(deps, outcome, error);
      return;
    }
    const saved = await saveBatch(deps, batch.rows, found);
    outcome.collected += saved;
    outcome.missing += batch.rows.length - saved;
  }
}

/** A 401 while reading: the token is renewed once and the same request asked again. */
async function fetchWithOneRefresh(deps: CollectDeps, channel: Channel, account: ChannelAccount, ctx: AccountContext, refs: PublishedRef[], renewed: (ctx: AccountContext) => void) {
  try {
    return await channel.fetchMetrics(ctx, refs);
  } catch (error) {
    if (!(error instanceof ChannelError) || error.kind !== 'auth') throw error;
    const fresh = await freshCredentials({ db: deps.db, box: deps.box, settings: deps.settings, channel, accountId: account.id, force: true, now: deps.now() });
    renewed(fresh);
    return channel.fetchMetrics(fresh, refs);
  }
}

/** Why the collection stops here, and when to try again; what was not read stays due. */
function stop(deps: CollectDeps, outcome: CollectOutcome, error: unknown) {
  const now = deps.now().getTime();
  if (error instanceof ChannelError && error.kind === 'rate_limited') {
    outcome.nextRunAt = error.retryAt && error.retryAt.getTime() > now ? error.retryAt : new Date(now + 60_000);
  } else if (error instanceof ChannelError && error.kind === 'auth') {
    // The account is marked "reconnect needed": the queue holds its job until it is reconnected.
    outcome.nextRunAt = new Date(now + 60_000);
  } else {
    outcome.nextRunAt = new Date(now + Math.max(deps.retryBaseMs, 60_000));
    if (!(error instanceof ChannelError)) console.error('Métricas: error inesperado al leer una red', error);
  }
  outcome.stoppedBy = error instanceof Error ? error.message : String(error);
}

export type Batch = { rows: DuePublication[]; refs: PublishedRef[] };

/**
 * Packs publications, in due order, into requests of at most `maxIds` ids (a thread needs
 * one id per part, so it never straddles two requests).
 */
export function packBatches(due: DuePublication[], channel: Pick<Channel, 'metricsBatch'>): Batch[] {
  const batches: Batch[] = [];
  let current: Batch = { rows: [], refs: [] };
  let ids = 0;
  for (const row of due) {
    const ref: PublishedRef = { remoteId: row.remoteId, raw: parseRaw(row.rawResponse), publishedAt: row.publishedAt };
    const size = Math.max(1, channel.metricsBatch.idsOf(ref).length);
    if (current.rows.length > 0 && ids + size > channel.metricsBatch.maxIds) {
      batches.push(current);
      current = { rows: [], refs: [] };
      ids = 0;
    }
    current.rows.push(row);
    current.refs.push(ref);
    ids += size;
  }
  if (current.rows.length > 0) batches.push(current);
  return batches;
}

function parseRaw(raw: string | null): unknown {
  if (!raw) return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/** The website's figures are Pregón's own: the article's page views so far. */
async function collectWebsite(deps: CollectDeps, due: DuePublication[], outcome: CollectOutcome) {
  const views = await websiteViews(deps.db, due.map((d) => d.id));
  const found = new Map(due.map((d) => [d.remoteId, { views: views.get(d.id) ?? 0, raw: { pageViews: views.get(d.id) ?? 0 } } satisfies RemoteMetrics]));
  outcome.collected += await saveBatch(deps, due, found);
}

/**
 * One transaction per batch: the samples of the posts found, and every publication of the
 * batch moved to its next snapshot (found or not: a post deleted on the network is skipped).
 * Returns the number of samples written.
 */
async function saveBatch(deps: CollectDeps, rows: DuePublication[], found: Map<string, RemoteMetrics>): Promise<number> {
  const now = deps.now();
  const offsets = snapshotOffsets(deps.metrics);
  const samples = rows.flatMap((row) => {
    const m = found.get(row.remoteId);
    return m ? [{ publicationId: row.id, collectedAt: now, ...counts(m), raw: JSON.stringify(m.raw ?? null) }] : [];
  });
  // The snapshot served may have been a few minutes ahead (the window): the next one comes after it.
  const moves = rows.map((row) => {
    const served = row.metricsDueAt > now ? row.metricsDueAt : now;
    const next = nextSnapshotAt(row.publishedAt, served, offsets);
    return { id: row.id, due: next ? sqlTime(next) : null };
  });
  await deps.db.$transaction(async (tx) => {
    if (samples.length > 0) await tx.metricSample.createMany({ data: samples });
    await tx.$executeRawUnsafe(
      `UPDATE "Publication" SET "metricsDueAt" = m.value ->> 'due'
       FROM json_each(?) AS m WHERE "Publication"."id" = m.value ->> 'id'`,
      JSON.stringify(moves),
    );
  });
  return samples.length;
}

/** The vocabulary's counts as whole numbers; anything that is not a finite number is left empty. */
function counts(m: RemoteMetrics): Record<(typeof metricNames)[number], number | null> {
  const out = {} as Record<(typeof metricNames)[number], number | null>;
  for (const name of metricNames) {
    const value = Number(m[name]);
    out[name] = m[name] === undefined || m[name] === null || !Number.isFinite(value) ? null : Math.round(value);
  }
  return out;
}
