import { networkLabel, pieceKindLabel } from '../i18n/es.js';
import { columnHelp, columnKeys, type ColumnKey } from '../pieces/bulk/columns.js';
import { MAX_ROWS } from '../pieces/bulk/parse.js';
import type { ImportPreview, PreviewRow, Problem } from '../pieces/bulk/validate.js';
import { formatDateTime } from './format.js';
import { ErrorNote, Layout } from './layout.js';
import { CsrfField } from './page.js';

export type PlanChoice = { id: string; title: string };
export type ActivityLine = { ref: string; description: string };

type ImportPageProps = {
  plans: PlanChoice[];
  /** The plan chosen in the forms (the latest by default). */
  planId: string | null;
  /** The chosen plan's activities with their numbers, as the file names them. */
  activities: ActivityLine[];
  templates: { id: string; name: string }[];
  error?: string;
  /** After an import: how many pieces were created, and in which plan. */
  created?: { count: number; plan: PlanChoice } | null;
};

function PlanSelect({ plans, planId, id }: { plans: PlanChoice[]; planId: string | null; id: string }) {
  return (
    <label for={id}>
      Plan
      <select name="planId" id={id}>
        {plans.map((p) => (
          <option value={p.id} selected={p.id === planId}>
            {p.title}
          </option>
        ))}
      </select>
    </label>
  );
}

function UploadForm({ plans, planId }: { plans: PlanChoice[]; planId: string | null }) {
  return (
    <form method="post" action="/piezas/importar/vista-previa" enctype="multipart/form-data" class="stack">
      <CsrfField />
      <PlanSelect plans={plans} planId={planId} id="import-plan" />
      <label>
        Archivo de piezas (.csv o .xlsx)
        <input type="file" name="file" accept=".csv,.txt,.xlsx" required />
      </label>
      <button type="submit">Ver vista previa</button>
    </form>
  );
}

