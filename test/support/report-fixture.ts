import type { Db } from '../../src/db/client.js';
import type { Actor } from '../../src/audit/write-audit.js';
import type { Network, PieceKind, PieceStatus } from '../../src/generated/prisma/client.js';
import { saveEvaluations } from '../../src/reports/evaluations.js';

/**
 * A finished accountability process over the seed plan (4 subcomponents: Información 5
 * activities, Diálogo 8, Incentivos 2, Evaluación y seguimiento 4), for the report's tests. Every
 * figure the report should give is worked out here by hand. The clock of the report: `now` =
 * 2026-12-20 10:00 Bogotá (15:00Z), so "today" is 2026-12-20.
 *
 * SCHEDULE (dates are calendar days)
 *   Información  I1 done, planned end 2026-10-31, actual end 2026-10-30   → on time
 *                I2 done, planned end 2026-11-15, actual end 2026-11-20   → late
 *                I3 done, no dates                                       → undated
 *                I4 in progress 50 %, planned end 2026-12-01             → late now (not finished, 19 days)
 *                I5 cancelled                                            → not counted
 *     → 4 activities, 1 cancelled, 3 completed (75,0 %), 1 on time, 1 late, 1 undated, 1 late now,
 *       on time 1/3 = 33,3 %, progress (100 + 100 + 100 + 50) / 4 = 87,5 → 88
 *   Diálogo      D1 pending, planned start 2026-12-10                     → late now (not started, 10 days)
 *                D2 pending, planned start 2027-01-10; D3 in progress 40 %, planned end 2027-01-31; D4–D8 pending, no dates
 *     → 8 activities, 0 completed (0,0 %), 1 late now, progress 40 / 8 = 5
 *   Incentivos   N1 done, planned end = actual end = 2026-12-20 → on time; N2 pending
 *     → 2 activities, 1 completed (50,0 %), 1 on time (100,0 %), progress 50
 *   Evaluación   4 pending → 0 completed, progress 0
 *   Total → 18 activities, 1 cancelled, 4 completed (22,2 %), 2 on time (50,0 %), 1 late, 1 undated,
 *           2 late now, progress (350 + 40 + 100) / 18 = 27,2 → 27
 *
 * PIECES (status) and their publications (status; latest sample)
 *   P1 infographic  published  I1: X published (impressions 100, likes 1 → later 1.000, likes 20, shares 5, replies 3),
 *                                  Facebook published (impressions 500, likes 10)
 *   P2 infographic  approved   I1
 *   P3 press_release published I2: website published (views 300); X failed (not counted)
 *   P4 video        published  D5: YouTube published (views 700, likes 7, replies 2)
 *   P5 social_post  draft      D4 «BORRADOR-PIEZA-INTERNA»; P6 social_post in review D4 → in the works: social_post 2
 *   P7 poster       cancelled  I1
 *   P8 survey_publication scheduled D1: X pending (not counted)
 *   P9 press_release published, no activity: website published (views 9.999) → not the plan's, left out
 *   → produced (approved or later): press_release 1, infographic 2, survey_publication 1, video 1 = 5;
 *     published: press_release 1, infographic 1, video 1 = 3; publications X 1, YouTube 1, Facebook 1, website 1 = 4
 *   Manual entries: I2 radio, audience 5.000; N1 meeting, attendance 40
 *
 * REACH (reach / interactions)
 *   Información X 1.000 / 28, Facebook 500 / 10, website 300 / 0, offline 5.000 / 0 → 6.800 / 38
 *   Diálogo     YouTube 700 / 9 → 700 / 9
 *   Incentivos  offline 40 / 0 → 40 / 0;  Evaluación 0 / 0
 *   Total 7.540 / 47; manual reach 5.040; rate 47 / (1.000 + 500 + 700) = 2,14 %
 *
 * SURVEYS (published ones only; by opening date)
 *   «Percepción de la gestión» (perception, 2026-10-01 → 2026-10-31, closed): a scale question, no responses
 *   «Temas para la audiencia 2026» (topics, 2026-11-01 → 2026-12-31, open), 4 responses:
 *     Q1 single choice Salud/Educación/Vías: Salud, Salud, Vías, — → 3 answers: 2 (66,7 %), 0, 1 (33,3 %)
 *     Q2 multiple choice Radio/Redes sociales/Prensa: [Radio, Redes], [Redes], [], [Prensa, Redes]
 *        → 3 answers: Radio 1 (33,3 %), Redes 3 (100,0 %), Prensa 1 (33,3 %)
 *     Q3 scale 1–5: 5, 4, "3", 4 → 4 answers, mean 4, distribution 0 0 1 2 1
 *     Q4 matrix rows Atención/Información × Mala/Regular/Buena: {Atención: Buena, Información: Regular},
 *        {Atención: Mala}, {} → 2 answers; Atención 1 0 1, Información 0 1 0
 *     Q5 short text: "Más parques", "", "Semáforos" → 2 answers
 *   «ENCUESTA-BORRADOR-INTERNA» (draft, 1 response) → not in the report
 *
 * QUESTIONS (hearing 2026-11-24 15:00 Bogotá, deadline 15 days → 2026-12-09)
 *   Q1 published 2026-12-05 10:00 Bogotá → on time
 *   Q2 published 2026-12-10T03:30Z = 2026-12-09 22:30 Bogotá → on time (late if read in UTC)
 *   Q3 published 2026-12-10 10:00 Bogotá → late
 *   Q4 approved, Q5 answered (draft answer), Q6 assigned, Q7 received (name and email of the citizen)
 *   Q8 duplicate of Q7, Q9 discarded
 *   → received 8, duplicates 1, discarded 1, answered 5, published 3, on time 2, late 1, pending 4,
 *     overdue 4 after 2026-12-09 (0 on 2026-12-09 itself), published 3 / 7 = 42,9 %, on time 2 / 3 = 66,7 %
 *
 * EVALUATION: Información and Evaluación y seguimiento written; Diálogo and Incentivos empty.
 */

