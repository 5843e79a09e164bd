import { writeAudit, type Actor } from '../audit/write-audit.js';
import { getBrandKit } from '../brand/brand-kit.js';
import type { Db } from '../db/client.js';
import { toMediaView } from '../media/media-view.js';
import type { MediaStore } from '../media/store.js';
import { findPiece, toPieceView } from '../pieces/piece-view.js';
import { createPieceInTx } from '../pieces/save-piece.js';
import { renderToAsset } from '../render/service/render-asset.js';
import { truncate } from '../dialogue/questions/normalize.js';
import { buildReport, publicReport } from './build-report.js';
import { renderReportPdf } from './report-pdf.js';
import { cutOffText, fmt, reportTitle } from './report-text.js';
import type { Report } from './report-types.js';

/**
 * "Crear pieza con el informe": publishing the report is a piece like any other. This makes
 * the public report's PDF, stores it in the media library (a document attached to the piece),
 * renders its cover banner from the `report_cover` template, and creates a draft piece of kind
 * report_publication whose website variant tells the results under that banner and links to
 * /participa/informe (the website channel publishes it as any piece; the office adds other
 * networks in the editor). One transaction: the PDF's media row, the piece and their audit
 * entries are written together; the banner is a render, stored and cached by its content.
 */

export const reportUrls = {
  page: (publicUrl: string) => `${publicUrl.replace(/\/+$/, '')}/participa/informe`,
  pdf: (publicUrl: string) => `${publicUrl.replace(/\/+$/, '')}/participa/informe.pdf`,
};

/** The file name of the report's PDF: informe-rendicion-de-cuentas-2026-12-20.pdf. */
export function reportFileName(report: Report): string {
  return `informe-rendicion-de-cuentas-${report.today}.pdf`;
}

/** The cover banner of the website article, from the `report_cover` template. */
export const REPORT_COVER = { templateId: 'report_cover', format: 'web_banner' } as const;

/** The `report_cover` fields for a report: its plan's title (at most 120 characters) and the cut-off day. */
export function reportCoverFields(report: Report): Record<string, string> {
  return { title: truncate(report.plan.title, 120), period: `Cifras con corte al ${fmt.date(report.today)}` };
}

/** The activity the piece belongs to: the plan's "publish the results of the report" one, else the report's own. */
async function reportActivityId(db: Db, planId: string): Promise<string | null> {
  const activities = await db.activity.findMany({
    where: { subcomponent: { planId } },
    select: { id: true, description: true },
    orderBy: [{ subcomponent: { position: 'asc' } }, { position: 'asc' }],
  });
  const found =
    activities.find((a) => /resultados del informe/i.test(a.description)) ??
    activities.find((a) => /informe general/i.test(a.description)) ??
    activities.find((a) => /informe/i.test(a.description) && /public|difund/i.test(a.description));
  return found?.id ?? null;
}

/** The website article: the main figures in words and where to read the whole report. */
export function reportArticleText(report: Report, publicUrl: string): string {
  const s = report.schedule.total;
  const q = report.questions;
  const lines = [
    `${report.plan.title}: estos son los resultados del proceso de rendición de cuentas. ${cutOffText(report)}`,
    '',
    '# Resultados principales',
    '',
    `Cronograma: ${fmt.count(s.completed)} de ${fmt.count(s.activities)} actividades cumplidas (${fmt.percent(s.completedPercent)}), ${fmt.count(s.completedOnTime)} de ellas a tiempo; avance promedio del plan: ${fmt.count(s.averageProgress)} %.`,
    '',
    `Comunicación: ${fmt.count(report.pieces.totals.produced)} piezas producidas, ${fmt.count(report.pieces.totals.published)} publicadas en ${fmt.count(report.pieces.totals.publications)} publicaciones; alcance de ${fmt.count(report.reach.totals.reach)} personas y ${fmt.count(report.reach.totals.interactions)} interacciones.`,
    '',
    `Diálogo: ${fmt.count(report.surveys.reduce((n, sv) => n + sv.responses, 0))} respuestas a ${fmt.count(report.surveys.length)} ${report.surveys.length === 1 ? 'encuesta' : 'encuestas'}; ${fmt.count(q.received)} preguntas de la ciudadanía recibidas y ${fmt.count(q.published)} respuestas publicadas${q.deadline ? `, ${fmt.count(q.publishedOnTime)} dentro del plazo` : ''}.`,
    '',
    '# Consulte el informe completo',
    '',
    `El informe completo, con la evaluación de cada subcomponente: ${reportUrls.page(publicUrl)}`,
    `Descárguelo en PDF: ${reportUrls.pdf(publicUrl)}`,
  ];
  return lines.join('\n');
}

export async function createReportPiece({
  db,
  media,
  actor,
  planId,
  timeZone,
  publicUrl,
  now = new Date(),
}: {
  db: Db;
  media: MediaStore;
  actor: Actor;
  planId: string;
  timeZone: string;
  publicUrl: string;
  now?: Date;
}) {
  const report = publicReport(await buildReport(db, planId, { timeZone, now }));
  const brand = await getBrandKit(db);
  const pdf = await renderReportPdf(report, { brand, audience: 'public', webUrl: reportUrls.page(publicUrl) });
  const stored = await media.put(pdf, 'pdf');
  const { asset: cover } = await renderToAsset({ db, media, actor, input: { ...REPORT_COVER, values: reportCoverFields(report), output: 'png', timeZone } });
  const activityId = await reportActivityId(db, planId);
  const title = `${reportTitle}: ${report.plan.title}`.slice(0, 300);

  const { piece, document } = await db.$transaction(async (tx) => {
    const created = await createPieceInTx(tx, actor, {
      kind: 'report_publication',
      title,
      body: `Publicación de los resultados del informe de rendición de cuentas. El PDF del informe (${reportFileName(report)}) está en la biblioteca de medios.`,
      activityId,
      variants: [
        {
          network: 'website',
          title: `Resultados de la rendición de cuentas: ${report.plan.title}`.slice(0, 200),
          text: reportArticleText(report, publicUrl),
          link: reportUrls.page(publicUrl),
          media: [{ mediaAssetId: cover.id, altText: cover.altText ?? '' }],
        },
      ],
    });
    // A banner rendered before for another piece stays that piece's; a new one becomes this one's.
    await tx.mediaAsset.updateMany({ where: { id: cover.id, pieceId: null }, data: { pieceId: created.id } });
    const asset = await tx.mediaAsset.create({
      data: {
        kind: 'document',
        mimeType: 'application/pdf',
        bytes: pdf.length,
        sha256: stored.sha256,
        storagePath: stored.storagePath,
        originalName: reportFileName(report),
        altText: `${reportTitle} (PDF), ${cutOffText(report).toLowerCase()}`.slice(0, 1000),
        pieceId: created.id,
        createdById: actor.userId,
      },
    });
    await writeAudit(tx, actor, { action: 'create', entityType: 'MediaAsset', entityId: asset.id, after: toMediaView(asset) });
    return { piece: await findPiece(tx, created.id), document: asset };
  });
  return { piece: toPieceView(piece), document: toMediaView(document), cover: toMediaView(cover) };
}
