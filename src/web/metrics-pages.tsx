import { formatCount } from './format.js';
import { weekdayNames as calendarWeekdays } from '../calendar/range.js';
import type { Child } from 'hono/jsx';
import type { LateActivity } from '../dashboard/late-activities.js';
import type { PublicationProblem } from '../dashboard/publication-problems.js';
import { networkLabel, publicationStatusLabel } from '../i18n/es.js';
import type { FieldError, ManualEntryView } from '../metrics/manual-entries.js';
import type {
  ActivityMetrics,
  Attainment,
  BestTimeCell,
  BestTimes,
  DayPoint,
  GroupRow,
  PieceMetrics,
  PlanMetrics,
  PublicationSeries,
  TopPiece,
  Totals,
} from '../metrics/rollup-types.js';
import { manualKindLabels, manualKinds, metricLabels, metricNames, targetMetricLabels, targetMetrics, type MetricName } from '../metrics/vocabulary.js';
import type { ActivityView } from '../plan/plan-tree.js';
import { SandboxBadge } from './channel-pages.js';
import { formatDate, formatDateTime } from './format.js';
import { ErrorNote, Layout } from './layout.js';
import { CsrfField, useCan } from './page.js';
import { LateBadge } from './plan-pages.js';

/**
 * The metrics pages: the plan's dashboard (/planes/:id/metricas), a piece's
 * (/piezas/:id/metricas) and an activity's (/actividades/:id/metricas, with its target and
 * its manual entries). Charts are canvases drawn by /public/js/metrics-charts.js from the JSON
 * data block next to each; every chart has its figures in a table beside it and in its
 * aria-label, and every table links to its CSV.
 */

export const metricsScripts = ['/public/vendor/chart.umd.min.js', '/public/js/metrics-charts.js'];

// ---------------------------------------------------------------- numbers and words

const decimalFormat = new Intl.NumberFormat('es-CO', { maximumFractionDigits: 1 });

/** A value that may have decimals (a target of 2,5): 1.234,5. */
export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : decimalFormat.format(n);
}

/** A percentage already ×100 (attainment): "45,5 %". */
export function formatPercent(p: number | null | undefined): string {
  return p === null || p === undefined ? '—' : `${decimalFormat.format(p)} %`;
}

/** A rate between 0 and 1 (interactions per person reached): 0,0456 → "4,6 %"; under 1 % with two decimals. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  const p = rate * 100;
  return `${new Intl.NumberFormat('es-CO', { minimumFractionDigits: 1, maximumFractionDigits: p > 0 && p < 1 ? 2 : 1 }).format(p)} %`;
}

/** A best-time cell's weekday (0 = Sunday … 6 = Saturday) by the calendar's Monday-first names. */
const weekdayName = (weekday: number) => calendarWeekdays[(weekday + 6) % 7]!;
/** Monday first, as the office's calendar. */
const weekdayOrder = [1, 2, 3, 4, 5, 6, 0];

const two = (n: number) => String(n).padStart(2, '0');
/** "10:00–11:00". */
export function hourRange(hour: number): string {
  return `${two(hour)}:00–${two(hour + 1)}:00`;
}

/** A best-time cell in words: "martes 10:00–11:00". */
export function bestTimeText(cell: Pick<BestTimeCell, 'weekday' | 'hour'>): string {
  return `${weekdayName(cell.weekday)} ${hourRange(cell.hour)}`;
}

const shortMonth = new Intl.DateTimeFormat('es-CO', { timeZone: 'UTC', month: 'short' });
/** A series day (YYYY-MM-DD) as an axis label: "24 nov", with the year when the series spans two. */
function dayLabel(day: string, withYear: boolean): string {
  const d = new Date(`${day}T00:00:00Z`);
  const month = shortMonth.format(d).replace('.', '');
  return `${d.getUTCDate()} ${month}${withYear ? ` ${d.getUTCFullYear()}` : ''}`;
}

function seriesLabels(series: DayPoint[]): string[] {
  const years = new Set(series.map((p) => p.day.slice(0, 4)));
  return series.map((p) => dayLabel(p.day, years.size > 1));
}

export function targetText(a: Pick<Attainment, 'metric' | 'target'>): string {
  return `${targetMetricLabels[a.metric].split(' (')[0]}: ${formatNumber(a.target)}`;
}

// ---------------------------------------------------------------- building blocks

type ChartDataset = { label: string; data: (number | null)[] | { x: number; y: number | null }[]; color?: string; axis?: 'right' };
export type ChartSpec = {
  type: 'line' | 'bar';
  horizontal?: boolean;
  stacked?: boolean;
  labels?: string[];
  time?: boolean;
  timeZone?: string;
  format?: 'number' | 'percent';
  suggestedMax?: number;
  valueTitle?: string;
  rightTitle?: string;
  datasets: ChartDataset[];
};

/** JSON that cannot end its <script> data block nor open a comment: <, >, & and the line separators escaped. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A chart: the canvas (role img, its figures in the aria-label) and its JSON data block. */
export function Chart({ id, spec, label, tall }: { id: string; spec: ChartSpec; label: string; tall?: boolean }) {
  return (
    <div class={tall ? 'chart-box chart-tall' : 'chart-box'}>
      <canvas data-chart={id} role="img" aria-label={label}>
        {label}
      </canvas>
      <script type="application/json" id={id} dangerouslySetInnerHTML={{ __html: scriptJson(spec) }} />
    </div>
  );
}

export function CsvLink({ href, what }: { href: string; what: string }) {
  return (
    <a class="csv-link" href={href} download>
      Descargar CSV<span class="visually-hidden"> de {what}</span>
    </a>
  );
}

