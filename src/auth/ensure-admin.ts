import type { Db } from '../db/client.js';
import { systemActor, writeAudit } from '../audit/write-audit.js';
import { generatePassword, hashPassword } from './crypto.js';

/**
 * On an empty user table, creates the first administrator: from PREGON_ADMIN_EMAIL and
 * PREGON_ADMIN_PASSWORD when both are set, otherwise admin@pregon.local with a random
 * password that is returned (to be printed once) and stored only as its hash.
 */
export async function ensureAdmin(db: Db, admin: { email: string; password: string } | null) {
  if ((await db.user.count()) > 0) return null;
  const email = (admin?.email ?? 'admin@pregon.local').toLowerCase();
  const password = admin?.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    const created = await tx.user.create({ data: { email, name: 'Administrador', role: 'admin', passwordHash } });
    await writeAudit(tx, systemActor, { action: 'create', entityType: 'User', entityId: created.id, after: { email, role: 'admin' } });
    return created;
  });
  return { user, generatedPassword: admin ? null : password };
}
