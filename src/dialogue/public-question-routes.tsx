import { Hono, type Context } from 'hono';
import type { Actor } from '../audit/write-audit.js';
import { clientIp } from '../auth/client-ip.js';
import { getBrandKit } from '../brand/brand-kit.js';
import type { AppEnv } from '../http/env.js';
import { todayIn } from '../lib/dates.js';
import { formatDate } from '../web/format.js';
import { PublicLayout, sendPublicPage } from '../website/public-layout.js';
import { newsSite, type NewsSite } from '../website/site.js';
import { createQuestion, QUESTION_MAX, QUESTION_MIN } from './questions/intake.js';
import { publicAnswers, type PublicAnswers } from './questions/list.js';
import { currentPlan, planDeadline, topicChoices, type Deadline } from './questions/plan-context.js';
import { checkSubmissionLimit, HoneypotField, isHoneypotFilled, submissionSecretOf } from './submission-limit.js';

/**
 * The citizens' side of the questions, in the municipality's public look, without an account
 * (declared public in src/auth/policy.ts):
 * - /participa/preguntas: the form (question, topic, and an optional name and e-mail that are
 *   used only to send the answer and never shown); POST stores it and thanks with the deadline.
 *   In order: the honeypot filled → thanked, nothing stored; problems → 422 with the form again;
 *   more than QUESTIONS_PER_HOUR from one address in an hour → 429; else stored.
 * - /participa/respuestas: the published answers, grouped by topic or by department, searchable
 *   (?q=), paginated (?pagina=). Nothing about who asked, nothing unpublished.
 * Both serve the latest plan, as /participa does.
 */
export const publicQuestionRoutes = new Hono<AppEnv>();

/** Questions one address may send in an hour. */
export const QUESTIONS_PER_HOUR = 5;
const NAME_MAX = 120;
const EMAIL_MAX = 200;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Who the audit trail says sent a question from the web form: nobody identifiable, no address. */
const citizenActor: Actor = { userId: null, label: 'ciudadanía (formulario web)', ip: null };

type FormValues = { texto: string; tema: string; nombre: string; correo: string };
type FormErrors = Partial<Record<keyof FormValues, string>>;

async function siteOf(c: Context<AppEnv>): Promise<NewsSite> {
  return newsSite(c, await getBrandKit(c.var.db));
}

function noPlanPage(c: Context<AppEnv>, site: NewsSite) {
  return sendPublicPage(c, <MessagePage site={site} title="Preguntas a la administración" message="Todavía no hay un plan de rendición de cuentas publicado: vuelva pronto." />, 404);
}

publicQuestionRoutes.get('/participa/preguntas', async (c) => {
  const site = await siteOf(c);
  c.header('Cache-Control', 'no-store');
  const plan = await currentPlan(c.var.db);
  if (!plan) return noPlanPage(c, site);
  const [topics, deadline] = await Promise.all([topicChoices(c.var.db, plan.id), planDeadline(c.var.db, plan, new Date())]);
  return sendPublicPage(c, <QuestionFormPage site={site} topics={topics} deadline={deadline} />);
});

publicQuestionRoutes.post('/participa/preguntas', async (c) => {
  const site = await siteOf(c);
  c.header('Cache-Control', 'no-store');
  const plan = await currentPlan(c.var.db);
  if (!plan) return noPlanPage(c, site);
  const form = await c.req.parseBody();
  const now = new Date();
  const deadline = await planDeadline(c.var.db, plan, now);
  const thanks = (repeated: boolean) => sendPublicPage(c, <ThanksPage site={site} deadline={deadline} repeated={repeated} />);
  // A robot filled the field people never see: thanked, nothing stored, nothing counted.
  if (isHoneypotFilled(form)) return thanks(false);

  const topics = await topicChoices(c.var.db, plan.id);
  const field = (name: keyof FormValues) => (typeof form[name] === 'string' ? (form[name] as string) : '');
  const values: FormValues = { texto: field('texto').replace(/\r\n/g, '\n').trim(), tema: field('tema').trim(), nombre: field('nombre').trim(), correo: field('correo').trim() };
  const errors = checkForm(values, topics);
  if (Object.keys(errors).length > 0) {
    return sendPublicPage(c, <QuestionFormPage site={site} topics={topics} deadline={deadline} values={values} errors={errors} />, 422);
  }

  const limit = await checkSubmissionLimit(c.var.db, {
    form: 'preguntas',
    clientAddress: clientIp(c, c.var.config.trustProxy) ?? 'desconocida',
    now,
    limitPerHour: QUESTIONS_PER_HOUR,
    secret: submissionSecretOf(c.var.config),
  });
  if (!limit.allowed) {
    c.header('Retry-After', String(limit.retryAfterSeconds));
    return sendPublicPage(
      c,
      <MessagePage
        site={site}
        title="Demasiadas preguntas seguidas"
        message="Desde su conexión ya se enviaron varias preguntas en la última hora. Por favor, inténtelo de nuevo más tarde. Si comparte la conexión con otras personas (una oficina, un colegio), pueden enviarlas desde otra red."
      />,
      429,
    );
  }

  const { duplicateOf } = await createQuestion({
    db: c.var.db,
    actor: citizenActor,
    input: { planId: plan.id, source: 'form', text: values.texto, topic: values.tema, authorName: values.nombre || null, contact: values.correo || null, receivedAt: now },
  });
  return thanks(duplicateOf !== null);
});

