import { Hono, type Context } from 'hono';
import { getBrandKit } from '../brand/brand-kit.js';
import { clientIp } from '../auth/client-ip.js';
import type { AppEnv } from '../http/env.js';
import { toAppError } from '../http/errors.js';
import { formatDateTime } from '../web/format.js';
import { sendPublicPage } from '../website/public-layout.js';
import { newsSite, type NewsSite } from '../website/site.js';
import { answersFromForm, toQuestionView, type RawForm } from './surveys/questions.js';
import { SurveyFormPage, SurveyMessagePage, SurveyNotOpenPage, type PublicSurvey } from './surveys/public-pages.js';
import { checkResponse, closedReason, findSurveyBySlug, storeResponse } from './surveys/responses.js';
import { surveySlugPattern } from './surveys/schemas.js';
import type { SurveyRow } from './surveys/surveys.js';
import { checkSubmissionLimit, isHoneypotFilled, submissionSecretOf } from './submission-limit.js';

/**
 * The public survey page, /participa/encuestas/:slug: no account, the municipality's public
 * look. GET shows the form of an open survey (or says it is not open yet, or closed); POST
 * stores one anonymous response. Declared public in src/auth/policy.ts.
 *
 * POST, in order: a survey that does not take answers → 409; the honeypot filled → the thanks
 * page, nothing stored; answers with problems → 422, the form again with what was sent; more
 * than SURVEY_ANSWERS_PER_HOUR from the same address to the same survey in an hour → 429;
 * else stored → the thanks page.
 */
export const publicSurveyRoutes = new Hono<AppEnv>();

/** Answers one address may send to one survey in an hour. */
export const SURVEY_ANSWERS_PER_HOUR = 5;

const notFoundMessage = 'Esta encuesta no existe o todavía no está publicada. Revise la dirección del enlace.';

function toPublic(s: SurveyRow): PublicSurvey {
  return { slug: s.slug, title: s.title, description: s.description, closesAt: s.closesAt?.toISOString() ?? null, questions: s.questions.map(toQuestionView) };
}

async function siteOf(c: Context<AppEnv>): Promise<NewsSite> {
  return newsSite(c, await getBrandKit(c.var.db));
}

/** A survey a citizen may see: published (drafts are nobody's business outside the office). */
async function visibleSurvey(c: Context<AppEnv>): Promise<SurveyRow | null> {
  const slug = c.req.param('slug') ?? '';
  if (!surveySlugPattern.test(slug)) return null;
  const survey = await findSurveyBySlug(c.var.db, slug);
  return survey && survey.status === 'published' ? survey : null;
}

function noStore(c: Context<AppEnv>) {
  // The form's state (open, closed) and a citizen's answers must not be kept by caches.
  c.header('Cache-Control', 'no-store');
}

publicSurveyRoutes.get('/participa/encuestas/:slug', async (c) => {
  const site = await siteOf(c);
  noStore(c);
  const survey = await visibleSurvey(c);
  if (!survey) return sendPublicPage(c, <SurveyMessagePage site={site} title="Encuesta no encontrada" message={notFoundMessage} />, 404);
  const now = new Date();
  const reason = closedReason(survey, now, (d) => formatDateTime(d.toISOString(), site.timeZone));
  if (reason) return sendPublicPage(c, <SurveyNotOpenPage site={site} survey={toPublic(survey)} message={reason} />);
  return sendPublicPage(c, <SurveyFormPage site={site} survey={toPublic(survey)} />);
});

publicSurveyRoutes.post('/participa/encuestas/:slug', async (c) => {
  const site = await siteOf(c);
  noStore(c);
  const form = (await c.req.parseBody({ all: true })) as RawForm;
  const slug = c.req.param('slug');
  const found = surveySlugPattern.test(slug) ? await findSurveyBySlug(c.var.db, slug) : null;
  if (!found) return sendPublicPage(c, <SurveyMessagePage site={site} title="Encuesta no encontrada" message={notFoundMessage} />, 404);
  const now = new Date();
  const when = (d: Date) => formatDateTime(d.toISOString(), site.timeZone);
  const refused = (message: string) =>
    sendPublicPage(c, <SurveyMessagePage site={site} title="La encuesta no recibe respuestas" message={message} surveyTitle={found.status === 'published' ? found.title : undefined} />, 409);

  const reason = closedReason(found, now, when);
  if (reason) return refused(reason);

  const thanks = () =>
    sendPublicPage(
      c,
      <SurveyMessagePage
        site={site}
        title="¡Gracias por participar!"
        surveyTitle={found.title}
        message={`Recibimos sus respuestas a la encuesta «${found.title}». La administración las tendrá en cuenta en la rendición de cuentas.`}
      />,
    );
  // A robot filled the field people never see: thanked, nothing stored, nothing counted.
  if (isHoneypotFilled(form)) return thanks();

  const questions = found.questions.map(toQuestionView);
  const raw = answersFromForm(questions, form);
  const checked = checkResponse(found, raw);
  if (!checked.ok) return sendPublicPage(c, <SurveyFormPage site={site} survey={toPublic(found)} values={raw} errors={checked.errors} />, 422);

  const limit = await checkSubmissionLimit(c.var.db, {
    form: `encuesta:${found.slug}`,
    clientAddress: clientIp(c, c.var.config.trustProxy) ?? 'desconocida',
    now,
    limitPerHour: SURVEY_ANSWERS_PER_HOUR,
    secret: submissionSecretOf(c.var.config),
  });
  if (!limit.allowed) {
    c.header('Retry-After', String(limit.retryAfterSeconds));
    return sendPublicPage(
      c,
      <SurveyMessagePage
        site={site}
        title="Demasiadas respuestas seguidas"
        surveyTitle={found.title}
        message="Desde su conexión ya se enviaron varias respuestas a esta encuesta en la última hora. Por favor, inténtelo de nuevo más tarde. Si comparte la conexión con otras personas (una oficina, un colegio), pueden responder desde otra red."
      />,
      429,
    );
  }

  try {
    await storeResponse(c.var.db, found, checked.answers, now);
  } catch (err) {
    const e = toAppError(err);
    if (e.code === 'conflict') return refused(closedReason(found, new Date(), when) ?? e.message);
    throw e;
  }
  return thanks();
});
