import { writeAudit, type Actor } from '../audit/write-audit.js';
import type { Db, DbOrTx } from '../db/client.js';
import { queueEvents } from './queue.js';

const PAUSED = 'publishing_paused';

/** The emergency stop: while on, no process publishes anything (other background work goes on). */
export async function isPublishingPaused(db: DbOrTx): Promise<boolean> {
  return (await db.setting.findUnique({ where: { key: PAUSED } }))?.value === 'true';
}

export async function setPublishingPaused({ db, actor, paused, reason }: { db: Db; actor: Actor; paused: boolean; reason?: string }) {
  await db.$transaction(async (tx) => {
    const before = await isPublishingPaused(tx);
    await tx.setting.upsert({ where: { key: PAUSED }, create: { key: PAUSED, value: String(paused) }, update: { value: String(paused) } });
    await writeAudit(tx, actor, { action: paused ? 'pause_publishing' : 'resume_publishing', entityType: 'Setting', entityId: PAUSED, before: { paused: before }, after: { paused, reason: reason ?? null } });
  });
  queueEvents.emit('changed');
}
