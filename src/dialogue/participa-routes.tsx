import { Hono, type Context } from 'hono';
import { getBrandKit, brandKitHash } from '../brand/brand-kit.js';
import type { AppEnv } from '../http/env.js';
import { buildReport, publicReport } from '../reports/build-report.js';
import { participaOverview, publicPlanId } from '../reports/participa.js';
import { ParticipaMessagePage, ParticipaPage, PublicReportPage } from '../reports/participa-pages.js';
import { renderReportPdf } from '../reports/report-pdf.js';
import { reportFileName, reportUrls } from '../reports/report-piece.js';
import { sendPublicPage } from '../website/public-layout.js';
import { newsSite } from '../website/site.js';

/**
 * The public transparency pages, for any citizen without an account (declared public in
 * src/auth/policy.ts): /participa, the report /participa/informe and its PDF. They show the
 * latest plan, and only what is public (see src/reports/participa.ts and publicReport).
 */
export const participaRoutes = new Hono<AppEnv>();

/** How long a public PDF is reused before it is made again (each one reads the whole plan). */
const PDF_TTL_MS = 60_000;
/** One entry per database (the app's, or each test's). */
const pdfCache = new WeakMap<object, { at: number; key: string; pdf: Buffer; fileName: string }>();

async function site(c: Context<AppEnv>) {
  const kit = await getBrandKit(c.var.db);
  return { kit, site: newsSite(c, kit) };
}

function noPlan(c: Context<AppEnv>, s: Awaited<ReturnType<typeof site>>['site']) {
  return sendPublicPage(c, <ParticipaMessagePage site={s} title="Rendición de cuentas" message="Todavía no hay un plan de rendición de cuentas publicado." />, 404);
}

participaRoutes.get('/participa', async (c) => {
  const { site: s } = await site(c);
  const planId = await publicPlanId(c.var.db);
  const overview = planId ? await participaOverview(c.var.db, planId, { timeZone: c.var.config.timeZone, now: new Date() }) : null;
  if (!overview) return noPlan(c, s);
  c.header('Cache-Control', 'public, max-age=60');
  return sendPublicPage(c, <ParticipaPage site={s} o={overview} />);
});

participaRoutes.get('/participa/informe', async (c) => {
  const { site: s } = await site(c);
  const planId = await publicPlanId(c.var.db);
  if (!planId) return noPlan(c, s);
  const report = publicReport(await buildReport(c.var.db, planId, { timeZone: c.var.config.timeZone, now: new Date() }));
  c.header('Cache-Control', 'public, max-age=60');
  return sendPublicPage(c, <PublicReportPage site={s} report={report} />);
});

participaRoutes.get('/participa/informe.pdf', async (c) => {
  const { kit, site: s } = await site(c);
  const planId = await publicPlanId(c.var.db);
  if (!planId) return noPlan(c, s);
  const key = `${planId}:${brandKitHash(kit)}`;
  let cached = pdfCache.get(c.var.db);
  if (!cached || cached.key !== key || Date.now() - cached.at > PDF_TTL_MS) {
    const report = publicReport(await buildReport(c.var.db, planId, { timeZone: c.var.config.timeZone, now: new Date() }));
    const pdf = await renderReportPdf(report, { brand: kit, audience: 'public', webUrl: reportUrls.page(c.var.config.channels.publicUrl) });
    cached = { at: Date.now(), key, pdf, fileName: reportFileName(report) };
    pdfCache.set(c.var.db, cached);
  }
  c.header('Content-Type', 'application/pdf');
  c.header('Content-Disposition', `inline; filename="${cached.fileName}"`);
  c.header('Cache-Control', 'public, max-age=60');
  return c.body(new Uint8Array(cached.pdf));
});
