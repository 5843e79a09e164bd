import { questionKindLabel, questionKinds, SCALE_MAX, SCALE_MIN, type QuestionKind, type QuestionView } from '../dialogue/surveys/questions.js';
import type { QuestionResult, SurveyResults, TopicRanking } from '../dialogue/surveys/results.js';
import { surveyPurposeLabel, surveyPurposes, surveyStateLabel, type SurveyState } from '../dialogue/surveys/schemas.js';
import type { SurveyListItem, SurveyView } from '../dialogue/surveys/surveys.js';
import { formatDateTime, localDateTimeInput } from './format.js';
import { ErrorNote, Layout } from './layout.js';
import { formatCount } from './format.js';
import { Chart, CsvLink, formatNumber, formatPercent, metricsScripts, type ChartSpec } from './metrics-pages.js';
import { CsrfField, useCan } from './page.js';

/**
 * The office's survey pages: the list (/encuestas), the builder (/encuestas/:id), the live
 * results (/encuestas/:id/resultados) and the systematization of the topics
 * (/encuestas/:id/sistematizacion). Forms work without JavaScript; /public/js/survey-builder.js
 * shows only the option fields of the chosen kind, /public/js/survey-results.js refreshes the
 * results every 15 seconds.
 */

const builderScripts = ['/public/js/survey-builder.js'];
const resultsScripts = [...metricsScripts, '/public/js/survey-results.js'];

export function StateBadge({ state }: { state: SurveyState }) {
  return <span class={`badge survey-state-${state}`}>{surveyStateLabel[state]}</span>;
}

