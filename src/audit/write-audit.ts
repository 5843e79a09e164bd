import type { DbOrTx } from '../db/client.js';

/** Who did something: a person (or a script with their token), or the system itself. */
export type Actor = { userId: string | null; label: string; ip: string | null };

export const systemActor: Actor = { userId: null, label: 'sistema', ip: null };

export type AuditInput = {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
};

/**
 * Appends one entry to the audit trail. Call it with the transaction client of the change
 * it records, so that the change and its entry are written together or not at all.
 * Nothing ever updates or deletes an entry.
 */
export async function writeAudit(db: DbOrTx, actor: Actor, input: AuditInput): Promise<void> {
  await db.auditEntry.create({
    data: {
      actorId: actor.userId,
      actorLabel: actor.label,
      ip: actor.ip,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId ?? null,
      before: input.before === undefined ? null : JSON.stringify(input.before),
      after: input.after === undefined ? null : JSON.stringify(input.after),
    },
  });
}
