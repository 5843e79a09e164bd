import type { Db } from '../../src/db/client.js';
import type { Network, PieceKind, PublicationStatus } from '../../src/generated/prisma/client.js';

/**
 * A small plan with publications, samples, short links and manual entries whose rollups the
 * metrics tests work out by hand (see the comments in test/integration/metrics-rollups.test.ts).
 * Times are UTC instants; the office is in Bogotá (UTC−5, no daylight saving).
 *
 * Plan "Rendición de cuentas 2026"
 *   S1 "Información de calidad y en lenguaje comprensible"
 *     A1 (1.1) weight 2, target reach 1000, departments: Planeación
 *       P1 "Informe de gestión 2026": X1 (x, 2026-11-20T15:00Z, 3 samples), FB1 (facebook, same time, no sample),
 *          YTc (youtube, cancelled, with a big sample); short links L1 (x: 4 + 6 clicks), L2 (facebook: 5 clicks)
 *       P6 "Recordatorio de la audiencia": X3 (x, 2026-11-27T15:00Z; sample 170 impressions, 2 likes)
 *       P8 "Borrador sin publicar": nothing
 *     A2 (1.2) weight 1, target interactions 50, departments: Planeación, Hacienda
 *       P2 "Video de la rendición de cuentas": YT1 (youtube, 2026-11-21T01:30Z = Fri 20 Nov 20:30 in Bogotá),
 *          X4 (x, 2026-11-26T20:00Z = Thu 26 Nov 15:00 in Bogotá; sample 30 impressions, no interactions:
 *          the plan's zero-rate hour for the best times, which ignore the website's W1)
 *       P3 "Invitación a la audiencia": X2 (x, 2026-11-22T14:00Z)
 *   S2 "Diálogo con la ciudadanía"
 *     A3 (2.1) weight 1, target attendance 100, all departments (and Planeación named too)
 *       P4 "Afiche de la audiencia pública": no publication; manual entry E3 names it
 *       E1 fair 2026-11-23 attendance 80; E2 radio 2026-11-24 audience 5000; E3 event 2026-11-24 reach 300, audience 1000, attendance 40
 *     A4 (2.2) weight 3, no target, departments: Hacienda
 *       P5 "Noticia: resultados de la gestión": W1 (website, 2026-11-23T20:00Z; views 150 then 170 on 24 Nov)
 *       P7 "Pieza sin activar": nothing
 * Another plan's publication (1,000,000 impressions) must never count in this one.
 */

export type MetricsFixture = {
  planId: string;
  otherPlanId: string;
  subcomponents: { s1: string; s2: string };
  activities: { a1: string; a2: string; a3: string; a4: string };
  departments: { planeacion: string; hacienda: string; comunicaciones: string };
  pieces: Record<'p1' | 'p2' | 'p3' | 'p4' | 'p5' | 'p6' | 'p7' | 'p8', string>;
  publications: { x1: string; fb1: string; ytc: string; yt1: string; x2: string; w1: string; x3: string; x4: string };
  accounts: Record<Network, string>;
};

type SampleInput = { at: string; impressions?: number; views?: number; likes?: number; shares?: number; replies?: number; quotes?: number; saves?: number };

export const subcomponentNames = { s1: 'Información de calidad y en lenguaje comprensible', s2: 'Diálogo con la ciudadanía' };
export const activityDescriptions = {
  a1: 'Publicar el informe de gestión en las redes',
  a2: 'Difundir el video de la rendición de cuentas',
  a3: 'Realizar la feria de servicios y la audiencia pública',
  a4: 'Publicar las noticias de resultados en el sitio web',
};
export const pieceTitles = {
  p1: 'Informe de gestión 2026',
  p2: 'Video de la rendición de cuentas',
  p3: 'Invitación a la audiencia',
  p4: 'Afiche de la audiencia pública',
  p5: 'Noticia: resultados de la gestión',
  p6: 'Recordatorio de la audiencia',
  p7: 'Pieza sin activar',
  p8: 'Borrador sin publicar',
};

