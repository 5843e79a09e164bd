import { systemActor, writeAudit } from '../audit/write-audit.js';
import type { SecretBox } from '../auth/secret-box.js';
import type { Db } from '../db/client.js';
import type { ChannelAccount } from '../generated/prisma/client.js';
import { ChannelError, type AccountContext, type Channel, type ChannelSettings, type Credentials } from './channel.js';
import { toAccountView } from './accounts.js';

/** Tokens are refreshed when they have less than this left, so no call goes out with a dying one. */
export const REFRESH_MARGIN_MS = 10 * 60_000;

export function credentialsOf(account: ChannelAccount, box: SecretBox): Credentials {
  return {
    accessToken: account.accessTokenEncrypted ? box.decrypt(account.accessTokenEncrypted) : '',
    refreshToken: account.refreshTokenEncrypted ? box.decrypt(account.refreshTokenEncrypted) : null,
    expiresAt: account.tokenExpiresAt,
    remoteAccountId: account.remoteAccountId,
  };
}

// One refresh at a time per account in this process: X rotates refresh tokens, so two
// concurrent refreshes would have the second one fail with a token the first just spent.
const inFlight = new Map<string, Promise<Credentials>>();

type RefreshDeps = { db: Db; box: SecretBox; settings: ChannelSettings; channel: Channel; now?: Date };

/**
 * The account's credentials, refreshed first if they expire within the margin (or `force`,
 * after a 401). A refresh the network refuses marks the account "reconnect needed" and throws
 * `ChannelError('auth')`; a network that is down throws its error and changes nothing.
 */
export async function freshCredentials(deps: RefreshDeps & { accountId: string; force?: boolean; known?: ChannelAccount }): Promise<AccountContext> {
  // `known`: the account row the caller just read (the scheduler's hot path), else read it now.
  const account = !deps.force && deps.known?.id === deps.accountId ? deps.known : await deps.db.channelAccount.findUniqueOrThrow({ where: { id: deps.accountId } });
  const ctx = (credentials: Credentials, a: ChannelAccount): AccountContext => ({
    settings: deps.settings,
    credentials,
    account: { id: a.id, label: a.label, remoteAccountId: a.remoteAccountId, sandbox: a.sandbox },
  });
  if (!deps.channel.needsAccount) return ctx(credentialsOf(account, deps.box), account);
  if (account.status === 'reconnect_needed' || account.status === 'disabled' || !account.accessTokenEncrypted) {
    throw new ChannelError('auth', `La cuenta «${account.label}» necesita reconectarse antes de publicar.`);
  }
  const now = deps.now ?? new Date();
  const expiring = account.tokenExpiresAt !== null && account.tokenExpiresAt.getTime() - now.getTime() < REFRESH_MARGIN_MS;
  if (!deps.force && !expiring) return ctx(credentialsOf(account, deps.box), account);

  let pending = inFlight.get(account.id);
  if (!pending) {
    pending = refreshAccount(deps, account).finally(() => inFlight.delete(account.id));
    inFlight.set(account.id, pending);
  }
  const credentials = await pending;
  return ctx(credentials, await deps.db.channelAccount.findUniqueOrThrow({ where: { id: account.id } }));
}

async function refreshAccount({ db, box, settings, channel }: RefreshDeps, account: ChannelAccount): Promise<Credentials> {
  const current = credentialsOf(account, box);
  if (!current.refreshToken) {
    await markReconnectNeeded(db, account, 'La cuenta no tiene token de actualización y su token venció.');
    throw new ChannelError('auth', `El token de la cuenta «${account.label}» venció y no se puede renovar: reconéctela.`);
  }
  try {
    const tokens = await channel.refresh(settings, current);
    const updated = await db.channelAccount.update({
      where: { id: account.id },
      data: {
        accessTokenEncrypted: box.encrypt(tokens.accessToken),
        // A network that does not send a new refresh token still expects the old one.
        ...(tokens.refreshToken ? { refreshTokenEncrypted: box.encrypt(tokens.refreshToken) } : {}),
        tokenExpiresAt: tokens.expiresAt,
        ...(tokens.scope ? { scope: tokens.scope } : {}),
        status: account.status === 'paused' ? 'paused' : 'active',
        statusReason: null,
      },
    });
    return credentialsOf(updated, box);
  } catch (error) {
    if (error instanceof ChannelError && error.kind === 'auth') {
      // Another process may have refreshed (and rotated) the token meanwhile: then it is fine.
      const now = await db.channelAccount.findUniqueOrThrow({ where: { id: account.id } });
      if (now.refreshTokenEncrypted !== account.refreshTokenEncrypted && now.status === 'active') return credentialsOf(now, box);
      await markReconnectNeeded(db, account, error.message);
    }
    throw error;
  }
}

/** The account stops publishing until someone reconnects it; its publications wait, none is lost. */
export async function markReconnectNeeded(db: Db, account: ChannelAccount, reason: string) {
  await db.$transaction(async (tx) => {
    const after = await tx.channelAccount.update({ where: { id: account.id }, data: { status: 'reconnect_needed', statusReason: reason } });
    await writeAudit(tx, systemActor, { action: 'reconnect_needed', entityType: 'ChannelAccount', entityId: account.id, before: toAccountView(account), after: toAccountView(after) });
  });
}

/**
 * Refreshes every active account whose token expires within the margin. Run periodically
 * (main.ts; the scheduler issue turns it into a recurring job). Returns what happened per account.
 */
export async function refreshExpiringAccounts(deps: { db: Db; box: SecretBox; settings: ChannelSettings; channelFor: (network: ChannelAccount['network']) => Channel; now?: Date }) {
  const now = deps.now ?? new Date();
  const due = await deps.db.channelAccount.findMany({
    where: { status: { in: ['active', 'paused'] }, refreshTokenEncrypted: { not: null }, tokenExpiresAt: { lt: new Date(now.getTime() + REFRESH_MARGIN_MS) } },
  });
  const results: { accountId: string; ok: boolean; error?: string }[] = [];
  for (const account of due) {
    try {
      await freshCredentials({ ...deps, channel: deps.channelFor(account.network), accountId: account.id, now });
      results.push({ accountId: account.id, ok: true });
    } catch (error) {
      results.push({ accountId: account.id, ok: false, error: (error as Error).message });
    }
  }
  return results;
}
