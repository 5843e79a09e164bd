import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { zoneSegments } from '../../src/metrics/latest-samples.js';
import { activityMetrics, bestTimes, pieceMetrics, planMetrics, type RollupOptions } from '../../src/metrics/rollups.js';
import type { GroupRow, Totals } from '../../src/metrics/rollup-types.js';
import { activityDescriptions, createMetricsFixture, pieceTitles, subcomponentNames, type MetricsFixture } from '../support/metrics-rollups-fixture.js';
import { createTestContext, type TestContext } from '../support/test-db.js';

/**
 * The metrics read model over the hand-made campaign of test/support/metrics-rollups-fixture.ts.
 * Every expected figure is summed here by hand, from the fixture's samples, not by the code.
 *
 * Latest sample of each published publication (Bogotá = UTC−5):
 *   X1  (P1, A1, x)        500 impressions; 20 likes + 4 shares + 3 replies + 1 quote = 28 interactions
 *                          (earlier samples 100/6 and 300/17 must NOT be added)
 *   FB1 (P1, A1, facebook) no sample: 0, but 1 publication
 *   YTc (P1, youtube)      cancelled: never counts (views 9999)
 *   YT1 (P2, A2, youtube)  400 views (no impressions → reach 400); 30 + 5 + 5 = 40 interactions
 *   X4  (P2, A2, x)        30 impressions; 0
 *   X2  (P3, A2, x)        1000 impressions; 30 + 10 = 40
 *   W1  (P5, A4, website)  170 views → reach 170; 0
 *   X3  (P6, A1, x)        170 impressions; 2
 * Digital reach 500 + 400 + 30 + 1000 + 170 + 170 = 2270; interactions 28 + 40 + 0 + 40 + 2 = 110.
 * The rate's denominator is the reach on networks that count interactions: the website's W1 (visits)
 * is left out, as is manual reach: 500 + 400 + 30 + 1000 + 170 = 2100, so the rate is 110 / 2100.
 * Manual entries (A3): E1 attendance 80 → reach 80; E2 audience 5000 → 5000; E3 reach 300 (not its
 * audience 1000), attendance 40 → manual reach 5380, attendance 120. Reach 2270 + 5380 = 7650.
 * Short links of P1: x 4 + 6 = 10, facebook 5 → 15.
 */

let t: TestContext;
let fx: MetricsFixture;
const timeZone = 'America/Bogota';
// "Today" for the series: 28 Nov 2026, 3 p.m. in Bogotá.
const now = new Date('2026-11-28T20:00:00Z');
const opts: RollupOptions = { timeZone, now };

beforeAll(async () => {
  t = await createTestContext();
  fx = await createMetricsFixture(t.db);
});
afterAll(async () => {
  await t.close();
});

/** Totals with every field, zeros unless given. */
function totals(partial: Partial<Totals>): Totals {
  return {
    impressions: 0,
    views: 0,
    likes: 0,
    shares: 0,
    replies: 0,
    quotes: 0,
    saves: 0,
    linkClicks: 0,
    watchSeconds: 0,
    reach: 0,
    interactions: 0,
    engagementRate: null,
    shortLinkClicks: 0,
    publications: 0,
    piecesPublished: 0,
    manualReach: 0,
    attendance: 0,
    ...partial,
  };
}

const row = (rows: GroupRow[], key: string) => rows.find((r) => r.key === key);

