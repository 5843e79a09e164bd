import type { DbOrTx } from '../db/client.js';
import { randomSecret, sha256 } from './crypto.js';

const PREFIX = 'pregon_';

/** A new token for a user; the clear value is returned once and never stored. */
export async function createApiToken(db: DbOrTx, o: { userId: string; name: string }) {
  const secret = randomSecret();
  const token = `${PREFIX}${secret}`;
  const row = await db.apiToken.create({
    data: { userId: o.userId, name: o.name, tokenHash: sha256(token), prefix: token.slice(0, PREFIX.length + 6) },
  });
  return { token, row };
}

export async function findApiToken(db: DbOrTx, token: string, now = new Date()) {
  if (!token.startsWith(PREFIX)) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: sha256(token) },
    include: { user: { include: { departments: { select: { departmentId: true } } } } },
  });
  if (!row || row.revokedAt || !row.user.active) return null;
  // Written at most once a minute per token, so a busy script does not write on every call.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return row;
}

export function toApiTokenView(t: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
