import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { Db } from '../db/client.js';
import { fromDateOnly } from '../lib/dates.js';
import type { ParsedPlan } from './import/parse-plan.js';

export type ImportPlanOptions = {
  db: Db;
  actor: Actor;
  parsed: ParsedPlan;
  sourceName?: string | null;
  /** Title to use when the table carries none. */
  fallbackTitle?: string;
};

/**
 * Creates the plan tree read by the importer in one transaction: either the whole plan
 * exists afterwards or nothing does. Departments are shared across plans and matched by
 * their normalized key, so importing next year's plan reuses this year's departments.
 */
export async function importPlan({ db, actor, parsed, sourceName = null, fallbackTitle = 'Plan de acción' }: ImportPlanOptions) {
  return db.$transaction(async (tx) => {
    const departmentIds = new Map<string, string>();
    for (const dep of parsed.departments) {
      const row = await tx.department.upsert({
        where: { key: dep.key },
        create: { key: dep.key, name: dep.name },
        update: {},
      });
      departmentIds.set(dep.name, row.id);
    }

    const plan = await tx.plan.create({
      data: { title: parsed.title ?? fallbackTitle, objective: parsed.objective, sourceName },
    });

    for (const [sIndex, sub] of parsed.subcomponents.entries()) {
      const subcomponent = await tx.subcomponent.create({
        data: { planId: plan.id, name: sub.name, position: sIndex + 1 },
      });
      for (const [aIndex, act] of sub.activities.entries()) {
        await tx.activity.create({
          data: {
            subcomponentId: subcomponent.id,
            position: aIndex + 1,
            description: act.description,
            goal: act.goal,
            indicator: act.indicator,
            allDepartments: act.allDepartments,
            plannedStart: fromDateOnly(act.plannedStart),
            plannedEnd: fromDateOnly(act.plannedEnd),
            sourceLine: act.line,
            departments: {
              create: act.departmentNames.map((name) => {
                const departmentId = departmentIds.get(name);
                if (!departmentId) throw new Error(`Dependencia sin registrar: ${name}`);
                return { departmentId };
              }),
            },
          },
        });
      }
    }
    const activities = parsed.subcomponents.reduce((n, s) => n + s.activities.length, 0);
    await writeAudit(tx, actor, {
      action: 'import',
      entityType: 'Plan',
      entityId: plan.id,
      after: { title: plan.title, sourceName, subcomponents: parsed.subcomponents.length, activities, warnings: parsed.warnings.length },
    });
    return { planId: plan.id };
  });
}
