import type { getPlanTree, listPlans } from '../plan/plan-tree.js';
import { activityStatusLabel } from '../i18n/es.js';
import { daysText, formatDate } from './format.js';
import { Layout, ProgressBar } from './layout.js';

type PlanTree = Awaited<ReturnType<typeof getPlanTree>>;
type Activity = PlanTree['subcomponents'][number]['activities'][number];

export function PlansPage({ plans }: { plans: Awaited<ReturnType<typeof listPlans>> }) {
  return (
    <Layout title="Planes de acción" active="plan">
      <h1>Planes de acción</h1>
      {plans.length === 0 ? (
        <p>
          Todavía no hay planes. <a href="/planes/importar">Importe el plan de acción</a>.
        </p>
      ) : (
        <ul class="cards">
          {plans.map((p) => (
            <li>
              <a href={`/planes/${p.id}`}>{p.title}</a>
              <p class="muted">
                {p.subcomponentCount} subcomponentes · {p.activityCount} actividades
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function PlanPage({ plan }: { plan: PlanTree }) {
  return (
    <Layout title={plan.title} active="plan">
      <h1>{plan.title}</h1>
      {plan.objective && <p class="lead">{plan.objective}</p>}
      <div class="summary">
        <div>
          <span class="muted">Avance del plan</span>
          <ProgressBar value={plan.progress} label="Avance del plan" />
        </div>
        <div>
          <span class="muted">Actividades atrasadas</span>
          <strong class={plan.lateCount > 0 ? 'late-count' : ''}>{plan.lateCount}</strong>
        </div>
        <div>
          <span class="muted">Hoy ({plan.timeZone})</span>
          <strong>{formatDate(plan.today)}</strong>
        </div>
      </div>
      <p>
        <a href={`/planes/${plan.id}/metricas`}>Métricas del plan: alcance, interacción y metas</a> ·{' '}
        <a href={`/planes/${plan.id}/cronograma`}>Cronograma: programado y real</a> ·{' '}
        <a href={`/planes/${plan.id}/evaluacion`}>Evaluación</a> · <a href={`/planes/${plan.id}/informe`}>Informe general</a>
      </p>
      {plan.subcomponents.map((s) => (
        <section class="subcomponent" aria-labelledby={`sub-${s.id}`}>
          <h2 id={`sub-${s.id}`}>
            {s.position}. {s.name} <ProgressBar value={s.progress} label={`Avance de ${s.name}`} />
          </h2>
          <div class="table-wrap">
            <table class="plan-table">
              <thead>
                <tr>
                  <th scope="col">Actividad</th>
                  <th scope="col">Meta de producto - indicador</th>
                  <th scope="col">Responsables</th>
                  <th scope="col">Fechas programadas</th>
                  <th scope="col">Estado</th>
                  <th scope="col">Avance</th>
                </tr>
              </thead>
              <tbody>
                {s.activities.map((a) => (
                  <ActivityRow a={a} />
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Layout>
  );
}

export function Departments({ a }: { a: Pick<Activity, 'allDepartments' | 'departments'> }) {
  return (
    <ul class="tags">
      {a.departments.map((d) => (
        <li>{d.name}</li>
      ))}
      {a.allDepartments && <li class="all">Todas las dependencias</li>}
    </ul>
  );
}

export function LateBadge({ a }: { a: Pick<Activity, 'lateness'> }) {
  if (!a.lateness.late) return null;
  const text = a.lateness.reason === 'not_finished' ? 'Vencida hace' : 'Sin iniciar hace';
  return <span class="badge late">{`${text} ${daysText(a.lateness.daysLate)}`}</span>;
}

function ActivityRow({ a }: { a: Activity }) {
  return (
    <tr class={a.lateness.late ? 'is-late' : ''}>
      <td>
        <a href={`/actividades/${a.id}`}>{a.description}</a>
        {a.pieceCount > 0 && <span class="muted"> · {a.pieceCount} piezas</span>}
      </td>
      <td>{a.goal ?? '—'}</td>
      <td>
        <Departments a={a} />
      </td>
      <td>
        {a.plannedStart || a.plannedEnd ? (
          <>
            {formatDate(a.plannedStart)} –<br />
            {formatDate(a.plannedEnd)}
          </>
        ) : (
          'Sin fechas'
        )}
      </td>
      <td>
        {activityStatusLabel[a.status]} <LateBadge a={a} />
      </td>
      <td>
        <ProgressBar value={a.progress} label={`Avance: ${a.description}`} />
      </td>
    </tr>
  );
}
