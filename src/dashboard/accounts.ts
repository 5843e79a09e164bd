import type { AuthUser } from '../auth/authenticate.js';
import { can } from '../auth/permissions.js';
import type { DbOrTx } from '../db/client.js';
import type { AccountStatus, Network, Prisma } from '../generated/prisma/client.js';

export type AccountAlert = {
  id: string;
  network: Network;
  label: string;
  status: AccountStatus;
  sandbox: boolean;
  /** True when it must be reconnected; false when it is only paused for a while. */
  needsReconnect: boolean;
  reason: string | null;
  pausedUntil: Date | null;
  /** When its status last changed. */
  at: Date;
};

/** Only those who connect accounts or publish need to know. */
export function seesAccounts(user: AuthUser): boolean {
  return can(user.role, 'channels:manage') || can(user.role, 'piece:publish');
}

export function reconnectWhere(): Prisma.ChannelAccountWhereInput {
  return { status: 'reconnect_needed' };
}

/**
 * Accounts that need reconnecting, and those paused (rate limit) until a time still to
 * come. Null for people who may not manage channels nor publish: the panel is not theirs.
 */
export async function listAccountAlerts(db: DbOrTx, user: AuthUser, now: Date, _timeZone?: string): Promise<AccountAlert[] | null> {
  if (!seesAccounts(user)) return null;
  const rows = await db.channelAccount.findMany({
    where: { OR: [reconnectWhere(), { status: { in: ['active', 'paused'] }, pausedUntil: { gt: now } }] },
    orderBy: [{ network: 'asc' }, { label: 'asc' }],
  });
  return rows
    .map((a) => ({
      id: a.id,
      network: a.network,
      label: a.label,
      status: a.status,
      sandbox: a.sandbox,
      needsReconnect: a.status === 'reconnect_needed',
      reason: a.statusReason,
      pausedUntil: a.pausedUntil,
      at: a.updatedAt,
    }))
    .sort((a, b) => Number(b.needsReconnect) - Number(a.needsReconnect));
}

/** Accounts that must be reconnected (a pause ends by itself, so it does not count as waiting). */
export function countAccountsToReconnect(db: DbOrTx, user: AuthUser): Promise<number> {
  return seesAccounts(user) ? db.channelAccount.count({ where: reconnectWhere() }) : Promise.resolve(0);
}
