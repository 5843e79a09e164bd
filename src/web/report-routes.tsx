import { Hono, type Context } from 'hono';
import { getBrandKit } from '../brand/brand-kit.js';
import { notFound } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { toAppError } from '../http/errors.js';
import { buildReport } from '../reports/build-report.js';
import { evaluationFields, listEvaluations, saveEvaluations, type EvaluationEntry, type FieldError } from '../reports/evaluations.js';
import { renderReportPdf } from '../reports/report-pdf.js';
import { createReportPiece, reportFileName, reportUrls } from '../reports/report-piece.js';
import { EvaluationPage, ReportPage, type EvaluationFormState, type ReportPieceRow } from './report-pages.js';
import { renderPage } from './page.js';

/**
 * The report's staff pages: the report (/planes/:id/informe) and its PDF, "Crear pieza con
 * el informe", and the evaluation form (/planes/:id/evaluacion). `/informe` opens the latest
 * plan's report (for the navigation).
 */
export const reportWebRoutes = new Hono<AppEnv>();

const notices: Record<string, string> = {
  guardada: 'Evaluación guardada.',
  'sin-cambios': 'No había cambios que guardar.',
};

reportWebRoutes.get('/informe', async (c) => {
  const latest = await c.var.db.plan.findFirst({ orderBy: { createdAt: 'desc' }, select: { id: true } });
  return c.redirect(latest ? `/planes/${latest.id}/informe` : '/planes', 302);
});

async function reportPage(c: Context<AppEnv>, planId: string, state: { error?: string } = {}, status: 200 | 422 = 200) {
  const db = c.var.db;
  const report = await buildReport(db, planId, { timeZone: c.var.config.timeZone, now: new Date() });
  const pieces = await db.piece.findMany({
    // The plan's report pieces, and any made when the plan had no activity to put them in.
    where: { kind: 'report_publication', OR: [{ activity: { subcomponent: { planId } } }, { activityId: null }] },
    orderBy: { createdAt: 'desc' },
    select: { id: true, title: true, status: true, createdAt: true, media: { where: { kind: 'document' }, select: { id: true, originalName: true } } },
  });
  const rows: ReportPieceRow[] = pieces.map((p) => ({
    id: p.id,
    title: p.title,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    documents: p.media.map((m) => ({ id: m.id, name: m.originalName ?? 'Informe (PDF)' })),
  }));
  return renderPage(c, <ReportPage report={report} pieces={rows} {...state} />, status);
}

reportWebRoutes.get('/planes/:id/informe', (c) => reportPage(c, c.req.param('id')));

reportWebRoutes.get('/planes/:id/informe.pdf', async (c) => {
  const db = c.var.db;
  const report = await buildReport(db, c.req.param('id'), { timeZone: c.var.config.timeZone, now: new Date() });
  const pdf = await renderReportPdf(report, { brand: await getBrandKit(db), audience: 'staff', webUrl: reportUrls.page(c.var.config.channels.publicUrl) });
  c.header('Content-Type', 'application/pdf');
  c.header('Content-Disposition', `attachment; filename="${reportFileName(report).replace('.pdf', '-interno.pdf')}"`);
  c.header('Cache-Control', 'private, no-store');
  return c.body(new Uint8Array(pdf));
});

reportWebRoutes.post('/planes/:id/informe/pieza', async (c) => {
  const planId = c.req.param('id');
  try {
    const { piece } = await createReportPiece({
      db: c.var.db,
      media: c.var.media,
      actor: c.var.actor,
      planId,
      timeZone: c.var.config.timeZone,
      publicUrl: c.var.config.channels.publicUrl,
    });
    return c.redirect(`/piezas/${piece.id}`, 303);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found' || e.status >= 500) throw err;
    return reportPage(c, planId, { error: e.message }, 422);
  }
});

// ---------------------------------------------------------------- the evaluation

async function evaluationPage(c: Context<AppEnv>, planId: string, state: EvaluationFormState = {}, status: 200 | 422 = 200) {
  const plan = await c.var.db.plan.findUnique({ where: { id: planId }, select: { id: true, title: true } });
  if (!plan) throw notFound('el plan', planId);
  const evaluations = await listEvaluations(c.var.db, planId);
  const notice = status === 200 ? notices[c.req.query('aviso') ?? ''] : undefined;
  return renderPage(c, <EvaluationPage plan={plan} evaluations={evaluations} timeZone={c.var.config.timeZone} notice={notice} {...state} />, status);
}

reportWebRoutes.get('/planes/:id/evaluacion', (c) => evaluationPage(c, c.req.param('id')));

/** The form's fields `strengths.<subcomponentId>`, `weaknesses.<…>`, `improvements.<…>` as one entry per subcomponent. */
function entriesFromForm(form: Record<string, string | File | (string | File)[]>): { entries: EvaluationEntry[]; values: Record<string, string> } {
  const bySubcomponent = new Map<string, EvaluationEntry>();
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) {
    const m = /^(strengths|weaknesses|improvements)\.(.+)$/.exec(key);
    if (!m || typeof value !== 'string') continue;
    const field = m[1] as (typeof evaluationFields)[number];
    const subcomponentId = m[2]!;
    const entry = bySubcomponent.get(subcomponentId) ?? { subcomponentId };
    entry[field] = value;
    bySubcomponent.set(subcomponentId, entry);
    values[key] = value;
  }
  return { entries: [...bySubcomponent.values()], values };
}

reportWebRoutes.post('/planes/:id/evaluacion', async (c) => {
  const planId = c.req.param('id');
  const { entries, values } = entriesFromForm(await c.req.parseBody());
  try {
    const { changed } = await saveEvaluations({ db: c.var.db, actor: c.var.actor, planId, entries });
    return c.redirect(`/planes/${planId}/evaluacion?aviso=${changed > 0 ? 'guardada' : 'sin-cambios'}`, 303);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'not_found') throw err;
    const details = e.details as { errors?: FieldError[] } | null;
    return evaluationPage(c, planId, { values, errors: details?.errors ?? [{ field: 'body', message: e.message }] }, 422);
  }
});
