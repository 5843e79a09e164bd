import type { QuestionCaller } from '../dialogue/questions/access.js';
import { isDepartmentScoped, questionCan, reaches, seesPersonalData } from '../dialogue/questions/access.js';
import type { ImportResult } from '../dialogue/questions/import-comments.js';
import type { QuestionDetail, QuestionFilters, QuestionList } from '../dialogue/questions/list.js';
import { questionSourceLabel, questionSources, questionStatusLabel, questionStatuses, type QuestionStatus, type QuestionView } from '../dialogue/questions/model.js';
import { truncate } from '../dialogue/questions/normalize.js';
import { MAX_PIECE_QUESTIONS } from '../dialogue/questions/answers-piece.js';
import { networkLabel } from '../i18n/es.js';
import { formatDate, formatDateTime } from './format.js';
import { ErrorNote, Layout } from './layout.js';
import { FilterSelect } from './filter-select.js';
import { CsrfField } from './page.js';

/**
 * The staff's pages of citizens' questions: the plan's list (counts, deadline, filters, intake
 * from hearing cards, comment imports, "Crear pieza") and one question's page (its workflow).
 * What each person sees and may press follows access.ts.
 */

type Option = { id: string; name: string };
export type Importable = { id: string; network: 'x' | 'youtube' | 'facebook'; pieceTitle: string; accountLabel: string; sandbox: boolean; url: string | null; publishedAt: string | null };

export type QuestionListProps = {
  list: QuestionList;
  filters: QuestionFilters;
  page: number;
  perPage: number;
  by: QuestionCaller;
  departments: Option[];
  topics: string[];
  importable: Importable[];
  /** The hearing's live broadcast, when it has one: its comments can be imported too. */
  broadcast: { eventId: string; title: string } | null;
  timeZone: string;
  notice?: string | null;
  error?: string | null;
  importResult?: ImportResult | null;
};

const statusBadge = (s: QuestionStatus) => `badge question-${s}`;

