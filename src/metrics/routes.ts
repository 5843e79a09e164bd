import { csvAttachment } from '../http/csv-response.js';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { createRouter } from '../http/router.js';
import { DateOnly, errorResponses, IdParam, json } from '../http/schemas.js';
import { metricNames, targetMetrics } from './vocabulary.js';
import {
  activityCsvTables,
  activityMetrics,
  bestTimes,
  metricsCsv,
  metricsCsvFileName,
  pieceCsvTables,
  pieceMetrics,
  planCsvTables,
  planMetrics,
  type ActivityCsvTable,
  type PieceCsvTable,
  type PlanCsvTable,
  type RollupOptions,
} from './rollups.js';

/**
 * The metrics read model over HTTP: JSON for scripts and the pages' charts, CSV for the
 * spreadsheet. Dates are days in the office's zone; `desde`/`hasta` limit the rollup to the
 * publications published in those days (see rollups.ts).
 */
export const metricsApiRoutes = createRouter();

// ---------------------------------------------------------------- schemas

const NetworkSchema = z.enum(['x', 'youtube', 'facebook', 'website']);
const metricShape = Object.fromEntries(metricNames.map((n) => [n, z.number()])) as Record<(typeof metricNames)[number], z.ZodNumber>;
const nullableMetricShape = Object.fromEntries(metricNames.map((n) => [n, z.number().nullable()])) as Record<(typeof metricNames)[number], z.ZodNullable<z.ZodNumber>>;

const TotalsSchema = z
  .object({
    ...metricShape,
    reach: z.number().openapi({ description: 'Impresiones (o reproducciones) de la última lectura de cada publicación, más el alcance de los registros manuales' }),
    interactions: z.number(),
    engagementRate: z.number().nullable().openapi({ description: 'Interacciones / alcance digital; null sin alcance' }),
    shortLinkClicks: z.number(),
    publications: z.number().int(),
    piecesPublished: z.number().int(),
    manualReach: z.number(),
    attendance: z.number(),
  })
  .openapi('MetricTotals');

const GroupRowSchema = z.object({ key: z.string(), label: z.string(), totals: TotalsSchema }).openapi('MetricGroupRow');
const DayPointSchema = z
  .object({ day: z.string(), reach: z.number(), interactions: z.number(), views: z.number(), shortLinkClicks: z.number() })
  .openapi('MetricDayPoint');
const AttainmentSchema = z.object({ metric: z.enum(targetMetrics), target: z.number(), actual: z.number(), percent: z.number() }).openapi('MetricAttainment');
const TopPieceSchema = z.object({ pieceId: z.string(), title: z.string(), activityId: z.string().nullable(), totals: TotalsSchema }).openapi('MetricPiece');

const PlanMetricsSchema = z
  .object({
    planId: z.string(),
    totals: TotalsSchema,
    byChannel: z.array(GroupRowSchema),
    bySubcomponent: z.array(GroupRowSchema.extend({ attainmentPercent: z.number().nullable(), activitiesWithTarget: z.number().int() })),
    byActivity: z.array(GroupRowSchema.extend({ subcomponentId: z.string(), position: z.number().int(), attainment: AttainmentSchema.nullable() })),
    byDepartment: z.array(GroupRowSchema),
    topPieces: z.array(TopPieceSchema),
    series: z.array(DayPointSchema),
  })
  .openapi('PlanMetrics');

const SampleSchema = z.object({ ...nullableMetricShape, collectedAt: z.string() });
const PieceMetricsSchema = z
  .object({
    pieceId: z.string(),
    totals: TotalsSchema,
    byChannel: z.array(GroupRowSchema),
    publications: z.array(
      z.object({
        publicationId: z.string(),
        network: NetworkSchema,
        accountLabel: z.string(),
        url: z.string().nullable(),
        publishedAt: z.string().nullable(),
        latest: SampleSchema.nullable(),
        samples: z.array(SampleSchema),
      }),
    ),
    shortLinks: z.array(
      z.object({ code: z.string(), network: NetworkSchema, targetUrl: z.string(), clicks: z.number(), days: z.array(z.object({ day: z.string(), clicks: z.number() })) }),
    ),
    series: z.array(DayPointSchema),
  })
  .openapi('PieceMetrics');

const ActivityMetricsSchema = z
  .object({
    activityId: z.string(),
    totals: TotalsSchema,
    attainment: AttainmentSchema.nullable(),
    pieces: z.array(TopPieceSchema),
    byChannel: z.array(GroupRowSchema),
    series: z.array(DayPointSchema),
  })
  .openapi('ActivityMetrics');

const BestTimeCellSchema = z.object({
  weekday: z.number().int().openapi({ description: '0 = domingo … 6 = sábado' }),
  hour: z.number().int(),
  publications: z.number().int(),
  reach: z.number(),
  interactions: z.number(),
  rate: z.number().nullable(),
});
const BestTimesSchema = z.object({ cells: z.array(BestTimeCellSchema), suggestions: z.array(BestTimeCellSchema) }).openapi('BestTimes');

const PeriodQuery = z.object({
  desde: DateOnly.optional().openapi({ description: 'Primer día (AAAA-MM-DD, zona de la oficina)' }),
  hasta: DateOnly.optional().openapi({ description: 'Último día (AAAA-MM-DD, zona de la oficina)' }),
});
const CsvQuery = PeriodQuery.extend({ tabla: z.string().optional().openapi({ description: 'Qué tabla exportar' }) });

const csvResponse = { description: 'CSV (UTF-8 con BOM, separado por comas)', content: { 'text/csv': { schema: z.string() } } };
const unprocessable = { 422: errorResponses[400] };

