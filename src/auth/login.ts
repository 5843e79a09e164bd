import type { Db } from '../db/client.js';
import { writeAudit } from '../audit/write-audit.js';
import { AppError } from '../errors.js';
import { hashPassword, verifyPassword } from './crypto.js';
import { createSession } from './sessions.js';

export const loginLimits = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 20 } as const;

// Verified against when the email is unknown, so both answers take the same time.
let dummyHash: Promise<string> | null = null;

/**
 * Checks a password and opens a session. Failures are written to the audit trail, and the
 * same entries are what the rate limit counts, so the limit holds across restarts and
 * across several Pregón processes on one database.
 */
export async function login(o: { db: Db; email: string; password: string; ip: string | null; userAgent: string | null; ttlMs: number; now?: Date }) {
  const { db } = o;
  const now = o.now ?? new Date();
  const email = o.email.trim().toLowerCase();
  await assertNotLimited(db, email, o.ip, now);

  const user = await db.user.findUnique({ where: { email } });
  let ok = false;
  if (user) ok = await verifyPassword(user.passwordHash, o.password);
  else await verifyPassword(await (dummyHash ??= hashPassword('timing')), o.password);
  if (!user || !ok || !user.active) {
    await writeAudit(db, { userId: null, label: email, ip: o.ip }, { action: 'login_failed', entityType: 'User', entityId: email });
    throw new AppError('unauthenticated', 'Correo o contraseña incorrectos, o la cuenta está desactivada.');
  }
  return db.$transaction(async (tx) => {
    const created = await createSession(tx, { userId: user.id, ttlMs: o.ttlMs, ip: o.ip, userAgent: o.userAgent, now });
    await writeAudit(tx, { userId: user.id, label: user.email, ip: o.ip }, { action: 'login', entityType: 'User', entityId: user.id });
    return { ...created, user };
  });
}

async function assertNotLimited(db: Db, email: string, ip: string | null, now: Date) {
  const since = new Date(now.getTime() - loginLimits.windowMs);
  const byAccount = await db.auditEntry.count({ where: { action: 'login_failed', entityType: 'User', entityId: email, at: { gte: since } } });
  const byAddress = ip ? await db.auditEntry.count({ where: { action: 'login_failed', ip, at: { gte: since } } }) : 0;
  if (byAccount >= loginLimits.perAccount || byAddress >= loginLimits.perAddress) {
    throw new AppError('rate_limited', 'Demasiados intentos fallidos de inicio de sesión. Espere 15 minutos e inténtelo de nuevo.', {
      details: { retryAfterSeconds: loginLimits.windowMs / 1000 },
    });
  }
}
