import { AppError } from '../errors.js';
import { networkLabel } from '../i18n/es.js';
import { toCsv } from '../lib/csv.js';
import { formatDateTime } from '../web/format.js';
import type { ActivityMetrics, DayPoint, GroupRow, PieceMetrics, PlanMetrics, TopPiece, Totals } from './rollup-types.js';
import { interactionsOf, metricLabels, metricNames, reachOf, targetMetricLabels } from './vocabulary.js';

/**
 * The metrics tables as CSV (src/lib/csv.ts: BOM, CRLF, formula-safe) for a spreadsheet in
 * Spanish: Spanish headers, counts as plain integers, rates and percentages with a decimal
 * comma ("3,5").
 */

export const planCsvTables = ['canales', 'subcomponentes', 'actividades', 'dependencias', 'piezas', 'serie'] as const;
export const pieceCsvTables = ['publicaciones', 'enlaces', 'serie'] as const;
export const activityCsvTables = ['piezas', 'canales', 'serie'] as const;
export type PlanCsvTable = (typeof planCsvTables)[number];
export type PieceCsvTable = (typeof pieceCsvTables)[number];
export type ActivityCsvTable = (typeof activityCsvTables)[number];

/** `metricas-canales.csv` and so on. */
export function metricsCsvFileName(table: string): string {
  return `metricas-${table}.csv`;
}

/** One decimal with a comma: 0.035 → "3,5" (as a percentage); null → empty. */
function percentText(percent: number | null): string {
  return percent === null ? '' : percent.toFixed(1).replace('.', ',');
}

function rateText(rate: number | null): string {
  return rate === null ? '' : percentText(rate * 100);
}

function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(n).replace('.', ',');
}

const totalsHeader = [
  'Publicaciones',
  'Piezas publicadas',
  'Alcance',
  'Interacciones',
  'Tasa de interacción (%)',
  ...metricNames.map((n) => metricLabels[n]),
  'Clics en enlaces de Pregón',
  'Alcance fuera de línea',
  'Asistentes',
];

function totalsCells(t: Totals): string[] {
  return [
    String(t.publications),
    String(t.piecesPublished),
    String(t.reach),
    String(t.interactions),
    rateText(t.engagementRate),
    ...metricNames.map((n) => String(t[n])),
    String(t.shortLinkClicks),
    String(t.manualReach),
    String(t.attendance),
  ];
}

function groupCsv(first: string, rows: GroupRow[]): string {
  return toCsv([first, ...totalsHeader], rows.map((r) => [r.label, ...totalsCells(r.totals)]));
}

function seriesCsv(series: DayPoint[]): string {
  return toCsv(
    ['Día', 'Alcance acumulado', 'Interacciones acumuladas', 'Reproducciones y visitas acumuladas', 'Clics en enlaces de Pregón del día'],
    series.map((p) => [p.day, String(p.reach), String(p.interactions), String(p.views), String(p.shortLinkClicks)]),
  );
}

function piecesCsv(pieces: TopPiece[], activityLabel?: (id: string | null) => string): string {
  const header = activityLabel ? ['Pieza', 'Actividad', ...totalsHeader] : ['Pieza', ...totalsHeader];
  return toCsv(
    header,
    pieces.map((p) => (activityLabel ? [p.title, activityLabel(p.activityId), ...totalsCells(p.totals)] : [p.title, ...totalsCells(p.totals)])),
  );
}

function unknownTable(table: string, allowed: readonly string[]): AppError {
  return new AppError('unprocessable', `La tabla «${table}» no existe; use una de estas: ${allowed.join(', ')}.`, { details: { tabla: table, allowed } });
}

export function metricsCsv(table: PlanCsvTable, data: PlanMetrics): string;
export function metricsCsv(table: PieceCsvTable, data: PieceMetrics, timeZone?: string): string;
export function metricsCsv(table: ActivityCsvTable, data: ActivityMetrics): string;
/** A table of a rollup as CSV; a table the rollup does not have is a 422. */
export function metricsCsv(table: string, data: PlanMetrics | PieceMetrics | ActivityMetrics, timeZone = 'America/Bogota'): string {
  if ('planId' in data) return planCsv(table, data);
  if ('pieceId' in data) return pieceCsv(table, data, timeZone);
  return activityCsv(table, data);
}

function planCsv(table: string, data: PlanMetrics): string {
  switch (table) {
    case 'canales':
      return groupCsv('Canal', data.byChannel);
    case 'subcomponentes':
      return toCsv(
        ['Subcomponente', 'Actividades con meta', 'Cumplimiento ponderado (%)', ...totalsHeader],
        data.bySubcomponent.map((s) => [s.label, String(s.activitiesWithTarget), percentText(s.attainmentPercent), ...totalsCells(s.totals)]),
      );
    case 'actividades': {
      const subcomponents = new Map(data.bySubcomponent.map((s, i) => [s.key, { label: s.label, number: i + 1 }]));
      return toCsv(
        ['N.º', 'Subcomponente', 'Actividad', 'Métrica de la meta', 'Meta', 'Logrado', 'Cumplimiento (%)', ...totalsHeader],
        data.byActivity.map((a) => {
          const s = subcomponents.get(a.subcomponentId);
          return [
            s ? `${s.number}.${a.position}` : String(a.position),
            s?.label ?? '',
            a.label,
            a.attainment ? targetMetricLabels[a.attainment.metric] : '',
            a.attainment ? numberText(a.attainment.target) : '',
            a.attainment ? numberText(a.attainment.actual) : '',
            a.attainment ? percentText(a.attainment.percent) : '',
            ...totalsCells(a.totals),
          ];
        }),
      );
    }
    case 'dependencias':
      return groupCsv('Dependencia', data.byDepartment);
    case 'piezas': {
      const activities = new Map(data.byActivity.map((a) => [a.key, a.label]));
      return piecesCsv(data.topPieces, (id) => (id ? (activities.get(id) ?? '') : ''));
    }
    case 'serie':
      return seriesCsv(data.series);
    default:
      throw unknownTable(table, planCsvTables);
  }
}

function pieceCsv(table: string, data: PieceMetrics, timeZone: string): string {
  switch (table) {
    case 'publicaciones':
      return toCsv(
        ['Red', 'Cuenta', 'Enlace', 'Publicada', 'Última lectura', 'Alcance', 'Interacciones', ...metricNames.map((n) => metricLabels[n])],
        data.publications.map((p) => {
          const l = p.latest;
          const reach = l ? reachOf(l) : 0;
          const interactions = l ? interactionsOf(l) : 0;
          return [
            networkLabel[p.network],
            p.accountLabel,
            p.url ?? '',
            p.publishedAt ? formatDateTime(p.publishedAt, timeZone) : '',
            l ? formatDateTime(l.collectedAt, timeZone) : '',
            String(reach),
            String(interactions),
            ...metricNames.map((n) => (l && l[n] !== null ? String(l[n]) : '')),
          ];
        }),
      );
    case 'enlaces':
      return toCsv(
        ['Código', 'Red', 'Enlace', 'Clics'],
        data.shortLinks.map((l) => [l.code, networkLabel[l.network], l.targetUrl, String(l.clicks)]),
      );
    case 'serie':
      return seriesCsv(data.series);
    default:
      throw unknownTable(table, pieceCsvTables);
  }
}

function activityCsv(table: string, data: ActivityMetrics): string {
  switch (table) {
    case 'piezas':
      return piecesCsv(data.pieces);
    case 'canales':
      return groupCsv('Canal', data.byChannel);
    case 'serie':
      return seriesCsv(data.series);
    default:
      throw unknownTable(table, activityCsvTables);
  }
}