describe('planMetrics', () => {
  it('adds the latest sample of each published publication, manual reach and short-link clicks', async () => {
    const m = await planMetrics(t.db, fx.planId, opts);
    expect(m.planId).toBe(fx.planId);
    expect(m.totals).toEqual(
      totals({
        impressions: 500 + 1000 + 170 + 30,
        views: 400 + 170,
        likes: 20 + 30 + 30 + 2,
        shares: 4 + 5 + 10,
        replies: 3 + 5,
        quotes: 1,
        reach: 7650,
        interactions: 110,
        // Not 110 / 2270: W1's 170 page views are reach, but not the rate's.
        engagementRate: 110 / 2100,
        shortLinkClicks: 15,
        // X1, FB1, YT1, X4, X2, W1, X3 (YTc is cancelled).
        publications: 7,
        // P1, P2, P3, P5, P6.
        piecesPublished: 5,
        manualReach: 5380,
        attendance: 120,
      }),
    );
  });

  it('groups by channel, with the manual entries as «Fuera de línea» and the clicks by the link’s network', async () => {
    const m = await planMetrics(t.db, fx.planId, opts);
    expect(m.byChannel.map((r) => [r.key, r.label])).toEqual([
      ['x', 'X'],
      ['youtube', 'YouTube'],
      ['facebook', 'Facebook'],
      ['website', 'Sitio web municipal'],
      ['offline', 'Fuera de línea'],
    ]);
    // X: X1 + X2 + X3 + X4 = 500 + 1000 + 170 + 30 = 1700; 28 + 40 + 2 + 0 = 70; link inf-x 10 clicks; pieces P1, P3, P6, P2.
    expect(row(m.byChannel, 'x')!.totals).toEqual(
      totals({ impressions: 1700, likes: 52, shares: 14, replies: 3, quotes: 1, reach: 1700, interactions: 70, engagementRate: 70 / 1700, shortLinkClicks: 10, publications: 4, piecesPublished: 4 }),
    );
    expect(row(m.byChannel, 'youtube')!.totals).toEqual(totals({ views: 400, likes: 30, shares: 5, replies: 5, reach: 400, interactions: 40, engagementRate: 0.1, publications: 1, piecesPublished: 1 }));
    // FB1 has no sample: it counts, reaches 0 (no rate), and the facebook link brought 5 clicks.
    expect(row(m.byChannel, 'facebook')!.totals).toEqual(totals({ shortLinkClicks: 5, publications: 1, piecesPublished: 1 }));
    // The website: W1's 170 page views count in its reach, but it has no rate (visits, not interactions).
    expect(row(m.byChannel, 'website')!.totals).toEqual(totals({ views: 170, reach: 170, engagementRate: null, publications: 1, piecesPublished: 1 }));
    expect(row(m.byChannel, 'offline')!.totals).toEqual(totals({ reach: 5380, manualReach: 5380, attendance: 120 }));
  });

  it('rolls activities up to subcomponents with the weighted, capped attainment', async () => {
    const m = await planMetrics(t.db, fx.planId, opts);
    expect(m.byActivity.map((a) => [a.key, a.label, a.subcomponentId, a.position])).toEqual([
      [fx.activities.a1, activityDescriptions.a1, fx.subcomponents.s1, 1],
      [fx.activities.a2, activityDescriptions.a2, fx.subcomponents.s1, 2],
      [fx.activities.a3, activityDescriptions.a3, fx.subcomponents.s2, 1],
      [fx.activities.a4, activityDescriptions.a4, fx.subcomponents.s2, 2],
    ]);
    const a = Object.fromEntries(m.byActivity.map((r) => [r.key, r]));
    // A1: X1 500 + X3 170 = 670 of a 1000 reach target → 67 %.
    expect(a[fx.activities.a1]!.attainment).toEqual({ metric: 'reach', target: 1000, actual: 670, percent: 67 });
    expect(a[fx.activities.a1]!.totals).toMatchObject({ reach: 670, interactions: 30, shortLinkClicks: 15, publications: 3, piecesPublished: 2 });
    // A2: YT1 40 + X4 0 + X2 40 = 80 interactions of 50 → 160 % (not capped here).
    expect(a[fx.activities.a2]!.attainment).toEqual({ metric: 'interactions', target: 50, actual: 80, percent: 160 });
    // A3: attendance 80 + 40 = 120 of 100 → 120 %.
    expect(a[fx.activities.a3]!.attainment).toEqual({ metric: 'attendance', target: 100, actual: 120, percent: 120 });
    expect(a[fx.activities.a3]!.totals).toMatchObject({ reach: 5380, manualReach: 5380, attendance: 120, publications: 0 });
    expect(a[fx.activities.a4]!.attainment).toBeNull();

    const s = Object.fromEntries(m.bySubcomponent.map((r) => [r.key, r]));
    expect(m.bySubcomponent.map((r) => r.label)).toEqual([subcomponentNames.s1, subcomponentNames.s2]);
    // S1: (2 × 67 + 1 × min(160, 100)) / (2 + 1) = 234 / 3 = 78 (unweighted 83.5; uncapped 98).
    expect(s[fx.subcomponents.s1]).toMatchObject({ attainmentPercent: 78, activitiesWithTarget: 2 });
    // S1: A1 670 + A2 (X2 1000 + YT1 400 + X4 30 = 1430); no website there, so the rate is 110 / 2100.
    expect(s[fx.subcomponents.s1]!.totals).toMatchObject({ reach: 670 + 1430, interactions: 110, engagementRate: 110 / 2100, publications: 6, piecesPublished: 4, shortLinkClicks: 15 });
    // S2: only A3 has a target (A4's weight 3 must not count): min(120, 100) = 100.
    expect(s[fx.subcomponents.s2]).toMatchObject({ attainmentPercent: 100, activitiesWithTarget: 1 });
    // S2's only publication is the website's W1, and manual reach has no interactions either: no rate.
    expect(s[fx.subcomponents.s2]!.totals).toMatchObject({ reach: 5380 + 170, engagementRate: null, publications: 1, piecesPublished: 1, attendance: 120 });
  });

  it('gives each department its activities: shared ones once each, and «todas» to every department', async () => {
    const m = await planMetrics(t.db, fx.planId, opts);
    // Sorted by name. A3 (all departments, Planeación also named) goes to the three, once.
    expect(m.byDepartment.map((d) => [d.key, d.label])).toEqual([
      [fx.departments.comunicaciones, 'Oficina de Comunicaciones'],
      [fx.departments.hacienda, 'Secretaría de Hacienda'],
      [fx.departments.planeacion, 'Secretaría de Planeación'],
    ]);
    // Planeación: A1 670 + A2 1430 + A3 5380 = 7480; A1's 3 + A2's 3 publications (X2, YT1, X4).
    // Hacienda: A2 1430 + A4 170 + A3 5380 = 6980; A2's 3 + A4's 1. Comunicaciones: A3 only.
    expect(row(m.byDepartment, fx.departments.planeacion)!.totals).toMatchObject({ reach: 7480, interactions: 110, publications: 6, piecesPublished: 4, attendance: 120 });
    expect(row(m.byDepartment, fx.departments.hacienda)!.totals).toMatchObject({ reach: 6980, interactions: 80, publications: 4, piecesPublished: 3, attendance: 120 });
    expect(row(m.byDepartment, fx.departments.comunicaciones)!.totals).toMatchObject({ reach: 5380, interactions: 0, publications: 0, attendance: 120 });
  });

  it('lists the top pieces by reach, then interactions, and leaves out pieces with nothing', async () => {
    const m = await planMetrics(t.db, fx.planId, opts);
    // P3 1000; P1 500; P2 400 + 30 = 430; P4 300 (its manual entry); P6 and P5 both 170: P6 has 2 interactions, P5 none.
    expect(m.topPieces.map((p) => [p.title, p.totals.reach, p.totals.interactions])).toEqual([
      [pieceTitles.p3, 1000, 40],
      [pieceTitles.p1, 500, 28],
      [pieceTitles.p2, 430, 40],
      [pieceTitles.p4, 300, 0],
      [pieceTitles.p6, 170, 2],
      [pieceTitles.p5, 170, 0],
    ]);
    expect(m.topPieces[1]).toMatchObject({ pieceId: fx.pieces.p1, activityId: fx.activities.a1 });
    expect(m.topPieces[1]!.totals).toMatchObject({ shortLinkClicks: 15, publications: 2, piecesPublished: 1 });
    expect(m.topPieces[3]!.totals).toMatchObject({ manualReach: 300, attendance: 40, publications: 0 });
    const top2 = await planMetrics(t.db, fx.planId, { ...opts, limit: 2 });
    expect(top2.topPieces.map((p) => p.pieceId)).toEqual([fx.pieces.p3, fx.pieces.p1]);
  });

  it('draws the daily series in Bogotá, carrying each publication forward on days without a sample', async () => {
    const m = await planMetrics(t.db, fx.planId, opts);
    // From the first publication's day (X1, 20 Nov 10:00 Bogotá) to today (28 Nov).
    // Digital reach at the end of each Bogotá day:
    //   20: X1 100                      21: X1 300
    //   22: X1 300 + YT1 200 = 500      23: X1 300 + YT1 400 + X2 1000 = 1700
    //   24: X1 500 (its sample at 25 Nov 03:00Z is 24 Nov 22:00 in Bogotá) + 400 + 1000 + W1 170 (last of its two that day) = 2070
    //   25–26: no sample, 2070 carried (X4 went out on the 26th, unread)
    //   27: + X4 30 (27 Nov 14:00Z = 09:00 in Bogotá) = 2100   28: + X3 170 = 2270
    // Manual reach from the entry's day: 23: +80; 24: +5000 +300.
    // Interactions: 20: 6; 21: 17; 22: 17 + 10 = 27; 23: 17 + 40 + 40 = 97; 24: 28 + 40 + 40 = 108; 27: X4 adds 0; 28: 110.
    // Views: YT1 200 on 22, 400 on 23; W1 170 on 24. Clicks of the day: 20: 4, 21: 6, 22: 5.
    expect(m.series).toEqual([
      { day: '2026-11-20', reach: 100, interactions: 6, views: 0, shortLinkClicks: 4 },
      { day: '2026-11-21', reach: 300, interactions: 17, views: 0, shortLinkClicks: 6 },
      { day: '2026-11-22', reach: 500, interactions: 27, views: 200, shortLinkClicks: 5 },
      { day: '2026-11-23', reach: 1780, interactions: 97, views: 400, shortLinkClicks: 0 },
      { day: '2026-11-24', reach: 7450, interactions: 108, views: 570, shortLinkClicks: 0 },
      { day: '2026-11-25', reach: 7450, interactions: 108, views: 570, shortLinkClicks: 0 },
      { day: '2026-11-26', reach: 7450, interactions: 108, views: 570, shortLinkClicks: 0 },
      { day: '2026-11-27', reach: 7480, interactions: 108, views: 570, shortLinkClicks: 0 },
      { day: '2026-11-28', reach: 7650, interactions: 110, views: 570, shortLinkClicks: 0 },
    ]);
  });

  it('limits everything to the publications published in the period and the samples up to its end', async () => {
    // 21–23 Nov in Bogotá = [21 Nov 05:00Z, 24 Nov 05:00Z).
    //   YT1 went out 21 Nov 01:30Z = 20 Nov in Bogotá: out. X1, FB1 (20 Nov), X4 (26 Nov) and X3 (27 Nov): out.
    //   X2 (22 Nov): its sample of 23 Nov counts → 1000 / 40.
    //   W1 (23 Nov 15:00 Bogotá): in, but its samples are of 24 Nov: it counts with 0. Rate 40 / 1000.
    //   Manual: E1 (23 Nov) 80; E2 and E3 (24 Nov) out. Clicks of 21 and 22 Nov: 6 + 5.
    const m = await planMetrics(t.db, fx.planId, { ...opts, from: '2026-11-21', to: '2026-11-23' });
    expect(m.totals).toMatchObject({ publications: 2, piecesPublished: 2, reach: 1080, interactions: 40, engagementRate: 0.04, manualReach: 80, attendance: 80, shortLinkClicks: 11 });
    expect(m.series).toEqual([
      { day: '2026-11-21', reach: 0, interactions: 0, views: 0, shortLinkClicks: 6 },
      { day: '2026-11-22', reach: 0, interactions: 0, views: 0, shortLinkClicks: 5 },
      { day: '2026-11-23', reach: 1080, interactions: 40, views: 0, shortLinkClicks: 0 },
    ]);
    expect(m.topPieces.map((p) => p.title)).toEqual([pieceTitles.p3, pieceTitles.p1, pieceTitles.p5]);
  });

  it('answers a Spanish not_found for an unknown plan', async () => {
    const error = await planMetrics(t.db, 'no-existe', opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'not_found', status: 404, message: 'No existe el plan con id no-existe.' });
  });
});

