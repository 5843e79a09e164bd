import type { DbOrTx } from '../db/client.js';

/** Every department by name, with how many activities it answers for. */
export async function listDepartments(db: DbOrTx) {
  const rows = await db.department.findMany({ orderBy: { name: 'asc' }, include: { _count: { select: { activities: true } } } });
  return rows.map((d) => ({ id: d.id, name: d.name, key: d.key, activityCount: d._count.activities }));
}
