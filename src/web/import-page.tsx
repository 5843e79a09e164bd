import type { ParsedPlan } from '../plan/import/parse-plan.js';
import { CsrfField } from './page.js';
import { ErrorNote, Layout } from './layout.js';

export function ImportPage({ error, text }: { error?: string; text?: string }) {
  return (
    <Layout title="Importar plan de acción" active="import">
      <h1>Importar plan de acción</h1>
      <p class="lead">
        Pegue la tabla del plan tal como la copia del PDF, Word o Excel (con la fila de encabezados: Subcomponente, Actividades,
        Meta de producto - indicador, Responsable, fechas), o suba el archivo (.txt, .tsv, .csv o .xlsx). Verá una vista previa antes
        de guardar nada.
      </p>
      <ErrorNote message={error} />
      <form method="post" action="/planes/importar" enctype="multipart/form-data" class="stack">
        <CsrfField />
        <input type="hidden" name="mode" value="preview" />
        <label>
          Tabla pegada
          <textarea name="text" rows={12} spellcheck={false}>
            {text ?? ''}
          </textarea>
        </label>
        <label>
          O un archivo <input type="file" name="file" accept=".txt,.tsv,.csv,.xlsx" />
        </label>
        <button type="submit">Ver vista previa</button>
      </form>
    </Layout>
  );
}

type PreviewProps = { preview: ParsedPlan; payload: string; filename: string };

/** The plan tree the import would create; the confirm form carries the same input back. */
export function ImportPreviewPage({ preview, payload, filename }: PreviewProps) {
  const activityCount = preview.subcomponents.reduce((n, s) => n + s.activities.length, 0);
  return (
    <Layout title="Vista previa del plan" active="import">
      <h1>Vista previa: {preview.title ?? 'Plan sin título'}</h1>
      {preview.objective && <p class="lead">{preview.objective}</p>}
      <p>
        {preview.subcomponents.length} subcomponentes, {activityCount} actividades y {preview.departments.length} dependencias. Nada se
        ha guardado todavía.
      </p>
      {preview.warnings.length > 0 && (
        <section class="warnings" aria-labelledby="avisos">
          <h2 id="avisos">Avisos ({preview.warnings.length})</h2>
          <ul>
            {preview.warnings.map((w) => (
              <li>
                {w.line !== null && <strong>Línea {w.line}: </strong>}
                {w.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {preview.subcomponents.map((s, i) => (
        <section class="subcomponent">
          <h2>
            {i + 1}. {s.name} <span class="muted">({s.activities.length} actividades)</span>
          </h2>
          <ol>
            {s.activities.map((a) => (
              <li>
                <strong>{a.description}</strong>
                <br />
                <span class="muted">Meta: {a.goal ?? '—'}</span>
                <br />
                <span class="muted">
                  Responsables: {[...a.departmentNames, ...(a.allDepartments ? ['Todas las dependencias'] : [])].join(' · ') || '—'}
                </span>
                {(a.plannedStart || a.plannedEnd) && (
                  <>
                    <br />
                    <span class="muted">
                      Fechas: {a.plannedStart ?? '—'} – {a.plannedEnd ?? '—'}
                    </span>
                  </>
                )}
              </li>
            ))}
          </ol>
        </section>
      ))}
      <form method="post" action="/planes/importar" enctype="multipart/form-data" class="actions">
        <CsrfField />
        <input type="hidden" name="mode" value="confirm" />
        <input type="hidden" name="payload" value={payload} />
        <input type="hidden" name="filename" value={filename} />
        <button type="submit">Crear el plan</button>
        <a href="/planes/importar">Volver</a>
      </form>
    </Layout>
  );
}
