import type { NewsSite } from '../website/site.js';
import { PublicLayout } from '../website/public-layout.js';
import type { ParticipaOverview } from './participa.js';
import { fmt, reportTitle } from './report-text.js';
import type { Report } from './report-types.js';
import { ReportBody, reportScripts } from './report-view.js';

/**
 * The public pages of the transparency section: /participa (the plan and its progress, the
 * hearing, the open surveys, questions and answers, the report) and /participa/informe (the
 * report without internal data). The public look of the municipal website, no account, made
 * for a 375 px phone first.
 */

function Progress({ value, label }: { value: number; label: string }) {
  return (
    <span class="participa-progress">
      <span class="participa-progress-label">Avance</span>
      <progress value={value} max={100} aria-label={label}>
        {value} %
      </progress>
      <span>{value} %</span>
    </span>
  );
}

export function ParticipaPage({ site, o }: { site: NewsSite; o: ParticipaOverview }) {
  const h = o.hearing;
  const tz = o.timeZone;
  return (
    <PublicLayout site={site} title="Participa en la rendición de cuentas" description={`Rendición de cuentas de ${site.municipality}: el plan y su avance, la audiencia pública, las encuestas, las preguntas de la ciudadanía y el informe.`} canonical={`${site.publicUrl}/participa`}>
      <div class="participa">
        <h1>Participa en la rendición de cuentas</h1>
        <p class="participa-lead">
          {o.plan.title}
          {o.plan.year ? ` · ${o.plan.year}` : ''}
        </p>
        {o.plan.objective && <p>{o.plan.objective}</p>}

        <nav class="participa-actions" aria-label="Qué puede hacer">
          {o.openSurveys[0] && (
            <a class="participa-action" href={`/participa/encuestas/${o.openSurveys[0].slug}`}>
              <strong>Responda la encuesta</strong>
              <span>{o.openSurveys[0].title}</span>
            </a>
          )}
          <a class="participa-action" href="/participa/preguntas">
            <strong>Haga su pregunta</strong>
            <span>La administración la responde públicamente.</span>
          </a>
          <a class="participa-action" href="/participa/respuestas">
            <strong>Lea las respuestas</strong>
            <span>{o.publishedAnswers === 1 ? '1 respuesta publicada' : `${fmt.count(o.publishedAnswers)} respuestas publicadas`}</span>
          </a>
          <a class="participa-action" href="/participa/informe">
            <strong>Lea el informe</strong>
            <span>Resultados del proceso, con cifras y gráficas.</span>
          </a>
        </nav>

        <section aria-labelledby="audiencia" class="participa-block">
          <h2 id="audiencia">La audiencia pública</h2>
          {!h ? (
            <p>La fecha de la audiencia pública se anunciará aquí.</p>
          ) : (
            <>
              <p class="participa-hearing-title">{h.title}</p>
              <dl class="participa-facts">
                <dt>Fecha y hora</dt>
                <dd>
                  <time datetime={h.startsAt}>{fmt.dateTime(h.startsAt, tz)}</time>
                </dd>
                {h.place && (
                  <>
                    <dt>Lugar</dt>
                    <dd>{h.place}</dd>
                  </>
                )}
              </dl>
              <HearingLink h={h} />
              {h.agenda.length > 0 && (
                <>
                  <h3>Orden del día</h3>
                  <ol class="participa-agenda">
                    {h.agenda.map((item) => (
                      <li>
                        {item.time && <span class="participa-agenda-time">{item.time}</span>} {item.text}
                      </li>
                    ))}
                  </ol>
                </>
              )}
            </>
          )}
        </section>

        <section aria-labelledby="encuestas" class="participa-block">
          <h2 id="encuestas">Encuestas abiertas</h2>
          {o.openSurveys.length === 0 ? (
            <p>No hay encuestas abiertas en este momento.</p>
          ) : (
            <ul class="participa-list">
              {o.openSurveys.map((s) => (
                <li>
                  <a href={`/participa/encuestas/${s.slug}`}>{s.title}</a>
                  {s.closesAt && <span class="muted"> · Abierta hasta el {fmt.dateTime(s.closesAt, tz)}</span>}
                  {s.description && <p class="muted">{s.description}</p>}
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="preguntas" class="participa-block">
          <h2 id="preguntas">Preguntas y respuestas</h2>
          <p>
            Envíe su pregunta a la administración en <a href="/participa/preguntas">el formulario de preguntas</a>; no necesita cuenta.{' '}
            {o.answerDeadline
              ? `Las respuestas se publican a más tardar el ${fmt.date(o.answerDeadline)} (${fmt.count(o.answerDeadlineDays)} días después de la audiencia).`
              : `Las respuestas se publican dentro de los ${fmt.count(o.answerDeadlineDays)} días siguientes a la audiencia.`}
          </p>
          <p>
            <a href="/participa/respuestas">{o.publishedAnswers === 1 ? 'Lea la respuesta publicada' : `Lea las ${fmt.count(o.publishedAnswers)} respuestas publicadas`}</a>
          </p>
        </section>

        <section aria-labelledby="avance" class="participa-block">
          <h2 id="avance">El plan y su avance</h2>
          <p>
            <strong>
              {fmt.count(o.plan.completed)} de {fmt.count(o.plan.activities)} actividades cumplidas
            </strong>
          </p>
          <Progress value={o.plan.progress} label="Avance del plan" />
          <ul class="participa-subcomponents">
            {o.subcomponents.map((s) => (
              <li>
                <h3>{s.name}</h3>
                <Progress value={s.progress} label={`Avance de ${s.name}`} />
                <p class="muted">
                  {fmt.count(s.completed)} de {fmt.count(s.activities)} actividades cumplidas
                </p>
                <details>
                  <summary>Ver las actividades</summary>
                  <ul class="participa-activities">
                    {s.items.map((a) => (
                      <li class={a.done ? 'is-done' : undefined}>
                        <span>{a.description}</span>
                        <span class="muted">
                          {a.status}
                          {a.plannedStart || a.plannedEnd ? ` · ${a.plannedStart ? fmt.date(a.plannedStart) : '…'} – ${a.plannedEnd ? fmt.date(a.plannedEnd) : '…'}` : ''}
                        </span>
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="informe" class="participa-block">
          <h2 id="informe">El informe</h2>
          <p>El informe general de rendición de cuentas reúne el cumplimiento del cronograma, las piezas de comunicación, su alcance, los resultados de las encuestas, las preguntas de la ciudadanía y la evaluación del proceso.</p>
          <p class="participa-links">
            <a href="/participa/informe">Leer el informe</a>
            <a href="/participa/informe.pdf">Descargar el informe en PDF</a>
          </p>
        </section>
      </div>
    </PublicLayout>
  );
}

function HearingLink({ h }: { h: NonNullable<ParticipaOverview['hearing']> }) {
  if (h.phase === 'past') {
    return h.recordingUrl ? (
      <p class="participa-live">
        <a href={h.recordingUrl} rel="external">
          Vea la grabación de la audiencia
        </a>
      </p>
    ) : (
      <p>La grabación de la audiencia se publicará aquí.</p>
    );
  }
  if (!h.watchUrl) return <p>El enlace de la transmisión en vivo se publicará aquí.</p>;
  return (
    <p class={h.phase === 'live' ? 'participa-live is-live' : 'participa-live'}>
      <a href={h.watchUrl} rel="external">
        {h.phase === 'live' ? 'En vivo ahora: vea la transmisión' : 'Vea la transmisión en vivo'}
      </a>
    </p>
  );
}

export function PublicReportPage({ site, report }: { site: NewsSite; report: Report }) {
  return (
    <PublicLayout site={site} title={reportTitle} description={`${reportTitle} de ${site.municipality}: ${report.plan.title}.`} canonical={`${site.publicUrl}/participa/informe`} scripts={reportScripts}>
      <div class="participa participa-report">
        <p class="crumbs">
          <a href="/participa">Participa</a>
        </p>
        <h1>{reportTitle}</h1>
        <p class="participa-lead">{report.plan.title}</p>
        <p class="participa-links">
          <a href="/participa/informe.pdf">Descargar el informe en PDF</a>
        </p>
        <ReportBody report={report} audience="public" />
      </div>
    </PublicLayout>
  );
}

export function ParticipaMessagePage({ site, title, message }: { site: NewsSite; title: string; message: string }) {
  return (
    <PublicLayout site={site} title={title} noindex>
      <div class="participa">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/noticias">Ir a las noticias</a>
        </p>
      </div>
    </PublicLayout>
  );
}
