import type { DbOrTx } from '../db/client.js';

export const WEBSITE_ACCOUNT_LABEL = 'Sitio web municipal';

/**
 * The website publishes without credentials, but its publications are recorded like any
 * other network's, so it has one built-in account, made the first time it is needed.
 */
export async function ensureWebsiteAccount(db: DbOrTx) {
  const found = await db.channelAccount.findFirst({ where: { network: 'website' }, orderBy: { createdAt: 'asc' } });
  return found ?? db.channelAccount.create({ data: { network: 'website', label: WEBSITE_ACCOUNT_LABEL } });
}
