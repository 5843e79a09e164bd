// Benchmark of the metrics read model: planMetrics (and bestTimes, activityMetrics,
// pieceMetrics) on the seed plan with 10,000 published publications spread over its 19
// activities and four networks, 30 samples each (one a day for 30 days, cumulative), short
// links with 30 days of clicks on 1,000 pieces and 200 manual entries. Each call is timed
// cold (first) and warm (median of 5). The last line is JSON. Target: planMetrics < 2,000 ms.
//   tsx bench/metrics-rollups.ts     (BENCH_PUBLICATIONS, BENCH_SAMPLES to change the size)
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDb } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import type { Network } from '../src/generated/prisma/client.js';
import { activityMetrics, bestTimes, pieceMetrics, planMetrics } from '../src/metrics/rollups.js';
import { loadSeedPlan } from '../src/plan/load-seed-plan.js';
import { sqlTime } from '../src/scheduler/queue.js';

const PUBLICATIONS = Number(process.env.BENCH_PUBLICATIONS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
const timeZone = 'America/Bogota';
const DAY = 86_400_000;
const start = Date.parse('2026-09-01T14:00:00Z');
const now = new Date(start + 120 * DAY);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pregon-bench-rollups-'));
const file = path.join(dir, 'bench.db');
applyMigrations(file);
const db = createDb(file);

const planId = (await loadSeedPlan({ db, file: path.resolve(import.meta.dirname, '../prisma/seed/plan-rendicion-de-cuentas.txt') }))!;
const activities = await db.activity.findMany({ where: { subcomponent: { planId } }, select: { id: true } });
await db.activity.updateMany({ where: { id: { in: activities.map((a) => a.id) } }, data: { targetValue: 100_000, targetMetric: 'reach' } });
const networks: Network[] = ['x', 'youtube', 'facebook', 'website'];
const accounts = new Map<Network, string>();
for (const network of networks) accounts.set(network, (await db.channelAccount.create({ data: { network, label: `Alcaldía (${network})` } })).id);

console.log(`Preparando ${PUBLICATIONS} publicaciones con ${SAMPLES} lecturas cada una…`);
const t0 = performance.now();
const pieceIds: string[] = [];
for (let from = 0; from < PUBLICATIONS; from += 500) {
  const rows = Array.from({ length: Math.min(500, PUBLICATIONS - from) }, (_, k) => {
    const n = from + k;
    const network = networks[n % networks.length]!;
    return { n, network, pieceId: randomUUID(), variantId: randomUUID(), publicationId: randomUUID(), activityId: activities[n % activities.length]!.id, publishedAt: new Date(start + (n % 90) * DAY + (n % 13) * 3_600_000) };
  });
  await db.$transaction([
    db.piece.createMany({ data: rows.map((r) => ({ id: r.pieceId, activityId: r.activityId, kind: 'social_post' as const, title: `Pieza ${r.n + 1}`, status: 'published' as const, approvedVersion: 1 })) }),
    db.pieceVariant.createMany({ data: rows.map((r) => ({ id: r.variantId, pieceId: r.pieceId, network: r.network })) }),
    db.publication.createMany({
      data: rows.map((r) => ({ id: r.publicationId, pieceId: r.pieceId, variantId: r.variantId, accountId: accounts.get(r.network)!, pieceVersion: 1, status: 'published' as const, remoteId: `r${r.n}`, publishedAt: r.publishedAt })),
    }),
  ]);
  // 30 cumulative daily samples per publication, written by SQLite itself (fast to prepare).
  const samples = rows.flatMap((r) =>
    Array.from({ length: SAMPLES }, (_, s) => {
      const grow = (s + 1) * (1 + (r.n % 7));
      return [r.publicationId, sqlTime(new Date(r.publishedAt.getTime() + 3_600_000 + s * DAY)), r.network === 'youtube' ? null : 100 * grow, 40 * grow, 3 * grow, grow, s, r.n % 3];
    }),
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "MetricSample" ("id", "publicationId", "collectedAt", "impressions", "views", "likes", "shares", "replies", "saves", "raw")
     SELECT lower(hex(randomblob(12))), value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, '{}' FROM json_each(?)`,
    JSON.stringify(samples),
  );
  pieceIds.push(...rows.map((r) => r.pieceId));
}
// Short links with a month of clicks on 1,000 pieces, and 200 manual entries.
for (let from = 0; from < Math.min(1000, pieceIds.length); from += 250) {
  const links = pieceIds.slice(from, from + 250).map((pieceId, k) => ({ id: randomUUID(), code: `b${from + k}`, pieceId, network: networks[(from + k) % 4]!, targetUrl: 'https://alcaldia.gov.co/rendicion', destination: 'https://alcaldia.gov.co/rendicion?utm_source=pregon' }));
  await db.shortLink.createMany({ data: links });
  await db.shortLinkDay.createMany({ data: links.flatMap((l, k) => Array.from({ length: 30 }, (_, d) => ({ shortLinkId: l.id, day: new Date(start + d * DAY).toISOString().slice(0, 10), clicks: 1 + ((k + d) % 5) }))) });
}
await db.manualMetricEntry.createMany({
  data: Array.from({ length: 200 }, (_, i) => ({ activityId: activities[i % activities.length]!.id, kind: 'radio', date: new Date(`2026-10-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z`), audience: 1000 + i, attendance: i % 2 ? 30 : null })),
});
const sampleCount = await db.metricSample.count();
console.log(`Listo en ${((performance.now() - t0) / 1000).toFixed(1)} s: ${sampleCount} lecturas.`);

async function time<T>(label: string, fn: () => Promise<T>, runs = 5): Promise<{ cold: number; warm: number; result: T }> {
  let t = performance.now();
  const result = await fn();
  const cold = performance.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    await fn();
    warm.push(performance.now() - t);
  }
  warm.sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)]!;
  console.log(`${label.padEnd(40)} primera ${cold.toFixed(0).padStart(6)} ms   mediana ${median.toFixed(0).padStart(6)} ms`);
  return { cold, warm: median, result };
}

const plan = await time('planMetrics (todo el plan, 121 días)', () => planMetrics(db, planId, { timeZone, now }));
const period = await time('planMetrics (octubre)', () => planMetrics(db, planId, { timeZone, from: '2026-10-01', to: '2026-10-31', now }));
const best = await time('bestTimes', () => bestTimes(db, planId, { timeZone }));
const activity = await time('activityMetrics', () => activityMetrics(db, activities[0]!.id, { timeZone, now }));
const piece = await time('pieceMetrics', () => pieceMetrics(db, pieceIds[0]!, { timeZone, now }));

const summary = {
  publications: plan.result.totals.publications,
  samples: sampleCount,
  seriesDays: plan.result.series.length,
  planMetricsMs: Math.round(plan.cold),
  planMetricsWarmMs: Math.round(plan.warm),
  planMetricsPeriodMs: Math.round(period.warm),
  bestTimesMs: Math.round(best.warm),
  activityMetricsMs: Math.round(activity.warm),
  pieceMetricsMs: Math.round(piece.warm),
  targetMs: 2000,
  ok: plan.cold < 2000,
};
console.log(JSON.stringify(summary));
await db.$disconnect();
fs.rmSync(dir, { recursive: true, force: true });