/** Upload form, the columns explained, the plan's activity numbers, the example file and the export. */
export function PiecesImportPage({ plans, planId, activities, templates, error, created }: ImportPageProps) {
  return (
    <Layout title="Importar piezas" active="pieces">
      <h1>Importar y exportar piezas</h1>
      <p class="lead">
        Cree muchas piezas a la vez desde una hoja de cálculo: una fila por pieza, hasta {MAX_ROWS} filas, en CSV (separado por comas o punto y
        coma, en UTF-8 o Windows-1252) o Excel (.xlsx). Antes de crear nada verá cada fila con sus problemas; las piezas se crean en borrador, todas
        juntas o ninguna.
      </p>
      {created && (
        <p class="notice" role="status">
          Se {created.count === 1 ? 'creó 1 pieza' : `crearon ${created.count} piezas`} en borrador en el plan «{created.plan.title}».{' '}
          <a href={`/planes/${created.plan.id}`}>Ver el plan</a>
        </p>
      )}
      <ErrorNote message={error} />
      {plans.length === 0 ? (
        <p>
          Todavía no hay un plan de acción. <a href="/planes/importar">Importe el plan</a> antes de importar sus piezas.
        </p>
      ) : (
        <>
          <section aria-labelledby="subir">
            <h2 id="subir">Subir el archivo</h2>
            <UploadForm plans={plans} planId={planId} />
            <p>
              <a href="/piezas/importar/ejemplo.csv" download>
                Descargar un archivo de ejemplo (CSV)
              </a>
            </p>
          </section>
          <section aria-labelledby="exportar">
            <h2 id="exportar">Exportar las piezas de un plan</h2>
            <p class="muted">El archivo tiene las mismas columnas: puede editarlo y volver a importarlo (se crean piezas nuevas).</p>
            <form method="get" action="/piezas/exportar" class="inline-form">
              <PlanSelect plans={plans} planId={planId} id="export-plan" />
              <label>
                Formato
                <select name="formato">
                  <option value="xlsx">Excel (.xlsx)</option>
                  <option value="csv">CSV (UTF-8)</option>
                </select>
              </label>
              <button type="submit">Descargar</button>
            </form>
          </section>
        </>
      )}
      <section aria-labelledby="columnas">
        <h2 id="columnas">Columnas</h2>
        <p>
          La primera fila nombra las columnas (sin importar mayúsculas ni tildes); solo «tipo» y «titulo» son obligatorias. Una pieza tiene variante para
          una red cuando su texto (o su título) no está vacío, y cada variante se revisa con las reglas de su red: esas advertencias no impiden importar.
          Las imágenes y las opciones de cada red se agregan después, en la página de la pieza.
        </p>
        <div class="table-wrap">
          <table class="bulk-columns">
            <thead>
              <tr>
                <th scope="col">Columna</th>
                <th scope="col">Qué lleva</th>
                <th scope="col">Ejemplo</th>
              </tr>
            </thead>
            <tbody>
              {columnKeys.map((key) => (
                <tr>
                  <th scope="row">
                    <code>{key}</code>
                  </th>
                  <td>{columnHelp[key].help}</td>
                  <td>
                    <code>{columnHelp[key].example}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <details>
          <summary>Tipos de pieza</summary>
          <ul class="bulk-values">
            {Object.entries(pieceKindLabel).map(([key, label]) => (
              <li>
                {label} <span class="muted">({key})</span>
              </li>
            ))}
          </ul>
        </details>
        <details>
          <summary>Plantillas</summary>
          <ul class="bulk-values">
            {templates.map((t) => (
              <li>
                <code>{t.id}</code> <span class="muted">{t.name}</span>
              </li>
            ))}
          </ul>
        </details>
        {activities.length > 0 && (
          <details>
            <summary>Números de las actividades del plan</summary>
            <ul class="bulk-values">
              {activities.map((a) => (
                <li>
                  <strong>{a.ref}</strong> {a.description}
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
    </Layout>
  );
}

const fieldLabel = (field: ColumnKey | null) => (field ? columnHelp[field].label : 'Archivo');

function ProblemList({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return <span class="muted">Sin problemas</span>;
  return (
    <ul class="bulk-problems">
      {problems.map((p) => (
        <li class={p.severity === 'error' ? 'bulk-problem-error' : 'bulk-problem-warning'}>
          <strong>{p.severity === 'error' ? 'Error' : 'Advertencia'}</strong> ({fieldLabel(p.field)}): {p.message}
        </li>
      ))}
    </ul>
  );
}

function rowClass(row: PreviewRow): string {
  if (row.problems.some((p) => p.severity === 'error')) return 'bulk-row-error';
  return row.problems.length > 0 ? 'bulk-row-warning' : '';
}

function PreviewRowView({ row, timeZone }: { row: PreviewRow; timeZone: string }) {
  const piece = row.piece;
  return (
    <tr class={rowClass(row)}>
      <td>{row.line}</td>
      <td>{piece ? (piece.activity ? `${piece.activity.ref} ${piece.activity.description}` : 'Sin actividad') : row.values.actividad || '—'}</td>
      <td>
        <strong>{piece?.title ?? (row.values.titulo || '—')}</strong>
        <br />
        <span class="muted">{piece ? pieceKindLabel[piece.kind] : row.values.tipo || '—'}</span>
        {piece?.templateId && (
          <>
            <br />
            <span class="muted">Plantilla: {piece.templateId}</span>
          </>
        )}
      </td>
      <td>{piece ? piece.variants.map((v) => networkLabel[v.network]).join(', ') || '—' : '—'}</td>
      <td>{piece ? (piece.scheduledAt ? formatDateTime(piece.scheduledAt, timeZone) : 'Sin fecha') : [row.values.fecha, row.values.hora].filter(Boolean).join(' ') || '—'}</td>
      <td>
        <ProblemList problems={row.problems} />
      </td>
    </tr>
  );
}

type PreviewProps = { preview: ImportPreview; payload: string; filename: string; plans: PlanChoice[]; error?: string };

/** Every row with its problems, errors first in the eye; the confirm form re-posts the same file. */
export function PiecesImportPreviewPage({ preview, payload, filename, plans, error }: PreviewProps) {
  const blocked = preview.errors > 0;
  const rowsWithErrors = preview.rows.filter((r) => r.problems.some((p) => p.severity === 'error')).length;
  return (
    <Layout title="Vista previa de la importación de piezas" active="pieces">
      <h1>Vista previa: {preview.rows.length === 1 ? '1 pieza' : `${preview.rows.length} piezas`}</h1>
      <p class="lead">
        Archivo {filename ? `«${filename}»` : ''} ({preview.format === 'xlsx' ? 'Excel' : 'CSV'}) para el plan «{preview.plan.title}». Fechas y horas en la
        zona {preview.plan.timeZone}. Nada se ha guardado todavía.
      </p>
      <ErrorNote message={error} />
      {blocked ? (
        <p class="error" role="alert">
          {rowsWithErrors === 1 ? 'Una fila tiene' : `${rowsWithErrors} filas tienen`} errores: corríjalos en el archivo y vuelva a subirlo. No se creará ninguna pieza
          mientras haya errores.
        </p>
      ) : (
        <p class="notice" role="status">
          Todas las filas se pueden importar{preview.warnings > 0 ? `, con ${preview.warnings === 1 ? '1 advertencia' : `${preview.warnings} advertencias`}` : ''}.
        </p>
      )}
      {preview.problems.length > 0 && (
        <section class="warnings" aria-labelledby="avisos-archivo">
          <h2 id="avisos-archivo">Avisos del archivo</h2>
          <ul>
            {preview.problems.map((p) => (
              <li>
                {p.line !== null && <strong>Línea {p.line}: </strong>}
                {p.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div class="table-wrap">
        <table class="bulk-preview">
          <thead>
            <tr>
              <th scope="col">Línea</th>
              <th scope="col">Actividad</th>
              <th scope="col">Pieza</th>
              <th scope="col">Redes</th>
              <th scope="col">Fecha y hora</th>
              <th scope="col">Problemas</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <PreviewRowView row={row} timeZone={preview.plan.timeZone} />
            ))}
          </tbody>
        </table>
      </div>
      {blocked ? (
        <section aria-labelledby="otra-vez">
          <h2 id="otra-vez">Subir el archivo corregido</h2>
          <UploadForm plans={plans} planId={preview.plan.id} />
        </section>
      ) : (
        <form method="post" action="/piezas/importar" enctype="multipart/form-data" class="actions">
          <CsrfField />
          <input type="hidden" name="mode" value="confirm" />
          <input type="hidden" name="payload" value={payload} />
          <input type="hidden" name="filename" value={filename} />
          <input type="hidden" name="planId" value={preview.plan.id} />
          <button type="submit">Crear {preview.pieces === 1 ? 'la pieza' : `las ${preview.pieces} piezas`} en borrador</button>
          <a href="/piezas/importar">Volver</a>
        </form>
      )}
    </Layout>
  );
}