/** A section of a metrics page: its title, the CSV link beside it, and its content. */
function Section({ id, title, csv, children, note }: { id: string; title: string; csv?: { href: string; what: string }; children: Child; note?: Child }) {
  return (
    <section class="metrics-section" aria-labelledby={id}>
      <div class="metrics-section-head">
        <h2 id={id}>{title}</h2>
        {csv && <CsvLink href={csv.href} what={csv.what} />}
      </div>
      {note && <p class="muted small">{note}</p>}
      {children}
    </section>
  );
}

type Card = { key: string; label: string; value: string; note?: string };

function totalsCards(t: Totals, o: { pieces: boolean }): Card[] {
  const cards: Card[] = [
    { key: 'reach', label: 'Alcance', value: formatCount(t.reach), note: t.manualReach > 0 ? `${formatCount(t.manualReach)} fuera de línea` : undefined },
    { key: 'interactions', label: 'Interacciones', value: formatCount(t.interactions) },
    { key: 'engagementRate', label: 'Tasa de interacción', value: formatRate(t.engagementRate), note: 'Interacciones por persona alcanzada en las redes (sin visitas al sitio web)' },
    { key: 'views', label: 'Reproducciones', value: formatCount(t.views) },
    { key: 'shortLinkClicks', label: 'Clics en enlaces', value: formatCount(t.shortLinkClicks), note: t.linkClicks > 0 ? `${formatCount(t.linkClicks)} según las redes` : 'Enlaces cortos de Pregón' },
  ];
  if (o.pieces) cards.push({ key: 'piecesPublished', label: 'Piezas publicadas', value: formatCount(t.piecesPublished) });
  cards.push({ key: 'publications', label: 'Publicaciones', value: formatCount(t.publications) });
  if (t.attendance > 0) cards.push({ key: 'attendance', label: 'Asistentes', value: formatCount(t.attendance), note: 'Registros manuales' });
  return cards;
}

export function TotalsCards({ totals, pieces = true }: { totals: Totals; pieces?: boolean }) {
  return (
    <div class="metric-cards">
      {totalsCards(totals, { pieces }).map((c) => (
        <div class="metric-card" data-metric={c.key}>
          <span class="metric-label">{c.label}</span>
          <strong class="metric-value">{c.value}</strong>
          {c.note && <span class="metric-note">{c.note}</span>}
        </div>
      ))}
    </div>
  );
}

function AttainmentBar({ percent, label }: { percent: number | null; label: string }) {
  if (percent === null) return <span class="muted">Sin meta</span>;
  return (
    <span class="attainment">
      <progress value={Math.min(100, Math.max(0, percent))} max={100} aria-label={label} />
      <span class={percent >= 100 ? 'attainment-met' : undefined}>{formatPercent(percent)}</span>
    </span>
  );
}

function Empty({ children }: { children: Child }) {
  return <p class="empty muted">{children}</p>;
}

const NO_DATA = 'Todavía no hay cifras: aparecen cuando se toman las primeras muestras de las publicaciones o se registran cifras a mano.';

function trendSpec(series: DayPoint[]): ChartSpec {
  return {
    type: 'line',
    labels: seriesLabels(series),
    valueTitle: 'Alcance',
    rightTitle: 'Interacciones',
    datasets: [
      { label: 'Alcance acumulado', data: series.map((p) => p.reach) },
      { label: 'Interacciones acumuladas', data: series.map((p) => p.interactions), axis: 'right' },
    ],
  };
}

function trendLabel(series: DayPoint[]): string {
  const first = series[0]!;
  const last = series.at(-1)!;
  return `Alcance e interacciones acumulados por día, del ${formatDate(first.day)} al ${formatDate(last.day)}: el alcance pasa de ${formatCount(first.reach)} a ${formatCount(last.reach)} y las interacciones de ${formatCount(first.interactions)} a ${formatCount(last.interactions)}.`;
}

