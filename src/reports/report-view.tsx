import type { Child } from 'hono/jsx';
import { Chart, type ChartSpec } from '../web/metrics-pages.js';
import type { ChannelKey } from '../metrics/rollup-types.js';
import type { Report, SurveyQuestionResult, SurveyResult } from './report-types.js';
import {
  channelName,
  cutOffText,
  deadlineText,
  evaluationEmpty,
  fmt,
  purposeLabel,
  questionFigures,
  scheduleColumns,
  sectionNotes,
  sectionOrder,
  sectionTitles,
  surveyDates,
  type SectionKey,
} from './report-text.js';

/**
 * The report's content as HTML, shared by the staff page (/planes/:id/informe) and the public
 * one (/participa/informe): the same sections, tables and charts. Charts are the metrics pages'
 * canvases (Chart.js through /public/js/metrics-charts.js, data in a JSON block), each with
 * its figures in the table beside it and in its aria-label. `audience: 'staff'` adds the late
 * activities and the pieces still in the works, and links to the staff pages.
 */

export const reportScripts = ['/public/vendor/chart.umd.min.js', '/public/js/metrics-charts.js'];

export const sectionIds: Record<SectionKey, string> = {
  schedule: 'cronograma',
  pieces: 'piezas',
  reach: 'alcance',
  surveys: 'encuestas',
  questions: 'preguntas',
  evaluation: 'evaluacion',
};

type Audience = 'staff' | 'public';
type Props = { report: Report; audience: Audience };

function Section({ k, n, children }: { k: SectionKey; n: number; children: Child }) {
  const id = sectionIds[k];
  return (
    <section class="report-section" aria-labelledby={id}>
      <h2 id={id}>
        {n}. {sectionTitles[k]}
      </h2>
      <p class="report-note">{sectionNotes[k]}</p>
      {children}
    </section>
  );
}

