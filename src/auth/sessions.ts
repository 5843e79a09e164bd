import type { DbOrTx } from '../db/client.js';
import { randomSecret, sha256 } from './crypto.js';

export const SESSION_COOKIE = 'pregon_session';

/**
 * Creates a session and returns the cookie value. Only its SHA-256 is stored, with a CSRF
 * token that forms and scripts must send back on every change.
 */
export async function createSession(db: DbOrTx, o: { userId: string; ttlMs: number; ip: string | null; userAgent: string | null; now?: Date }) {
  const token = randomSecret();
  const now = o.now ?? new Date();
  const session = await db.session.create({
    data: {
      id: sha256(token),
      userId: o.userId,
      csrfToken: randomSecret(24),
      expiresAt: new Date(now.getTime() + o.ttlMs),
      ip: o.ip,
      userAgent: o.userAgent?.slice(0, 300) ?? null,
      createdAt: now,
      lastSeenAt: now,
    },
  });
  return { token, session };
}

/**
 * The live session behind a cookie value, or null when it is unknown, revoked, expired, or
 * its user was deactivated. Sessions slide: one used past half its life is extended.
 */
export async function findSession(db: DbOrTx, token: string, ttlMs: number, now = new Date()) {
  const session = await db.session.findUnique({
    where: { id: sha256(token) },
    include: { user: { include: { departments: { select: { departmentId: true } } } } },
  });
  if (!session || session.revokedAt || session.expiresAt <= now || !session.user.active) return null;
  if (session.expiresAt.getTime() - now.getTime() < ttlMs / 2) {
    await db.session.update({ where: { id: session.id }, data: { expiresAt: new Date(now.getTime() + ttlMs), lastSeenAt: now } });
  }
  return session;
}

export async function revokeSessions(db: DbOrTx, where: { id?: string; userId?: string; exceptId?: string }, now = new Date()) {
  await db.session.updateMany({
    where: { id: where.exceptId ? { not: where.exceptId } : where.id, userId: where.userId, revokedAt: null },
    data: { revokedAt: now },
  });
}
