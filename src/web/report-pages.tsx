import type { PieceStatus } from '../generated/prisma/client.js';
import { pieceStatusLabel } from '../i18n/es.js';
import { EVALUATION_MAX_LENGTH, evaluationFieldLabels, evaluationFields, type EvaluationField, type EvaluationView, type FieldError } from '../reports/evaluations.js';
import { reportTitle } from '../reports/report-text.js';
import type { Report } from '../reports/report-types.js';
import { ReportBody, reportScripts } from '../reports/report-view.js';
import { formatDateTime } from './format.js';
import { ErrorNote, Layout } from './layout.js';
import { CsrfField, useCan } from './page.js';

/**
 * The staff pages of the report: the report itself (/planes/:id/informe), with its PDF, its
 * public version and "Crear pieza con el informe", and the evaluation form
 * (/planes/:id/evaluacion).
 */

export type ReportPieceRow = { id: string; title: string; status: PieceStatus; createdAt: string; documents: { id: string; name: string }[] };

export function ReportPage({ report, pieces, notice, error }: { report: Report; pieces: ReportPieceRow[]; notice?: string; error?: string }) {
  const planId = report.plan.id;
  const canWrite = useCan('plan:write') && useCan('piece:write');
  return (
    <Layout title={`Informe · ${report.plan.title}`} active="report" scripts={reportScripts}>
      <p class="crumbs">
        <a href="/planes">Planes de acción</a> › <a href={`/planes/${planId}`}>{report.plan.title}</a> › Informe
      </p>
      <h1>{reportTitle}</h1>
      <p class="lead">
        Calculado con los datos del plan en este momento: cronograma, piezas y publicaciones, alcance, encuestas, preguntas de la ciudadanía y la evaluación. La versión pública
        muestra lo mismo sin los datos internos (actividades atrasadas, piezas en elaboración).
      </p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorNote message={error} />
      <div class="report-actions">
        <a class="button" href={`/planes/${planId}/informe.pdf`} download>
          Descargar PDF
        </a>
        <a class="button secondary" href="/participa/informe">
          Ver la versión pública
        </a>
        {useCan('plan:write') && (
          <a class="button secondary" href={`/planes/${planId}/evaluacion`}>
            Escribir la evaluación
          </a>
        )}
        {canWrite && (
          <form method="post" action={`/planes/${planId}/informe/pieza`} class="inline-form">
            <CsrfField />
            <button type="submit">Crear pieza con el informe</button>
          </form>
        )}
      </div>
      {canWrite && (
        <p class="muted small">
          «Crear pieza con el informe» guarda el PDF público en la biblioteca de medios y crea una pieza en borrador («Publicación del informe») con una noticia para el sitio web que enlaza
          a /participa/informe; se revisa, aprueba y publica como cualquier pieza.
        </p>
      )}
      {pieces.length > 0 && (
        <section class="report-pieces" aria-labelledby="piezas-informe">
          <h2 id="piezas-informe">Piezas del informe</h2>
          <ul>
            {pieces.map((p) => (
              <li data-piece={p.id}>
                <a href={`/piezas/${p.id}`}>{p.title}</a> <span class={`badge status-${p.status}`}>{pieceStatusLabel[p.status]}</span>{' '}
                <span class="muted small">creada el {formatDateTime(p.createdAt, report.timeZone)}</span>
                {p.documents.map((d) => (
                  <>
                    {' · '}
                    <a href={`/api/media/${d.id}/file`}>{d.name}</a>
                  </>
                ))}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ReportBody report={report} audience="staff" />
    </Layout>
  );
}

export type EvaluationFormState = {
  /** What was typed, by `<field>.<subcomponentId>` (after a refused save). */
  values?: Record<string, string>;
  errors?: FieldError[];
};

export function EvaluationPage({
  plan,
  evaluations,
  timeZone,
  notice,
  values,
  errors = [],
}: {
  plan: { id: string; title: string };
  evaluations: EvaluationView[];
  timeZone: string;
  notice?: string;
} & EvaluationFormState) {
  const errorOf = (key: string) => errors.find((e) => e.field === key)?.message;
  const canWrite = useCan('plan:write');
  return (
    <Layout title={`Evaluación · ${plan.title}`} active="report">
      <p class="crumbs">
        <a href="/planes">Planes de acción</a> › <a href={`/planes/${plan.id}`}>{plan.title}</a> › <a href={`/planes/${plan.id}/informe`}>Informe</a> › Evaluación
      </p>
      <h1>Evaluación del proceso</h1>
      <p class="lead">
        Fortalezas, debilidades y oportunidades de mejora de cada subcomponente. Lo que escriba aquí forma parte del informe y se publica con él, también en la versión pública
        (/participa/informe): no incluya datos personales ni información reservada.
      </p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {errors.length > 0 && <ErrorNote message={errors.length === 1 ? errors[0]!.message : `Revise ${errors.length} campos de la evaluación; nada se guardó.`} />}
      <form method="post" action={`/planes/${plan.id}/evaluacion`} class="evaluation-form">
        <CsrfField />
        {evaluations.map((e) => (
          <fieldset class="evaluation-fieldset" data-subcomponent={e.subcomponentId}>
            <legend>
              {e.position}. {e.subcomponent}
            </legend>
            {e.updatedAt && <p class="muted small">Actualizada: {formatDateTime(e.updatedAt, timeZone)}</p>}
            {evaluationFields.map((f: EvaluationField) => {
              const key = `${f}.${e.subcomponentId}`;
              const error = errorOf(key);
              const id = `ev-${f}-${e.subcomponentId}`;
              return (
                <div class="field">
                  <label for={id}>{evaluationFieldLabels[f]}</label>
                  <textarea
                    id={id}
                    name={key}
                    rows={4}
                    maxlength={EVALUATION_MAX_LENGTH}
                    aria-invalid={error ? 'true' : undefined}
                    aria-describedby={error ? `${id}-error` : undefined}
                    readonly={!canWrite}
                  >
                    {values?.[key] ?? e[f]}
                  </textarea>
                  {error && (
                    <p class="error-text" id={`${id}-error`}>
                      {error}
                    </p>
                  )}
                </div>
              );
            })}
          </fieldset>
        ))}
        {canWrite && <button type="submit">Guardar la evaluación</button>}
      </form>
    </Layout>
  );
}