function Table({ head, rows, caption, total }: { head: string[]; rows: (string | Child)[][]; caption?: string; total?: boolean }) {
  return (
    <div class="table-wrap">
      <table class="numbers report-table">
        {caption && <caption class="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, r) => (
            <tr class={total && r === rows.length - 1 ? 'report-total' : undefined}>
              <th scope="row">{cells[0]}</th>
              {cells.slice(1).map((c) => (
                <td>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Figure({ caption, children }: { caption: string; children: Child }) {
  return (
    <figure class="report-figure">
      <figcaption>{caption}</figcaption>
      {children}
    </figure>
  );
}

export function ReportSummary({ report }: { report: Report }) {
  const s = report.schedule.total;
  const cards = [
    { key: 'completed', value: fmt.count(s.completed), label: `de ${fmt.count(s.activities)} actividades cumplidas` },
    { key: 'published', value: fmt.count(report.pieces.totals.published), label: 'piezas publicadas' },
    { key: 'reach', value: fmt.count(report.reach.totals.reach), label: 'personas alcanzadas (alcance)' },
    { key: 'answers', value: fmt.count(report.questions.published), label: `de ${fmt.count(report.questions.received)} preguntas con respuesta publicada` },
  ];
  return (
    <div class="report-cards">
      {cards.map((c) => (
        <div class="report-card" data-figure={c.key}>
          <strong>{c.value}</strong>
          <span>{c.label}</span>
        </div>
      ))}
    </div>
  );
}

export function ReportBody({ report, audience }: Props) {
  return (
    <div class="report">
      <p class="report-cutoff">{cutOffText(report)}</p>
      <ReportSummary report={report} />
      <nav class="report-toc" aria-label="Secciones del informe">
        <ol>
          {sectionOrder.map((k) => (
            <li>
              <a href={`#${sectionIds[k]}`}>{sectionTitles[k]}</a>
            </li>
          ))}
        </ol>
      </nav>
      <ScheduleSection report={report} audience={audience} />
      <PiecesSection report={report} audience={audience} />
      <ReachSection report={report} audience={audience} />
      <SurveysSection report={report} audience={audience} />
      <QuestionsSection report={report} audience={audience} />
      <EvaluationSection report={report} audience={audience} />
    </div>
  );
}

// ---------------------------------------------------------------- sections

const n = (k: SectionKey) => sectionOrder.indexOf(k) + 1;

function ScheduleSection({ report, audience }: Props) {
  const { bySubcomponent, total } = report.schedule;
  const labels = bySubcomponent.map((r) => r.name);
  // Horizontal bars: the subcomponents' names stay readable on a phone.
  const spec: ChartSpec = {
    type: 'bar',
    horizontal: true,
    labels,
    format: 'percent',
    suggestedMax: 100,
    datasets: [
      { label: 'Actividades cumplidas (%)', data: bySubcomponent.map((r) => r.completedPercent ?? 0) },
      { label: 'Avance promedio (%)', data: bySubcomponent.map((r) => r.averageProgress), color: '#1e6b33' },
    ],
  };
  const late = report.lateActivities;
  return (
    <Section k="schedule" n={n('schedule')}>
      <Chart
        id="chart-informe-cronograma"
        spec={spec}
        label={`Actividades cumplidas y avance promedio por subcomponente: ${bySubcomponent.map((r) => `${r.name}: ${fmt.percent(r.completedPercent)} cumplidas, avance ${r.averageProgress} %`).join('; ')}.`}
      />
      <Table
        caption="Cumplimiento del cronograma por subcomponente"
        head={['Subcomponente', ...scheduleColumns.map((c) => c.label)]}
        rows={[...bySubcomponent, total].map((r) => [r.name, ...scheduleColumns.map((c) => c.value(r))])}
        total
      />
      {total.cancelled > 0 && <p class="report-note">{`${fmt.count(total.cancelled)} ${total.cancelled === 1 ? 'actividad cancelada no se cuenta' : 'actividades canceladas no se cuentan'}.`}</p>}
      {audience === 'staff' && late && (
        <div class="report-staff">
          <h3>Actividades atrasadas hoy</h3>
          {late.length === 0 ? (
            <p class="report-note">Ninguna actividad está atrasada.</p>
          ) : (
            <Table
              head={['Actividad', 'Subcomponente', 'Fecha final programada', 'Atraso']}
              rows={late.map((a) => [
                <a href={`/actividades/${a.activityId}`}>{a.description}</a>,
                a.subcomponent,
                fmt.date(a.plannedEnd),
                `${fmt.count(a.daysLate)} ${a.daysLate === 1 ? 'día' : 'días'}${a.reason === 'not_started' ? ' sin iniciar' : ''}`,
              ])}
            />
          )}
        </div>
      )}
    </Section>
  );
}

function PiecesSection({ report, audience }: Props) {
  const p = report.pieces;
  const channels = p.channels;
  const stacked: ChartSpec = {
    type: 'bar',
    horizontal: true,
    stacked: true,
    labels: p.byKind.map((r) => r.label),
    datasets: channels.map((c) => ({ label: channelName(c), data: p.byKind.map((r) => r.publicationsByChannel[c]) })),
  };
  const rows = p.byKind.map((r) => [r.label, fmt.count(r.produced), fmt.count(r.published), ...channels.map((c) => fmt.count(r.publicationsByChannel[c]))]);
  rows.push(['Total', fmt.count(p.totals.produced), fmt.count(p.totals.published), ...channels.map((c) => fmt.count(p.totals.publicationsByChannel[c]))]);
  return (
    <Section k="pieces" n={n('pieces')}>
      {p.byKind.length === 0 ? (
        <p class="report-empty">Todavía no hay piezas producidas.</p>
      ) : (
        <>
          {channels.length > 0 && (
            <Figure caption="Publicaciones por tipo de pieza y canal">
              <Chart
                id="chart-informe-piezas"
                spec={stacked}
                label={`Publicaciones por tipo de pieza y canal: ${p.byKind.map((r) => `${r.label}: ${channels.map((c) => `${channelName(c)} ${r.publicationsByChannel[c]}`).join(', ')}`).join('; ')}.`}
              />
            </Figure>
          )}
          <p class="report-note">Columnas de cada canal: publicaciones hechas en él.</p>
          <Table caption="Piezas por tipo y publicaciones por canal" head={['Tipo de pieza', 'Producidas', 'Publicadas', ...channels.map(channelName)]} rows={rows} total />
        </>
      )}
      {audience === 'staff' && report.piecesInProgress && report.piecesInProgress.length > 0 && (
        <p class="report-staff report-note">
          En elaboración (borrador o en revisión, no cuentan como producidas): {report.piecesInProgress.map((k) => `${k.label} ${fmt.count(k.count)}`).join(', ')}.
        </p>
      )}
    </Section>
  );
}

function ReachSection({ report }: Props) {
  const r = report.reach;
  const channels = r.channels;
  const matrixSpec = (metric: 'reach' | 'interactions'): ChartSpec => ({
    type: 'bar',
    horizontal: true,
    stacked: true,
    labels: r.bySubcomponent.map((s) => s.name),
    datasets: channels.map((k) => ({ label: channelName(k), data: r.bySubcomponent.map((s) => s.byChannel[k]?.[metric] ?? 0) })),
  });
  const matrixLabel = (metric: 'reach' | 'interactions', what: string) =>
    `${what} por subcomponente y canal: ${r.bySubcomponent.map((s) => `${s.name}: ${fmt.count(s[metric])} (${channels.map((k) => `${channelName(k)} ${fmt.count(s.byChannel[k]?.[metric] ?? 0)}`).join(', ')})`).join('; ')}.`;
  const matrixRows = (metric: 'reach' | 'interactions') => {
    const rows: string[][] = r.bySubcomponent.map((s) => [s.name, ...channels.map((k: ChannelKey) => fmt.count(s.byChannel[k]?.[metric] ?? 0)), fmt.count(s[metric])]);
    rows.push(['Total', ...channels.map((k) => fmt.count(r.byChannel.find((c) => c.key === k)?.[metric] ?? 0)), fmt.count(r.totals[metric])]);
    return rows;
  };
  return (
    <Section k="reach" n={n('reach')}>
      <div class="report-cards">
        <div class="report-card" data-figure="reach-total">
          <strong>{fmt.count(r.totals.reach)}</strong>
          <span>alcance{r.totals.manualReach > 0 ? ` (${fmt.count(r.totals.manualReach)} fuera de línea)` : ''}</span>
        </div>
        <div class="report-card" data-figure="interactions-total">
          <strong>{fmt.count(r.totals.interactions)}</strong>
          <span>interacciones</span>
        </div>
        <div class="report-card" data-figure="engagement-rate">
          <strong>{fmt.rate(r.totals.engagementRate)}</strong>
          <span>tasa de interacción en las redes</span>
        </div>
        <div class="report-card" data-figure="publications">
          <strong>{fmt.count(r.totals.publications)}</strong>
          <span>publicaciones</span>
        </div>
      </div>
      {channels.length === 0 ? (
        <p class="report-empty">Todavía no hay cifras de alcance: aparecen cuando se toman las primeras muestras de las publicaciones o se registran cifras a mano.</p>
      ) : (
        <>
          <div class="chart-pair">
            <Figure caption="Alcance por subcomponente y canal">
              <Chart id="chart-informe-alcance" spec={matrixSpec('reach')} label={matrixLabel('reach', 'Alcance')} />
            </Figure>
            <Figure caption="Interacciones por subcomponente y canal">
              <Chart id="chart-informe-interacciones" spec={matrixSpec('interactions')} label={matrixLabel('interactions', 'Interacciones')} />
            </Figure>
          </div>
          <h3>Alcance por subcomponente y canal</h3>
          <Table caption="Alcance por subcomponente y canal" head={['Subcomponente', ...channels.map(channelName), 'Total']} rows={matrixRows('reach')} total />
          <h3>Interacciones por subcomponente y canal</h3>
          <Table caption="Interacciones por subcomponente y canal" head={['Subcomponente', ...channels.map(channelName), 'Total']} rows={matrixRows('interactions')} total />
        </>
      )}
    </Section>
  );
}

function SurveysSection({ report }: Props) {
  return (
    <Section k="surveys" n={n('surveys')}>
      {report.surveys.length === 0 ? <p class="report-empty">No hay encuestas publicadas.</p> : report.surveys.map((s, i) => <SurveyBlock survey={s} index={i} timeZone={report.timeZone} />)}
    </Section>
  );
}

function SurveyBlock({ survey: s, index, timeZone }: { survey: SurveyResult; index: number; timeZone: string }) {
  return (
    <article class="report-survey" aria-labelledby={`encuesta-${index}`}>
      <h3 id={`encuesta-${index}`}>{s.title}</h3>
      <p class="report-note">
        {purposeLabel[s.purpose]} · {surveyDates(s, timeZone)} · <strong>{`${fmt.count(s.responses)} ${s.responses === 1 ? 'respuesta' : 'respuestas'}`}</strong>
        {s.open ? ' · abierta' : ''}
      </p>
      {s.questions.map((q) => (
        <QuestionResult q={q} id={`chart-informe-encuesta-${index}-${q.position}`} />
      ))}
    </article>
  );
}

function QuestionResult({ q, id }: { q: SurveyQuestionResult; id: string }) {
  const answers = `${fmt.count(q.answers)} ${q.answers === 1 ? 'respuesta' : 'respuestas'}`;
  const title = `${q.position}. ${q.prompt}`;
  if (q.kind === 'single_choice' || q.kind === 'multiple_choice') {
    return (
      <Figure caption={`${title} (${answers})`}>
        <Chart
          id={id}
          spec={{ type: 'bar', horizontal: true, labels: q.choices.map((c) => c.label), datasets: [{ label: 'Respuestas', data: q.choices.map((c) => c.count) }] }}
          label={`${q.prompt}: ${q.choices.map((c) => `${c.label} ${c.count} (${fmt.percent(c.percent)})`).join('; ')}.`}
        />
        <Table head={['Opción', 'Respuestas', 'Porcentaje']} rows={q.choices.map((c) => [c.label, fmt.count(c.count), fmt.percent(c.percent)])} />
      </Figure>
    );
  }
  if (q.scale) {
    const sc = q.scale;
    const ends = sc.minLabel || sc.maxLabel ? ` ${sc.min} = ${sc.minLabel ?? sc.min}; ${sc.max} = ${sc.maxLabel ?? sc.max}.` : '';
    return (
      <Figure caption={`${title} (${answers})`}>
        <p class="report-mean">
          Promedio: <strong>{fmt.mean(sc.mean)}</strong> de {sc.max}.{ends}
        </p>
        <Chart
          id={id}
          spec={{ type: 'bar', labels: sc.distribution.map((d) => String(d.value)), datasets: [{ label: 'Respuestas', data: sc.distribution.map((d) => d.count), color: '#1e6b33' }] }}
          label={`${q.prompt}: promedio ${fmt.mean(sc.mean)}; ${sc.distribution.map((d) => `${d.value}: ${d.count}`).join(', ')}.`}
        />
      </Figure>
    );
  }
  if (q.matrix) {
    const m = q.matrix;
    return (
      <Figure caption={`${title} (${answers})`}>
        <Table head={['', ...m.columns]} rows={m.rows.map((row, i) => [row, ...m.columns.map((_, j) => fmt.count(m.counts[i]?.[j] ?? 0))])} />
      </Figure>
    );
  }
  return (
    <p class="report-text-question">
      <strong>{title}</strong> {answers} de texto libre.
    </p>
  );
}

function QuestionsSection({ report }: Props) {
  const q = report.questions;
  const figures = questionFigures(q);
  return (
    <Section k="questions" n={n('questions')}>
      <p>{deadlineText(q)}</p>
      <Chart
        id="chart-informe-preguntas"
        spec={{ type: 'bar', horizontal: true, labels: figures.slice(0, 6).map((f) => f.label), datasets: [{ label: 'Preguntas', data: figures.slice(0, 6).map((f) => f.value) }] }}
        label={`Preguntas de la ciudadanía: ${figures.map((f) => `${f.label} ${f.value}`).join('; ')}.`}
      />
      <div class="table-wrap">
        <table class="numbers report-table">
          <caption class="visually-hidden">Preguntas de la ciudadanía</caption>
          <tbody>
            {figures.map((f) => (
              <tr data-figure={f.key}>
                <th scope="row">{f.label}</th>
                <td>{fmt.count(f.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {q.publishedPercent !== null && (
        <p class="report-note">
          Respuestas publicadas: {fmt.percent(q.publishedPercent)} de las preguntas recibidas y no descartadas
          {q.onTimePercent !== null ? `; a tiempo: ${fmt.percent(q.onTimePercent)} de las publicadas` : ''}.
        </p>
      )}
    </Section>
  );
}

function EvaluationSection({ report }: Props) {
  return (
    <Section k="evaluation" n={n('evaluation')}>
      {report.evaluation.map((e) => (
        <article class="report-evaluation">
          <h3>{e.name}</h3>
          {!e.strengths && !e.weaknesses && !e.improvements ? (
            <p class="report-empty">{evaluationEmpty}</p>
          ) : (
            <dl>
              <dt>Fortalezas</dt>
              <dd>{e.strengths || '—'}</dd>
              <dt>Debilidades</dt>
              <dd>{e.weaknesses || '—'}</dd>
              <dt>Oportunidades de mejora</dt>
              <dd>{e.improvements || '—'}</dd>
            </dl>
          )}
        </article>
      ))}
    </Section>
  );
}