function rollupOptions(c: Context<AppEnv>, query: { desde?: string | undefined; hasta?: string | undefined }): RollupOptions {
  if (query.desde && query.hasta && query.desde > query.hasta) {
    throw new AppError('unprocessable', `La fecha «desde» (${query.desde}) es posterior a «hasta» (${query.hasta}).`, { details: { desde: query.desde, hasta: query.hasta } });
  }
  return { timeZone: c.var.config.timeZone, from: query.desde, to: query.hasta };
}

/** The table asked for, or a 422 naming the ones there are. */
function tableOf<T extends string>(tabla: string | undefined, allowed: readonly T[]): T {
  if (tabla === undefined || tabla === '') {
    throw new AppError('unprocessable', `Indique la tabla que quiere exportar (tabla=): ${allowed.join(', ')}.`, { details: { allowed } });
  }
  if (!(allowed as readonly string[]).includes(tabla)) {
    throw new AppError('unprocessable', `La tabla «${tabla}» no existe; use una de estas: ${allowed.join(', ')}.`, { details: { tabla, allowed } });
  }
  return tabla as T;
}


// ---------------------------------------------------------------- the plan

metricsApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/plans/{id}/metrics',
    tags: ['Métricas'],
    summary: 'Alcance e interacción del plan: totales, por canal, subcomponente, actividad (con su meta) y dependencia, piezas destacadas y serie diaria',
    request: { params: IdParam, query: PeriodQuery },
    responses: { 200: json(PlanMetricsSchema, 'Métricas del plan'), ...errorResponses, ...unprocessable },
  }),
  async (c) => c.json(await planMetrics(c.var.db, c.req.valid('param').id, rollupOptions(c, c.req.valid('query'))), 200),
);

metricsApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/plans/{id}/metrics.csv',
    tags: ['Métricas'],
    summary: `Exporta una tabla de las métricas del plan (tabla=${planCsvTables.join('|')})`,
    request: { params: IdParam, query: CsvQuery },
    responses: { 200: csvResponse, ...errorResponses, ...unprocessable },
  }),
  async (c) => {
    const query = c.req.valid('query');
    const table = tableOf<PlanCsvTable>(query.tabla, planCsvTables);
    const opts = rollupOptions(c, query);
    // The export lists every piece, not only the top ones.
    const data = await planMetrics(c.var.db, c.req.valid('param').id, table === 'piezas' ? { ...opts, limit: Number.MAX_SAFE_INTEGER } : opts);
    return csvAttachment(c, metricsCsv(table, data), metricsCsvFileName(table));
  },
);

metricsApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/plans/{id}/best-times',
    tags: ['Métricas'],
    summary: 'Interacción por día de la semana y hora de publicación (zona de la oficina), con las tres mejores franjas',
    request: {
      params: IdParam,
      query: z.object({ minimo: z.coerce.number().int().min(1).max(1000).optional().openapi({ description: 'Publicaciones mínimas de una franja sugerida (2 por omisión)' }) }),
    },
    responses: { 200: json(BestTimesSchema, 'Franjas'), ...errorResponses },
  }),
  async (c) => c.json(await bestTimes(c.var.db, c.req.valid('param').id, { timeZone: c.var.config.timeZone, minPublications: c.req.valid('query').minimo ?? 2 }), 200),
);

// ---------------------------------------------------------------- a piece

metricsApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/pieces/{id}/metrics',
    tags: ['Métricas'],
    summary: 'Métricas de una pieza: totales, por canal, cada publicación con sus lecturas, enlaces cortos y serie diaria',
    request: { params: IdParam, query: PeriodQuery },
    responses: { 200: json(PieceMetricsSchema, 'Métricas de la pieza'), ...errorResponses, ...unprocessable },
  }),
  async (c) => c.json(await pieceMetrics(c.var.db, c.req.valid('param').id, rollupOptions(c, c.req.valid('query'))), 200),
);

metricsApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/pieces/{id}/metrics.csv',
    tags: ['Métricas'],
    summary: `Exporta una tabla de las métricas de la pieza (tabla=${pieceCsvTables.join('|')})`,
    request: { params: IdParam, query: CsvQuery },
    responses: { 200: csvResponse, ...errorResponses, ...unprocessable },
  }),
  async (c) => {
    const query = c.req.valid('query');
    const table = tableOf<PieceCsvTable>(query.tabla, pieceCsvTables);
    const data = await pieceMetrics(c.var.db, c.req.valid('param').id, rollupOptions(c, query));
    return csvAttachment(c, metricsCsv(table, data, c.var.config.timeZone), metricsCsvFileName(table));
  },
);

// ---------------------------------------------------------------- an activity

metricsApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/activities/{id}/metrics',
    tags: ['Métricas'],
    summary: 'Métricas de una actividad: totales, cumplimiento de la meta, sus piezas comparadas, por canal y serie diaria',
    request: { params: IdParam, query: PeriodQuery },
    responses: { 200: json(ActivityMetricsSchema, 'Métricas de la actividad'), ...errorResponses, ...unprocessable },
  }),
  async (c) => c.json(await activityMetrics(c.var.db, c.req.valid('param').id, rollupOptions(c, c.req.valid('query'))), 200),
);

metricsApiRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/activities/{id}/metrics.csv',
    tags: ['Métricas'],
    summary: `Exporta una tabla de las métricas de la actividad (tabla=${activityCsvTables.join('|')})`,
    request: { params: IdParam, query: CsvQuery },
    responses: { 200: csvResponse, ...errorResponses, ...unprocessable },
  }),
  async (c) => {
    const query = c.req.valid('query');
    const table = tableOf<ActivityCsvTable>(query.tabla, activityCsvTables);
    const data = await activityMetrics(c.var.db, c.req.valid('param').id, rollupOptions(c, query));
    return csvAttachment(c, metricsCsv(table, data), metricsCsvFileName(table));
  },
);
