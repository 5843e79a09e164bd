import type { Db } from '../../src/db/client.js';
import type { Network } from '../../src/generated/prisma/client.js';

/**
 * A small measured campaign over the seed plan, for the metrics pages' tests (integration and
 * browser). Every figure below is written by hand so the tests can check the pages against
 * sums done on paper:
 *
 * Activity A1 «Realizar comunicados de prensa» (subcomponent 1, target: reach 5.000)
 *   P1 «Invitación a la audiencia»  X        published Tue 2026-11-03 10:00 Bogotá
 *                                      samples 2026-11-03 20:00Z: impressions 1.000, likes 10, shares 5, replies 2
 *                                              2026-11-04 15:00Z: impressions 1.234, likes 20, shares 6, replies 4, linkClicks 7
 *                                   Facebook published Tue 2026-11-03 10:00 Bogotá
 *                                      sample  2026-11-04 15:00Z: impressions 34, likes 3
 *                                   short link on X: 4 clicks on 2026-11-03, 6 on 2026-11-04
 *   P2 «Resultados de la encuesta»  X        published Tue 2026-11-10 10:00 Bogotá
 *                                      sample  2026-11-11 15:00Z: impressions 500, likes 5
 * Activity A2 «Rendición de cuentas sectorial» (subcomponent 2, target: reach 1.000)
 *   P3 «Nota en el sitio web»       website  published Thu 2026-11-05 09:00 Bogotá
 *                                      sample  2026-11-06 15:00Z: views 80
 *   manual entry: billboard, 2026-11-05, reach 1.500, for P3, evidence link
 * Activity «Fomentar la discusión y participación a través de las redes sociales institucionales»
 * (subcomponent 2, no target)
 *   P4 «Pregunta a la ciudadanía»   Facebook published Thu 2026-11-05 09:00 Bogotá
 *                                      sample  2026-11-05 20:00Z: impressions 120 (nobody interacted)
 *
 * So: reach 1.234 + 34 + 500 + 120 + 80 + 1.500 = 3.468; interactions 30 + 3 + 5 + 0 = 38. The rate
 * counts only reach on networks with interactions (not the website's views, not manual reach):
 * 1.234 + 34 + 500 + 120 = 1.888, rate 38 / 1.888 = 2,01 % → «2,0 %»; views 80; short-link clicks 10;
 * 5 publications of 4 pieces.
 * Channels: X 1.234 + 500 = 1.734, 30 + 5 = 35, 35 / 1.734 = 2,02 % → «2,0 %»; Facebook 34 + 120 = 154,
 * 3, 3 / 154 = 1,95 % → «1,9 %»; website 80 views, no rate («—»); offline 1.500, no rate.
 * A1: 1.768 of 5.000 = 35,4 %; A2: 1.580 of 1.000 = 158 % (100 % in its subcomponent).
 * Best times (the website's P3 is left out: it counts visits, not interactions):
 *   Tuesday 10:00–11:00: P1 on X and on Facebook, P2: 3 publications, reach 1.768, 38 interactions, 2,1 %.
 *   Thursday 09:00–10:00: P4 alone (P3 went out then too, on the website): 1 publication, reach 120, 0 %.
 */
export type PagesFixture = {
  planId: string;
  a1: string;
  a2: string;
  p1: string;
  p2: string;
  p3: string;
  p4: string;
  p1x: string;
  p1fb: string;
  entryId: string;
  accounts: Record<'x' | 'facebook' | 'website', string>;
};

