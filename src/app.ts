import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { logger } from 'hono/logger';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import { AppError } from './errors.js';
import { createMediaStore, type MediaStore } from './media/store.js';
import { createSecretBox, loadSecretKey, type SecretBox } from './auth/secret-box.js';
import { channelRoutes } from './channels/routes.js';
import type { AppEnv } from './http/env.js';
import { errorHandler } from './http/errors.js';
import { auditRoutes } from './audit/routes.js';
import { authenticate } from './auth/authenticate.js';
import { authorize } from './auth/authorize.js';
import { authRoutes } from './auth/routes.js';
import { userRoutes } from './users/routes.js';
import { accountRoutes } from './web/account-routes.js';
import { adminRoutes } from './web/admin-routes.js';
import { eventRoutes } from './events/routes.js';
import { pieceRoutes } from './pieces/routes.js';
import { brandRoutes } from './brand/routes.js';
import { mediaRoutes } from './media/routes.js';
import { renderRoutes } from './render/service/routes.js';
import { brandWebRoutes } from './web/brand-routes.js';
import { channelWebRoutes } from './web/channel-routes.js';
import { pieceWebRoutes } from './web/piece-routes.js';
import { pieceBulkWebRoutes } from './web/piece-bulk-routes.js';
import { pieceBulkRoutes } from './pieces/bulk/routes.js';
import { newsRoutes } from './website/routes.js';
import { dashboardRoutes } from './web/dashboard-routes.js';
import { calendarRoutes } from './web/calendar-routes.js';
import { schedulerRoutes } from './scheduler/routes.js';
import { waitingCount } from './notifications/middleware.js';
import { departmentRoutes } from './plan/department-routes.js';
import { planRoutes } from './plan/routes.js';
import { apiDocsPage } from './web/api-docs.js';
import { staticFiles } from './web/static.js';
import { webRoutes } from './web/routes.js';
import { linkRoutes } from './metrics/link-routes.js';
import { manualMetricsApiRoutes } from './metrics/manual-routes.js';
import { metricsApiRoutes } from './metrics/routes.js';
import { metricsWebRoutes } from './web/metrics-routes.js';
import { hearingApiRoutes } from './dialogue/hearing/routes.js';
import { surveyApiRoutes } from './dialogue/surveys/routes.js';
import { publicSurveyRoutes } from './dialogue/public-survey-routes.js';
import { surveyWebRoutes } from './web/survey-routes.js';
import { reportApiRoutes } from './reports/routes.js';
import { reportWebRoutes } from './web/report-routes.js';
import { participaRoutes } from './dialogue/participa-routes.js';
import { questionApiRoutes } from './dialogue/questions/routes.js';
import { publicQuestionRoutes } from './dialogue/public-question-routes.js';
import { questionWebRoutes } from './web/question-routes.js';
import { hearingWebRoutes } from './web/hearing-routes.js';
import { ganttWebRoutes } from './web/gantt-routes.js';

// zod's own messages (for a wrong type, a too-long string...) in Spanish.
z.config(z.locales.es());

export type AppDeps = { db: Db; config: Config; media?: MediaStore; secrets?: SecretBox; logRequests?: boolean };

/** Builds the HTTP application from the feature routers. No business logic lives here. */
export function createApp({ db, config, media = createMediaStore(config.mediaDir), secrets = createSecretBox(loadSecretKey(config)), logRequests = false }: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(errorHandler);
  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json({ error: { code: 'not_found', message: `No existe la ruta ${c.req.method} ${c.req.path}.`, details: null } }, 404)
      : c.html(notFoundHtml, 404),
  );
  app.use('*', requestId());
  if (logRequests) app.use('*', logger());
  app.use('*', async (c, next) => {
    c.set('db', db);
    c.set('config', config);
    c.set('media', media);
    c.set('secrets', secrets);
    await next();
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: config.maxUploadBytes,
      onError: () => {
        const mb = Math.round((config.maxUploadBytes / 1024 / 1024) * 10) / 10;
        throw new AppError('payload_too_large', `El archivo o la solicitud supera el tamaño máximo permitido (${mb} MB).`);
      },
    }),
  );

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'strict-origin-when-cross-origin',
    }),
  );
  app.use('*', authenticate());
  app.use('*', authorize());
  app.use('*', waitingCount());

  app.get('/healthz', async (c) => {
    try {
      await db.$queryRawUnsafe('SELECT 1');
      return c.json({ status: 'ok', database: 'ok' });
    } catch {
      return c.json({ status: 'error', database: 'unreachable' }, 503);
    }
  });

  const api = new OpenAPIHono<AppEnv>();
  const featureRouters = [authRoutes, userRoutes, auditRoutes, planRoutes, departmentRoutes, eventRoutes, pieceBulkRoutes, pieceRoutes, renderRoutes, mediaRoutes, brandRoutes, channelRoutes, schedulerRoutes, metricsApiRoutes, manualMetricsApiRoutes, hearingApiRoutes, surveyApiRoutes, reportApiRoutes, questionApiRoutes];
  for (const router of featureRouters) api.route('/', router);
  app.route('/api', api);
  const openApiConfig = {
    openapi: '3.1.0',
    info: { title: 'API de Pregón', version: '0.1.0', description: 'Plan de acción, actividades, dependencias, eventos y piezas comunicativas.' },
  };
  app.doc31('/api/openapi.json', openApiConfig);
  // The routes are fixed once the app is built, so the reference page is rendered once.
  let docsHtml: string | null = null;
  app.get('/api/docs', (c) => c.html((docsHtml ??= String(apiDocsPage(app.getOpenAPI31Document(openApiConfig))))));

  app.route('/', staticFiles);
  app.route('/', accountRoutes);
  app.route('/', adminRoutes);
  app.route('/', brandWebRoutes);
  app.route('/', channelWebRoutes);
  // Before the piece pages: /piezas/importar must not be read as /piezas/:id.
  app.route('/', pieceBulkWebRoutes);
  app.route('/', pieceWebRoutes);
  app.route('/', newsRoutes);
  app.route('/', linkRoutes);
  app.route('/', metricsWebRoutes);
  app.route('/', participaRoutes);
  app.route('/', publicSurveyRoutes);
  app.route('/', publicQuestionRoutes);
  app.route('/', questionWebRoutes);
  app.route('/', reportWebRoutes);
  app.route('/', surveyWebRoutes);
  app.route('/', hearingWebRoutes);
  app.route('/', ganttWebRoutes);
  app.route('/', dashboardRoutes);
  app.route('/', calendarRoutes);
  app.route('/', webRoutes);
  return app;
}

export type App = ReturnType<typeof createApp>;

const notFoundHtml =
  '<!doctype html><html lang="es-CO"><meta charset="utf-8"><title>No encontrado · Pregón</title><link rel="stylesheet" href="/public/styles.css"><main class="page"><h1>Página no encontrada</h1><p><a href="/">Volver al plan</a></p></main></html>';
