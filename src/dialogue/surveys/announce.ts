import type { Actor } from '../../audit/write-audit.js';
import type { Db } from '../../db/client.js';
import { createPiece, type VariantInput } from '../../pieces/save-piece.js';
import { findSurvey, surveyPublicUrl } from './surveys.js';

/**
 * "Crear pieza de anuncio": a draft piece of kind survey_publication in the survey's activity,
 * with the survey's public link in the text and in the link field of its X, Facebook and
 * website variants. The office edits it and sends it to review like any piece.
 */

const X_TITLE_MAX = 150;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export function announcementTexts(survey: { title: string; description: string }, url: string) {
  const invitation = `Participe en la encuesta «${survey.title}». Su opinión cuenta para la rendición de cuentas.`;
  const description = survey.description.trim();
  const body = [invitation, description, `Responda aquí, sin registrarse: ${url}`].filter(Boolean).join('\n\n');
  const x = `Participe en la encuesta «${cut(survey.title, X_TITLE_MAX)}». Su opinión cuenta: ${url}`;
  return { body, x };
}

export async function createSurveyAnnouncement({ db, actor, surveyId, publicUrl }: { db: Db; actor: Actor; surveyId: string; publicUrl: string }) {
  const survey = await findSurvey(db, surveyId);
  const url = surveyPublicUrl(publicUrl, survey.slug);
  const { body, x } = announcementTexts(survey, url);
  const variants: VariantInput[] = [
    { network: 'x', text: x, link: url },
    { network: 'facebook', text: body, link: url },
    { network: 'website', title: cut(`Encuesta: ${survey.title}`, 300), text: body, link: url },
  ];
  return createPiece({
    db,
    actor,
    fields: { kind: 'survey_publication', title: cut(`Anuncio de la encuesta: ${survey.title}`, 300), body, activityId: survey.activityId, variants },
  });
}