describe('activityMetrics', () => {
  it('compares the activity’s pieces, with its attainment, channels and series', async () => {
    const m = await activityMetrics(t.db, fx.activities.a1, opts);
    expect(m.activityId).toBe(fx.activities.a1);
    // X1 500/28, FB1 0, X3 170/2; clicks 10 + 5.
    expect(m.totals).toEqual(
      totals({ impressions: 670, likes: 22, shares: 4, replies: 3, quotes: 1, reach: 670, interactions: 30, engagementRate: 30 / 670, shortLinkClicks: 15, publications: 3, piecesPublished: 2 }),
    );
    expect(m.attainment).toEqual({ metric: 'reach', target: 1000, actual: 670, percent: 67 });
    // Every piece of the activity, the draft without anything last.
    expect(m.pieces.map((p) => [p.title, p.totals.reach])).toEqual([
      [pieceTitles.p1, 500],
      [pieceTitles.p6, 170],
      [pieceTitles.p8, 0],
    ]);
    expect(m.byChannel.map((r) => [r.key, r.totals.reach, r.totals.shortLinkClicks, r.totals.publications])).toEqual([
      ['x', 670, 10, 2],
      ['facebook', 0, 5, 1],
    ]);
    // X1 alone until 27 Nov, then + X3 170 on 28 Nov.
    expect(m.series.map((p) => p.reach)).toEqual([100, 300, 300, 300, 500, 500, 500, 500, 670]);
  });

  it('measures attendance from the manual entries and shows them as the offline channel', async () => {
    const m = await activityMetrics(t.db, fx.activities.a3, opts);
    expect(m.totals).toEqual(totals({ reach: 5380, manualReach: 5380, attendance: 120 }));
    expect(m.attainment).toEqual({ metric: 'attendance', target: 100, actual: 120, percent: 120 });
    expect(m.byChannel).toEqual([{ key: 'offline', label: 'Fuera de línea', totals: totals({ reach: 5380, manualReach: 5380, attendance: 120 }) }]);
    expect(m.pieces).toEqual([{ pieceId: fx.pieces.p4, title: pieceTitles.p4, activityId: fx.activities.a3, totals: totals({ reach: 300, manualReach: 300, attendance: 40 }) }]);
    // From the first entry's day (23 Nov): 80, then 80 + 5000 + 300.
    expect(m.series.map((p) => [p.day, p.reach])).toEqual([
      ['2026-11-23', 80],
      ['2026-11-24', 5380],
      ['2026-11-25', 5380],
      ['2026-11-26', 5380],
      ['2026-11-27', 5380],
      ['2026-11-28', 5380],
    ]);
  });

  it('measures each kind of target', async () => {
    const target = async (id: string, targetMetric: string, targetValue: number | null) => {
      await t.db.activity.update({ where: { id }, data: { targetMetric, targetValue } });
      return (await activityMetrics(t.db, id, opts)).attainment;
    };
    try {
      // A1: clicks 15 of 30 → 50 %.
      expect(await target(fx.activities.a1, 'link_clicks', 30)).toEqual({ metric: 'link_clicks', target: 30, actual: 15, percent: 50 });
      // A1: P1 and P6 published, of 3 → 66.666… → 66.7 %.
      expect(await target(fx.activities.a1, 'pieces_published', 3)).toEqual({ metric: 'pieces_published', target: 3, actual: 2, percent: 66.7 });
      // A2: one published YouTube video (YT1; X4 is on X), of 4 → 25 %.
      expect(await target(fx.activities.a2, 'videos_published', 4)).toEqual({ metric: 'videos_published', target: 4, actual: 1, percent: 25 });
      // A2: views 400 (YT1; X2 and X4 have none) of 800 → 50 %.
      expect(await target(fx.activities.a2, 'views', 800)).toEqual({ metric: 'views', target: 800, actual: 400, percent: 50 });
      // No attainment without a positive target or with a metric outside the vocabulary.
      expect(await target(fx.activities.a2, 'views', 0)).toBeNull();
      expect(await target(fx.activities.a2, 'seguidores', 100)).toBeNull();
    } finally {
      await t.db.activity.update({ where: { id: fx.activities.a1 }, data: { targetMetric: 'reach', targetValue: 1000 } });
      await t.db.activity.update({ where: { id: fx.activities.a2 }, data: { targetMetric: 'interactions', targetValue: 50 } });
    }
  });

  it('counts the responses of the surveys of the target’s activity (survey_answers)', async () => {
    // By hand: A4 has two surveys, S1 with 3 responses (25 Nov 15:00 UTC; 26 Nov 15:00 UTC; 27 Nov 03:00 UTC,
    // which is 26 Nov 22:00 in Bogotá) and S2 with 1 (27 Nov 14:00 UTC). A1's survey (2 responses) and a survey
    // with no activity (1) are not A4's. A4: 3 + 1 = 4 of 8 → 50 %. In the period 26–26 Nov (Bogotá): 2 of 8 → 25 %.
    const survey = (activityId: string | null, slug: string) => t.db.survey.create({ data: { planId: fx.planId, activityId, slug, title: slug, status: 'published' } });
    const respond = (surveyId: string, at: string) => t.db.surveyResponse.create({ data: { surveyId, submittedAt: new Date(at), answers: '{}' } });
    const s1 = await survey(fx.activities.a4, 'metricas-s1');
    const s2 = await survey(fx.activities.a4, 'metricas-s2');
    const sa1 = await survey(fx.activities.a1, 'metricas-a1');
    const none = await survey(null, 'metricas-sin-actividad');
    for (const at of ['2026-11-25T15:00:00Z', '2026-11-26T15:00:00Z', '2026-11-27T03:00:00Z']) await respond(s1.id, at);
    await respond(s2.id, '2026-11-27T14:00:00Z');
    for (const at of ['2026-11-25T15:00:00Z', '2026-11-26T15:00:00Z']) await respond(sa1.id, at);
    await respond(none.id, '2026-11-26T15:00:00Z');
    await t.db.activity.update({ where: { id: fx.activities.a4 }, data: { targetMetric: 'survey_answers', targetValue: 8 } });
    try {
      expect((await activityMetrics(t.db, fx.activities.a4, opts)).attainment).toEqual({ metric: 'survey_answers', target: 8, actual: 4, percent: 50 });
      expect((await activityMetrics(t.db, fx.activities.a4, { ...opts, from: '2026-11-26', to: '2026-11-26' })).attainment).toEqual({ metric: 'survey_answers', target: 8, actual: 2, percent: 25 });
      // The plan's rollup gives A4 the same, and S2 now weighs A3 (1 × 100) and A4 (3 × 50): 250 / 4 = 62.5.
      const m = await planMetrics(t.db, fx.planId, opts);
      expect(m.byActivity.find((a) => a.key === fx.activities.a4)!.attainment).toEqual({ metric: 'survey_answers', target: 8, actual: 4, percent: 50 });
      expect(m.bySubcomponent.find((s) => s.key === fx.subcomponents.s2)).toMatchObject({ attainmentPercent: 62.5, activitiesWithTarget: 2 });
      // Survey answers are not reach: A4's totals are unchanged (W1's 170).
      expect(m.byActivity.find((a) => a.key === fx.activities.a4)!.totals).toMatchObject({ reach: 170, publications: 1 });
    } finally {
      await t.db.activity.update({ where: { id: fx.activities.a4 }, data: { targetMetric: null, targetValue: null } });
      await t.db.survey.deleteMany({ where: { id: { in: [s1.id, s2.id, sa1.id, none.id] } } });
    }
  });

  it('answers a Spanish not_found for an unknown activity', async () => {
    await expect(activityMetrics(t.db, 'no-existe', opts)).rejects.toMatchObject({ code: 'not_found', message: 'No existe la actividad con id no-existe.' });
  });
});

