import { activityStatusLabel, pieceKindLabel, pieceStatusLabel } from '../i18n/es.js';
import type { getActivity } from '../plan/plan-tree.js';
import type { listPieces } from '../pieces/list-pieces.js';
import { formatDate, formatDateTime } from './format.js';
import { CsrfField } from './page.js';
import { ErrorNote, Layout, ProgressBar } from './layout.js';
import { Departments, LateBadge } from './plan-pages.js';

type Props = {
  activity: Awaited<ReturnType<typeof getActivity>>;
  pieces: Awaited<ReturnType<typeof listPieces>>['items'];
  departments: { id: string; name: string }[];
  timeZone: string;
  error?: string;
};

export function ActivityPage({ activity: a, pieces, departments, timeZone, error }: Props) {
  const selected = new Set(a.departments.map((d) => d.id));
  return (
    <Layout title={a.description} active="plan">
      <p class="crumbs">
        <a href={`/planes/${a.planId}`}>Plan de acción</a> › {a.subcomponentName}
      </p>
      <h1>{a.description}</h1>
      <dl class="facts">
        <dt>Meta de producto - indicador</dt>
        <dd>{a.goal ?? '—'}</dd>
        {a.indicator && (
          <>
            <dt>Indicador</dt>
            <dd>{a.indicator}</dd>
          </>
        )}
        <dt>Responsables</dt>
        <dd>
          <Departments a={a} />
        </dd>
        <dt>Programada</dt>
        <dd>
          {a.plannedStart || a.plannedEnd ? `${formatDate(a.plannedStart)} – ${formatDate(a.plannedEnd)}` : 'Sin fechas'}
        </dd>
        <dt>Real</dt>
        <dd>{a.actualStart || a.actualEnd ? `${formatDate(a.actualStart)} – ${formatDate(a.actualEnd)}` : 'Sin registrar'}</dd>
        <dt>Estado</dt>
        <dd>
          {activityStatusLabel[a.status]} <LateBadge a={a} />
        </dd>
        <dt>Avance</dt>
        <dd>
          <ProgressBar value={a.progress} label="Avance de la actividad" />
        </dd>
      </dl>

      <p>
        <a href={`/actividades/${a.id}/metricas`}>Métricas, meta y registros fuera de línea</a>
      </p>

      <section aria-labelledby="seguimiento">
        <h2 id="seguimiento">Seguimiento</h2>
        <ErrorNote message={error} />
        <form method="post" action={`/actividades/${a.id}`} class="grid-form">
          <CsrfField />
          <label>
            Inicio programado <input type="date" name="plannedStart" value={a.plannedStart ?? ''} />
          </label>
          <label>
            Fin programado <input type="date" name="plannedEnd" value={a.plannedEnd ?? ''} />
          </label>
          <label>
            Inicio real <input type="date" name="actualStart" value={a.actualStart ?? ''} />
          </label>
          <label>
            Fin real <input type="date" name="actualEnd" value={a.actualEnd ?? ''} />
          </label>
          <label>
            Estado
            <select name="status">
              {Object.entries(activityStatusLabel).map(([value, label]) => (
                <option value={value} selected={a.status === value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Avance (%) <input type="number" name="progress" min="0" max="100" value={String(a.progress)} />
          </label>
          <fieldset class="wide">
            <legend>Dependencias responsables</legend>
            <label class="check">
              <input type="checkbox" name="allDepartments" value="true" checked={a.allDepartments} /> Todas las dependencias
            </label>
            {departments.map((d) => (
              <label class="check">
                <input type="checkbox" name="departmentIds" value={d.id} checked={selected.has(d.id)} /> {d.name}
              </label>
            ))}
          </fieldset>
          <button type="submit">Guardar seguimiento</button>
        </form>
      </section>

      <section aria-labelledby="piezas">
        <h2 id="piezas">Piezas comunicativas</h2>
        {pieces.length === 0 ? (
          <p class="muted">Esta actividad aún no tiene piezas.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Pieza</th>
                <th scope="col">Tipo</th>
                <th scope="col">Estado</th>
                <th scope="col">Publicación ({timeZone})</th>
              </tr>
            </thead>
            <tbody>
              {pieces.map((p) => (
                <tr>
                  <td>
                    <a href={`/piezas/${p.id}`}>{p.title}</a>
                  </td>
                  <td>{pieceKindLabel[p.kind]}</td>
                  <td>
                    <span class={`badge status-${p.status}`}>{pieceStatusLabel[p.status]}</span>
                  </td>
                  <td>{formatDateTime(p.scheduledAt, timeZone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form method="post" action={`/actividades/${a.id}/piezas`} class="inline-form">
          <CsrfField />
          <label>
            Tipo
            <select name="kind">
              {Object.entries(pieceKindLabel).map(([value, label]) => (
                <option value={value}>{label}</option>
              ))}
            </select>
          </label>
          <label>
            Título <input name="title" required minlength={3} maxlength={300} />
          </label>
          <button type="submit">Crear borrador</button>
        </form>
      </section>
    </Layout>
  );
}