function SurveyNav({ survey, current }: { survey: { id: string }; current: 'builder' | 'results' | 'topics' }) {
  const link = (href: string, label: string, key: typeof current) => (
    <a href={href} aria-current={current === key ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <nav class="survey-tabs" aria-label="Encuesta">
      {link(`/encuestas/${survey.id}`, 'Preguntas y ajustes', 'builder')}
      {link(`/encuestas/${survey.id}/resultados`, 'Resultados', 'results')}
      {link(`/encuestas/${survey.id}/sistematizacion`, 'Sistematización', 'topics')}
    </nav>
  );
}

function WhenText({ survey, timeZone }: { survey: Pick<SurveyView, 'opensAt' | 'closesAt'>; timeZone: string }) {
  if (!survey.opensAt && !survey.closesAt) return <>Sin fechas: abierta mientras esté publicada</>;
  return (
    <>
      {survey.opensAt ? `Abre el ${formatDateTime(survey.opensAt, timeZone)}` : 'Abre al publicarla'}
      {' · '}
      {survey.closesAt ? `cierra el ${formatDateTime(survey.closesAt, timeZone)}` : 'sin fecha de cierre'}
    </>
  );
}

// ---------------------------------------------------------------- list

export type PlanChoice = { id: string; title: string };

export function SurveyListPage({ surveys, plans, timeZone, error, values }: { surveys: SurveyListItem[]; plans: PlanChoice[]; timeZone: string; error?: string; values?: Record<string, string> }) {
  const canWrite = useCan('plan:write');
  return (
    <Layout title="Encuestas" active="surveys">
      <h1>Encuestas</h1>
      <p class="lead">
        Encuestas a la ciudadanía: los temas que quiere escuchar en la audiencia pública y la percepción de la gestión. Se responden sin cuenta en{' '}
        <code>/participa/encuestas/…</code>, de forma anónima.
      </p>
      <ErrorNote message={error} />
      {surveys.length === 0 ? (
        <p class="muted">Todavía no hay encuestas.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Encuesta</th>
                <th scope="col">Propósito</th>
                <th scope="col">Estado</th>
                <th scope="col">Fechas</th>
                <th scope="col">Preguntas</th>
                <th scope="col">Respuestas</th>
              </tr>
            </thead>
            <tbody>
              {surveys.map((s) => (
                <tr data-key={s.id}>
                  <td>
                    <a href={`/encuestas/${s.id}`}>{s.title}</a>
                    <br />
                    <span class="muted small">{s.planTitle}</span>
                  </td>
                  <td>{surveyPurposeLabel[s.purpose]}</td>
                  <td>
                    <StateBadge state={s.state} />
                  </td>
                  <td class="small">
                    <WhenText survey={s} timeZone={timeZone} />
                  </td>
                  <td>{s.questionCount}</td>
                  <td>
                    <a href={`/encuestas/${s.id}/resultados`}>{formatCount(s.responses)}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canWrite && plans.length > 0 && (
        <section aria-labelledby="nueva">
          <h2 id="nueva">Nueva encuesta</h2>
          <form method="post" action="/encuestas" class="grid-form">
            <CsrfField />
            <label class="wide">
              Título
              <input name="title" required minlength={3} maxlength={200} value={values?.['title'] ?? ''} />
            </label>
            <label>
              Plan
              <select name="planId">
                {plans.map((p) => (
                  <option value={p.id} selected={values?.['planId'] === p.id}>
                    {p.title}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Propósito
              <select name="purpose">
                {surveyPurposes.map((p) => (
                  <option value={p} selected={values?.['purpose'] === p}>
                    {surveyPurposeLabel[p]}
                  </option>
                ))}
              </select>
            </label>
            <div>
              <button type="submit">Crear encuesta</button>
            </div>
          </form>
        </section>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------- builder

export type ActivityChoice = { id: string; label: string; subcomponent: string };

/** A question's fields as the form holds them: the lists one per line. */
export type QuestionFormValues = {
  kind: QuestionKind;
  prompt: string;
  help: string;
  required: boolean;
  isTopic: boolean;
  choices: string;
  rows: string;
  columns: string;
  minLabel: string;
  maxLabel: string;
};

export function questionFormValues(q: QuestionView): QuestionFormValues {
  return {
    kind: q.kind,
    prompt: q.prompt,
    help: q.help ?? '',
    required: q.required,
    isTopic: q.isTopic,
    choices: q.choices.join('\n'),
    rows: q.rows.join('\n'),
    columns: q.columns.join('\n'),
    minLabel: q.minLabel ?? '',
    maxLabel: q.maxLabel ?? '',
  };
}

const blankQuestion: QuestionFormValues = { kind: 'single_choice', prompt: '', help: '', required: false, isTopic: false, choices: '', rows: '', columns: '', minLabel: '', maxLabel: '' };

/** A form that failed, drawn again with what was sent: the survey settings, a question ('new' for the add form), or the duplicate form. */
export type FailedForm =
  | { form: 'settings'; values: Record<string, string>; error: string }
  | { form: 'question'; questionId: string; values: QuestionFormValues; error: string }
  | { form: 'other'; error: string };

function QuestionFields({ id, v, locked, disabled }: { id: string; v: QuestionFormValues; locked: boolean; disabled: boolean }) {
  const f = (name: string) => `${name}-${id}`;
  const lockedOptions = locked || disabled;
  return (
    <div class="question-fields">
      <label class="wide">
        Pregunta
        <input name="prompt" id={f('prompt')} required minlength={3} maxlength={500} value={v.prompt} disabled={disabled} />
      </label>
      <label class="wide">
        Ayuda (opcional, se muestra bajo la pregunta)
        <input name="help" maxlength={1000} value={v.help} disabled={disabled} />
      </label>
      <label>
        Tipo
        <select name="kind" class="kind-select" disabled={lockedOptions}>
          {questionKinds.map((k) => (
            <option value={k} selected={v.kind === k}>
              {questionKindLabel[k]}
            </option>
          ))}
        </select>
      </label>
      <div class="question-flags">
        <label class="check">
          <input type="checkbox" name="required" value="1" checked={v.required} disabled={disabled} /> Obligatoria
        </label>
        <label class="check">
          <input type="checkbox" name="isTopic" value="1" checked={v.isTopic} disabled={disabled} /> Pregunta de temas (se sistematiza para la audiencia)
        </label>
      </div>
      <div class="kind-fields wide" data-kinds="single_choice multiple_choice">
        <label>
          Opciones, una por línea (selección única o múltiple)
          <textarea name="choices" rows={5} disabled={lockedOptions}>
            {v.choices}
          </textarea>
        </label>
      </div>
      <div class="kind-fields wide grid-2" data-kinds="matrix">
        <label>
          Filas de la matriz, una por línea
          <textarea name="rows" rows={4} disabled={lockedOptions}>
            {v.rows}
          </textarea>
        </label>
        <label>
          Columnas de la matriz, una por línea
          <textarea name="columns" rows={4} disabled={lockedOptions}>
            {v.columns}
          </textarea>
        </label>
      </div>
      <div class="kind-fields wide grid-2" data-kinds="scale">
        <label>
          Etiqueta del {SCALE_MIN} (escala, opcional)
          <input name="minLabel" maxlength={60} value={v.minLabel} placeholder="Nada satisfecho" disabled={lockedOptions} />
        </label>
        <label>
          Etiqueta del {SCALE_MAX} (escala, opcional)
          <input name="maxLabel" maxlength={60} value={v.maxLabel} placeholder="Muy satisfecho" disabled={lockedOptions} />
        </label>
      </div>
    </div>
  );
}

export type SurveyBuilderProps = {
  survey: SurveyView;
  plan: PlanChoice;
  activities: ActivityChoice[];
  timeZone: string;
  failed?: FailedForm;
  notice?: string;
};

export function SurveyBuilderPage({ survey, plan, activities, timeZone, failed, notice }: SurveyBuilderProps) {
  const canWrite = useCan('plan:write');
  const canPiece = useCan('piece:write');
  const locked = survey.responses > 0;
  const published = survey.status === 'published';
  const settings = failed?.form === 'settings' ? failed.values : null;
  const sv = (name: string, fallback: string) => settings?.[name] ?? fallback;
  const activity = activities.find((a) => a.id === survey.activityId);
  const subcomponents = [...new Set(activities.map((a) => a.subcomponent))];
  return (
    <Layout title={`Encuesta · ${survey.title}`} active="surveys" scripts={builderScripts}>
      <p class="crumbs">
        <a href="/encuestas">Encuestas</a> › {plan.title}
      </p>
      <h1>{survey.title}</h1>
      <p class="survey-meta">
        <StateBadge state={survey.state} /> {surveyPurposeLabel[survey.purpose]} · <WhenText survey={survey} timeZone={timeZone} /> ·{' '}
        <a href={`/encuestas/${survey.id}/resultados`}>{survey.responses === 1 ? '1 respuesta' : `${formatCount(survey.responses)} respuestas`}</a>
      </p>
      <SurveyNav survey={survey} current="builder" />
      <p>
        Dirección pública:{' '}
        {published ? (
          <a href={`/participa/encuestas/${survey.slug}`} data-public-url={survey.publicUrl}>
            {survey.publicUrl}
          </a>
        ) : (
          <>
            <code>{survey.publicUrl}</code> <span class="muted">(responde cuando la encuesta esté publicada)</span>
          </>
        )}
      </p>
      {failed && failed.form === 'other' && <ErrorNote message={failed.error} />}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {locked && (
        <p class="warnings survey-locked">
          Esta encuesta ya tiene respuestas: sus preguntas no se pueden eliminar, ni cambiar su tipo u opciones, porque las respuestas recibidas dejarían de corresponder a lo que se
          preguntó. Puede corregir la redacción, agregar preguntas o duplicar la encuesta para hacer una versión nueva.
        </p>
      )}

      {(canWrite || canPiece) && (
        <section aria-labelledby="acciones">
          <h2 id="acciones">Acciones</h2>
          <div class="button-row">
            {canWrite && !published && (
              <form method="post" action={`/encuestas/${survey.id}/publicar`}>
                <CsrfField />
                <button type="submit">Publicar encuesta</button>
              </form>
            )}
            {canWrite && published && !locked && (
              <form method="post" action={`/encuestas/${survey.id}/despublicar`}>
                <CsrfField />
                <button type="submit" class="secondary">
                  Volver a borrador
                </button>
              </form>
            )}
            {canPiece && (
              <form method="post" action={`/encuestas/${survey.id}/anuncio`}>
                <CsrfField />
                <button type="submit" class="secondary">
                  Crear pieza de anuncio
                </button>
              </form>
            )}
            {canWrite && !locked && (
              <form method="post" action={`/encuestas/${survey.id}/eliminar`} data-confirm="¿Eliminar esta encuesta y sus preguntas?">
                <CsrfField />
                <button type="submit" class="secondary danger">
                  Eliminar encuesta
                </button>
              </form>
            )}
          </div>
          {canWrite && (
            <details class="survey-duplicate">
              <summary>Duplicar encuesta</summary>
              <form method="post" action={`/encuestas/${survey.id}/duplicar`} class="grid-form">
                <CsrfField />
                <label class="wide">
                  Título de la copia
                  <input name="title" minlength={3} maxlength={200} value={`Copia de ${survey.title}`.slice(0, 200)} />
                </label>
                <label>
                  Propósito
                  <select name="purpose">
                    {surveyPurposes.map((p) => (
                      <option value={p} selected={survey.purpose === p}>
                        {surveyPurposeLabel[p]}
                      </option>
                    ))}
                  </select>
                </label>
                <div>
                  <button type="submit">Duplicar</button>
                </div>
              </form>
            </details>
          )}
        </section>
      )}

      <section aria-labelledby="ajustes">
        <h2 id="ajustes">Ajustes</h2>
        {failed?.form === 'settings' && <ErrorNote message={failed.error} />}
        <form method="post" action={`/encuestas/${survey.id}`} class="grid-form survey-settings">
          <CsrfField />
          <label class="wide">
            Título
            <input name="title" required minlength={3} maxlength={200} value={sv('title', survey.title)} disabled={!canWrite} />
          </label>
          <label class="wide">
            Descripción (se muestra a la ciudadanía antes de las preguntas)
            <textarea name="description" rows={4} maxlength={5000} disabled={!canWrite}>
              {sv('description', survey.description)}
            </textarea>
          </label>
          <label>
            Propósito
            <select name="purpose" disabled={!canWrite}>
              {surveyPurposes.map((p) => (
                <option value={p} selected={sv('purpose', survey.purpose) === p}>
                  {surveyPurposeLabel[p]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Actividad del plan
            <select name="activityId" disabled={!canWrite}>
              <option value="">Sin actividad</option>
              {subcomponents.map((s) => (
                <optgroup label={s}>
                  {activities
                    .filter((a) => a.subcomponent === s)
                    .map((a) => (
                      <option value={a.id} selected={sv('activityId', survey.activityId ?? '') === a.id}>
                        {a.label}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </label>
          <label>
            Abre (hora de la oficina)
            <input type="datetime-local" name="opensAt" value={sv('opensAt', localDateTimeInput(survey.opensAt, timeZone))} disabled={!canWrite} />
          </label>
          <label>
            Cierra (hora de la oficina)
            <input type="datetime-local" name="closesAt" value={sv('closesAt', localDateTimeInput(survey.closesAt, timeZone))} disabled={!canWrite} />
          </label>
          <label>
            Dirección (/participa/encuestas/…)
            <input name="slug" pattern="[a-z0-9]+(-[a-z0-9]+)*" maxlength={80} value={sv('slug', survey.slug)} disabled={!canWrite || published} />
          </label>
          {canWrite && (
            <div>
              <button type="submit">Guardar ajustes</button>
            </div>
          )}
        </form>
        {activity && (
          <p class="muted small">
            Actividad: <a href={`/actividades/${activity.id}`}>{activity.label}</a>
          </p>
        )}
      </section>

      <section aria-labelledby="preguntas">
        <h2 id="preguntas">Preguntas</h2>
        {survey.questions.length === 0 && <p class="muted">La encuesta todavía no tiene preguntas.</p>}
        <ol class="question-list">
          {survey.questions.map((q, i) => {
            const failedHere = failed?.form === 'question' && failed.questionId === q.id ? failed : null;
            return (
              <li id={`pregunta-${q.id}`} class="question-card">
                <p class="question-head">
                  <strong>
                    {i + 1}. {q.prompt}
                  </strong>{' '}
                  <span class="badge">{questionKindLabel[q.kind]}</span>
                  {q.required && <span class="badge">Obligatoria</span>}
                  {q.isTopic && <span class="badge survey-topic">Pregunta de temas</span>}
                </p>
                {failedHere && <ErrorNote message={failedHere.error} />}
                {canWrite ? (
                  <>
                    <details open={failedHere ? true : undefined}>
                      <summary>Editar</summary>
                      <form method="post" action={`/encuestas/${survey.id}/preguntas/${q.id}`} class="grid-form question-form">
                        <CsrfField />
                        <QuestionFields id={q.id} v={failedHere?.values ?? questionFormValues(q)} locked={locked} disabled={false} />
                        <div>
                          <button type="submit">Guardar pregunta</button>
                        </div>
                      </form>
                    </details>
                    <div class="row-actions">
                      {i > 0 && (
                        <form method="post" action={`/encuestas/${survey.id}/preguntas/${q.id}/mover`}>
                          <CsrfField />
                          <input type="hidden" name="direction" value="up" />
                          <button type="submit" class="secondary small" aria-label={`Subir la pregunta ${i + 1}`}>
                            ↑ Subir
                          </button>
                        </form>
                      )}
                      {i < survey.questions.length - 1 && (
                        <form method="post" action={`/encuestas/${survey.id}/preguntas/${q.id}/mover`}>
                          <CsrfField />
                          <input type="hidden" name="direction" value="down" />
                          <button type="submit" class="secondary small" aria-label={`Bajar la pregunta ${i + 1}`}>
                            ↓ Bajar
                          </button>
                        </form>
                      )}
                      {!locked && (
                        <form method="post" action={`/encuestas/${survey.id}/preguntas/${q.id}/eliminar`} data-confirm="¿Eliminar esta pregunta?">
                          <CsrfField />
                          <button type="submit" class="secondary small danger" aria-label={`Eliminar la pregunta ${i + 1}`}>
                            Eliminar
                          </button>
                        </form>
                      )}
                    </div>
                  </>
                ) : (
                  <QuestionSummary q={q} />
                )}
              </li>
            );
          })}
        </ol>
        {canWrite && (
          <div class="question-new" id="nueva-pregunta">
            <h3>Agregar una pregunta</h3>
            {failed?.form === 'question' && failed.questionId === 'new' && <ErrorNote message={failed.error} />}
            <form method="post" action={`/encuestas/${survey.id}/preguntas`} class="grid-form question-form">
              <CsrfField />
              <QuestionFields id="nueva" v={failed?.form === 'question' && failed.questionId === 'new' ? failed.values : blankQuestion} locked={false} disabled={false} />
              <div>
                <button type="submit">Agregar pregunta</button>
              </div>
            </form>
          </div>
        )}
      </section>
    </Layout>
  );
}

function QuestionSummary({ q }: { q: QuestionView }) {
  if (q.choices.length > 0) return <p class="small">Opciones: {q.choices.join(' · ')}</p>;
  if (q.kind === 'matrix') return <p class="small">Filas: {q.rows.join(' · ')} — Columnas: {q.columns.join(' · ')}</p>;
  if (q.kind === 'scale') return <p class="small">De {SCALE_MIN}{q.minLabel ? ` (${q.minLabel})` : ''} a {SCALE_MAX}{q.maxLabel ? ` (${q.maxLabel})` : ''}</p>;
  return null;
}

// ---------------------------------------------------------------- results

const chartId = (q: { questionId: string }) => `grafico-${q.questionId}`;

export function choiceChartSpec(q: QuestionResult): ChartSpec | null {
  if (q.choices) return { type: 'bar', horizontal: true, labels: q.choices.map((c) => c.label), datasets: [{ label: 'Respuestas', data: q.choices.map((c) => c.count) }] };
  if (q.scale) {
    const words = (v: number) => (v === SCALE_MIN && q.scale!.minLabel ? `${v} (${q.scale!.minLabel})` : v === SCALE_MAX && q.scale!.maxLabel ? `${v} (${q.scale!.maxLabel})` : String(v));
    return { type: 'bar', labels: q.scale.distribution.map((d) => words(d.value)), datasets: [{ label: 'Respuestas', data: q.scale.distribution.map((d) => d.count) }] };
  }
  if (q.matrix) {
    return {
      type: 'bar',
      horizontal: true,
      stacked: true,
      labels: q.matrix.rows.map((r) => r.label),
      datasets: q.matrix.columns.map((column, i) => ({ label: column, data: q.matrix!.rows.map((r) => r.counts[i] ?? 0) })),
    };
  }
  return null;
}

function chartLabel(q: QuestionResult): string {
  if (q.choices) return `${q.prompt}: ${q.choices.map((c) => `${c.label} ${c.count}`).join(', ')}`;
  if (q.scale) return `${q.prompt}: ${q.scale.distribution.map((d) => `${d.value}: ${d.count}`).join(', ')}; promedio ${formatNumber(q.scale.mean)}`;
  if (q.matrix) return `${q.prompt}: ${q.matrix.rows.map((r) => `${r.label}: ${q.matrix!.columns.map((c, i) => `${c} ${r.counts[i] ?? 0}`).join(', ')}`).join('; ')}`;
  return q.prompt;
}

function QuestionResultBlock({ q, number, timeZone }: { q: QuestionResult; number: number; timeZone: string }) {
  const spec = choiceChartSpec(q);
  return (
    <section class="survey-result" data-question={q.questionId} aria-labelledby={`r-${q.questionId}`}>
      <h3 id={`r-${q.questionId}`}>
        {number}. {q.prompt}
        {q.isTopic && <span class="badge survey-topic">Pregunta de temas</span>}
      </h3>
      <p class="muted small">
        {questionKindLabel[q.kind]} · respondida por <strong data-figure="answered">{formatCount(q.answered)}</strong>
        {q.scale && (
          <>
            {' '}
            · promedio <strong data-figure="mean">{formatNumber(q.scale.mean)}</strong> de {SCALE_MAX}
          </>
        )}
      </p>
      {spec && <Chart id={chartId(q)} spec={spec} label={chartLabel(q)} tall={(q.choices?.length ?? q.matrix?.rows.length ?? 0) > 6} />}
      {q.choices && (
        <table class="numbers survey-table">
          <thead>
            <tr>
              <th scope="col">Opción</th>
              <th scope="col">Respuestas</th>
              <th scope="col">Porcentaje</th>
            </tr>
          </thead>
          <tbody>
            {q.choices.map((c, i) => (
              <tr data-row={i}>
                <th scope="row">{c.label}</th>
                <td data-figure="count">{formatCount(c.count)}</td>
                <td data-figure="percent">{formatPercent(c.percent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {q.scale && (
        <table class="numbers survey-table">
          <thead>
            <tr>
              <th scope="col">Valor</th>
              <th scope="col">Respuestas</th>
              <th scope="col">Porcentaje</th>
            </tr>
          </thead>
          <tbody>
            {q.scale.distribution.map((d, i) => (
              <tr data-row={i}>
                <th scope="row">
                  {d.value}
                  {d.value === SCALE_MIN && q.scale!.minLabel ? ` (${q.scale!.minLabel})` : d.value === SCALE_MAX && q.scale!.maxLabel ? ` (${q.scale!.maxLabel})` : ''}
                </th>
                <td data-figure="count">{formatCount(d.count)}</td>
                <td data-figure="percent">{formatPercent(d.percent)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {q.matrix && (
        <div class="table-wrap">
          <table class="numbers survey-table">
            <thead>
              <tr>
                <th scope="col">Fila</th>
                {q.matrix.columns.map((c) => (
                  <th scope="col">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {q.matrix.rows.map((r, i) => (
                <tr data-row={i}>
                  <th scope="row">{r.label}</th>
                  {r.counts.map((n, j) => (
                    <td data-figure="cell" data-col={j}>
                      {formatCount(n)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {q.texts && (
        <details class="survey-texts" open={q.texts.length <= 10 ? true : undefined}>
          <summary>
            Respuestas escritas (<span data-figure="texts">{formatCount(q.texts.length)}</span>)
          </summary>
          <ol class="text-answers" data-texts={q.questionId} reversed>
            {q.texts.map((t) => (
              <li>
                <p>{t.text}</p>
                <time datetime={t.submittedAt} class="muted small">
                  {formatDateTime(t.submittedAt, timeZone)}
                </time>
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}

export function SurveyResultsPage({ survey, results, timeZone }: { survey: SurveyView; results: SurveyResults; timeZone: string }) {
  return (
    <Layout title={`Resultados · ${survey.title}`} active="surveys" scripts={resultsScripts}>
      <p class="crumbs">
        <a href="/encuestas">Encuestas</a> › <a href={`/encuestas/${survey.id}`}>{survey.title}</a>
      </p>
      <h1>Resultados: {survey.title}</h1>
      <SurveyNav survey={survey} current="results" />
      <div class="metric-cards" id="survey-live" data-source={`/encuestas/${survey.id}/resultados.json`} data-time-zone={timeZone}>
        <div class="metric-card">
          <span class="metric-label">Respuestas</span>
          <strong class="metric-value" data-figure="responses">
            {formatCount(results.responses)}
          </strong>
        </div>
        <div class="metric-card">
          <span class="metric-label">Estado</span>
          <span class="metric-value small-value">
            <StateBadge state={survey.state} />
          </span>
        </div>
        <div class="metric-card">
          <span class="metric-label">Última respuesta (hora aproximada)</span>
          <span class="metric-value small-value" data-figure="last">
            {results.lastResponseAt ? formatDateTime(results.lastResponseAt, timeZone) : '—'}
          </span>
        </div>
      </div>
      <p class="muted small" aria-live="polite" id="survey-live-status">
        Las cifras se actualizan solas cada 15 segundos. Actualizado: <span data-figure="generated">{formatDateTime(results.generatedAt, timeZone)}</span>
      </p>
      <p class="button-row">
        <CsvLink href={`/encuestas/${survey.id}/respuestas.csv`} what="todas las respuestas" /> <span class="muted small">una fila por respuesta</span>
        <CsvLink href={`/encuestas/${survey.id}/resultados.csv`} what="el resumen de resultados" /> <span class="muted small">resumen por pregunta</span>
      </p>
      {results.questions.length === 0 && <p class="muted">La encuesta no tiene preguntas.</p>}
      {results.questions.map((q, i) => (
        <QuestionResultBlock q={q} number={i + 1} timeZone={timeZone} />
      ))}
    </Layout>
  );
}

// ---------------------------------------------------------------- systematization

export function SurveyTopicsPage({ survey, ranking }: { survey: SurveyView; ranking: TopicRanking }) {
  const top = ranking.topics.filter((t) => t.count > 0).slice(0, 15);
  const spec: ChartSpec = { type: 'bar', horizontal: true, labels: top.map((t) => t.label), datasets: [{ label: 'Menciones', data: top.map((t) => t.count) }] };
  const freeText = ranking.kind === 'short_text' || ranking.kind === 'long_text';
  return (
    <Layout title={`Sistematización · ${survey.title}`} active="surveys" scripts={metricsScripts}>
      <p class="crumbs">
        <a href="/encuestas">Encuestas</a> › <a href={`/encuestas/${survey.id}`}>{survey.title}</a>
      </p>
      <h1>Sistematización: {survey.title}</h1>
      <SurveyNav survey={survey} current="topics" />
      {ranking.questionId === null ? (
        <p class="warnings">
          Esta encuesta no tiene pregunta de temas. Marque «Pregunta de temas» en la pregunta cuyas respuestas se ordenan para la agenda de la audiencia, en{' '}
          <a href={`/encuestas/${survey.id}#preguntas`}>sus preguntas</a>.
        </p>
      ) : (
        <>
          <p class="lead">
            Los temas de «{ranking.prompt}», del más al menos mencionado, para la agenda de la audiencia pública. {formatCount(ranking.answered)} de{' '}
            {formatCount(ranking.responses)} respuestas eligieron o escribieron algún tema; el porcentaje es sobre quienes respondieron esta pregunta
            {ranking.kind === 'multiple_choice' ? ' (cada persona pudo marcar varios, así que los porcentajes suman más de 100)' : ''}.
            {freeText ? ' Los textos iguales salvo mayúsculas, tildes y puntuación se cuentan como un mismo tema.' : ''}
          </p>
          <p>
            <CsvLink href={`/encuestas/${survey.id}/sistematizacion.csv`} what="la sistematización" />
          </p>
          {top.length > 0 ? <Chart id="grafico-temas" spec={spec} label={top.map((t) => `${t.rank}. ${t.label}: ${t.count}`).join('; ')} tall={top.length > 6} /> : <p class="chart-empty">Todavía no hay respuestas.</p>}
          <div class="table-wrap">
            <table class="numbers topic-ranking">
              <thead>
                <tr>
                  <th scope="col">Puesto</th>
                  <th scope="col">Tema</th>
                  <th scope="col">Menciones</th>
                  <th scope="col">Porcentaje</th>
                </tr>
              </thead>
              <tbody>
                {ranking.topics.map((t) => (
                  <tr data-rank={t.rank}>
                    <td>{t.rank}</td>
                    <td class="text">
                      {t.label}
                      {t.variants.length > 1 && <span class="muted small topic-variants"> También escrito: {t.variants.filter((v) => v !== t.label).join(' · ')}</span>}
                    </td>
                    <td>{formatCount(t.count)}</td>
                    <td>{formatPercent(t.percent)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {top.length > 0 && (
            <section aria-labelledby="agenda">
              <h2 id="agenda">Propuesta para la agenda</h2>
              <ol class="topic-agenda">
                {top.slice(0, 5).map((t) => (
                  <li>
                    {t.label} <span class="muted">({formatPercent(t.percent)})</span>
                  </li>
                ))}
              </ol>
            </section>
          )}
        </>
      )}
    </Layout>
  );
}
