import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { AppError } from '../../../src/errors.js';
import type { ParsedPlan } from '../../../src/plan/import/parse-plan.js';

export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/plans/${name}`, import.meta.url));
}

/** The plan as a compact tree: subcomponent name -> activity descriptions. */
export function outline(plan: ParsedPlan): [string, string[]][] {
  return plan.subcomponents.map((s) => [s.name, s.activities.map((a) => a.description)]);
}

export function activity(plan: ParsedPlan, startsWith: string) {
  const found = plan.subcomponents.flatMap((s) => s.activities).filter((a) => a.description.startsWith(startsWith));
  expect(found, `una sola actividad empieza por «${startsWith}»`).toHaveLength(1);
  return found[0]!;
}

/** Runs `action` and returns the AppError it throws (fails the test otherwise). */
export async function appError(action: () => unknown): Promise<AppError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('se esperaba un AppError y no se lanzó ninguno');
}
