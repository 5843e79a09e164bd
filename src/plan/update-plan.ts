import { writeAudit, type Actor } from '../audit/write-audit.js';
import { isValidTimeZone } from '../config.js';
import type { Db } from '../db/client.js';
import { AppError, notFound } from '../errors.js';
import { toPlanSummary } from './plan-tree.js';

export type PlanChanges = {
  title?: string;
  objective?: string | null;
  year?: number | null;
  timeZone?: string;
  requireDepartmentApproval?: boolean;
  missedGraceMinutes?: number;
};

export async function updatePlan({ db, actor, id, changes }: { db: Db; actor: Actor; id: string; changes: PlanChanges }) {
  if (changes.timeZone !== undefined && !isValidTimeZone(changes.timeZone)) {
    throw new AppError('validation_failed', `«${changes.timeZone}» no es una zona horaria válida (por ejemplo, America/Bogota).`);
  }
  return db.$transaction(async (tx) => {
    const before = await tx.plan.findUnique({ where: { id } });
    if (!before) throw notFound('el plan', id);
    const after = await tx.plan.update({ where: { id }, data: changes });
    await writeAudit(tx, actor, { action: 'update', entityType: 'Plan', entityId: id, before: toPlanSummary(before), after: toPlanSummary(after) });
    return toPlanSummary(after);
  });
}
