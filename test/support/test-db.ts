import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/client.js';

/** A fresh, migrated SQLite file in its own temporary folder. */
export function createTestDatabase(): { file: string; dir: string } {
  const template = process.env.PREGON_TEST_TEMPLATE_DB;
  if (!template) throw new Error('Falta PREGON_TEST_TEMPLATE_DB: ¿corre la prueba sin vitest.config.ts?');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pregon-db-'));
  const file = path.join(dir, 'test.db');
  fs.copyFileSync(template, file);
  return { file, dir };
}

export type TestContext = { db: Db; config: Config; app: ReturnType<typeof createApp>; file: string; close: () => Promise<void> };

/** A real database file, a real Prisma client and the real Hono app over them. */
export function createTestContext(env: Record<string, string> = {}): TestContext {
  const { file, dir } = createTestDatabase();
  const config = loadConfig({ DATABASE_URL: `file:${file}`, PREGON_LOAD_SEED: 'false', ...env });
  const db = createDb(file);
  const app = createApp({ db, config });
  return {
    db,
    config,
    app,
    file,
    close: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const seedPlanPath = path.resolve(import.meta.dirname, '../fixtures/plans/rendicion-de-cuentas-seed.txt');

/** Loads the seed plan through the real importer; returns the plan's id. */
export async function importSeedPlan(db: Db): Promise<string> {
  const { parsePlanFile } = await import('../../src/plan/import/parse-plan.js');
  const { importPlan } = await import('../../src/plan/import-plan.js');
  const parsed = await parsePlanFile({ bytes: fs.readFileSync(seedPlanPath), filename: 'seed.txt' });
  return (await importPlan({ db, parsed })).planId;
}

export function jsonRequest(method: string, body?: unknown): RequestInit {
  return { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } };
}
