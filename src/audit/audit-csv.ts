import type { DbOrTx } from '../db/client.js';
import { toCsv } from '../lib/csv.js';
import { auditWhere, type AuditFilter } from './list-audit.js';

const MAX_ROWS = 100_000;

/** The filtered trail as CSV, oldest first, for the control bodies that ask for it. */
export async function auditCsv(db: DbOrTx, f: Omit<AuditFilter, 'limit' | 'offset'>): Promise<string> {
  const rows = await db.auditEntry.findMany({ where: auditWhere(f), orderBy: [{ at: 'asc' }, { id: 'asc' }], take: MAX_ROWS });
  return toCsv(
    ['fecha_utc', 'usuario', 'id_usuario', 'accion', 'entidad', 'id_entidad', 'antes', 'despues', 'direccion'],
    rows.map((e) => [e.at.toISOString(), e.actorLabel, e.actorId, e.action, e.entityType, e.entityId, e.before, e.after, e.ip]),
  );
}
