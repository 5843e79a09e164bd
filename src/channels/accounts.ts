import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { SecretBox } from '../auth/secret-box.js';
import type { Db } from '../db/client.js';
import { notFound } from '../errors.js';
import type { ChannelAccount, Network } from '../generated/prisma/client.js';

/** What the API and pages show of an account: never a token, only whether one is stored. */
export function toAccountView(a: ChannelAccount) {
  return {
    id: a.id,
    network: a.network,
    label: a.label,
    remoteAccountId: a.remoteAccountId,
    status: a.status,
    statusReason: a.statusReason,
    sandbox: a.sandbox,
    hasAccessToken: a.accessTokenEncrypted !== null,
    hasRefreshToken: a.refreshTokenEncrypted !== null,
    tokenExpiresAt: a.tokenExpiresAt?.toISOString() ?? null,
    scope: a.scope,
    pausedUntil: a.pausedUntil?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export type AccountView = ReturnType<typeof toAccountView>;

export type TokenInput = {
  network: Network;
  label: string;
  accessToken: string;
  refreshToken?: string | null;
  expiresAt?: string | null;
  remoteAccountId?: string | null;
  scope?: string | null;
  /** Accounts on the local sandbox servers, labelled "Sandbox" everywhere. */
  sandbox?: boolean;
};

/**
 * Connects an account by pasted tokens (the admin's way in when OAuth in the browser is not
 * possible). Tokens are encrypted before they reach the database. Reconnecting an account
 * (same network and label) replaces its access token but keeps the stored refresh token
 * unless a new one is given: a network that did not rotate it still expects the old one.
 */
export async function connectAccountWithTokens({ db, box, actor, input, now = new Date() }: { db: Db; box: SecretBox; actor: Actor; input: TokenInput; now?: Date }) {
  return db.$transaction(async (tx) => {
    const existing = await tx.channelAccount.findFirst({ where: { network: input.network, label: input.label } });
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    const data = {
      accessTokenEncrypted: box.encrypt(input.accessToken),
      ...(input.refreshToken ? { refreshTokenEncrypted: box.encrypt(input.refreshToken) } : {}),
      tokenExpiresAt: expiresAt,
      remoteAccountId: input.remoteAccountId ?? existing?.remoteAccountId ?? null,
      scope: input.scope ?? existing?.scope ?? null,
      sandbox: input.sandbox ?? existing?.sandbox ?? false,
      status: expiresAt && expiresAt <= now && !(input.refreshToken || existing?.refreshTokenEncrypted) ? ('reconnect_needed' as const) : ('active' as const),
      statusReason: null,
    };
    const account = existing
      ? await tx.channelAccount.update({ where: { id: existing.id }, data })
      : await tx.channelAccount.create({ data: { network: input.network, label: input.label, ...data } });
    await writeAudit(tx, actor, {
      action: existing ? 'reconnect' : 'connect',
      entityType: 'ChannelAccount',
      entityId: account.id,
      before: existing ? toAccountView(existing) : undefined,
      after: toAccountView(account),
    });
    return toAccountView(account);
  });
}

export async function listAccounts(db: Db) {
  return (await db.channelAccount.findMany({ orderBy: [{ network: 'asc' }, { label: 'asc' }] })).map(toAccountView);
}

/** Stops using an account; its publications and history stay. */
export async function disableAccount({ db, actor, id }: { db: Db; actor: Actor; id: string }) {
  return db.$transaction(async (tx) => {
    const before = await tx.channelAccount.findUnique({ where: { id } });
    if (!before) throw notFound('la cuenta', id);
    const after = await tx.channelAccount.update({ where: { id }, data: { status: 'disabled', accessTokenEncrypted: null, refreshTokenEncrypted: null } });
    await writeAudit(tx, actor, { action: 'disable', entityType: 'ChannelAccount', entityId: id, before: toAccountView(before), after: toAccountView(after) });
    return toAccountView(after);
  });
}

/** Outside sandbox mode the sandbox servers are not running: their accounts wait, paused, until it is on again. */
export async function pauseSandboxAccounts(db: Db) {
  await db.channelAccount.updateMany({ where: { sandbox: true, status: 'active' }, data: { status: 'paused', statusReason: 'El modo sandbox está apagado (PREGON_SANDBOX).' } });
}