export async function createMetricsFixture(db: Db): Promise<MetricsFixture> {
  const plan = await db.plan.create({ data: { title: 'Rendición de cuentas 2026', timeZone: 'America/Bogota' } });
  const s1 = await db.subcomponent.create({ data: { planId: plan.id, position: 1, name: subcomponentNames.s1 } });
  const s2 = await db.subcomponent.create({ data: { planId: plan.id, position: 2, name: subcomponentNames.s2 } });

  const planeacion = await db.department.create({ data: { name: 'Secretaría de Planeación', key: 'secretaria de planeacion' } });
  const hacienda = await db.department.create({ data: { name: 'Secretaría de Hacienda', key: 'secretaria de hacienda' } });
  const comunicaciones = await db.department.create({ data: { name: 'Oficina de Comunicaciones', key: 'oficina de comunicaciones' } });

  const activity = (subcomponentId: string, position: number, description: string, weight: number, target: { value: number; metric: string } | null, departmentIds: string[], allDepartments = false) =>
    db.activity.create({
      data: {
        subcomponentId,
        position,
        description,
        weight,
        allDepartments,
        targetValue: target?.value ?? null,
        targetMetric: target?.metric ?? null,
        departments: { create: departmentIds.map((departmentId) => ({ departmentId })) },
      },
    });
  const a1 = await activity(s1.id, 1, activityDescriptions.a1, 2, { value: 1000, metric: 'reach' }, [planeacion.id]);
  const a2 = await activity(s1.id, 2, activityDescriptions.a2, 1, { value: 50, metric: 'interactions' }, [planeacion.id, hacienda.id]);
  const a3 = await activity(s2.id, 1, activityDescriptions.a3, 1, { value: 100, metric: 'attendance' }, [planeacion.id], true);
  const a4 = await activity(s2.id, 2, activityDescriptions.a4, 3, null, [hacienda.id]);

  const accounts = {
    x: (await db.channelAccount.create({ data: { network: 'x', label: 'Alcaldía en X' } })).id,
    youtube: (await db.channelAccount.create({ data: { network: 'youtube', label: 'Canal de YouTube' } })).id,
    facebook: (await db.channelAccount.create({ data: { network: 'facebook', label: 'Página de Facebook' } })).id,
    website: (await db.channelAccount.create({ data: { network: 'website', label: 'Sitio web' } })).id,
  } satisfies Record<Network, string>;

  const piece = async (activityId: string | null, title: string, kind: PieceKind = 'social_post', status: 'draft' | 'published' = 'published') =>
    (await db.piece.create({ data: { activityId, title, kind, status, approvedVersion: status === 'published' ? 1 : null } })).id;

  const publish = async (pieceId: string, network: Network, publishedAt: string, samples: SampleInput[], status: PublicationStatus = 'published') => {
    const variant = await db.pieceVariant.upsert({ where: { pieceId_network: { pieceId, network } }, create: { pieceId, network, text: 'Texto' }, update: {} });
    const publication = await db.publication.create({
      data: { pieceId, variantId: variant.id, accountId: accounts[network], pieceVersion: 1, status, publishedAt: new Date(publishedAt), remoteId: `${network}-${pieceId}`, url: `https://example.invalid/${network}/${pieceId}` },
    });
    for (const { at, ...values } of samples) {
      await db.metricSample.create({ data: { publicationId: publication.id, collectedAt: new Date(at), ...values } });
    }
    return publication.id;
  };

  const p1 = await piece(a1.id, pieceTitles.p1);
  const p6 = await piece(a1.id, pieceTitles.p6);
  const p8 = await piece(a1.id, pieceTitles.p8, 'social_post', 'draft');
  const p2 = await piece(a2.id, pieceTitles.p2, 'video');
  const p3 = await piece(a2.id, pieceTitles.p3);
  const p4 = await piece(a3.id, pieceTitles.p4, 'poster', 'draft');
  const p5 = await piece(a4.id, pieceTitles.p5, 'press_release');
  const p7 = await piece(a4.id, pieceTitles.p7, 'social_post', 'draft');

  // Written out of time order on purpose: the latest is the one collected last, not written last.
  const x1 = await publish(p1, 'x', '2026-11-20T15:00:00Z', [
    { at: '2026-11-25T03:00:00Z', impressions: 500, likes: 20, shares: 4, replies: 3, quotes: 1 },
    { at: '2026-11-20T16:00:00Z', impressions: 100, likes: 5, shares: 1 },
    { at: '2026-11-21T15:00:00Z', impressions: 300, likes: 12, shares: 3, replies: 2 },
  ]);
  const fb1 = await publish(p1, 'facebook', '2026-11-20T15:00:00Z', []);
  const ytc = await publish(p1, 'youtube', '2026-11-20T15:00:00Z', [{ at: '2026-11-22T12:00:00Z', views: 9999, likes: 999 }], 'cancelled');
  const yt1 = await publish(p2, 'youtube', '2026-11-21T01:30:00Z', [
    { at: '2026-11-22T12:00:00Z', views: 200, likes: 10 },
    { at: '2026-11-23T12:00:00Z', views: 400, likes: 30, shares: 5, replies: 5 },
  ]);
  const x2 = await publish(p3, 'x', '2026-11-22T14:00:00Z', [{ at: '2026-11-23T14:00:00Z', impressions: 1000, likes: 30, shares: 10, saves: 0 }]);
  const w1 = await publish(p5, 'website', '2026-11-23T20:00:00Z', [
    { at: '2026-11-24T12:00:00Z', views: 150 },
    { at: '2026-11-24T23:00:00Z', views: 170 },
  ]);
  const x3 = await publish(p6, 'x', '2026-11-27T15:00:00Z', [{ at: '2026-11-28T15:00:00Z', impressions: 170, likes: 2 }]);
  // The video announced on X: reached a few, nobody interacted.
  const x4 = await publish(p2, 'x', '2026-11-26T20:00:00Z', [{ at: '2026-11-27T14:00:00Z', impressions: 30 }]);

  const link = async (pieceId: string, network: Network, code: string, days: Record<string, number>) => {
    const l = await db.shortLink.create({ data: { code, pieceId, network, targetUrl: 'https://sanmartin.gov.co/rendicion', destination: `https://sanmartin.gov.co/rendicion?utm_source=${network}` } });
    for (const [day, clicks] of Object.entries(days)) await db.shortLinkDay.create({ data: { shortLinkId: l.id, day, clicks } });
  };
  await link(p1, 'x', 'inf-x', { '2026-11-20': 4, '2026-11-21': 6 });
  await link(p1, 'facebook', 'inf-fb', { '2026-11-22': 5 });

  await db.manualMetricEntry.create({ data: { activityId: a3.id, kind: 'fair', date: new Date('2026-11-23T00:00:00Z'), attendance: 80 } });
  await db.manualMetricEntry.create({ data: { activityId: a3.id, kind: 'radio', date: new Date('2026-11-24T00:00:00Z'), audience: 5000 } });
  await db.manualMetricEntry.create({ data: { activityId: a3.id, pieceId: p4, kind: 'event', date: new Date('2026-11-24T00:00:00Z'), reach: 300, audience: 1000, attendance: 40 } });

  // Another plan, whose numbers must stay out of this one.
  const other = await db.plan.create({ data: { title: 'Otro plan' } });
  const os1 = await db.subcomponent.create({ data: { planId: other.id, position: 1, name: 'Otro subcomponente' } });
  const oa1 = await activity(os1.id, 1, 'Otra actividad', 1, null, [hacienda.id]);
  const op1 = await piece(oa1.id, 'Pieza de otro plan');
  await publish(op1, 'x', '2026-11-22T14:00:00Z', [{ at: '2026-11-23T14:00:00Z', impressions: 1_000_000, likes: 5000 }]);
  await link(op1, 'x', 'otro-x', { '2026-11-22': 777 });
  await db.manualMetricEntry.create({ data: { activityId: oa1.id, kind: 'radio', date: new Date('2026-11-24T00:00:00Z'), audience: 99_999 } });

  return {
    planId: plan.id,
    otherPlanId: other.id,
    subcomponents: { s1: s1.id, s2: s2.id },
    activities: { a1: a1.id, a2: a2.id, a3: a3.id, a4: a4.id },
    departments: { planeacion: planeacion.id, hacienda: hacienda.id, comunicaciones: comunicaciones.id },
    pieces: { p1, p2, p3, p4, p5, p6, p7, p8 },
    publications: { x1, fb1, ytc, yt1, x2, w1, x3, x4 },
    accounts,
  };
}
