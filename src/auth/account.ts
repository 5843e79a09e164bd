import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { Db } from '../db/client.js';
import { notFound } from '../errors.js';
import { createApiToken, toApiTokenView } from './api-tokens.js';
import type { Auth } from './authenticate.js';
import { revokeSessions } from './sessions.js';

/** Services shared by the API and the pages for one's own session and tokens. */

export async function logout({ db, actor, auth }: { db: Db; actor: Actor; auth: Auth }) {
  if (auth.via !== 'session') return;
  await db.$transaction(async (tx) => {
    await revokeSessions(tx, { id: auth.sessionId });
    await writeAudit(tx, actor, { action: 'logout', entityType: 'User', entityId: auth.user.id });
  });
}

export async function issueApiToken({ db, actor, userId, name }: { db: Db; actor: Actor; userId: string; name: string }) {
  return db.$transaction(async (tx) => {
    const made = await createApiToken(tx, { userId, name });
    await writeAudit(tx, actor, { action: 'create', entityType: 'ApiToken', entityId: made.row.id, after: toApiTokenView(made.row) });
    return { ...toApiTokenView(made.row), token: made.token };
  });
}

/** Revokes one of the user's own tokens (an admin may revoke anybody's). */
export async function revokeApiToken({ db, actor, auth, id }: { db: Db; actor: Actor; auth: Auth; id: string }) {
  await db.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id } });
    if (!row || (row.userId !== auth.user.id && auth.user.role !== 'admin')) throw notFound('el token', id);
    if (row.revokedAt) return;
    const after = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await writeAudit(tx, actor, { action: 'revoke', entityType: 'ApiToken', entityId: id, before: toApiTokenView(row), after: toApiTokenView(after) });
  });
}
