import type { NewsSite } from '../../website/site.js';
import { PublicLayout } from '../../website/public-layout.js';
import { formatDateTime } from '../../web/format.js';
import { HoneypotField } from '../submission-limit.js';
import { fieldName, LONG_TEXT_MAX, matrixFieldName, SCALE_MAX, SCALE_MIN, SHORT_TEXT_MAX, type QuestionView } from './questions.js';

/**
 * The citizen's survey pages at /participa/encuestas/:slug, in the municipality's public look
 * (src/website/public-layout.tsx): the form, the closed / not yet open notices, the thanks.
 * Built for a 375 px phone: one column, whole-width tap targets, every group of options a
 * fieldset with its legend, every field a label. Works without JavaScript; /public/js/survey-form.js
 * only prevents a double submit and moves the focus to the list of problems.
 */

export type PublicSurvey = {
  slug: string;
  title: string;
  description: string;
  closesAt: string | null;
  questions: QuestionView[];
};

const script = ['/public/js/survey-form.js'];

function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\r?\n\s*\r?\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => (
          <p>{p.split(/\r?\n/).flatMap((line, i) => (i === 0 ? [line] : [<br />, line]))}</p>
        ))}
    </>
  );
}

function Required({ q }: { q: QuestionView }) {
  return q.required ? (
    <span class="req">
      {' '}
      <span aria-hidden="true">*</span>
      <span class="visually-hidden">(obligatoria)</span>
    </span>
  ) : null;
}

function Help({ q }: { q: QuestionView }) {
  return q.help ? (
    <p class="q-help" id={`h-${q.id}`}>
      {q.help}
    </p>
  ) : null;
}

function FieldError({ q, error }: { q: QuestionView; error?: string }) {
  return error ? (
    <p class="field-error" id={`e-${q.id}`}>
      <span aria-hidden="true">⚠ </span>
      {error}
    </p>
  ) : null;
}

