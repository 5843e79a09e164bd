import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlanFile } from '../../src/plan/import/parse-plan.js';
import { suggestedOffsets } from '../../src/plan/suggested-offsets.js';
import { seedPlanPath } from '../support/test-db.js';

// The usual days around the hearing proposed for each activity, read from the seed plan's own
// wording: every activity gets days, in the order an accountability campaign must follow.

const parsed = await parsePlanFile({ bytes: fs.readFileSync(seedPlanPath), filename: 'seed.txt' });
const activities = parsed.subcomponents.flatMap((s) => s.activities.map((a) => a.description));
const daysOf = (words: RegExp, deadline = 15) => {
  const description = activities.find((d) => words.test(d));
  expect(description, String(words)).toBeDefined();
  return suggestedOffsets(description!, deadline)!;
};

describe('suggested days around the hearing', () => {
  it('proposes days for each of the 19 activities of the seed plan, never ending before starting', () => {
    expect(activities).toHaveLength(19);
    for (const description of activities) {
      const offsets = suggestedOffsets(description, 15);
      expect(offsets, description).not.toBeNull();
      expect(offsets!.endDays!, description).toBeGreaterThanOrEqual(offsets!.startDays!);
    }
  });

  it('follows the campaign\'s order: report 30 days ahead, survey closed before the hearing, answers and evaluation after it', () => {
    expect(daysOf(/informe de gestión/).endDays).toBeLessThanOrEqual(-30);
    expect(daysOf(/encuesta sobre los temas/).endDays).toBeLessThan(0);
    expect(daysOf(/audiencia/)).toEqual({ startDays: 0, endDays: 0 });
    expect(daysOf(/respuestas a las inquietudes/).startDays).toBeGreaterThan(0);
    expect(daysOf(/evaluación y retroalimentación/).startDays).toBeGreaterThan(0);
    // The results are published once the general report is written, not at the same time.
    expect(daysOf(/resultados del informe/).startDays).toBeGreaterThanOrEqual(daysOf(/informe general/).endDays!);
    // Characterising the publics comes before designing the pieces for them.
    expect(daysOf(/grupos de interés/).endDays).toBeLessThanOrEqual(daysOf(/piezas comunicativas/).startDays!);
  });

  it('gives the answers the plan\'s own legal deadline', () => {
    expect(daysOf(/respuestas a las inquietudes/, 15).endDays).toBe(15);
    expect(daysOf(/respuestas a las inquietudes/, 10).endDays).toBe(10);
  });

  it('proposes nothing for wording it does not know', () => {
    expect(suggestedOffsets('Pintar la fachada de la alcaldía', 15)).toBeNull();
    expect(suggestedOffsets('', 15)).toBeNull();
  });
});
