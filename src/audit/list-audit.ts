import type { DbOrTx } from '../db/client.js';
import type { Prisma } from '../generated/prisma/client.js';

export type AuditFilter = {
  actorId?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
};

export function auditWhere(f: Omit<AuditFilter, 'limit' | 'offset'>): Prisma.AuditEntryWhereInput {
  return {
    actorId: f.actorId,
    entityType: f.entityType,
    entityId: f.entityId,
    action: f.action,
    at: f.from || f.to ? { gte: f.from ? new Date(f.from) : undefined, lt: f.to ? new Date(f.to) : undefined } : undefined,
  };
}

export function toAuditView(e: { id: string; at: Date; actorId: string | null; actorLabel: string | null; action: string; entityType: string; entityId: string | null; before: string | null; after: string | null; ip: string | null }) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: e.before === null ? null : (JSON.parse(e.before) as unknown),
    after: e.after === null ? null : (JSON.parse(e.after) as unknown),
    ip: e.ip,
  };
}

/** Newest first. */
export async function listAudit(db: DbOrTx, f: AuditFilter) {
  const where = auditWhere(f);
  const [total, rows] = await Promise.all([
    db.auditEntry.count({ where }),
    db.auditEntry.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: f.limit, skip: f.offset }),
  ]);
  return { total, items: rows.map(toAuditView) };
}