describe('pieceMetrics', () => {
  it('shows each publication with all its samples, the latest first in the totals', async () => {
    const m = await pieceMetrics(t.db, fx.pieces.p1, opts);
    expect(m.pieceId).toBe(fx.pieces.p1);
    expect(m.totals).toEqual(
      totals({ impressions: 500, likes: 20, shares: 4, replies: 3, quotes: 1, reach: 500, interactions: 28, engagementRate: 28 / 500, shortLinkClicks: 15, publications: 2, piecesPublished: 1 }),
    );
    // X1 and FB1 went out together (x first); the cancelled YouTube one is not listed.
    expect(m.publications.map((p) => [p.publicationId, p.network, p.accountLabel, p.publishedAt])).toEqual([
      [fx.publications.x1, 'x', 'Alcaldía en X', '2026-11-20T15:00:00.000Z'],
      [fx.publications.fb1, 'facebook', 'Página de Facebook', '2026-11-20T15:00:00.000Z'],
    ]);
    const x1 = m.publications[0]!;
    expect(x1.samples.map((s) => [s.collectedAt, s.impressions, s.likes])).toEqual([
      ['2026-11-20T16:00:00.000Z', 100, 5],
      ['2026-11-21T15:00:00.000Z', 300, 12],
      ['2026-11-25T03:00:00.000Z', 500, 20],
    ]);
    expect(x1.latest).toEqual({ collectedAt: '2026-11-25T03:00:00.000Z', impressions: 500, views: null, likes: 20, shares: 4, replies: 3, quotes: 1, saves: null, linkClicks: null, watchSeconds: null });
    expect(m.publications[1]).toMatchObject({ latest: null, samples: [] });
    expect(m.shortLinks).toEqual([
      { code: 'inf-x', network: 'x', targetUrl: 'https://sanmartin.gov.co/rendicion', clicks: 10, days: [{ day: '2026-11-20', clicks: 4 }, { day: '2026-11-21', clicks: 6 }] },
      { code: 'inf-fb', network: 'facebook', targetUrl: 'https://sanmartin.gov.co/rendicion', clicks: 5, days: [{ day: '2026-11-22', clicks: 5 }] },
    ]);
    expect(m.byChannel.map((r) => [r.key, r.totals.reach, r.totals.shortLinkClicks])).toEqual([
      ['x', 500, 10],
      ['facebook', 0, 5],
    ]);
    // X1: 100 (20), 300 (21), carried 22–23, 500 from 24 (25 Nov 03:00Z is still 24 Nov in Bogotá).
    expect(m.series.map((p) => [p.day, p.reach, p.shortLinkClicks])).toEqual([
      ['2026-11-20', 100, 4],
      ['2026-11-21', 300, 6],
      ['2026-11-22', 300, 5],
      ['2026-11-23', 300, 0],
      ['2026-11-24', 500, 0],
      ['2026-11-25', 500, 0],
      ['2026-11-26', 500, 0],
      ['2026-11-27', 500, 0],
      ['2026-11-28', 500, 0],
    ]);
  });

  it('reads the samples as they were at the end of the period', async () => {
    // Up to 23 Nov in Bogotá: X1's latest is then the 300 of 21 Nov.
    const m = await pieceMetrics(t.db, fx.pieces.p1, { ...opts, from: '2026-11-20', to: '2026-11-23' });
    expect(m.totals).toMatchObject({ reach: 300, interactions: 17, shortLinkClicks: 15 });
    expect(m.publications[0]!.samples).toHaveLength(2);
    expect(m.publications[0]!.latest).toMatchObject({ collectedAt: '2026-11-21T15:00:00.000Z', impressions: 300 });
  });

  it('counts a piece measured by hand as offline', async () => {
    const m = await pieceMetrics(t.db, fx.pieces.p4, opts);
    expect(m.totals).toEqual(totals({ reach: 300, manualReach: 300, attendance: 40 }));
    expect(m.byChannel.map((r) => r.key)).toEqual(['offline']);
    expect(m.publications).toEqual([]);
  });

  it('answers a Spanish not_found for an unknown piece', async () => {
    await expect(pieceMetrics(t.db, 'no-existe', opts)).rejects.toMatchObject({ code: 'not_found', message: 'No existe la pieza con id no-existe.' });
  });
});

