import { z } from '@hono/zod-openapi';
import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { Db } from '../db/client.js';
import { AppError, notFound } from '../errors.js';

/**
 * The office's evaluation of the process, per subcomponent of the plan: strengths, weaknesses
 * and opportunities for improvement (Evaluation rows, one per plan × subcomponent). It is part
 * of the public report, so what is written here is published with it.
 */

export const evaluationFields = ['strengths', 'weaknesses', 'improvements'] as const;
export type EvaluationField = (typeof evaluationFields)[number];

export const evaluationFieldLabels: Record<EvaluationField, string> = {
  strengths: 'Fortalezas',
  weaknesses: 'Debilidades',
  improvements: 'Oportunidades de mejora',
};

export const EVALUATION_MAX_LENGTH = 4000;

/** Trimmed, with Windows line ends made plain. */
const text = (field: EvaluationField) =>
  z
    .string({ error: `${evaluationFieldLabels[field]}: escriba un texto.` })
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .refine((s) => s.length <= EVALUATION_MAX_LENGTH, `${evaluationFieldLabels[field]}: el texto tiene más de ${EVALUATION_MAX_LENGTH.toLocaleString('es-CO')} caracteres.`);

/** One subcomponent's evaluation; a field left out keeps what was saved. */
export const EvaluationInputSchema = z
  .object({ strengths: text('strengths').optional(), weaknesses: text('weaknesses').optional(), improvements: text('improvements').optional() })
  .strict()
  .openapi('EvaluationInput');
export type EvaluationInput = z.input<typeof EvaluationInputSchema>;

export type EvaluationEntry = EvaluationInput & { subcomponentId: string };
export type FieldError = { field: string; message: string };

export type EvaluationView = {
  subcomponentId: string;
  subcomponent: string;
  position: number;
  strengths: string;
  weaknesses: string;
  improvements: string;
  updatedAt: string | null;
};

async function planSubcomponents(db: Db, planId: string) {
  const plan = await db.plan.findUnique({ where: { id: planId }, select: { id: true, subcomponents: { orderBy: { position: 'asc' }, select: { id: true, name: true, position: true } } } });
  if (!plan) throw notFound('el plan', planId);
  return plan.subcomponents;
}

/** Every subcomponent of the plan with its evaluation (empty texts when none was written). */
export async function listEvaluations(db: Db, planId: string): Promise<EvaluationView[]> {
  const subcomponents = await planSubcomponents(db, planId);
  const rows = await db.evaluation.findMany({ where: { planId } });
  return subcomponents.map((s) => {
    const e = rows.find((r) => r.subcomponentId === s.id);
    return {
      subcomponentId: s.id,
      subcomponent: s.name,
      position: s.position,
      strengths: e?.strengths ?? '',
      weaknesses: e?.weaknesses ?? '',
      improvements: e?.improvements ?? '',
      updatedAt: e?.updatedAt.toISOString() ?? null,
    };
  });
}

/**
 * Saves the evaluation of some subcomponents in one transaction: every entry is checked first
 * (a 422 with each field's problem, `details.errors[].field` = `<field>.<subcomponentId>`, and
 * nothing saved), then each changed one is upserted with its audit entry. Unchanged entries
 * write nothing. Returns how many changed.
 */
export async function saveEvaluations({ db, actor, planId, entries }: { db: Db; actor: Actor; planId: string; entries: EvaluationEntry[] }): Promise<{ changed: number }> {
  const subcomponents = await planSubcomponents(db, planId);
  const errors: FieldError[] = [];
  const parsed: { subcomponentId: string; values: Partial<Record<EvaluationField, string>> }[] = [];
  for (const { subcomponentId, ...input } of entries) {
    const sub = subcomponents.find((s) => s.id === subcomponentId);
    if (!sub) {
      errors.push({ field: `subcomponentId.${subcomponentId}`, message: `El subcomponente ${subcomponentId} no es de este plan.` });
      continue;
    }
    const result = EvaluationInputSchema.safeParse(input);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.map(String).join('.');
        const message = issue.code === 'unrecognized_keys' ? `No se reconoce el campo ${issue.keys.map((k) => `«${k}»`).join(', ')}.` : issue.message;
        errors.push({ field: `${field}.${subcomponentId}`, message: `${sub.name} · ${message}` });
      }
      continue;
    }
    parsed.push({ subcomponentId, values: result.data });
  }
  if (errors.length > 0) {
    const message = errors.length === 1 ? errors[0]!.message : `Revise la evaluación: ${errors.map((e) => e.message).join(' ')}`;
    throw new AppError('unprocessable', message, { details: { field: errors[0]!.field, errors } });
  }

  return db.$transaction(async (tx) => {
    let changed = 0;
    for (const { subcomponentId, values } of parsed) {
      const current = await tx.evaluation.findUnique({ where: { planId_subcomponentId: { planId, subcomponentId } } });
      const before = { strengths: current?.strengths ?? '', weaknesses: current?.weaknesses ?? '', improvements: current?.improvements ?? '' };
      const after = { ...before, ...values };
      if (evaluationFields.every((f) => after[f] === before[f])) continue;
      const row = await tx.evaluation.upsert({
        where: { planId_subcomponentId: { planId, subcomponentId } },
        create: { planId, subcomponentId, ...after, updatedById: actor.userId },
        update: { ...after, updatedById: actor.userId },
      });
      await writeAudit(tx, actor, {
        action: current ? 'update' : 'create',
        entityType: 'Evaluation',
        entityId: row.id,
        before: current ? { planId, subcomponentId, ...before } : undefined,
        after: { planId, subcomponentId, ...after },
      });
      changed += 1;
    }
    return { changed };
  });
}
