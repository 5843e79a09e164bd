/**
 * How two citizens' questions are found to be the same one (CitizenQuestion.normalized).
 *
 * - `normalizeText` (src/lib/text.ts): «¿Cuándo arreglan la vía al Pórtico?» and «cuando arreglan
 *   la via al portico» normalize to the same text.
 * - `similarity`: Jaccard index of the two questions' sets of content words (the normalized
 *   words minus Spanish stop words and courtesies such as «buenas tardes», «gracias», «por
 *   favor»): |A ∩ B| / |A ∪ B|, from 0 (no word in common) to 1 (the same words). When a
 *   question has no content word at all, only an identical normalized text counts.
 * - A new question is a duplicate of an earlier one of the same plan when their normalized
 *   texts are equal or their similarity is at least `DUPLICATE_THRESHOLD` (0.9): the same
 *   words with at most one added in ten. Conservative on purpose: two different questions
 *   about the same road must stay two questions; staff mark the rest by hand and can undo any.
 */

export const DUPLICATE_THRESHOLD = 0.9;

/** Words that carry no subject: articles, prepositions, pronouns, common verbs, greetings and courtesies. */
const STOP_WORDS = new Set(
  `a al algo algun alguna algunas alguno algunos ante antes aqui asi aun bien cada como con contra cual cuales de del desde donde dos e el ella ellas ello ellos en entre era eran es esa esas ese eso esos esta estan estas este esto estos fue fueron ha han hay la las le les lo los mas me mi mis mucho muchos muy nada nos nosotros o os otra otras otro otros para pero poco por porque pues que se sea ser si sido sino sobre son su sus tambien tan tanto te ti tiene tienen todo todos tu tus u un una unas uno unos usted ustedes vosotros y ya yo
   hola buenas buenos dias tardes noches saludo saludos cordial gracias muchas favor agradezco agradeceria quisiera quiero queria saber pregunta preguntar preguntarle senor senora senores alcalde alcaldesa doctor doctora`
    .split(/\s+/)
    .filter(Boolean),
);

/** The content words of a normalized text: what the similarity compares. */
export function contentWords(normalized: string): Set<string> {
  return new Set(normalized.split(' ').filter((w) => w !== '' && !STOP_WORDS.has(w)));
}

/** Jaccard index of the content words of two normalized texts (see the top of this file). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const wa = contentWords(a);
  const wb = contentWords(b);
  if (wa.size === 0 || wb.size === 0) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared += 1;
  return shared / (wa.size + wb.size - shared);
}

/** Whether a new question (normalized) repeats an earlier one (normalized). */
export function isDuplicateText(newer: string, earlier: string): boolean {
  return newer === earlier || similarity(newer, earlier) >= DUPLICATE_THRESHOLD;
}

/** A text cut to `max` characters at a word boundary, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if ([...clean].length <= max) return clean;
  const cut = [...clean].slice(0, max - 1).join('');
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${(atWord.length >= max * 0.6 ? atWord : cut).replace(/[\s,;:.]+$/, '')}…`;
}