function checkForm(v: FormValues, topics: string[]): FormErrors {
  const errors: FormErrors = {};
  const length = [...v.texto].length;
  if (length < QUESTION_MIN) errors.texto = length === 0 ? 'Escriba su pregunta.' : `La pregunta es muy corta: escriba al menos ${QUESTION_MIN} caracteres.`;
  else if (length > QUESTION_MAX) errors.texto = `La pregunta es muy larga: tiene ${length} caracteres y el máximo es ${QUESTION_MAX}.`;
  if (!topics.includes(v.tema)) errors.tema = 'Elija el tema de su pregunta (o «Otro tema»).';
  if ([...v.nombre].length > NAME_MAX) errors.nombre = `El nombre puede tener hasta ${NAME_MAX} caracteres.`;
  if (v.correo && (v.correo.length > EMAIL_MAX || !EMAIL.test(v.correo))) errors.correo = 'Revise el correo electrónico (por ejemplo, nombre@correo.com), o déjelo vacío.';
  return errors;
}

publicQuestionRoutes.get('/participa/respuestas', async (c) => {
  const site = await siteOf(c);
  const plan = await currentPlan(c.var.db);
  if (!plan) return noPlanPage(c, site);
  const q = (c.req.query('q') ?? '').trim().slice(0, 200);
  const groupBy = c.req.query('por') === 'dependencia' ? 'department' : 'topic';
  const requested = Number(c.req.query('pagina') ?? '1');
  const page = Number.isInteger(requested) && requested > 0 ? requested : 1;
  const answers = await publicAnswers(c.var.db, { planId: plan.id, q, groupBy, page });
  c.header('Cache-Control', 'public, max-age=60');
  return sendPublicPage(c, <AnswersPage site={site} answers={answers} q={q} groupBy={groupBy} />);
});

// ---------------------------------------------------------------- pages

function deadlineSentence(deadline: Deadline): string {
  if (deadline.day) return `La administración publica las respuestas a más tardar el ${formatDate(deadline.day)} (${deadline.days} días después de la audiencia pública).`;
  return `La administración publica las respuestas dentro de los ${deadline.days} días siguientes a la audiencia pública de rendición de cuentas.`;
}