export async function buildPagesFixture(db: Db, planId: string, createdById: string | null = null): Promise<PagesFixture> {
  const a1 = (await db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Realizar comunicados de prensa' }, subcomponent: { planId } } })).id;
  const a2 = (await db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Rendición de cuentas sectorial' }, subcomponent: { planId } } })).id;
  const social = (await db.activity.findFirstOrThrow({ where: { description: { startsWith: 'Fomentar la discusión y participación' }, subcomponent: { planId } } })).id;
  await db.activity.update({ where: { id: a1 }, data: { targetMetric: 'reach', targetValue: 5000 } });
  await db.activity.update({ where: { id: a2 }, data: { targetMetric: 'reach', targetValue: 1000 } });

  const accounts = {
    x: (await db.channelAccount.create({ data: { network: 'x', label: '@AlcaldiaSanMartin' } })).id,
    facebook: (await db.channelAccount.create({ data: { network: 'facebook', label: 'Alcaldía de San Martín' } })).id,
    website: (await db.channelAccount.create({ data: { network: 'website', label: 'Sitio web' } })).id,
  };

  const piece = async (activityId: string, title: string) =>
    (await db.piece.create({ data: { activityId, kind: 'social_post', title, status: 'published', approvedVersion: 1 } })).id;
  const publish = async (pieceId: string, network: Network, publishedAt: string) => {
    const variant = await db.pieceVariant.create({ data: { pieceId, network, text: `Texto para ${network}` } });
    const remoteId = `${network}-${pieceId.slice(-6)}`;
    return (
      await db.publication.create({
        data: {
          pieceId,
          variantId: variant.id,
          accountId: accounts[network as keyof typeof accounts],
          pieceVersion: 1,
          status: 'published',
          remoteId,
          url: `https://example.invalid/${network}/${remoteId}`,
          publishedAt: new Date(publishedAt),
        },
      })
    ).id;
  };
  const sample = (publicationId: string, collectedAt: string, values: Record<string, number>) =>
    db.metricSample.create({ data: { publicationId, collectedAt: new Date(collectedAt), ...values } });

  const p1 = await piece(a1, 'Invitación a la audiencia');
  const p2 = await piece(a1, 'Resultados de la encuesta');
  const p3 = await piece(a2, 'Nota en el sitio web');
  const p4 = await piece(social, 'Pregunta a la ciudadanía');
  const p1x = await publish(p1, 'x', '2026-11-03T15:00:00Z');
  const p1fb = await publish(p1, 'facebook', '2026-11-03T15:00:00Z');
  const p2x = await publish(p2, 'x', '2026-11-10T15:00:00Z');
  const p3web = await publish(p3, 'website', '2026-11-05T14:00:00Z');
  const p4fb = await publish(p4, 'facebook', '2026-11-05T14:00:00Z');
  await sample(p1x, '2026-11-03T20:00:00Z', { impressions: 1000, likes: 10, shares: 5, replies: 2 });
  await sample(p1x, '2026-11-04T15:00:00Z', { impressions: 1234, likes: 20, shares: 6, replies: 4, linkClicks: 7 });
  await sample(p1fb, '2026-11-04T15:00:00Z', { impressions: 34, likes: 3 });
  await sample(p2x, '2026-11-11T15:00:00Z', { impressions: 500, likes: 5 });
  await sample(p3web, '2026-11-06T15:00:00Z', { views: 80 });
  await sample(p4fb, '2026-11-05T20:00:00Z', { impressions: 120 });

  const link = await db.shortLink.create({
    data: { code: 'aud2026', pieceId: p1, network: 'x', targetUrl: 'https://sanmartin.gov.co/audiencia', destination: 'https://sanmartin.gov.co/audiencia?utm_source=x' },
  });
  await db.shortLinkDay.createMany({ data: [{ shortLinkId: link.id, day: '2026-11-03', clicks: 4 }, { shortLinkId: link.id, day: '2026-11-04', clicks: 6 }] });

  const entry = await db.manualMetricEntry.create({
    data: { activityId: a2, pieceId: p3, kind: 'billboard', date: new Date('2026-11-05T00:00:00Z'), reach: 1500, evidenceUrl: 'https://fotos.example/valla-calle-10.jpg', notes: 'Valla de la calle 10.', createdById },
  });
  return { planId, a1, a2, p1, p2, p3, p4, p1x, p1fb, entryId: entry.id, accounts };
}