describe('bestTimes', () => {
  it('puts each social-network publication with a sample in its Bogotá weekday × hour', async () => {
    const b = await bestTimes(t.db, fx.planId, { timeZone });
    // X1 (Fri 20 Nov 10:00) and X3 (Fri 27 Nov 10:00): 500 + 170 reach, 28 + 2 interactions. FB1: no sample, left out.
    // YT1: 21 Nov 01:30Z = Friday 20:00 in Bogotá (Saturday 01:00 in UTC).
    // X2: Sun 22 Nov 09:00. X4: 26 Nov 20:00Z = Thu 26 Nov 15:00, 30 reach, no interactions.
    // W1 (website, Mon 23 Nov 15:00) is left out: page views are not interactions, so no Monday cell.
    expect(b.cells).toEqual([
      { weekday: 0, hour: 9, publications: 1, reach: 1000, interactions: 40, rate: 0.04 },
      { weekday: 4, hour: 15, publications: 1, reach: 30, interactions: 0, rate: 0 },
      { weekday: 5, hour: 10, publications: 2, reach: 670, interactions: 30, rate: 30 / 670 },
      { weekday: 5, hour: 20, publications: 1, reach: 400, interactions: 40, rate: 0.1 },
    ]);
    // Only Friday 10:00 has two publications.
    expect(b.suggestions).toEqual([{ weekday: 5, hour: 10, publications: 2, reach: 670, interactions: 30, rate: 30 / 670 }]);
  });

  it('suggests the three best rates among the cells with enough publications', async () => {
    const b = await bestTimes(t.db, fx.planId, { timeZone, minPublications: 1 });
    // 0.1 (Fri 20), 30/670 ≈ 0.0448 (Fri 10), 0.04 (Sun 9); Thu 15 (X4: 0 / 30 = 0) is fourth.
    expect(b.suggestions.map((c) => [c.weekday, c.hour])).toEqual([
      [5, 20],
      [5, 10],
      [0, 9],
    ]);
  });

  it('answers a Spanish not_found for an unknown plan', async () => {
    await expect(bestTimes(t.db, 'no-existe', { timeZone })).rejects.toMatchObject({ code: 'not_found', message: 'No existe el plan con id no-existe.' });
  });
});