function QuestionFormPage({ site, topics, deadline, values, errors = {} }: { site: NewsSite; topics: string[]; deadline: Deadline; values?: FormValues; errors?: FormErrors }) {
  const v = values ?? { texto: '', tema: '', nombre: '', correo: '' };
  const problems = (Object.entries(errors) as [keyof FormValues, string][]).filter(([, m]) => m);
  const invalid = (name: keyof FormValues) => (errors[name] ? 'true' : undefined);
  const describedBy = (name: keyof FormValues, help?: string) => [help, errors[name] ? `error-${name}` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <PublicLayout site={site} title="Haga su pregunta" description={`Pregunte a la administración de ${site.municipality} en la rendición de cuentas.`} noindex={values !== undefined}>
      <article class="qa-page">
        <p class="crumbs">
          <a href="/participa">Participa</a> · Rendición de cuentas
        </p>
        <h1>Haga su pregunta a la administración</h1>
        <p class="qa-lead">Pregunte lo que quiera saber de la gestión municipal. Las respuestas se publican en la página de <a href="/participa/respuestas">respuestas a la ciudadanía</a>.</p>
        <p class="qa-deadline">{deadlineSentence(deadline)}</p>
        {problems.length > 0 && (
          <div class="form-errors" role="alert" id="errores" tabindex={-1}>
            <h2>{problems.length === 1 ? 'Hay 1 dato por revisar' : `Hay ${problems.length} datos por revisar`}</h2>
            <ul>
              {problems.map(([name, message]) => (
                <li>
                  <a href={`#campo-${name}`}>{message}</a>
                </li>
              ))}
            </ul>
          </div>
        )}
        <form method="post" action="/participa/preguntas" class="qa-form">
          <div class={errors.texto ? 'qa-field has-error' : 'qa-field'}>
            <label for="campo-texto">Su pregunta</label>
            <p class="qa-help" id="ayuda-texto">
              Entre {QUESTION_MIN} y {QUESTION_MAX} caracteres.
            </p>
            {errors.texto && (
              <p class="field-error" id="error-texto">
                {errors.texto}
              </p>
            )}
            <textarea id="campo-texto" name="texto" rows={6} required minlength={QUESTION_MIN} maxlength={QUESTION_MAX} aria-invalid={invalid('texto')} aria-describedby={describedBy('texto', 'ayuda-texto')}>
              {v.texto}
            </textarea>
          </div>
          <div class={errors.tema ? 'qa-field has-error' : 'qa-field'}>
            <label for="campo-tema">Tema</label>
            {errors.tema && (
              <p class="field-error" id="error-tema">
                {errors.tema}
              </p>
            )}
            <select id="campo-tema" name="tema" required aria-invalid={invalid('tema')} aria-describedby={describedBy('tema')}>
              <option value="">Elija un tema</option>
              {topics.map((t) => (
                <option value={t} selected={v.tema === t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          <fieldset class="qa-optional">
            <legend>Sus datos (opcionales)</legend>
            <p class="qa-privacy" id="ayuda-datos">
              No son obligatorios. Si los deja, la oficina de comunicaciones los usa <strong>solo para enviarle la respuesta</strong>: nunca se publican ni se muestran en esta página ni
              en la de respuestas, y no se comparten.
            </p>
            <div class={errors.nombre ? 'qa-field has-error' : 'qa-field'}>
              <label for="campo-nombre">Nombre (opcional)</label>
              {errors.nombre && (
                <p class="field-error" id="error-nombre">
                  {errors.nombre}
                </p>
              )}
              <input type="text" id="campo-nombre" name="nombre" value={v.nombre} maxlength={NAME_MAX} autocomplete="name" aria-invalid={invalid('nombre')} aria-describedby={describedBy('nombre', 'ayuda-datos')} />
            </div>
            <div class={errors.correo ? 'qa-field has-error' : 'qa-field'}>
              <label for="campo-correo">Correo electrónico (opcional), para enviarle la respuesta</label>
              {errors.correo && (
                <p class="field-error" id="error-correo">
                  {errors.correo}
                </p>
              )}
              <input type="email" id="campo-correo" name="correo" value={v.correo} maxlength={EMAIL_MAX} autocomplete="email" inputmode="email" aria-invalid={invalid('correo')} aria-describedby={describedBy('correo', 'ayuda-datos')} />
            </div>
          </fieldset>
          <HoneypotField />
          <button type="submit" class="qa-submit">
            Enviar pregunta
          </button>
        </form>
      </article>
    </PublicLayout>
  );
}

function ThanksPage({ site, deadline, repeated }: { site: NewsSite; deadline: Deadline; repeated: boolean }) {
  return (
    <PublicLayout site={site} title="¡Gracias por su pregunta!" noindex>
      <article class="qa-page">
        <h1>¡Gracias por su pregunta!</h1>
        <p class="qa-notice">La recibimos y la dependencia que corresponda la responderá.</p>
        {repeated && <p>Otra persona ya había hecho una pregunta igual: las dos se responden con la misma respuesta.</p>}
        <p class="qa-deadline">{deadlineSentence(deadline)}</p>
        <p>
          <a href="/participa/respuestas">Ver las respuestas publicadas</a> · <a href="/participa/preguntas">Hacer otra pregunta</a>
        </p>
      </article>
    </PublicLayout>
  );
}

function MessagePage({ site, title, message }: { site: NewsSite; title: string; message: string }) {
  return (
    <PublicLayout site={site} title={title} noindex>
      <article class="qa-page">
        <h1>{title}</h1>
        <p class="qa-notice">{message}</p>
        <p>
          <a href="/participa">Volver a Participa</a>
        </p>
      </article>
    </PublicLayout>
  );
}

function AnswersPage({ site, answers, q, groupBy }: { site: NewsSite; answers: PublicAnswers; q: string; groupBy: 'topic' | 'department' }) {
  const link = (page: number) => {
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    if (groupBy === 'department') params.set('por', 'dependencia');
    if (page > 1) params.set('pagina', String(page));
    const query = params.toString();
    return `/participa/respuestas${query ? `?${query}` : ''}`;
  };
  const title = answers.page > 1 ? `Respuestas a la ciudadanía, página ${answers.page}` : 'Respuestas a la ciudadanía';
  return (
    <PublicLayout site={site} title={title} description={`Las respuestas de la administración de ${site.municipality} a las preguntas de la ciudadanía en la rendición de cuentas.`} noindex={q !== ''}>
      <article class="qa-page qa-answers">
        <p class="crumbs">
          <a href="/participa">Participa</a> · Rendición de cuentas
        </p>
        <h1>{title}</h1>
        <p class="qa-lead">
          Las preguntas que la ciudadanía hizo en la rendición de cuentas y las respuestas de la administración. ¿Tiene otra? <a href="/participa/preguntas">Haga su pregunta</a>.
        </p>
        <form method="get" action="/participa/respuestas" class="qa-search" role="search">
          <div class="qa-field">
            <label for="buscar">Buscar en preguntas y respuestas</label>
            <input type="search" id="buscar" name="q" value={q} maxlength={200} />
          </div>
          <div class="qa-field">
            <label for="agrupar">Agrupar por</label>
            <select id="agrupar" name="por">
              <option value="tema" selected={groupBy === 'topic'}>
                Tema
              </option>
              <option value="dependencia" selected={groupBy === 'department'}>
                Dependencia
              </option>
            </select>
          </div>
          <button type="submit" class="qa-submit">
            Buscar
          </button>
        </form>
        <p class="qa-count" role="status">
          {answers.total === 0
            ? q
              ? `Ninguna respuesta publicada contiene «${q}».`
              : 'Todavía no hay respuestas publicadas. Vuelva pronto.'
            : answers.total === 1
              ? '1 respuesta publicada' + (q ? ` con «${q}».` : '.')
              : `${answers.total} respuestas publicadas${q ? ` con «${q}»` : ''}.`}
        </p>
        {answers.groups.map((group) => (
          <section class="qa-group" aria-label={group.label}>
            <h2>{group.label}</h2>
            <ol class="qa-list">
              {group.items.map((a) => (
                <li id={`respuesta-${a.id}`}>
                  <article class="qa-item">
                    <h3 class="qa-question">
                      <span class="qa-tag">Pregunta</span> {a.question}
                    </h3>
                    <div class="qa-answer">
                      <p class="qa-by">Respuesta{a.department ? ` de ${a.department}` : ''}</p>
                      {a.answer.split(/\n+/).map((p) => (
                        <p>{p}</p>
                      ))}
                    </div>
                    <p class="qa-meta">
                      {groupBy === 'department' && `${a.topic ?? 'Sin tema'} · `}Publicada el{' '}
                      <time datetime={a.publishedAt.toISOString()}>{formatDate(todayIn(site.timeZone, a.publishedAt))}</time>
                    </p>
                  </article>
                </li>
              ))}
            </ol>
          </section>
        ))}
        {answers.pageCount > 1 && (
          <nav class="pager" aria-label="Páginas de respuestas">
            {answers.page > 1 && (
              <a rel="prev" href={link(answers.page - 1)}>
                ← Anteriores
              </a>
            )}
            <span>
              Página {answers.page} de {answers.pageCount}
            </span>
            {answers.page < answers.pageCount && (
              <a rel="next" href={link(answers.page + 1)}>
                Siguientes →
              </a>
            )}
          </nav>
        )}
      </article>
    </PublicLayout>
  );
}