/** The daily series: the chart, and its figures in a table under a disclosure. */
function Trend({ id, series, csv }: { id: string; series: DayPoint[]; csv: string }) {
  return (
    <Section id={id} title="Tendencia" csv={{ href: csv, what: 'la serie diaria' }} note="Cifras acumuladas al final de cada día (alcance e interacciones); los clics, los de cada día.">
      {series.length === 0 ? (
        <Empty>{NO_DATA}</Empty>
      ) : (
        <>
          <Chart id={`chart-${id}`} spec={trendSpec(series)} label={trendLabel(series)} tall />
          <details class="chart-data">
            <summary>Ver las cifras de cada día</summary>
            <div class="table-wrap">
              <table class="numbers">
                <thead>
                  <tr>
                    <th scope="col">Día</th>
                    <th scope="col">Alcance acumulado</th>
                    <th scope="col">Interacciones acumuladas</th>
                    <th scope="col">Reproducciones acumuladas</th>
                    <th scope="col">Clics del día</th>
                  </tr>
                </thead>
                <tbody>
                  {series.map((p) => (
                    <tr>
                      <th scope="row">{formatDate(p.day)}</th>
                      <td>{formatCount(p.reach)}</td>
                      <td>{formatCount(p.interactions)}</td>
                      <td>{formatCount(p.views)}</td>
                      <td>{formatCount(p.shortLinkClicks)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </Section>
  );
}

/** Reach and interactions of some groups (channels, pieces), side by side: the two scales differ by orders of magnitude. */
function groupSpecs(rows: { label: string; totals: Totals }[]): [ChartSpec, ChartSpec] {
  const labels = rows.map((r) => r.label);
  return [
    { type: 'bar', horizontal: true, labels, datasets: [{ label: 'Alcance', data: rows.map((r) => r.totals.reach) }] },
    { type: 'bar', horizontal: true, labels, datasets: [{ label: 'Interacciones', data: rows.map((r) => r.totals.interactions), color: '#c2410c' }] },
  ];
}

function figuresText(rows: { label: string; totals: Totals }[], metric: 'reach' | 'interactions'): string {
  return rows.map((r) => `${r.label}: ${formatCount(r.totals[metric])}`).join('; ');
}

function GroupCharts({ id, rows, what }: { id: string; rows: { label: string; totals: Totals }[]; what: string }) {
  const [reach, interactions] = groupSpecs(rows);
  const anyInteraction = rows.some((r) => r.totals.interactions > 0);
  return (
    <div class="chart-pair">
      <figure>
        <figcaption>Alcance por {what}</figcaption>
        <Chart id={`chart-${id}-alcance`} spec={reach} label={`Alcance por ${what}. ${figuresText(rows, 'reach')}.`} />
      </figure>
      <figure>
        <figcaption>Interacciones por {what}</figcaption>
        {anyInteraction ? (
          <Chart id={`chart-${id}-interacciones`} spec={interactions} label={`Interacciones por ${what}. ${figuresText(rows, 'interactions')}.`} />
        ) : (
          <p class="chart-empty">Todavía no hay interacciones.</p>
        )}
      </figure>
    </div>
  );
}

/** The usual columns of a group's totals; `compact` keeps reach, interactions, rate and publications (wide tables). */
function TotalsHead({ compact }: { compact?: boolean }) {
  return (
    <>
      <th scope="col">Alcance</th>
      <th scope="col">Interacciones</th>
      <th scope="col">Tasa</th>
      {!compact && <th scope="col">Reproducciones</th>}
      {!compact && <th scope="col">Clics en enlaces</th>}
      <th scope="col">Publicaciones</th>
    </>
  );
}
function TotalsCells({ t, compact }: { t: Totals; compact?: boolean }) {
  return (
    <>
      <td>{formatCount(t.reach)}</td>
      <td>{formatCount(t.interactions)}</td>
      <td>{formatRate(t.engagementRate)}</td>
      {!compact && <td>{formatCount(t.views)}</td>}
      {!compact && <td>{formatCount(t.shortLinkClicks)}</td>}
      <td>{formatCount(t.publications)}</td>
    </>
  );
}

function GroupTable({ rows, head, link }: { rows: GroupRow[]; head: string; link?: (r: GroupRow) => string }) {
  return (
    <div class="table-wrap">
      <table class="numbers">
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <TotalsHead />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr data-key={r.key}>
              <th scope="row">{link ? <a href={link(r)}>{r.label}</a> : r.label}</th>
              <TotalsCells t={r.totals} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ChannelsSection({ id, rows, csv }: { id: string; rows: GroupRow[]; csv: string }) {
  const withFigures = rows.filter((r) => r.totals.reach > 0 || r.totals.interactions > 0 || r.totals.publications > 0);
  return (
    <Section id={id} title="Canales" csv={{ href: csv, what: 'los canales' }} note="«Fuera de línea» suma los registros manuales (radio, prensa, afiches, vallas, ferias, reuniones).">
      {withFigures.length === 0 ? (
        <Empty>{NO_DATA}</Empty>
      ) : (
        <>
          <GroupCharts id={id} rows={withFigures} what="canal" />
          <GroupTable rows={rows} head="Canal" />
        </>
      )}
    </Section>
  );
}

function PiecesTable({ pieces }: { pieces: TopPiece[] }) {
  return (
    <div class="table-wrap">
      <table class="numbers">
        <thead>
          <tr>
            <th scope="col">Pieza</th>
            <TotalsHead />
          </tr>
        </thead>
        <tbody>
          {pieces.map((p) => (
            <tr data-key={p.pieceId}>
              <th scope="row">
                <a href={`/piezas/${p.pieceId}/metricas`}>{p.title}</a>
              </th>
              <TotalsCells t={p.totals} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---------------------------------------------------------------- the plan's dashboard

export type PlanMetricsProps = {
  plan: { id: string; title: string; timeZone: string };
  metrics: PlanMetrics;
  best: BestTimes;
  late: LateActivity[];
  problems: PublicationProblem[];
  /** The date filter as typed (YYYY-MM-DD), empty when not set. */
  range: { desde: string; hasta: string };
  error?: string;
};

export function PlanMetricsPage({ plan, metrics: m, best, late, problems, range, error }: PlanMetricsProps) {
  const filter = new URLSearchParams();
  if (range.desde) filter.set('desde', range.desde);
  if (range.hasta) filter.set('hasta', range.hasta);
  const csv = (tabla: string) => `/api/plans/${plan.id}/metrics.csv?${new URLSearchParams({ tabla, ...Object.fromEntries(filter) }).toString()}`;
  const withTarget = m.bySubcomponent.filter((s) => s.attainmentPercent !== null);
  return (
    <Layout title={`Métricas · ${plan.title}`} active="metrics" scripts={metricsScripts}>
      <p class="crumbs">
        <a href="/planes">Planes de acción</a> › <a href={`/planes/${plan.id}`}>{plan.title}</a> › Métricas
      </p>
      <h1>Métricas del plan</h1>
      <p class="lead">
        Alcance e interacción de las piezas publicadas y de los registros manuales, contra las metas de las actividades. Alcance: impresiones de cada publicación (o
        reproducciones cuando la red no da impresiones) más el alcance registrado a mano.
      </p>
      <form method="get" action={`/planes/${plan.id}/metricas`} class="filters metrics-filter">
        <label>
          Desde <input type="date" name="desde" value={range.desde} />
        </label>
        <label>
          Hasta <input type="date" name="hasta" value={range.hasta} />
        </label>
        <button type="submit">Filtrar</button>
        {(range.desde || range.hasta) && (
          <a href={`/planes/${plan.id}/metricas`} class="button secondary">
            Ver todo el plan
          </a>
        )}
        <span class="muted small">Publicaciones y registros de esas fechas ({plan.timeZone}).</span>
      </form>
      <ErrorNote message={error} />

      <section aria-labelledby="totales">
        <h2 id="totales" class="visually-hidden">
          Totales
        </h2>
        <TotalsCards totals={m.totals} />
      </section>

      <Trend id="tendencia" series={m.series} csv={csv('serie')} />

      <Section
        id="metas"
        title="Cumplimiento de metas por subcomponente"
        csv={{ href: csv('subcomponentes'), what: 'los subcomponentes' }}
        note="Promedio ponderado (por el peso de cada actividad) del cumplimiento de las actividades con meta numérica, cada una hasta 100 %."
      >
        {withTarget.length > 0 && (
          <Chart
            id="chart-metas"
            spec={{
              type: 'bar',
              labels: m.bySubcomponent.map((s) => s.label),
              format: 'percent',
              suggestedMax: 100,
              datasets: [{ label: 'Cumplimiento de la meta', data: m.bySubcomponent.map((s) => s.attainmentPercent), color: '#1e6b33' }],
            }}
            label={`Cumplimiento de metas por subcomponente: ${m.bySubcomponent.map((s) => `${s.label}: ${s.attainmentPercent === null ? 'sin metas' : formatPercent(s.attainmentPercent)}`).join('; ')}.`}
          />
        )}
        <div class="table-wrap">
          <table class="numbers">
            <thead>
              <tr>
                <th scope="col">Subcomponente</th>
                <th scope="col">Actividades con meta</th>
                <th scope="col">Cumplimiento</th>
                <TotalsHead />
              </tr>
            </thead>
            <tbody>
              {m.bySubcomponent.map((s) => (
                <tr data-key={s.key}>
                  <th scope="row">{s.label}</th>
                  <td>{formatCount(s.activitiesWithTarget)}</td>
                  <td>
                    <AttainmentBar percent={s.attainmentPercent} label={`Cumplimiento de ${s.label}`} />
                  </td>
                  <TotalsCells t={s.totals} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <ChannelsSection id="canales" rows={m.byChannel} csv={csv('canales')} />

      <Section id="actividades" title="Actividades" csv={{ href: csv('actividades'), what: 'las actividades' }} note="La meta se fija en la página de métricas de cada actividad.">
        <div class="table-wrap">
          <table class="numbers">
            <thead>
              <tr>
                <th scope="col">Actividad</th>
                <th scope="col">Meta</th>
                <th scope="col">Logrado</th>
                <th scope="col">Cumplimiento</th>
                <TotalsHead compact />
              </tr>
            </thead>
            <tbody>
              {m.byActivity.map((a) => (
                <tr data-key={a.key}>
                  <th scope="row">
                    <a href={`/actividades/${a.key}/metricas`}>{a.label}</a>
                  </th>
                  <td class="text">{a.attainment ? targetText(a.attainment) : <span class="muted">Sin meta</span>}</td>
                  <td>{a.attainment ? formatNumber(a.attainment.actual) : '—'}</td>
                  <td>{a.attainment ? <AttainmentBar percent={a.attainment.percent} label={`Cumplimiento de ${a.label}`} /> : '—'}</td>
                  <TotalsCells t={a.totals} compact />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section id="dependencias" title="Dependencias" csv={{ href: csv('dependencias'), what: 'las dependencias' }} note="Cada dependencia suma las actividades a su cargo; una actividad de varias cuenta en cada una.">
        {m.byDepartment.length === 0 ? <Empty>Ninguna actividad tiene dependencias asignadas.</Empty> : <GroupTable rows={m.byDepartment} head="Dependencia" />}
      </Section>

      <Section id="piezas" title="Piezas con más alcance" csv={{ href: csv('piezas'), what: 'las piezas' }}>
        {m.topPieces.length === 0 ? <Empty>{NO_DATA}</Empty> : <PiecesTable pieces={m.topPieces} />}
      </Section>

      <BestTimesSection best={best} timeZone={plan.timeZone} />

      <div class="dashboard metrics-alerts">
        <section class="panel" aria-labelledby="atrasadas">
          <h2 id="atrasadas">
            Actividades atrasadas <span class={late.length > 0 ? 'count' : 'count zero'}>{late.length}</span>
          </h2>
          {late.length === 0 ? (
            <p class="empty">Ninguna actividad del plan va atrasada.</p>
          ) : (
            <ul class="panel-list">
              {late.map((a) => (
                <li>
                  <a href={`/actividades/${a.id}`}>{a.description}</a>
                  <p class="meta">
                    <LateBadge a={a} /> {a.subcomponentName}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="panel" aria-labelledby="problemas">
          <h2 id="problemas">
            Publicaciones fallidas, sin confirmar o en espera <span class={problems.length > 0 ? 'count' : 'count zero'}>{problems.length}</span>
          </h2>
          {problems.length === 0 ? (
            <p class="empty">Ninguna.</p>
          ) : (
            <ul class="panel-list">
              {problems.map((p) => (
                <li>
                  <span class={`badge publication-${p.status}`}>{publicationStatusLabel[p.status]}</span> <a href={`/piezas/${p.pieceId}#publicaciones`}>{p.pieceTitle}</a>
                  <p class="meta">
                    {networkLabel[p.network]} · {p.account.label} <SandboxBadge sandbox={p.account.sandbox} /> · {formatDateTime(p.at.toISOString(), plan.timeZone)}
                  </p>
                  {p.error && <p class="error-text">{p.error}</p>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Layout>
  );
}

/** Weekday × hour of publishing, coloured by interaction rate, with the best cells in words. */
export function BestTimesSection({ best, timeZone }: { best: BestTimes; timeZone: string }) {
  const byKey = new Map(best.cells.map((c) => [c.weekday * 24 + c.hour, c]));
  const hours = best.cells.map((c) => c.hour);
  const first = Math.min(6, ...hours);
  const last = Math.max(21, ...hours);
  const maxRate = Math.max(0, ...best.cells.map((c) => c.rate ?? 0));
  const level = (c: BestTimeCell | undefined) => (!c ? 'none' : !c.rate || maxRate === 0 ? '0' : String(Math.max(1, Math.ceil((c.rate / maxRate) * 5))));
  return (
    <Section id="mejores-horas" title="Mejores horas para publicar" note={`Según las publicaciones del plan: tasa de interacción (interacciones ÷ alcance) por día y hora de publicación, hora de ${timeZone}.`}>
      {best.cells.length === 0 ? (
        <Empty>Todavía no hay publicaciones con cifras para comparar horas.</Empty>
      ) : (
        <>
          {best.suggestions.length > 0 ? (
            <p class="best-times">
              Mejores momentos:{' '}
              {best.suggestions.map((s, i) => (
                <>
                  {i > 0 && ', '}
                  <strong>{bestTimeText(s)}</strong> ({formatRate(s.rate)}, {s.publications === 1 ? '1 publicación' : `${s.publications} publicaciones`})
                </>
              ))}
              .
            </p>
          ) : (
            <p class="muted">Aún no hay franjas con publicaciones suficientes para sugerir una.</p>
          )}
          <div class="table-wrap">
            <table class="heatmap">
              <caption class="visually-hidden">Tasa de interacción por día de la semana y hora de publicación</caption>
              <thead>
                <tr>
                  <th scope="col">Día</th>
                  {Array.from({ length: last - first + 1 }, (_, i) => (
                    <th scope="col" title={hourRange(first + i)}>
                      {first + i}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {weekdayOrder.map((weekday) => (
                  <tr>
                    <th scope="row">{weekdayName(weekday)}</th>
                    {Array.from({ length: last - first + 1 }, (_, i) => {
                      const c = byKey.get(weekday * 24 + first + i);
                      const text = c
                        ? `${bestTimeText(c)}: ${c.publications === 1 ? '1 publicación' : `${c.publications} publicaciones`}, alcance ${formatCount(c.reach)}, ${formatCount(c.interactions)} interacciones, tasa ${formatRate(c.rate)}`
                        : undefined;
                      return (
                        <td class={`heat heat-${level(c)}`} title={text}>
                          {c ? (
                            <>
                              <span aria-hidden="true">{formatRate(c.rate).replace(' %', '')}</span>
                              <span class="visually-hidden">{text}</span>
                            </>
                          ) : (
                            ''
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="muted small">Cada celda muestra la tasa en %; las más oscuras son las mejores. Las vacías no tienen publicaciones.</p>
        </>
      )}
    </Section>
  );
}

// ---------------------------------------------------------------- a piece

export type PieceMetricsProps = {
  piece: { id: string; title: string };
  activity: { id: string; description: string; planId: string; planTitle: string } | null;
  metrics: PieceMetrics;
  manual: ManualEntryView[];
  timeZone: string;
};

const pubLabel = (p: PublicationSeries) => `${networkLabel[p.network]} · ${p.accountLabel}`;

/** One chart per metric the networks gave, each publication a line over time. */
function publicationChartSpecs(pubs: PublicationSeries[], timeZone: string): { metric: MetricName; spec: ChartSpec; label: string }[] {
  const out: { metric: MetricName; spec: ChartSpec; label: string }[] = [];
  for (const metric of metricNames) {
    const withValues = pubs.filter((p) => p.samples.some((s) => s[metric] !== null));
    if (withValues.length === 0) continue;
    const datasets = withValues.map((p) => ({
      label: pubLabel(p),
      data: p.samples.filter((s) => s[metric] !== null).map((s) => ({ x: Date.parse(s.collectedAt), y: s[metric] })),
    }));
    const latest = withValues.map((p) => `${pubLabel(p)}: ${formatCount(p.latest?.[metric] ?? null)}`).join('; ');
    out.push({ metric, spec: { type: 'line', time: true, timeZone, datasets }, label: `${metricLabels[metric]} a lo largo del tiempo, por publicación. Último valor: ${latest}.` });
  }
  return out;
}

export function PieceMetricsPage({ piece, activity, metrics: m, manual, timeZone }: PieceMetricsProps) {
  const csv = (tabla: string) => `/api/pieces/${piece.id}/metrics.csv?tabla=${tabla}`;
  const charts = publicationChartSpecs(m.publications, timeZone);
  const shown = metricNames.filter((n) => m.publications.some((p) => p.latest && p.latest[n] !== null));
  return (
    <Layout title={`Métricas · ${piece.title}`} active="metrics" scripts={metricsScripts}>
      <p class="crumbs">
        {activity ? (
          <>
            <a href={`/planes/${activity.planId}/metricas`}>Métricas del plan</a> › <a href={`/actividades/${activity.id}/metricas`}>{activity.description}</a> ›{' '}
          </>
        ) : (
          'Sin actividad › '
        )}
        <a href={`/piezas/${piece.id}`}>{piece.title}</a>
      </p>
      <h1>Métricas de la pieza</h1>
      <p class="lead">
        {piece.title}. Cada red da sus propias cifras; las impresiones (o, si no las hay, las reproducciones) son el alcance. <a href={`/piezas/${piece.id}`}>Ir a la pieza</a>
      </p>
      <section aria-labelledby="totales">
        <h2 id="totales" class="visually-hidden">
          Totales
        </h2>
        <TotalsCards totals={m.totals} pieces={false} />
      </section>

      <Section id="evolucion" title="Evolución por publicación" csv={{ href: csv('serie'), what: 'la serie diaria' }} note={`Cada línea es una publicación; cada punto, una muestra tomada a esa hora (${timeZone}).`}>
        {charts.length === 0 ? (
          <Empty>{NO_DATA}</Empty>
        ) : (
          <div class="chart-grid">
            {charts.map((c) => (
              <figure>
                <figcaption>{metricLabels[c.metric]}</figcaption>
                <Chart id={`chart-${c.metric}`} spec={c.spec} label={c.label} />
              </figure>
            ))}
          </div>
        )}
      </Section>

      <Section id="publicaciones" title="Publicaciones" csv={{ href: csv('publicaciones'), what: 'las publicaciones' }} note="Última muestra de cada publicación.">
        {m.publications.length === 0 ? (
          <Empty>Esta pieza todavía no tiene publicaciones.</Empty>
        ) : (
          <div class="table-wrap">
            <table class="numbers">
              <thead>
                <tr>
                  <th scope="col">Publicación</th>
                  <th scope="col">Publicada</th>
                  {shown.map((n) => (
                    <th scope="col">{metricLabels[n]}</th>
                  ))}
                  <th scope="col">Última muestra</th>
                </tr>
              </thead>
              <tbody>
                {m.publications.map((p) => (
                  <tr data-key={p.publicationId}>
                    <th scope="row">
                      {p.url ? (
                        <a href={p.url} rel="noopener" target="_blank">
                          {pubLabel(p)}
                        </a>
                      ) : (
                        pubLabel(p)
                      )}
                    </th>
                    <td class="text">{formatDateTime(p.publishedAt, timeZone)}</td>
                    {shown.map((n) => (
                      <td>{formatCount(p.latest?.[n] ?? null)}</td>
                    ))}
                    <td class="text">{p.latest ? formatDateTime(p.latest.collectedAt, timeZone) : 'Sin muestras aún'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section id="enlaces" title="Enlaces cortos" csv={{ href: csv('enlaces'), what: 'los enlaces' }} note="Los enlaces de la pieza pasan por Pregón (/l/…) para contar los clics de cada red; no se guarda nada de quien hace clic.">
        {m.shortLinks.length === 0 ? (
          <Empty>Esta pieza no tiene enlaces cortos.</Empty>
        ) : (
          <div class="table-wrap">
            <table class="numbers">
              <thead>
                <tr>
                  <th scope="col">Enlace</th>
                  <th scope="col">Red</th>
                  <th scope="col">Destino</th>
                  <th scope="col">Clics</th>
                  <th scope="col">Días con clics</th>
                </tr>
              </thead>
              <tbody>
                {m.shortLinks.map((l) => (
                  <tr data-key={l.code}>
                    <th scope="row">
                      <code>/l/{l.code}</code>
                    </th>
                    <td class="text">{networkLabel[l.network]}</td>
                    <td class="text url-cell">
                      <a href={l.targetUrl} rel="noopener" target="_blank">
                        {l.targetUrl}
                      </a>
                    </td>
                    <td>{formatCount(l.clicks)}</td>
                    <td>{formatCount(l.days.filter((d) => d.clicks > 0).length)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section id="registros" title="Registros manuales" note={activity ? <>Se registran en la <a href={`/actividades/${activity.id}/metricas#registros`}>página de métricas de la actividad</a>.</> : undefined}>
        {manual.length === 0 ? <Empty>Esta pieza no tiene registros manuales.</Empty> : <ManualEntriesTable entries={manual} />}
      </Section>
    </Layout>
  );
}

// ---------------------------------------------------------------- an activity

export type MediaChoice = { id: string; label: string };
/** What the manual entry form shows again after a refused save: the typed values and the problems. */
export type EntryFormState = { values: Record<string, string>; errors: FieldError[]; entryId?: string };

export type ActivityMetricsProps = {
  activity: ActivityView;
  planTitle: string;
  metrics: ActivityMetrics;
  manual: ManualEntryView[];
  pieces: { id: string; title: string }[];
  media: MediaChoice[];
  timeZone: string;
  notice?: string;
  targetError?: string;
  entryForm?: EntryFormState;
  /** Whether the person may set the target and record entries here (a department: only on its own activities). */
  canEdit: boolean;
};

export function ActivityMetricsPage({ activity: a, planTitle, metrics: m, manual, pieces, media, timeZone, notice, targetError, entryForm, canEdit }: ActivityMetricsProps) {
  const canWrite = useCan('activity:update') && canEdit;
  const csv = (tabla: string) => `/api/activities/${a.id}/metrics.csv?tabla=${tabla}`;
  const compared = m.pieces.map((p) => ({ label: p.title, totals: p.totals }));
  const withFigures = compared.filter((p) => p.totals.reach > 0 || p.totals.interactions > 0);
  const newForm = entryForm && !entryForm.entryId ? entryForm : undefined;
  return (
    <Layout title={`Métricas · ${a.description}`} active="metrics" scripts={metricsScripts}>
      <p class="crumbs">
        <a href={`/planes/${a.planId}/metricas`}>Métricas de {planTitle}</a> › {a.subcomponentName} › <a href={`/actividades/${a.id}`}>Actividad</a>
      </p>
      <h1>Métricas: {a.description}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}

      <Section id="meta" title="Meta y cumplimiento">
        {m.attainment ? (
          <div class="attainment-summary">
            <p>
              <span class="muted">Meta</span> <strong data-figure="target">{targetText(m.attainment)}</strong>
            </p>
            <p>
              <span class="muted">Logrado</span> <strong data-figure="actual">{formatNumber(m.attainment.actual)}</strong>
            </p>
            <p>
              <span class="muted">Cumplimiento</span> <AttainmentBar percent={m.attainment.percent} label="Cumplimiento de la meta" />
            </p>
          </div>
        ) : (
          <p class="muted">Esta actividad no tiene meta numérica.{a.goal ? ` Meta de producto: ${a.goal}` : ''}</p>
        )}
        {canWrite && (
          <>
            <ErrorNote message={targetError} />
            <form method="post" action={`/actividades/${a.id}/metricas/meta#meta`} class="inline-form">
              <CsrfField />
              <label>
                Se mide por
                <select name="targetMetric" required>
                  {targetMetrics.map((t) => (
                    <option value={t} selected={(m.attainment?.metric ?? a.targetMetric) === t}>
                      {targetMetricLabels[t]}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Meta <input type="number" name="targetValue" min="0" step="any" required value={a.targetValue === null ? '' : String(a.targetValue)} />
              </label>
              <button type="submit">Guardar la meta</button>
            </form>
            {a.targetValue !== null && (
              <form method="post" action={`/actividades/${a.id}/metricas/meta`} class="inline-form">
                <CsrfField />
                <input type="hidden" name="action" value="clear" />
                <button type="submit" class="secondary">
                  Quitar la meta
                </button>
              </form>
            )}
          </>
        )}
      </Section>

      <section aria-labelledby="totales">
        <h2 id="totales" class="visually-hidden">
          Totales
        </h2>
        <TotalsCards totals={m.totals} />
      </section>

      <Section id="piezas" title="Piezas comparadas" csv={{ href: csv('piezas'), what: 'las piezas' }}>
        {m.pieces.length === 0 ? (
          <Empty>Esta actividad aún no tiene piezas publicadas.</Empty>
        ) : (
          <>
            {withFigures.length > 0 && <GroupCharts id="piezas" rows={withFigures} what="pieza" />}
            <PiecesTable pieces={m.pieces} />
          </>
        )}
      </Section>

      <ChannelsSection id="canales" rows={m.byChannel} csv={csv('canales')} />

      <Trend id="tendencia" series={m.series} csv={csv('serie')} />

      <Section id="registros" title="Registros manuales" note="Cifras de piezas fuera de línea: cuñas de radio, notas de prensa, afiches, vallas, ferias y reuniones, con su evidencia.">
        {manual.length === 0 ? (
          <Empty>Esta actividad no tiene registros manuales.</Empty>
        ) : (
          <ManualEntriesTable entries={manual} edit={canWrite ? { activityId: a.id, pieces, media, form: entryForm?.entryId ? entryForm : undefined } : undefined} />
        )}
        {canWrite && (
          <details class="entry-new" open={newForm ? true : undefined}>
            <summary>Agregar un registro</summary>
            <EntryForm action={`/actividades/${a.id}/metricas/registros#registros`} pieces={pieces} media={media} state={newForm} submit="Guardar el registro" />
          </details>
        )}
      </Section>
    </Layout>
  );
}

function Figures({ e }: { e: ManualEntryView }) {
  const parts = [
    e.reach !== null ? `Alcance ${formatCount(e.reach)}` : null,
    e.audience !== null ? `Audiencia ${formatCount(e.audience)}` : null,
    e.attendance !== null ? `Asistentes ${formatCount(e.attendance)}` : null,
  ].filter(Boolean);
  return <>{parts.join(' · ')}</>;
}

function Evidence({ e }: { e: ManualEntryView }) {
  return (
    <ul class="evidence">
      {e.evidenceMedia && (
        <li>
          <a href={e.evidenceMedia.url}>{e.evidenceMedia.name}</a>
        </li>
      )}
      {e.evidenceUrl && (
        <li>
          <a href={e.evidenceUrl} rel="noopener noreferrer" target="_blank">
            {e.evidenceUrl.replace(/^https?:\/\//, '')}
          </a>
        </li>
      )}
    </ul>
  );
}

export function ManualEntriesTable({
  entries,
  edit,
}: {
  entries: ManualEntryView[];
  edit?: { activityId: string; pieces: { id: string; title: string }[]; media: MediaChoice[]; form?: EntryFormState };
}) {
  return (
    <>
    <div class="table-wrap">
      <table class="manual-entries">
        <thead>
          <tr>
            <th scope="col">Fecha</th>
            <th scope="col">Tipo</th>
            <th scope="col">Cifras</th>
            <th scope="col">Cuenta como alcance</th>
            <th scope="col">Pieza</th>
            <th scope="col">Evidencia</th>
            <th scope="col">Notas</th>
            {edit && <th scope="col">Acciones</th>}
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr data-key={e.id}>
              <td class="nowrap">{formatDate(e.date)}</td>
              <td>{e.kindLabel}</td>
              <td>
                <Figures e={e} />
              </td>
              <td>{formatCount(e.countedReach)}</td>
              <td>{e.pieceId ? <a href={`/piezas/${e.pieceId}/metricas`}>{e.pieceTitle ?? 'Pieza'}</a> : '—'}</td>
              <td>
                <Evidence e={e} />
              </td>
              <td class="notes-cell">
                {e.notes ?? ''}
                {e.createdByName && <span class="muted small"> Registró: {e.createdByName}.</span>}
              </td>
              {edit && (
                <td>
                  <div class="row-actions">
                    <a href={`#corregir-${e.id}`} class="small">
                      Corregir<span class="visually-hidden"> el registro del {formatDate(e.date)}</span>
                    </a>
                    <form method="post" action={`/actividades/${edit.activityId}/metricas/registros/${e.id}/eliminar#registros`}>
                      <CsrfField />
                      <button type="submit" class="small danger" aria-label={`Eliminar el registro del ${formatDate(e.date)} (${e.kindLabel})`}>
                        Eliminar
                      </button>
                    </form>
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
      {edit && (
        <div class="entry-edits">
          {entries.map((e) => (
            <details class="entry-edit" open={edit.form?.entryId === e.id ? true : undefined}>
              <summary>
                Corregir el registro del {formatDate(e.date)} ({e.kindLabel})
              </summary>
              <EntryForm
                id={`corregir-${e.id}`}
                action={`/actividades/${edit.activityId}/metricas/registros/${e.id}#corregir-${e.id}`}
                pieces={edit.pieces}
                media={edit.media}
                entry={e}
                state={edit.form?.entryId === e.id ? edit.form : undefined}
                submit="Guardar la corrección"
              />
            </details>
          ))}
        </div>
      )}
    </>
  );
}

/** The form of a manual entry: new, or correcting `entry`; after a refused save, `state` brings back what was typed. */
function EntryForm({
  id,
  action,
  pieces,
  media,
  entry,
  state,
  submit,
}: {
  id?: string;
  action: string;
  pieces: { id: string; title: string }[];
  media: MediaChoice[];
  entry?: ManualEntryView;
  state?: EntryFormState;
  submit: string;
}) {
  const fromEntry = (k: keyof ManualEntryView) => {
    const v = entry?.[k];
    return v === null || v === undefined ? '' : String(v);
  };
  const value = (k: string) => (state ? (state.values[k] ?? '') : fromEntry(k as keyof ManualEntryView));
  const errorOf = (...fields: string[]) => state?.errors.find((e) => fields.includes(e.field))?.message;
  const invalid = (...fields: string[]) => (errorOf(...fields) ? 'true' : undefined);
  const idp = entry ? `e-${entry.id}-` : 'nuevo-';
  return (
    <form method="post" action={action} class="grid-form entry-form" id={id} novalidate>
      <CsrfField />
      {state && state.errors.length > 0 && (
        <div class="error wide" role="alert">
          <p>No se guardó el registro:</p>
          <ul>
            {state.errors.map((e) => (
              <li>{e.message}</li>
            ))}
          </ul>
        </div>
      )}
      <label>
        Tipo
        <select name="kind" required aria-invalid={invalid('kind')}>
          {manualKinds.map((k) => (
            <option value={k} selected={value('kind') === k}>
              {manualKindLabels[k]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Fecha <input type="date" name="date" required value={value('date')} aria-invalid={invalid('date')} />
      </label>
      <label>
        Alcance (personas) <input type="number" name="reach" min="0" step="1" inputmode="numeric" value={value('reach')} aria-invalid={invalid('reach', 'figures')} />
      </label>
      <label>
        Audiencia estimada <input type="number" name="audience" min="0" step="1" inputmode="numeric" value={value('audience')} aria-invalid={invalid('audience', 'figures')} />
      </label>
      <label>
        Asistentes <input type="number" name="attendance" min="0" step="1" inputmode="numeric" value={value('attendance')} aria-invalid={invalid('attendance', 'figures')} />
      </label>
      <label>
        Pieza (opcional)
        <select name="pieceId" aria-invalid={invalid('pieceId')}>
          <option value="">Ninguna en particular</option>
          {pieces.map((p) => (
            <option value={p.id} selected={value('pieceId') === p.id}>
              {p.title}
            </option>
          ))}
        </select>
      </label>
      <fieldset class="wide evidence-fields">
        <legend>Evidencia (un archivo, un enlace o ambos)</legend>
        <label>
          Archivo de la biblioteca de medios
          <select name="evidenceMediaId" id={`${idp}evidenceMediaId`} aria-invalid={invalid('evidenceMediaId', 'evidence')}>
            <option value="">Ninguno</option>
            {media.map((m) => (
              <option value={m.id} selected={value('evidenceMediaId') === m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Enlace <input type="url" name="evidenceUrl" placeholder="https://" maxlength={2000} value={value('evidenceUrl')} aria-invalid={invalid('evidenceUrl', 'evidence')} />
        </label>
        <p class="muted small">
          Suba la foto, el audio o la planilla de asistencia en <a href="/medios">Medios</a> y elíjala aquí.
        </p>
      </fieldset>
      <label class="wide">
        Notas <textarea name="notes" rows={2} maxlength={2000} aria-invalid={invalid('notes')}>{value('notes')}</textarea>
      </label>
      <div class="wide">
        <button type="submit">{submit}</button>
      </div>
    </form>
  );
}
