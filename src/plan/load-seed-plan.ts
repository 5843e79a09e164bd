import fs from 'node:fs/promises';
import path from 'node:path';
import { systemActor } from '../audit/write-audit.js';
import type { Db } from '../db/client.js';
import { parsePlanFile } from './import/parse-plan.js';
import { importPlan } from './import-plan.js';

/** Loads the seed plan into an empty database, once. Returns the new plan's id, or null. */
export async function loadSeedPlan({ db, file }: { db: Db; file: string }): Promise<string | null> {
  if ((await db.plan.count()) > 0) return null;
  const bytes = await fs.readFile(file);
  const parsed = await parsePlanFile({ bytes, filename: path.basename(file) });
  const { planId } = await importPlan({ db, actor: systemActor, parsed, sourceName: path.basename(file) });
  return planId;
}
