import { activityStatusLabel } from '../i18n/es.js';
import { daysBetween } from '../lib/dates.js';
import type { DerivedPreview } from '../plan/derive-dates.js';
import { addDays, hasOffsets, MAX_OFFSET_DAYS, type Offsets as ActivityOffsets } from '../plan/derive-dates.js';
import type { getPlanTree } from '../plan/plan-tree.js';
import { daysText, formatDate, formatDateTime } from './format.js';
import { ErrorNote, Layout } from './layout.js';
import { CsrfField, useCan } from './page.js';
import { LateBadge } from './plan-pages.js';

type PlanTree = Awaited<ReturnType<typeof getPlanTree>>;
type TreeActivity = PlanTree['subcomponents'][number]['activities'][number];

/**
 * The plan's schedule follow-up (/planes/:id/cronograma): a Gantt chart drawn on the server
 * (one SVG per row, whole pixels per day, no library) with the planned bar above the actual
 * one, today's line and the hearing's, late activities marked; the same data as a table for
 * screen readers; and the activities' days relative to the hearing, from which the planned
 * dates can be calculated.
 */

export type Bar = { start: string; end: string; x: number; width: number; open: boolean };
export type GanttRow = {
  activity: TreeActivity;
  label: string;
  planned: Bar | null;
  actual: Bar | null;
};
export type GanttModel = {
  axis: { start: string; end: string; days: number; pxPerDay: number; width: number };
  months: { day: string; x: number; label: string }[];
  today: { day: string; x: number } | null;
  hearing: { day: string; x: number } | null;
  groups: { id: string; name: string; position: number; rows: GanttRow[] }[];
};