describe('the office’s day', () => {
  it('finds a zone’s offset changes to the instant, for zones with daylight saving', () => {
    // Bogotá: UTC−5 all year.
    expect(zoneSegments('America/Bogota', new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'))).toEqual([{ until: null, minutes: -300 }]);
    // The European Union changes at 01:00 UTC on the last Sundays of March and October (29 Mar and 25 Oct 2026).
    expect(zoneSegments('Europe/Madrid', new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'))).toEqual([
      { until: new Date('2026-03-29T01:00:00Z'), minutes: 60 },
      { until: new Date('2026-10-25T01:00:00Z'), minutes: 120 },
      { until: null, minutes: 60 },
    ]);
  });

  it('places a sample on its day in the zone asked for', async () => {
    // In UTC, X1's sample of 25 Nov 03:00Z is on the 25th: P1's reach stays 300 on the 24th
    // (in Bogotá it is already 500 that day, see above).
    const m = await pieceMetrics(t.db, fx.pieces.p1, { timeZone: 'UTC', to: '2026-11-25' });
    expect(m.series.map((p) => [p.day, p.reach])).toEqual([
      ['2026-11-20', 100],
      ['2026-11-21', 300],
      ['2026-11-22', 300],
      ['2026-11-23', 300],
      ['2026-11-24', 300],
      ['2026-11-25', 500],
    ]);
  });
});