const describedBy = (q: QuestionView, error?: string) => [q.help ? `h-${q.id}` : '', error ? `e-${q.id}` : ''].filter(Boolean).join(' ') || undefined;

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function Question({ q, number, value, error }: { q: QuestionView; number: number; value: unknown; error?: string }) {
  const cls = error ? 'question has-error' : 'question';
  const legend = (
    <legend>
      <span class="q-number">{number}.</span> {q.prompt}
      <Required q={q} />
    </legend>
  );
  if (q.kind === 'short_text' || q.kind === 'long_text') {
    const common = { id: `f-${q.id}`, name: fieldName(q.id), 'aria-describedby': describedBy(q, error), 'aria-invalid': error ? 'true' : undefined, required: q.required || undefined };
    return (
      <div class={cls} id={`q-${q.id}`}>
        <label for={`f-${q.id}`} class="q-label">
          <span class="q-number">{number}.</span> {q.prompt}
          <Required q={q} />
        </label>
        <Help q={q} />
        <FieldError q={q} error={error} />
        {q.kind === 'short_text' ? (
          <input type="text" maxlength={SHORT_TEXT_MAX} value={str(value)} autocomplete="off" {...common} />
        ) : (
          <textarea rows={5} maxlength={LONG_TEXT_MAX} {...common}>
            {str(value)}
          </textarea>
        )}
      </div>
    );
  }
  if (q.kind === 'single_choice' || q.kind === 'multiple_choice') {
    const multiple = q.kind === 'multiple_choice';
    const picked = multiple ? (Array.isArray(value) ? value : []) : [value];
    return (
      <fieldset class={cls} id={`q-${q.id}`} aria-describedby={describedBy(q, error)}>
        {legend}
        {multiple && <p class="q-help">Puede marcar varias opciones.</p>}
        <Help q={q} />
        <FieldError q={q} error={error} />
        <div class="choices">
          {q.choices.map((choice, i) => (
            <label class="choice" for={`f-${q.id}-${i}`}>
              <input
                type={multiple ? 'checkbox' : 'radio'}
                id={`f-${q.id}-${i}`}
                name={fieldName(q.id)}
                value={choice}
                checked={picked.includes(choice)}
                required={!multiple && q.required ? true : undefined}
                aria-invalid={error ? 'true' : undefined}
              />
              <span>{choice}</span>
            </label>
          ))}
        </div>
      </fieldset>
    );
  }
  if (q.kind === 'scale') {
    const values = Array.from({ length: SCALE_MAX - SCALE_MIN + 1 }, (_, i) => SCALE_MIN + i);
    return (
      <fieldset class={cls} id={`q-${q.id}`} aria-describedby={describedBy(q, error)}>
        {legend}
        <Help q={q} />
        <FieldError q={q} error={error} />
        <div class="scale">
          {values.map((n) => {
            const word = n === SCALE_MIN ? q.minLabel : n === SCALE_MAX ? q.maxLabel : null;
            return (
              <label class="scale-option" for={`f-${q.id}-${n}`}>
                <input type="radio" id={`f-${q.id}-${n}`} name={fieldName(q.id)} value={String(n)} checked={str(value) === String(n)} required={q.required || undefined} aria-invalid={error ? 'true' : undefined} />
                <span>{n}</span>
                {word && <span class="visually-hidden"> ({word})</span>}
              </label>
            );
          })}
        </div>
        {(q.minLabel || q.maxLabel) && (
          <p class="scale-ends" aria-hidden="true">
            <span>{q.minLabel ? `${SCALE_MIN}: ${q.minLabel}` : ''}</span>
            <span>{q.maxLabel ? `${SCALE_MAX}: ${q.maxLabel}` : ''}</span>
          </p>
        )}
      </fieldset>
    );
  }
  // A matrix: one group per row, the columns as its options.
  const picked = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
  return (
    <fieldset class={`${cls} matrix`} id={`q-${q.id}`} aria-describedby={describedBy(q, error)}>
      {legend}
      <Help q={q} />
      <FieldError q={q} error={error} />
      {q.rows.map((row, r) => (
        <fieldset class="matrix-row">
          <legend>{row}</legend>
          <div class="choices matrix-choices">
            {q.columns.map((column, i) => (
              <label class="choice" for={`f-${q.id}-${r}-${i}`}>
                <input type="radio" id={`f-${q.id}-${r}-${i}`} name={matrixFieldName(q.id, r)} value={column} checked={picked[row] === column} required={q.required || undefined} aria-invalid={error ? 'true' : undefined} />
                <span>{column}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ))}
    </fieldset>
  );
}

export type SurveyFormProps = {
  site: NewsSite;
  survey: PublicSurvey;
  /** What the citizen sent, to draw the form again with it (answersFromForm). */
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
};

export function SurveyFormPage({ site, survey, values = {}, errors = {} }: SurveyFormProps) {
  const problems = survey.questions.filter((q) => errors[q.id]);
  const title = problems.length > 0 ? `Revise sus respuestas: ${survey.title}` : survey.title;
  return (
    <PublicLayout site={site} title={title} description={survey.description.slice(0, 200) || `Encuesta de ${site.municipality}`} scripts={script}>
      <article class="survey">
        <p class="crumbs">
          <a href="/participa">Participa</a> › Encuesta
        </p>
        <h1>{survey.title}</h1>
        {survey.closesAt && <p class="survey-when">Recibe respuestas hasta el {formatDateTime(survey.closesAt, site.timeZone)}.</p>}
        <div class="survey-description">
          <Paragraphs text={survey.description} />
        </div>
        <p class="survey-privacy">
          Sus respuestas son anónimas: no le pedimos su nombre ni datos de contacto, y no guardamos su dirección IP. Las preguntas marcadas con{' '}
          <span aria-hidden="true">*</span>
          <span class="visually-hidden">asterisco</span> son obligatorias.
        </p>
        {problems.length > 0 && (
          <div class="form-errors" role="alert" id="errores" tabindex={-1}>
            <h2>{problems.length === 1 ? 'Hay 1 respuesta por revisar' : `Hay ${problems.length} respuestas por revisar`}</h2>
            <ul>
              {problems.map((q) => (
                <li>
                  <a href={`#q-${q.id}`}>
                    Pregunta {survey.questions.indexOf(q) + 1}: {errors[q.id]}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <form method="post" action={`/participa/encuestas/${survey.slug}`} class="survey-form">
          {survey.questions.map((q, i) => (
            <Question q={q} number={i + 1} value={values[q.id]} error={errors[q.id]} />
          ))}
          <HoneypotField />
          <button type="submit" class="survey-submit">
            Enviar respuestas
          </button>
        </form>
      </article>
    </PublicLayout>
  );
}

/** A survey that does not take answers now, the thanks, the limit: a title, a message and the way back. */
export function SurveyMessagePage({ site, title, message, surveyTitle }: { site: NewsSite; title: string; message: string; surveyTitle?: string }) {
  return (
    <PublicLayout site={site} title={title} noindex>
      <article class="survey survey-message">
        {surveyTitle && <p class="crumbs">Encuesta: {surveyTitle}</p>}
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/participa">Ir a Participa</a>
        </p>
      </article>
    </PublicLayout>
  );
}

/** A published survey before it opens or after it closes: its title and description, and when. */
export function SurveyNotOpenPage({ site, survey, message }: { site: NewsSite; survey: PublicSurvey; message: string }) {
  return (
    <PublicLayout site={site} title={survey.title}>
      <article class="survey">
        <p class="crumbs">
          <a href="/participa">Participa</a> › Encuesta
        </p>
        <h1>{survey.title}</h1>
        <p class="survey-notice" role="status">
          {message}
        </p>
        <div class="survey-description">
          <Paragraphs text={survey.description} />
        </div>
      </article>
    </PublicLayout>
  );
}
