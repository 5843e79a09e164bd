import { normalizeText } from '../lib/text.js';
import type { Offsets } from './derive-dates.js';

/**
 * The days before (negative) and after the public hearing that a yearly accountability campaign
 * usually gives each of its activities, recognised by the activity's wording. The wording is that
 * of the Función Pública action-plan template that municipal plans (and the seed plan) follow,
 * so the same suggestions fit most plans; an activity whose wording matches none gets no
 * suggestion. They are only proposed: the office sees them in the offsets form, changes what it
 * wants and saves (src/web/gantt-routes.tsx).
 *
 * The order of the rules matters: the first that matches wins (the "informe general" rule comes
 * before the one for publishing its results, which also says "informe").
 */
type Rule = { words: RegExp; startDays: number; endDays: number | 'answer_deadline' };

const RULES: Rule[] = [
  // Who the campaign speaks to is settled before anything is designed.
  { words: /grupos de interes|caracterizacion/, startDays: -90, endDays: -60 },
  // Staff and citizens are trained while the campaign is prepared.
  { words: /capacitacion|sensibilizacion/, startDays: -75, endDays: -45 },
  // The management report is public at least 30 days before the hearing.
  { words: /informe de gestion/, startDays: -75, endDays: -30 },
  // The topics survey closes in time to systematize it for the hearing's agenda.
  { words: /encuesta sobre los temas|temas de interes/, startDays: -60, endDays: -35 },
  // Sector meetings and town councils ("cabildos") feed the hearing.
  { words: /sectorial|cabildos|encuentros ciudadanos/, startDays: -60, endDays: -15 },
  // The invitation campaign: pieces, press, mass media, website and social networks.
  { words: /piezas comunicativas/, startDays: -45, endDays: 0 },
  { words: /comunicados de prensa/, startDays: -30, endDays: 1 },
  { words: /medios de comunicacion masiva|radio prensa/, startDays: -30, endDays: 0 },
  { words: /pagina web/, startDays: -45, endDays: 15 },
  { words: /discusion y participacion|redes sociales institucionales/, startDays: -30, endDays: 15 },
  { words: /ferias de gestion/, startDays: -30, endDays: -7 },
  // The live stream is announced and tested in the last days.
  { words: /canales multimedia|streaming|youtube/, startDays: -15, endDays: 0 },
  { words: /audiencia publica participativa|realizacion de una audiencia/, startDays: 0, endDays: 0 },
  // Citizens' questions are answered within the plan's legal deadline after the hearing.
  { words: /respuestas a las inquietudes|respuestas a las preguntas/, startDays: 1, endDays: 'answer_deadline' },
  { words: /encuestas de percepcion/, startDays: 0, endDays: 30 },
  // Follow-up runs the whole campaign; evaluation and the report come after the hearing.
  { words: /seguimiento al cronograma/, startDays: -90, endDays: 60 },
  { words: /evaluacion y retroalimentacion/, startDays: 15, endDays: 45 },
  { words: /informe general/, startDays: 30, endDays: 60 },
  { words: /resultados del informe/, startDays: 60, endDays: 75 },
];

/** The usual offsets for an activity described so, or null when its wording matches no rule. */
export function suggestedOffsets(description: string, answerDeadlineDays: number): Offsets | null {
  const words = normalizeText(description);
  const rule = RULES.find((r) => r.words.test(words));
  if (!rule) return null;
  return { startDays: rule.startDays, endDays: rule.endDays === 'answer_deadline' ? Math.max(rule.startDays, answerDeadlineDays) : rule.endDays };
}