export const reportNow = new Date('2026-12-20T15:00:00Z');
export const hearingStartsAt = new Date('2026-11-24T20:00:00Z');

/** What must never appear on a public page. */
export const secrets = {
  staffName: 'Ana Pérez Secreta',
  staffEmail: 'ana.secreta@alcaldia.gov.co',
  citizenName: 'Carlos Ciudadano Reservado',
  citizenEmail: 'carlos.reservado@correo.test',
  draftAnswer: 'RESPUESTA-BORRADOR-INTERNA',
  approvedAnswer: 'RESPUESTA-APROBADA-SIN-PUBLICAR',
  draftSurvey: 'ENCUESTA-BORRADOR-INTERNA',
  draftPiece: 'BORRADOR-PIEZA-INTERNA',
  reviewPiece: 'PIEZA-EN-REVISION-INTERNA',
  textAnswer: 'Más parques',
};

export const evaluationTexts = {
  strengths: 'Piezas claras y oportunas en todos los canales.',
  weaknesses: 'Baja participación en la zona rural.',
  improvements: 'Llevar la feria de gestión a los corregimientos.',
  followUp: 'Seguimiento mensual del cronograma con cada dependencia.',
};

export type ReportFixture = {
  planId: string;
  subcomponents: { info: string; dialogo: string; incentivos: string; evaluacion: string };
  activities: { i1: string; i2: string; i4: string; d1: string; n1: string };
  questions: Record<'q1' | 'q2' | 'q3' | 'q4' | 'q5' | 'q6' | 'q7' | 'q8' | 'q9', string>;
  topicSurvey: { id: string; slug: string; questions: string[] };
  hearingId: string;
};

const day = (s: string | null) => (s ? new Date(`${s}T00:00:00Z`) : null);