const firstOfMonth = (day: string) => `${day.slice(0, 7)}-01`;
function lastOfMonth(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
const monthLabel = (day: string) =>
  new Intl.DateTimeFormat('es-CO', { timeZone: 'UTC', month: 'short', year: 'numeric' }).format(new Date(`${day}T00:00:00Z`)).replace('.', '');

/**
 * The chart's geometry (pure): the axis covers every date shown, whole months, with a few
 * pixels per day (more when the plan is short); each bar runs from the start of its first day
 * to the end of its last. An actual bar without an end runs to today (`open`).
 */
export function ganttChart(tree: Pick<PlanTree, 'subcomponents' | 'today'>, hearingDay: string | null): GanttModel {
  const today = tree.today;
  const activities = tree.subcomponents.flatMap((s) => s.activities);
  const dates = activities.flatMap((a) => [a.plannedStart, a.plannedEnd, a.actualStart, a.actualEnd]).filter((d): d is string => d !== null);
  const all = [...dates, today, ...(hearingDay ? [hearingDay] : [])].sort();
  const start = dates.length ? firstOfMonth(addDays(all[0]!, -7)) : firstOfMonth(addDays(today, -15));
  const end = dates.length ? lastOfMonth(addDays(all[all.length - 1]!, 7)) : lastOfMonth(addDays(today, 45));
  const days = daysBetween(start, end) + 1;
  const pxPerDay = Math.max(2, Math.min(24, Math.round(1000 / days)));
  const xOf = (day: string) => daysBetween(start, day) * pxPerDay;
  const bar = (from: string, to: string, open: boolean): Bar => {
    const [a, b] = from <= to ? [from, to] : [to, from];
    return { start: a, end: b, x: xOf(a), width: (daysBetween(a, b) + 1) * pxPerDay, open };
  };
  const months: GanttModel['months'] = [];
  for (let d = start; d <= end; d = addDays(lastOfMonth(d), 1)) months.push({ day: d, x: xOf(d), label: monthLabel(d) });
  return {
    axis: { start, end, days, pxPerDay, width: days * pxPerDay },
    months,
    today: today >= start && today <= end ? { day: today, x: xOf(today) } : null,
    hearing: hearingDay && hearingDay >= start && hearingDay <= end ? { day: hearingDay, x: xOf(hearingDay) } : null,
    groups: tree.subcomponents.map((s) => ({
      id: s.id,
      name: s.name,
      position: s.position,
      rows: s.activities.map((a) => {
        const plannedFrom = a.plannedStart ?? a.plannedEnd;
        const plannedTo = a.plannedEnd ?? a.plannedStart;
        const actualFrom = a.actualStart ?? a.actualEnd;
        const actualTo = a.actualEnd ?? (actualFrom && a.status !== 'done' && a.status !== 'cancelled' && today > actualFrom ? today : actualFrom);
        return {
          activity: a,
          label: `${s.position}.${a.position} ${a.description}`,
          planned: plannedFrom && plannedTo ? bar(plannedFrom, plannedTo, false) : null,
          actual: actualFrom && actualTo ? bar(actualFrom, actualTo, a.actualEnd === null) : null,
        };
      }),
    })),
  };
}

/** "30 días antes", "el día de la audiencia", "1 día después". */
export function offsetText(n: number | null): string {
  if (n === null) return '—';
  if (n === 0) return 'el día de la audiencia';
  return `${daysText(Math.abs(n))} ${n < 0 ? 'antes' : 'después'}`;
}

export type Offsets = Map<string, ActivityOffsets>;

export type GanttPageProps = {
  plan: PlanTree;
  chart: GanttModel;
  hearing: { id: string; title: string; startsAt: string; day: string } | null;
  offsets: Offsets;
  timeZone: string;
  /** Offsets typed in a refused form, to show them again, or proposed ones to review. */
  typed?: Record<string, string>;
  /** Activities whose values in `typed` are proposals (src/plan/suggested-offsets.ts), not saved yet. */
  suggested?: Set<string>;
  error?: string;
  notice?: string;
};

const ROW_H = 40;

export function GanttPage({ plan, chart, hearing, offsets, timeZone, typed, suggested, error, notice }: GanttPageProps) {
  const canWrite = useCan('plan:write');
  const late = plan.subcomponents
    .flatMap((s) => s.activities.map((a) => ({ a, position: `${s.position}.${a.position}` })))
    .filter(({ a }) => a.lateness.late)
    .sort((x, y) => (y.a.lateness.late ? y.a.lateness.daysLate : 0) - (x.a.lateness.late ? x.a.lateness.daysLate : 0));
  return (
    <Layout title={`Cronograma · ${plan.title}`} active="plan" scripts={['/public/js/gantt.js']}>
      <p class="crumbs">
        <a href="/planes">Planes de acción</a> › <a href={`/planes/${plan.id}`}>{plan.title}</a> › Cronograma
      </p>
      <h1>Cronograma</h1>
      <ErrorNote message={error} />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}

      <section aria-labelledby="atrasos" class={late.length ? 'late-alerts' : 'late-alerts none'}>
        <h2 id="atrasos">
          Actividades atrasadas <span class={late.length ? 'badge late' : 'badge'}>{late.length}</span>
        </h2>
        {late.length === 0 ? (
          <p class="muted">Ninguna actividad va atrasada hoy ({formatDate(plan.today)}).</p>
        ) : (
          <ul class="late-list">
            {late.map(({ a, position }) => (
              <li data-activity-id={a.id}>
                <a href={`/actividades/${a.id}`}>
                  {position} {a.description}
                </a>{' '}
                <LateBadge a={a} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <p class="gantt-legend muted small">
        <span class="legend-swatch planned" aria-hidden="true" /> Programada <span class="legend-swatch actual" aria-hidden="true" /> Real{' '}
        <span class="legend-swatch late" aria-hidden="true" /> Atrasada <span class="legend-line today" aria-hidden="true" /> Hoy ({formatDate(plan.today)})
        {hearing && (
          <>
            {' '}
            <span class="legend-line hearing" aria-hidden="true" /> Audiencia ({formatDateTime(hearing.startsAt, timeZone)})
          </>
        )}
      </p>
      <GanttChart chart={chart} />

      <section aria-labelledby="tabla">
        <h2 id="tabla">Cronograma en tabla</h2>
        <ScheduleTable plan={plan} offsets={offsets} />
      </section>

      <section aria-labelledby="desde-audiencia">
        <h2 id="desde-audiencia">Fechas desde la audiencia</h2>
        {hearing ? (
          <p>
            La audiencia pública es el <strong>{formatDate(hearing.day)}</strong> (<a href={`/audiencia?plan=${plan.id}`}>{hearing.title}</a>). Indique para cada actividad cuántos días antes
            (número negativo) o después de la audiencia empieza y termina; «Calcular» fija sus fechas programadas, después de una vista previa.
          </p>
        ) : (
          <p class="warnings">
            El plan aún no tiene audiencia pública: <a href={`/audiencia?plan=${plan.id}`}>prográmela</a> para calcular fechas desde ella. Puede indicar los días desde ya.
          </p>
        )}
        {canWrite && <OffsetsForm plan={plan} offsets={offsets} typed={typed} suggested={suggested} hasHearing={!!hearing} />}
      </section>
    </Layout>
  );
}

/** The chart, drawn for the eye; the table below carries the same information for screen readers. */
function GanttChart({ chart }: { chart: GanttModel }) {
  const { axis } = chart;
  const lines = (height: number) => (
    <>
      {chart.months.map((m) => (
        <line class="gantt-month" x1={m.x} x2={m.x} y1={0} y2={height} />
      ))}
      {chart.hearing && <line class="gantt-hearing" x1={chart.hearing.x + axis.pxPerDay / 2} x2={chart.hearing.x + axis.pxPerDay / 2} y1={0} y2={height} />}
      {chart.today && <line class="gantt-today" x1={chart.today.x + axis.pxPerDay / 2} x2={chart.today.x + axis.pxPerDay / 2} y1={0} y2={height} />}
    </>
  );
  return (
    <div
      class="gantt-frame"
      role="img"
      tabindex={0}
      aria-label="Diagrama de Gantt del cronograma (desplácelo a los lados). La misma información está en la tabla «Cronograma en tabla»."
      data-axis-start={axis.start}
      data-axis-end={axis.end}
      data-px-per-day={String(axis.pxPerDay)}
      data-today-x={chart.today ? String(chart.today.x) : undefined}
    >
      <div class="gantt-row gantt-head">
        <div class="gantt-label">Actividad</div>
        <svg class="gantt-track" width={axis.width} height={28} viewBox={`0 0 ${axis.width} 28`}>
          {lines(28)}
          {chart.months.map((m) => (
            <text x={m.x + 4} y={12} class="gantt-month-label">
              {m.label}
            </text>
          ))}
          {chart.today && (
            <text x={chart.today.x + axis.pxPerDay / 2 + 3} y={25} class="gantt-today-label">
              Hoy
            </text>
          )}
          {chart.hearing && (
            <text x={chart.hearing.x + axis.pxPerDay / 2 + 3} y={25} class="gantt-hearing-label">
              Audiencia
            </text>
          )}
        </svg>
      </div>
      {chart.groups.map((g) => (
        <>
          <div class="gantt-group">
            {g.position}. {g.name}
          </div>
          {g.rows.map((r) => (
            <div class={r.activity.lateness.late ? 'gantt-row is-late' : 'gantt-row'} data-activity-id={r.activity.id}>
              <div class="gantt-label" title={r.label}>
                <span class="gantt-name">{r.label}</span>
                {r.activity.lateness.late && <LateBadge a={r.activity} />}
                {!r.planned && !r.actual && <span class="muted small">Sin fechas</span>}
              </div>
              <svg class="gantt-track" width={axis.width} height={ROW_H} viewBox={`0 0 ${axis.width} ${ROW_H}`}>
                {lines(ROW_H)}
                {r.planned && (
                  <rect
                    class={r.activity.lateness.late ? 'gantt-planned late' : 'gantt-planned'}
                    data-kind="planned"
                    data-start={r.planned.start}
                    data-end={r.planned.end}
                    x={r.planned.x}
                    y={8}
                    width={r.planned.width}
                    height={11}
                    rx={2}
                  />
                )}
                {r.actual && (
                  <rect
                    class={r.actual.open ? 'gantt-actual open' : 'gantt-actual'}
                    data-kind="actual"
                    data-start={r.actual.start}
                    data-end={r.actual.end}
                    x={r.actual.x}
                    y={22}
                    width={r.actual.width}
                    height={11}
                    rx={2}
                  />
                )}
              </svg>
            </div>
          ))}
        </>
      ))}
    </div>
  );
}

function range(start: string | null, end: string | null, none: string): string {
  if (!start && !end) return none;
  return `${formatDate(start)} – ${formatDate(end)}`;
}

function ScheduleTable({ plan, offsets }: { plan: PlanTree; offsets: Offsets }) {
  return (
    <div class="table-wrap">
      <table class="gantt-table">
        <caption class="visually-hidden">Actividades del plan por subcomponente: fechas programadas y reales, estado, atraso y días respecto a la audiencia</caption>
        <thead>
          <tr>
            <th scope="col">Actividad</th>
            <th scope="col">Programada</th>
            <th scope="col">Real</th>
            <th scope="col">Estado</th>
            <th scope="col">Atraso</th>
            <th scope="col">Respecto a la audiencia</th>
          </tr>
        </thead>
        {plan.subcomponents.map((s) => (
          <tbody>
            <tr class="group-row">
              <th scope="rowgroup" colspan={6}>
                {s.position}. {s.name}
              </th>
            </tr>
            {s.activities.map((a) => {
              const o = offsets.get(a.id);
              return (
                <tr class={a.lateness.late ? 'is-late' : ''} data-activity-id={a.id}>
                  <th scope="row">
                    <a href={`/actividades/${a.id}`}>
                      {s.position}.{a.position} {a.description}
                    </a>
                  </th>
                  <td>{range(a.plannedStart, a.plannedEnd, 'Sin fechas')}</td>
                  <td>{a.actualStart && !a.actualEnd ? `Desde el ${formatDate(a.actualStart)} (sin terminar)` : range(a.actualStart, a.actualEnd, 'Sin registrar')}</td>
                  <td>{activityStatusLabel[a.status]}</td>
                  <td>{a.lateness.late ? <LateBadge a={a} /> : 'Al día'}</td>
                  <td>{hasOffsets(o) ? `${offsetText(o.startDays)} – ${offsetText(o.endDays)}` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        ))}
      </table>
    </div>
  );
}

type OffsetsFormProps = { plan: PlanTree; offsets: Offsets; typed?: Record<string, string>; suggested?: Set<string>; hasHearing: boolean };

function OffsetsForm({ plan, offsets, typed, suggested, hasHearing }: OffsetsFormProps) {
  const withoutDays = plan.subcomponents.some((s) => s.activities.some((a) => !hasOffsets(offsets.get(a.id))));
  const value = (key: string, saved: number | null | undefined) => (typed && key in typed ? typed[key] : saved === null || saved === undefined ? '' : String(saved));
  return (
    <>
      <form method="post" action={`/planes/${plan.id}/cronograma/desfases`} class="offsets-form">
        <CsrfField />
        <div class="table-wrap">
          <table class="offsets-table">
            <thead>
              <tr>
                <th scope="col">Actividad</th>
                <th scope="col">Empieza (días)</th>
                <th scope="col">Termina (días)</th>
              </tr>
            </thead>
            <tbody>
              {plan.subcomponents.flatMap((s) =>
                s.activities.map((a) => {
                  const o = offsets.get(a.id);
                  const name = `${s.position}.${a.position} ${a.description}`;
                  return (
                    <tr class={suggested?.has(a.id) ? 'suggested' : undefined}>
                      <th scope="row" id={`off-${a.id}`}>
                        {name}
                        {suggested?.has(a.id) && <span class="badge suggested-badge">Propuesto</span>}
                      </th>
                      <td>
                        <input
                          type="number"
                          name={`start.${a.id}`}
                          min={-MAX_OFFSET_DAYS}
                          max={MAX_OFFSET_DAYS}
                          step={1}
                          value={value(`start.${a.id}`, o?.startDays)}
                          aria-label={`Días desde la audiencia al inicio de ${s.position}.${a.position}`}
                        />
                      </td>
                      <td>
                        <input
                          type="number"
                          name={`end.${a.id}`}
                          min={-MAX_OFFSET_DAYS}
                          max={MAX_OFFSET_DAYS}
                          step={1}
                          value={value(`end.${a.id}`, o?.endDays)}
                          aria-label={`Días desde la audiencia al fin de ${s.position}.${a.position}`}
                        />
                      </td>
                    </tr>
                  );
                }),
              )}
            </tbody>
          </table>
        </div>
        <p class="muted small">Negativo: antes de la audiencia (−30 = 30 días antes); 0: el día de la audiencia; vacío: la fecha no depende de la audiencia.</p>
        {withoutDays && !suggested && (
          <p class="muted small">
            «Proponer los días habituales» llena las actividades sin días con los de una rendición de cuentas típica (por ejemplo, el informe de gestión listo 30 días antes de la
            audiencia y las respuestas a la ciudadanía dentro del plazo del plan), para revisarlos antes de guardar.
          </p>
        )}
        <div class="button-row">
          <button type="submit">Guardar los días</button>
          {withoutDays && !suggested && (
            <a class="button secondary" href={`/planes/${plan.id}/cronograma?proponer=1#desde-audiencia`}>
              Proponer los días habituales
            </a>
          )}
          {hasHearing && (
            <a class="button secondary" href={`/planes/${plan.id}/cronograma/calcular`}>
              Calcular fechas desde la audiencia
            </a>
          )}
        </div>
      </form>
    </>
  );
}

/** The preview of "Calcular fechas desde la audiencia", with the button that applies it. */
export function DerivedDatesPage({ preview, timeZone, error }: { preview: DerivedPreview; timeZone: string; error?: string }) {
  const canWrite = useCan('plan:write');
  const changed = preview.rows.filter((r) => r.changed);
  const broken = preview.rows.filter((r) => r.problem);
  return (
    <Layout title={`Fechas desde la audiencia · ${preview.plan.title}`} active="plan">
      <p class="crumbs">
        <a href={`/planes/${preview.plan.id}`}>{preview.plan.title}</a> › <a href={`/planes/${preview.plan.id}/cronograma`}>Cronograma</a> › Fechas desde la audiencia
      </p>
      <h1>Calcular fechas desde la audiencia</h1>
      <ErrorNote message={error} />
      <p>
        Audiencia: <strong>{preview.hearing.title}</strong>, {formatDateTime(preview.hearing.startsAt, timeZone)} (día {formatDate(preview.hearing.day)}).
      </p>
      {preview.rows.length === 0 ? (
        <p class="warnings">
          Ninguna actividad tiene días relativos a la audiencia. Indíquelos en el <a href={`/planes/${preview.plan.id}/cronograma#desde-audiencia`}>cronograma</a>.
        </p>
      ) : (
        <>
          <div class="table-wrap">
            <table class="derived-table">
              <thead>
                <tr>
                  <th scope="col">Actividad</th>
                  <th scope="col">Días (inicio – fin)</th>
                  <th scope="col">Fechas actuales</th>
                  <th scope="col">Fechas calculadas</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr class={r.problem ? 'is-late' : r.changed ? 'is-changed' : ''} data-activity-id={r.activityId}>
                    <th scope="row">
                      {r.position} {r.description}
                    </th>
                    <td>
                      {offsetText(r.offsets.startDays)} – {offsetText(r.offsets.endDays)}
                    </td>
                    <td>{range(r.current.plannedStart, r.current.plannedEnd, 'Sin fechas')}</td>
                    <td>
                      {range(r.next.plannedStart, r.next.plannedEnd, 'Sin fechas')}
                      {!r.changed && <span class="muted small"> (sin cambio)</span>}
                      {r.problem && <p class="error small">{r.problem}</p>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {canWrite && broken.length === 0 && changed.length > 0 && (
            <form method="post" action={`/planes/${preview.plan.id}/cronograma/calcular`} class="actions">
              <CsrfField />
              <button type="submit">Aplicar a {changed.length === 1 ? '1 actividad' : `${changed.length} actividades`}</button>
              <a href={`/planes/${preview.plan.id}/cronograma`}>Cancelar</a>
            </form>
          )}
          {changed.length === 0 && broken.length === 0 && <p class="muted">Las fechas programadas ya coinciden con la audiencia: no hay nada que cambiar.</p>}
        </>
      )}
    </Layout>
  );
}