export function QuestionListPage(p: QuestionListProps) {
  const { list, filters, by } = p;
  const manage = questionCan.manage(by);
  const canPiece = manage;
  const pages = Math.max(1, Math.ceil(list.total / p.perPage));
  const query = (page: number) => {
    const params = new URLSearchParams();
    if (filters.status) params.set('estado', filters.status);
    if (filters.source) params.set('fuente', filters.source);
    if (filters.departmentId) params.set('dependencia', filters.departmentId);
    if (filters.topic) params.set('tema', filters.topic);
    if (filters.overdue) params.set('vencidas', '1');
    if (filters.q) params.set('q', filters.q);
    if (page > 1) params.set('pagina', String(page));
    const s = params.toString();
    return `/planes/${list.plan.id}/preguntas${s ? `?${s}` : ''}`;
  };
  const selectable = (q: QuestionView) => canPiece && (q.status === 'approved' || q.status === 'published');
  return (
    <Layout title="Preguntas ciudadanas" active="questions">
      <p class="crumbs">
        <a href={`/planes/${list.plan.id}`}>{list.plan.title}</a>
      </p>
      <h1>Preguntas ciudadanas</h1>
      <p class="lead">
        Preguntas del formulario público, de las tarjetas de la audiencia y de los comentarios en redes: cada una se asigna a una dependencia, se responde, la aprueban la dependencia y
        la oficina, y se publica en <a href="/participa/respuestas">/participa/respuestas</a>.
        {isDepartmentScoped(by) && ' Usted ve las preguntas asignadas a sus dependencias.'}
      </p>
      <ErrorNote message={p.error} />
      {p.notice && (
        <p class="notice" role="status">
          {p.notice}
        </p>
      )}
      {p.importResult && <ImportSummary result={p.importResult} />}

      <div class="summary question-counts">
        <CountCard label="Total" value={list.counts.total} href={`/planes/${list.plan.id}/preguntas`} />
        <CountCard label="Por asignar" value={list.counts.received} href={`/planes/${list.plan.id}/preguntas?estado=received`} />
        <CountCard label="Asignadas" value={list.counts.assigned} href={`/planes/${list.plan.id}/preguntas?estado=assigned`} />
        <CountCard label="Respondidas (borrador)" value={list.counts.answered} href={`/planes/${list.plan.id}/preguntas?estado=answered`} />
        <CountCard label="Aprobadas" value={list.counts.approved} href={`/planes/${list.plan.id}/preguntas?estado=approved`} />
        <CountCard label="Publicadas" value={list.counts.published} href={`/planes/${list.plan.id}/preguntas?estado=published`} />
        <CountCard label="Vencidas" value={list.counts.overdue} href={`/planes/${list.plan.id}/preguntas?vencidas=1`} late={list.counts.overdue > 0} />
        <CountCard label="Duplicadas" value={list.counts.duplicate} href={`/planes/${list.plan.id}/preguntas?estado=duplicate`} />
        <CountCard label="Descartadas" value={list.counts.discarded} href={`/planes/${list.plan.id}/preguntas?estado=discarded`} />
      </div>

      <section aria-labelledby="plazo">
        <h2 id="plazo">Plazo de respuesta</h2>
        <p>
          {list.deadline.day ? (
            <>
              Las respuestas se publican a más tardar el <strong>{formatDate(list.deadline.day)}</strong>: {list.deadline.days} días después de la audiencia «{list.deadline.hearing?.title}» (
              {formatDateTime(list.deadline.hearing!.startsAt.toISOString(), p.timeZone)}).{' '}
              {list.deadline.today > list.deadline.day ? (
                <span class="badge late">Plazo vencido</span>
              ) : (
                <span class="muted">Hoy es {formatDate(list.deadline.today)}.</span>
              )}
            </>
          ) : (
            <>El plazo es de {list.deadline.days} días después de la audiencia pública; el plan todavía no tiene la audiencia en su agenda, así que ninguna pregunta está vencida.</>
          )}
        </p>
        {manage && (
          <form method="post" action={`/planes/${list.plan.id}/preguntas/plazo`} class="inline-form">
            <CsrfField />
            <label>
              Días después de la audiencia
              <input type="number" name="answerDeadlineDays" min={1} max={365} required value={String(list.plan.answerDeadlineDays)} />
            </label>
            <button type="submit" class="secondary">
              Cambiar el plazo
            </button>
          </form>
        )}
      </section>

      <section aria-labelledby="lista">
        <h2 id="lista">Preguntas</h2>
        <form method="get" action={`/planes/${list.plan.id}/preguntas`} class="filters">
          <FilterSelect label="Estado" name="estado" all="Todos" options={questionStatuses.map((s) => ({ value: s, label: questionStatusLabel[s] }))} selected={filters.status} />
          <FilterSelect label="Fuente" name="fuente" all="Todas" options={questionSources.map((s) => ({ value: s, label: questionSourceLabel[s] }))} selected={filters.source} />
          <FilterSelect label="Dependencia" name="dependencia" all="Todas" options={p.departments.map((d) => ({ value: d.id, label: d.name }))} selected={filters.departmentId} />
          <FilterSelect label="Tema" name="tema" all="Todos" options={p.topics.map((t) => ({ value: t, label: t }))} selected={filters.topic} />
          <label>
            Texto
            <input type="search" name="q" value={filters.q ?? ''} maxlength={200} />
          </label>
          <label class="check">
            <input type="checkbox" name="vencidas" value="1" checked={filters.overdue === true} /> Solo vencidas
          </label>
          <button type="submit">Filtrar</button>
        </form>
        <p class="muted">
          {list.total === 1 ? '1 pregunta' : `${list.total} preguntas`}
          {list.total !== list.counts.total && ` de ${list.counts.total}`}.
        </p>
        {list.items.length > 0 && (
          <form method="post" action={`/planes/${list.plan.id}/preguntas/pieza`} id="pieza-respuestas">
            <CsrfField />
            <div class="table-wrap">
              <table class="question-table">
                <thead>
                  <tr>
                    {canPiece && (
                      <th scope="col">
                        <span class="visually-hidden">Elegir para la pieza</span>
                      </th>
                    )}
                    <th scope="col">Pregunta</th>
                    <th scope="col">Fuente</th>
                    <th scope="col">Tema</th>
                    <th scope="col">Dependencia</th>
                    <th scope="col">Estado</th>
                    <th scope="col">Recibida</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((q) => (
                    <tr class={q.overdue ? 'is-late' : undefined}>
                      {canPiece && (
                        <td>
                          {selectable(q) && (
                            <input type="checkbox" name="questionIds" value={q.id} aria-label={`Incluir en la pieza: ${truncate(q.text, 60)}`} />
                          )}
                        </td>
                      )}
                      <td>
                        <a href={`/preguntas/${q.id}`}>{truncate(q.text, 140)}</a>
                      </td>
                      <td>
                        {questionSourceLabel[q.source]}
                        {q.source === 'hearing_card' && q.sourceRef && <span class="muted small"> n.º {q.sourceRef}</span>}
                      </td>
                      <td>{q.topic ?? <span class="muted">—</span>}</td>
                      <td>{q.departmentName ?? <span class="muted">Sin asignar</span>}</td>
                      <td>
                        <span class={statusBadge(q.status)}>{questionStatusLabel[q.status]}</span>
                        {q.overdue && <span class="badge late">Vencida</span>}
                        {q.pieceId && (
                          <a class="small" href={`/piezas/${q.pieceId}`}>
                            {' '}
                            En pieza
                          </a>
                        )}
                      </td>
                      <td class="nowrap">{formatDateTime(q.receivedAt, p.timeZone)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {canPiece && list.items.some(selectable) && (
              <div class="button-row question-piece">
                <button type="submit">Crear pieza con las respuestas elegidas</button>
                <span class="muted small">
                  Hasta {MAX_PIECE_QUESTIONS} respuestas aprobadas: un hilo de X con una publicación por respuesta y tarjetas de pregunta y respuesta (las primeras cuatro).
                </span>
              </div>
            )}
          </form>
        )}
        {pages > 1 && (
          <nav class="button-row" aria-label="Páginas">
            {p.page > 1 && <a href={query(p.page - 1)}>← Anteriores</a>}
            <span>
              Página {p.page} de {pages}
            </span>
            {p.page < pages && <a href={query(p.page + 1)}>Siguientes →</a>}
          </nav>
        )}
      </section>

      {manage && (
        <section aria-labelledby="registrar">
          <h2 id="registrar">Registrar una pregunta</h2>
          <p class="muted">Las tarjetas que la ciudadanía llena en la audiencia (con su número) y las preguntas que llegan a la oficina por otros medios.</p>
          <form method="post" action={`/planes/${list.plan.id}/preguntas`} class="grid-form">
            <CsrfField />
            <label>
              Origen
              <select name="source">
                <option value="hearing_card">Tarjeta de la audiencia</option>
                <option value="staff">Recibida por la oficina</option>
              </select>
            </label>
            <label>
              Número de la tarjeta
              <input type="text" name="sourceRef" maxlength={50} />
            </label>
            <label>
              Tema
              <select name="topic">
                <option value="">Sin tema</option>
                {p.topics.map((t) => (
                  <option value={t}>{t}</option>
                ))}
              </select>
            </label>
            <label>
              Dependencia (opcional)
              <select name="departmentId">
                <option value="">Asignar después</option>
                {p.departments.map((d) => (
                  <option value={d.id}>{d.name}</option>
                ))}
              </select>
            </label>
            <label class="wide">
              Pregunta
              <textarea name="text" rows={4} required minlength={10} maxlength={2000} class="plain-text" />
            </label>
            <label>
              Nombre de quien pregunta (opcional, nunca se publica)
              <input type="text" name="authorName" maxlength={120} />
            </label>
            <label>
              Correo o teléfono para enviarle la respuesta (opcional, nunca se publica)
              <input type="text" name="contact" maxlength={200} />
            </label>
            <div class="wide">
              <button type="submit">Registrar pregunta</button>
            </div>
          </form>
        </section>
      )}

      {manage && (
        <section aria-labelledby="importar">
          <h2 id="importar">Importar comentarios</h2>
          <p class="muted">
            Los comentarios de las publicaciones del plan (y de la transmisión en vivo de la audiencia) entran como preguntas. Se omiten los de la propia cuenta y los ya importados;
            importar de nuevo trae solo los nuevos. X entrega únicamente las respuestas de los últimos 7 días.
          </p>
          {p.broadcast && (
            <form method="post" action={`/planes/${list.plan.id}/preguntas/importar`} class="inline-form">
              <CsrfField />
              <input type="hidden" name="eventId" value={p.broadcast.eventId} />
              <span>Transmisión en vivo de «{p.broadcast.title}» en YouTube</span>
              <button type="submit" class="secondary">
                Importar comentarios
              </button>
            </form>
          )}
          {p.importable.length === 0 && !p.broadcast ? (
            <p class="muted">Todavía no hay publicaciones del plan en X, YouTube o Facebook.</p>
          ) : (
            <ul class="panel-list import-list">
              {p.importable.map((pub) => (
                <li>
                  <form method="post" action={`/planes/${list.plan.id}/preguntas/importar`} class="row-actions">
                    <CsrfField />
                    <input type="hidden" name="publicationId" value={pub.id} />
                    <span>
                      <strong>{networkLabel[pub.network]}</strong> · {pub.url ? <a href={pub.url}>{pub.pieceTitle}</a> : pub.pieceTitle} · {pub.accountLabel}
                      {pub.sandbox && <span class="badge sandbox">Sandbox</span>}
                      {pub.publishedAt && <span class="muted small"> · {formatDateTime(pub.publishedAt, p.timeZone)}</span>}
                    </span>
                    <button type="submit" class="secondary small">
                      Importar comentarios
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </Layout>
  );
}

function CountCard({ label, value, href, late }: { label: string; value: number; href: string; late?: boolean }) {
  return (
    <div>
      <span class="muted">{label}</span>
      <a href={href} class={late ? 'late-count question-count' : 'question-count'}>
        <strong>{value}</strong>
      </a>
    </div>
  );
}

function ImportSummary({ result }: { result: ImportResult }) {
  const parts = [
    `${result.read} leídos`,
    `${result.imported} preguntas nuevas${result.duplicates ? ` (${result.duplicates} duplicadas de otras)` : ''}`,
    result.alreadyImported ? `${result.alreadyImported} ya importados` : null,
    result.own ? `${result.own} de la propia cuenta` : null,
    result.tooShort ? `${result.tooShort} demasiado cortos para ser una pregunta` : null,
  ].filter(Boolean);
  return (
    <div class={result.complete ? 'notice' : 'error'} role={result.complete ? 'status' : 'alert'}>
      <p>
        Comentarios de {result.label}: {parts.join(', ')}.
      </p>
      {result.stoppedBy && <p>{result.stoppedBy}</p>}
    </div>
  );
}

// ---------------------------------------------------------------- one question

export type QuestionPageProps = {
  q: QuestionDetail;
  by: QuestionCaller;
  departments: Option[];
  topics: string[];
  timeZone: string;
  error?: string | null;
};

export function QuestionPage({ q, by, departments, topics, timeZone, error }: QuestionPageProps) {
  const manage = questionCan.manage(by);
  const reach = reaches(by, q);
  const showPersonal = seesPersonalData(by, q);
  const canAnswer = questionCan.answer(by) && reach && ['assigned', 'answered', 'approved'].includes(q.status);
  const officeCan = questionCan.approveAsOffice(by) && q.status === 'answered' && !q.officeApprovedAt;
  const departmentCan = questionCan.approveAsDepartment(by) && reach && q.status === 'answered' && !q.departmentApprovedAt;
  const topicChoices = q.topic && !topics.includes(q.topic) ? [q.topic, ...topics] : topics;
  const action = (name: string) => `/preguntas/${q.id}/${name}`;
  return (
    <Layout title="Pregunta ciudadana" active="questions">
      <p class="crumbs">
        <a href={`/planes/${q.planId}`}>{q.planTitle}</a> · <a href={`/planes/${q.planId}/preguntas`}>Preguntas ciudadanas</a>
      </p>
      <h1>Pregunta ciudadana</h1>
      <p>
        <span class={statusBadge(q.status)}>{questionStatusLabel[q.status]}</span>
        {q.overdue && <span class="badge late">Vencida: el plazo era el {formatDate(q.deadline)}</span>}
        {!q.overdue && q.deadline && q.status !== 'published' && <span class="muted"> Plazo: {formatDate(q.deadline)}</span>}
      </p>
      <ErrorNote message={error} />
      <blockquote class="question-text">{q.text}</blockquote>
      <dl class="facts">
        <dt>Recibida</dt>
        <dd>{formatDateTime(q.receivedAt, timeZone)}</dd>
        <dt>Origen</dt>
        <dd>
          {questionSourceLabel[q.source]}
          {q.sourceRef && (q.source === 'hearing_card' ? ` · tarjeta n.º ${q.sourceRef}` : <span class="muted small"> · {q.sourceRef}</span>)}
        </dd>
        {showPersonal && (
          <>
            <dt>Quién pregunta</dt>
            <dd>{q.authorName ?? <span class="muted">Sin nombre</span>}</dd>
            <dt>Contacto para la respuesta</dt>
            <dd>{q.contact ?? <span class="muted">No dejó contacto</span>}</dd>
          </>
        )}
        <dt>Tema</dt>
        <dd>{q.topic ?? <span class="muted">Sin tema</span>}</dd>
        <dt>Dependencia</dt>
        <dd>{q.departmentName ?? <span class="muted">Sin asignar</span>}</dd>
        {q.pieceId && (
          <>
            <dt>Pieza</dt>
            <dd>
              <a href={`/piezas/${q.pieceId}`}>Ver la pieza con esta respuesta</a>
            </dd>
          </>
        )}
      </dl>
      {showPersonal && <p class="muted small">El nombre y el contacto son datos personales: solo se usan para responder y nunca se publican.</p>}

      {q.status === 'duplicate' && q.duplicateOf && (
        <section aria-labelledby="duplicada">
          <h2 id="duplicada">Duplicada</h2>
          <p>
            Repite la pregunta <a href={`/preguntas/${q.duplicateOf.id}`}>«{truncate(q.duplicateOf.text, 160)}»</a> ({questionStatusLabel[q.duplicateOf.status]}): se responde con ella.
          </p>
          {manage && (
            <form method="post" action={action('no-duplicada')}>
              <CsrfField />
              <button type="submit" class="secondary">
                No es duplicada: tratarla por separado
              </button>
            </form>
          )}
        </section>
      )}
      {q.duplicates.length > 0 && (
        <section aria-labelledby="repetida">
          <h2 id="repetida">La repiten {q.duplicates.length === 1 ? '1 pregunta' : `${q.duplicates.length} preguntas`}</h2>
          <ul>
            {q.duplicates.map((d) => (
              <li>
                <a href={`/preguntas/${d.id}`}>{truncate(d.text, 140)}</a> <span class="muted small">· {questionSourceLabel[d.source]}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {(manage || canAnswer || officeCan || departmentCan || questionCan.publish(by)) && (
        <section aria-labelledby="tramite">
          <h2 id="tramite">Trámite</h2>

          {manage && ['received', 'assigned', 'answered', 'approved'].includes(q.status) && (
            <form method="post" action={action('asignar')} class="grid-form">
              <CsrfField />
              <label>
                Dependencia que responde
                <select name="departmentId" required>
                  <option value="">Elija una dependencia</option>
                  {departments.map((d) => (
                    <option value={d.id} selected={q.departmentId === d.id}>
                      {d.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Tema
                <select name="topic">
                  <option value="">Sin tema</option>
                  {topicChoices.map((t) => (
                    <option value={t} selected={q.topic === t}>
                      {t}
                    </option>
                  ))}
                </select>
              </label>
              <div>
                <button type="submit" class="secondary">
                  {q.departmentId ? 'Reasignar' : 'Asignar'}
                </button>
              </div>
            </form>
          )}

          {canAnswer && (
            <form method="post" action={action('respuesta')} class="stack">
              <CsrfField />
              <label>
                Respuesta {q.status === 'assigned' ? '' : '(al corregirla, se retiran las aprobaciones)'}
                <textarea name="answer" rows={6} required minlength={10} maxlength={5000} class="plain-text">
                  {q.answer ?? ''}
                </textarea>
              </label>
              <div>
                <button type="submit">{q.answer ? 'Guardar la respuesta corregida' : 'Guardar la respuesta'}</button>
              </div>
            </form>
          )}
          {!canAnswer && q.answer && (
            <div class="question-answer">
              <h3>Respuesta</h3>
              <p class="plain-text-block">{q.answer}</p>
            </div>
          )}

          {(q.status === 'answered' || q.status === 'approved' || q.status === 'published') && (
            <p class="muted">
              Aprobaciones de la respuesta: dependencia{' '}
              {q.departmentApprovedAt ? `✓ ${q.approvedBy.department ?? ''} (${formatDateTime(q.departmentApprovedAt, timeZone)})` : '(pendiente)'} · oficina de comunicaciones{' '}
              {q.officeApprovedAt ? `✓ ${q.approvedBy.office ?? ''} (${formatDateTime(q.officeApprovedAt, timeZone)})` : '(pendiente)'}.
            </p>
          )}
          {(officeCan || departmentCan) && (
            <form method="post" action={action('aprobar')}>
              <CsrfField />
              <button type="submit">{officeCan ? 'Aprobar como oficina de comunicaciones' : 'Aprobar como dependencia'}</button>
            </form>
          )}
          {questionCan.publish(by) && q.status === 'approved' && (
            <form method="post" action={action('publicar')}>
              <CsrfField />
              <button type="submit">Publicar en /participa/respuestas</button>
            </form>
          )}
          {questionCan.publish(by) && q.status === 'published' && (
            <form method="post" action={action('retirar')}>
              <CsrfField />
              <p>
                Publicada el {formatDateTime(q.publishedAt, timeZone)} en <a href={`/participa/respuestas#respuesta-${q.id}`}>/participa/respuestas</a>.
              </p>
              <button type="submit" class="secondary">
                Retirar de la página pública
              </button>
            </form>
          )}

          {manage && ['received', 'assigned', 'answered', 'approved'].includes(q.status) && (
            <details class="entry-new">
              <summary>Descartar (fuera de alcance)</summary>
              <form method="post" action={action('descartar')} class="stack">
                <CsrfField />
                <label>
                  Motivo
                  <input type="text" name="reason" required minlength={3} maxlength={500} />
                </label>
                <div>
                  <button type="submit" class="danger">
                    Descartar la pregunta
                  </button>
                </div>
              </form>
            </details>
          )}
          {q.status === 'discarded' && (
            <div>
              <p>Descartada{q.discardReason ? `: «${q.discardReason}»` : ''}.</p>
              {manage && (
                <form method="post" action={action('restaurar')}>
                  <CsrfField />
                  <button type="submit" class="secondary">
                    Restaurar
                  </button>
                </form>
              )}
            </div>
          )}
          {manage && ['received', 'assigned', 'answered'].includes(q.status) && q.duplicates.length === 0 && q.similar.length > 0 && (
            <details class="entry-new">
              <summary>Marcar como duplicada de otra pregunta</summary>
              <ul class="panel-list">
                {q.similar.map((s) => (
                  <li>
                    <form method="post" action={action('duplicada')} class="row-actions">
                      <CsrfField />
                      <input type="hidden" name="of" value={s.id} />
                      <span>
                        <a href={`/preguntas/${s.id}`}>{truncate(s.text, 140)}</a> <span class="muted small">· {Math.round(s.score * 100)} % de palabras en común</span>
                      </span>
                      <button type="submit" class="secondary small">
                        Es duplicada de esta
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
      )}

      <section aria-labelledby="historial">
        <h2 id="historial">Historial</h2>
        <ol class="history">
          {q.history.map((h) => (
            <li>
              {formatDateTime(h.at, timeZone)} · {h.action === 'question.approve' ? (h.detail?.['capacity'] === 'office' ? 'Aprobada por la oficina' : 'Aprobada por la dependencia') : (historyLabel[h.action] ?? h.action)} ·{' '}
              <span class="muted">{h.actor}</span>
              {typeof h.detail?.['reason'] === 'string' && <q>{h.detail['reason']}</q>}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}

const historyLabel: Record<string, string> = {
  'question.create': 'Recibida',
  'question.assign': 'Asignada',
  'question.answer': 'Respuesta guardada',
  'question.approve': 'Aprobada',
  'question.publish': 'Publicada',
  'question.unpublish': 'Retirada de la página pública',
  'question.discard': 'Descartada',
  'question.restore': 'Restaurada',
  'question.duplicate': 'Marcada como duplicada',
  'question.not_duplicate': 'Desmarcada como duplicada',
  'question.piece': 'Incluida en una pieza',
};