export async function buildReportFixture(db: Db, planId: string, actor: Actor): Promise<ReportFixture> {
  const subs = await db.subcomponent.findMany({ where: { planId }, orderBy: { position: 'asc' }, include: { activities: { orderBy: { position: 'asc' } } } });
  if (subs.map((s) => s.activities.length).join(',') !== '5,8,2,4') throw new Error(`El plan semilla cambió: ${subs.map((s) => `${s.name} ${s.activities.length}`).join(', ')}`);
  const [info, dialogo, incentivos, evaluacion] = subs as [(typeof subs)[number], (typeof subs)[number], (typeof subs)[number], (typeof subs)[number]];
  // Start from a clean schedule: nothing done, no dates, every weight 1.
  await db.activity.updateMany({
    where: { subcomponent: { planId } },
    data: { status: 'pending', progress: 0, weight: 1, plannedStart: null, plannedEnd: null, actualStart: null, actualEnd: null },
  });
  const set = (id: string, data: { status: 'pending' | 'in_progress' | 'done' | 'cancelled'; progress?: number; plannedStart?: string; plannedEnd?: string; actualStart?: string; actualEnd?: string }) =>
    db.activity.update({
      where: { id },
      data: { status: data.status, progress: data.progress ?? 0, plannedStart: day(data.plannedStart ?? null), plannedEnd: day(data.plannedEnd ?? null), actualStart: day(data.actualStart ?? null), actualEnd: day(data.actualEnd ?? null) },
    });
  const I = info.activities.map((a) => a.id);
  const D = dialogo.activities.map((a) => a.id);
  const N = incentivos.activities.map((a) => a.id);
  await set(I[0]!, { status: 'done', progress: 100, plannedStart: '2026-10-01', plannedEnd: '2026-10-31', actualStart: '2026-10-01', actualEnd: '2026-10-30' });
  await set(I[1]!, { status: 'done', progress: 100, plannedStart: '2026-11-01', plannedEnd: '2026-11-15', actualStart: '2026-11-01', actualEnd: '2026-11-20' });
  await set(I[2]!, { status: 'done', progress: 100 });
  await set(I[3]!, { status: 'in_progress', progress: 50, plannedStart: '2026-11-01', plannedEnd: '2026-12-01', actualStart: '2026-11-02' });
  await set(I[4]!, { status: 'cancelled' });
  await set(D[0]!, { status: 'pending', plannedStart: '2026-12-10', plannedEnd: '2027-01-15' });
  await set(D[1]!, { status: 'pending', plannedStart: '2027-01-10' });
  await set(D[2]!, { status: 'in_progress', progress: 40, plannedEnd: '2027-01-31' });
  await set(N[0]!, { status: 'done', progress: 100, plannedStart: '2026-12-01', plannedEnd: '2026-12-20', actualStart: '2026-12-01', actualEnd: '2026-12-20' });

  // ---------------------------------------------------------------- pieces and publications
  const accounts = {} as Record<Network, string>;
  for (const [network, label] of [
    ['x', '@AlcaldiaSanMartin'],
    ['youtube', 'Canal de la Alcaldía'],
    ['facebook', 'Alcaldía de San Martín'],
    ['website', 'Sitio web'],
  ] as const) {
    accounts[network] = (await db.channelAccount.create({ data: { network, label } })).id;
  }
  const piece = async (activityId: string | null, kind: PieceKind, status: PieceStatus, title: string) =>
    (await db.piece.create({ data: { activityId, kind, status, title, ownerId: actor.userId, approvedVersion: status === 'draft' || status === 'in_review' ? null : 1 } })).id;
  const publication = async (pieceId: string, network: Network, status: 'published' | 'failed' | 'pending', samples: Record<string, number>[] = []) => {
    const variant = await db.pieceVariant.create({ data: { pieceId, network, text: `Texto para ${network}` } });
    const pub = await db.publication.create({
      data: { pieceId, variantId: variant.id, accountId: accounts[network], pieceVersion: 1, status, publishedAt: status === 'published' ? new Date('2026-11-10T15:00:00Z') : null },
    });
    for (const [i, s] of samples.entries()) {
      await db.metricSample.create({ data: { publicationId: pub.id, collectedAt: new Date(Date.parse('2026-11-11T15:00:00Z') + i * 86_400_000), ...s } });
    }
  };
  const p1 = await piece(I[0]!, 'infographic', 'published', 'Infografía del plan');
  await publication(p1, 'x', 'published', [
    { impressions: 100, likes: 1 },
    { impressions: 1000, likes: 20, shares: 5, replies: 3 },
  ]);
  await publication(p1, 'facebook', 'published', [{ impressions: 500, likes: 10 }]);
  await piece(I[0]!, 'infographic', 'approved', 'Infografía de la audiencia');
  const p3 = await piece(I[1]!, 'press_release', 'published', 'Comunicado de la audiencia');
  await publication(p3, 'website', 'published', [{ views: 300 }]);
  await publication(p3, 'x', 'failed');
  const p4 = await piece(D[4]!, 'video', 'published', 'Video de la gestión');
  await publication(p4, 'youtube', 'published', [{ views: 700, likes: 7, replies: 2 }]);
  await piece(D[3]!, 'social_post', 'draft', secrets.draftPiece);
  await piece(D[3]!, 'social_post', 'in_review', secrets.reviewPiece);
  await piece(I[0]!, 'poster', 'cancelled', 'Afiche cancelado');
  const p8 = await piece(D[0]!, 'survey_publication', 'scheduled', 'Anuncio de la encuesta');
  await publication(p8, 'x', 'pending');
  const p9 = await piece(null, 'press_release', 'published', 'Noticia sin actividad');
  await publication(p9, 'website', 'published', [{ views: 9999 }]);
  await db.manualMetricEntry.create({ data: { activityId: I[1]!, kind: 'radio', date: day('2026-11-12')!, audience: 5000 } });
  await db.manualMetricEntry.create({ data: { activityId: N[0]!, kind: 'meeting', date: day('2026-12-05')!, attendance: 40 } });

  // ---------------------------------------------------------------- the hearing
  const hearing = await db.event.create({
    data: {
      planId,
      kind: 'public_hearing',
      title: 'Audiencia pública de rendición de cuentas 2026',
      startsAt: hearingStartsAt,
      endsAt: new Date('2026-11-24T23:00:00Z'),
      place: 'Coliseo municipal',
      agenda: '09:00 Instalación\n09:15 Informe de gestión\n10:30 Preguntas de la ciudadanía',
      watchUrl: 'https://www.youtube.com/watch?v=audiencia2026',
      activityId: D[2]!,
    },
  });

  // ---------------------------------------------------------------- surveys
  await db.survey.create({
    data: {
      planId,
      slug: 'percepcion-gestion',
      title: 'Percepción de la gestión',
      purpose: 'perception',
      status: 'published',
      opensAt: new Date('2026-10-01T05:00:00Z'),
      closesAt: new Date('2026-10-31T05:00:00Z'),
      questions: { create: [{ position: 1, kind: 'scale', prompt: '¿Qué tan satisfecho está con la gestión?', options: JSON.stringify({ minLabel: 'Nada satisfecho', maxLabel: 'Muy satisfecho' }) }] },
    },
  });
  const topics = await db.survey.create({
    data: {
      planId,
      slug: 'temas-audiencia-2026',
      title: 'Temas para la audiencia 2026',
      purpose: 'topics',
      status: 'published',
      opensAt: new Date('2026-11-01T05:00:00Z'),
      closesAt: new Date('2027-01-01T05:00:00Z'),
      questions: {
        create: [
          { position: 1, kind: 'single_choice', prompt: '¿Qué tema quiere escuchar en la audiencia?', isTopic: true, options: JSON.stringify(['Salud', 'Educación', 'Vías']) },
          { position: 2, kind: 'multiple_choice', prompt: '¿Por qué medios se informa?', options: JSON.stringify(['Radio', 'Redes sociales', 'Prensa']) },
          { position: 3, kind: 'scale', prompt: '¿Qué tan clara es la información de la alcaldía?', options: JSON.stringify({ minLabel: null, maxLabel: null }) },
          { position: 4, kind: 'matrix', prompt: 'Califique la atención', options: JSON.stringify({ rows: ['Atención', 'Información'], columns: ['Mala', 'Regular', 'Buena'] }) },
          { position: 5, kind: 'short_text', prompt: '¿Qué más quiere proponer?' },
        ],
      },
    },
    include: { questions: { orderBy: { position: 'asc' } } },
  });
  const [q1, q2, q3, q4, q5] = topics.questions.map((q) => q.id) as [string, string, string, string, string];
  const answers = [
    { [q1]: 'Salud', [q2]: ['Radio', 'Redes sociales'], [q3]: 5, [q4]: { Atención: 'Buena', Información: 'Regular' }, [q5]: secrets.textAnswer },
    { [q1]: 'Salud', [q2]: ['Redes sociales'], [q3]: 4, [q4]: { Atención: 'Mala' }, [q5]: '' },
    { [q1]: 'Vías', [q2]: [], [q3]: '3', [q4]: {}, [q5]: 'Semáforos' },
    { [q2]: ['Prensa', 'Redes sociales'], [q3]: 4 },
  ];
  for (const a of answers) await db.surveyResponse.create({ data: { surveyId: topics.id, answers: JSON.stringify(a) } });
  const draft = await db.survey.create({
    data: { planId, slug: 'encuesta-borrador', title: secrets.draftSurvey, status: 'draft', questions: { create: [{ position: 1, kind: 'short_text', prompt: 'Pregunta interna' }] } },
    include: { questions: true },
  });
  await db.surveyResponse.create({ data: { surveyId: draft.id, answers: JSON.stringify({ [draft.questions[0]!.id]: 'respuesta de prueba' }) } });

  // ---------------------------------------------------------------- citizens' questions
  const question = (n: number, data: { status: string; publishedAt?: string; answer?: string; authorName?: string; contact?: string; duplicateOfId?: string }) =>
    db.citizenQuestion.create({
      data: {
        planId,
        eventId: hearing.id,
        source: 'form',
        text: `Pregunta ciudadana número ${n} sobre la gestión`,
        normalized: `pregunta ciudadana numero ${n} sobre la gestion`,
        status: data.status,
        answer: data.answer ?? (data.status === 'published' ? `Respuesta publicada ${n}` : null),
        publishedAt: data.publishedAt ? new Date(data.publishedAt) : null,
        authorName: data.authorName ?? null,
        contact: data.contact ?? null,
        duplicateOfId: data.duplicateOfId ?? null,
      },
    });
  const Q1 = await question(1, { status: 'published', publishedAt: '2026-12-05T15:00:00Z' });
  const Q2 = await question(2, { status: 'published', publishedAt: '2026-12-10T03:30:00Z' });
  const Q3 = await question(3, { status: 'published', publishedAt: '2026-12-10T15:00:00Z' });
  const Q4 = await question(4, { status: 'approved', answer: secrets.approvedAnswer });
  const Q5 = await question(5, { status: 'answered', answer: secrets.draftAnswer });
  const Q6 = await question(6, { status: 'assigned' });
  const Q7 = await question(7, { status: 'received', authorName: secrets.citizenName, contact: secrets.citizenEmail });
  const Q8 = await question(8, { status: 'duplicate', duplicateOfId: Q7.id });
  const Q9 = await question(9, { status: 'discarded' });

  // ---------------------------------------------------------------- evaluation
  await saveEvaluations({
    db,
    actor,
    planId,
    entries: [
      { subcomponentId: info.id, strengths: evaluationTexts.strengths, weaknesses: evaluationTexts.weaknesses, improvements: evaluationTexts.improvements },
      { subcomponentId: evaluacion.id, strengths: evaluationTexts.followUp },
    ],
  });

  return {
    planId,
    subcomponents: { info: info.id, dialogo: dialogo.id, incentivos: incentivos.id, evaluacion: evaluacion.id },
    activities: { i1: I[0]!, i2: I[1]!, i4: I[3]!, d1: D[0]!, n1: N[0]! },
    questions: { q1: Q1.id, q2: Q2.id, q3: Q3.id, q4: Q4.id, q5: Q5.id, q6: Q6.id, q7: Q7.id, q8: Q8.id, q9: Q9.id },
    topicSurvey: { id: topics.id, slug: topics.slug, questions: [q1, q2, q3, q4, q5] },
    hearingId: hearing.id,
  };
}
